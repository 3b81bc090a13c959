// The interactive window: GLFW, the letterboxed scene blitted from the offscreen target, the
// ImGui control panel, and the keys. The only file that includes GLFW.
#pragma once

#include "app/cli.hpp"
#include "render/font_atlas.hpp"
#include "scene/script.hpp"

namespace tfviz {

// Runs until the window closes (or after --frames N). Returns the process exit code.
int runWindow(const WindowCommand& command, const SectionScript& script, const FontAtlas& atlas);

}  // namespace tfviz
