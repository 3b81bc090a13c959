// The interactive window: GLFW, the letterboxed scene blitted from the offscreen target, the
// ImGui control panel, and the keys. The only file that includes GLFW. Any window size works:
// past the GPU's limits the target is drawn smaller and scaled up (render_target_size.hpp); a
// minimized window draws nothing and sleeps, its playhead held.
#pragma once

#include <vector>

#include "app/cli.hpp"
#include "app/matmul_settings.hpp"
#include "render/font_atlas.hpp"
#include "scene/script.hpp"

namespace tfviz {

// Runs until the window closes (or after --frames N), starting at sections[start]. Returns the
// process exit code.
// `inputs` is where the inspector starts editing the inputs of the sections that take them.
int runWindow(const WindowCommand& command, std::vector<SectionScript> sections, int start,
              const FontAtlas& atlas, SectionInputs inputs);

}  // namespace tfviz
