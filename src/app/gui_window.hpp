// The window's GLFW and ImGui plumbing: the main window with its GL 3.3 core context, a GLFW
// window with its own ImGui context (the main one, or the presenter's), fullscreen, and ImGui
// drawn into windows of any size.
#pragma once

#include <string>

#include "render/render_target_size.hpp"

struct GLFWwindow;
struct ImGuiContext;

namespace tfviz {

// Initialises GLFW and opens the 1280x720 main window with a current GL 3.3 core context (vsync
// on, its size limited to what GL can draw into); nullptr, with the reason logged, when it cannot.
GLFWwindow* openMainWindow();
// Destroys the main window and ends GLFW.
void closeMainWindow(GLFWwindow* window);

// A GLFW window with its own ImGui context.
struct GuiWindow {
  GLFWwindow* window = nullptr;
  ImGuiContext* context = nullptr;

  // installCallbacks: ImGui chains GLFW's callbacks (the main window); else the mouse is polled.
  bool open(GLFWwindow* w, bool installCallbacks);
  // Makes the window's GL and ImGui contexts current and starts an ImGui frame.
  void beginFrame();
  void close();
};

// Fullscreen on the primary monitor, and back to the window's place and size.
struct Fullscreen {
  bool on = false;
  int x = 0, y = 0, w = 1280, h = 720;
  void toggle(GLFWwindow* window);
};

// Nothing of the window can be seen: minimized (iconified), unmapped, or a 0x0 framebuffer. Such a
// window is not drawn, and the loop waits for events instead of spinning.
bool windowHidden(GLFWwindow* window);
// Panels in a window smaller than a 16:9 thumbnail (320x180) are not drawn: ImGui would push them
// into the tiny window's corner and they would stay there once the window grows again.
bool roomForPanels(GLFWwindow* window);
// Draws ImGui's frame into a window of any size (see gui_window.cpp).
void renderImGui(TargetSize maxViewport);
// The local time as "14:05", for the presenter's clock.
std::string wallClock();

}  // namespace tfviz
