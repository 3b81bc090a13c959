// The interactive window: GLFW, the letterboxed scene blitted from the offscreen target, the
// ImGui control panel, and the keys. The only file that includes GLFW. Any window size works:
// past the GPU's limits the target is drawn smaller and scaled up (render_target_size.hpp); a
// minimized window draws nothing and sleeps, its playhead held.
#pragma once

#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/matmul_settings.hpp"
#include "app/scene_file.hpp"
#include "render/font_atlas.hpp"
#include "scene/script.hpp"

namespace tfviz {

// Runs until the window closes (or after --frames N), starting at sections[start]. Returns the
// process exit code.
// `inputs` is where the inspector starts editing the inputs of the sections that take them.
// With a `scene` (sections[0 .. its count) are its sections), the file at `scenePath` is watched:
// each save runs it again and its sections are replaced, the show staying on the beat with the same
// label; an error shows as one line in the window and the last good sections stay.
int runWindow(const WindowCommand& command, std::vector<SectionScript> sections, int start,
              const FontAtlas& atlas, SectionInputs inputs, SceneFile* scene = nullptr,
              const std::string& scenePath = {});

}  // namespace tfviz
