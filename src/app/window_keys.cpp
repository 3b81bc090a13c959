// The window's keyboard (see window_keys.hpp).
#include "app/window_keys.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

namespace tfviz {
namespace {

void onKey(GLFWwindow* window, int key, int /*scancode*/, int action, int mods) {
  if (action != GLFW_PRESS && action != GLFW_REPEAT) return;
  // Keys typed into an ImGui field (the inspector) are not commands.
  if (ImGui::GetCurrentContext() != nullptr && ImGui::GetIO().WantCaptureKeyboard) return;
  if (auto event = keyEvent(key, action == GLFW_REPEAT, mods)) {
    static_cast<KeyQueue*>(glfwGetWindowUserPointer(window))->events.push_back(*event);
  }
}

}  // namespace

void listenForKeys(GLFWwindow* window, KeyQueue& queue) {
  glfwSetWindowUserPointer(window, &queue);
  glfwSetKeyCallback(window, onKey);
}

}  // namespace tfviz
