// The window's keyboard: GLFW key presses go through the key table (app/keys.hpp) into a queue
// that the loop turns into commands once per frame, in the order they were typed.
#pragma once

#include <vector>

#include "app/keys.hpp"

struct GLFWwindow;

namespace tfviz {

struct KeyQueue {
  std::vector<KeyEvent> events;
};

// Sends the key presses of `window` into `queue` (not the keys typed into an ImGui field). Call
// it before ImGui installs its callbacks, which then chain to this one.
void listenForKeys(GLFWwindow* window, KeyQueue& queue);

}  // namespace tfviz
