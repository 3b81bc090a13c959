// The window's GLFW and ImGui plumbing (see gui_window.hpp).
#include "app/gui_window.hpp"

#include <algorithm>
#include <ctime>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include "core/log.hpp"
#include "render/gl/gl_objects.hpp"
#include "render/gl/offscreen.hpp"

namespace tfviz {
namespace {

void onGlfwError(int code, const char* description) {
  logError("GLFW error " + std::to_string(code) + ": " + description);
}

void* glfwLoader(const char* name) {
  return reinterpret_cast<void*>(glfwGetProcAddress(name));
}

}  // namespace

GLFWwindow* openMainWindow() {
  glfwSetErrorCallback(onGlfwError);
  if (!glfwInit()) {
    logError("cannot open a window (no display?); `tfviz still` and `tfviz render` need none");
    return nullptr;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(1280, 720, "tfviz", nullptr, nullptr);
  if (window == nullptr) {
    glfwTerminate();
    logError("cannot create an OpenGL 3.3 core window");
    return nullptr;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  if (!gl::loadFunctions(glfwLoader)) {
    glfwDestroyWindow(window);
    glfwTerminate();
    logError("the window's context lacks OpenGL 3.3 core");
    return nullptr;
  }
  gl::enableDebugMessages();
  {
    // A hint to the window manager: no larger than GL can draw into. X without one (or a
    // resize it does not vet) can still make the window any size; the loop copes with that too.
    const TargetSize most = gl::maxViewportSize();
    glfwSetWindowSizeLimits(window, GLFW_DONT_CARE, GLFW_DONT_CARE, most.width, most.height);
  }
  return window;
}

void closeMainWindow(GLFWwindow* window) {
  glfwDestroyWindow(window);
  glfwTerminate();
}

void Fullscreen::toggle(GLFWwindow* window) {
  if (!on) {
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (mode == nullptr) return;
    glfwGetWindowPos(window, &x, &y);
    glfwGetWindowSize(window, &w, &h);
    glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  } else {
    glfwSetWindowMonitor(window, nullptr, x, y, w, h, 0);
  }
  on = !on;
}

bool GuiWindow::open(GLFWwindow* w, bool installCallbacks) {
  window = w;
  context = ImGui::CreateContext();
  ImGui::SetCurrentContext(context);
  ImGui::GetIO().IniFilename = nullptr;
  ImGui::StyleColorsDark();
  glfwMakeContextCurrent(window);
  return ImGui_ImplGlfw_InitForOpenGL(window, installCallbacks) &&
         ImGui_ImplOpenGL3_Init("#version 330 core");
}

void GuiWindow::beginFrame() {
  glfwMakeContextCurrent(window);
  ImGui::SetCurrentContext(context);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

void GuiWindow::close() {
  if (!context) return;
  glfwMakeContextCurrent(window);
  ImGui::SetCurrentContext(context);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext(context);
  context = nullptr;
}

std::string wallClock() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%H:%M", &local);
  return buffer;
}

bool windowHidden(GLFWwindow* window) {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window, &w, &h);
  return w <= 0 || h <= 0 || glfwGetWindowAttrib(window, GLFW_ICONIFIED) ||
         !glfwGetWindowAttrib(window, GLFW_VISIBLE);
}

bool roomForPanels(GLFWwindow* window) {
  int w = 0, h = 0;
  glfwGetWindowSize(window, &w, &h);
  return w >= 320 && h >= 180;
}

// Draws ImGui's frame into a window of any size. The backend sets glViewport to the whole
// framebuffer, which GL clamps to GL_MAX_VIEWPORT_DIMS, so past it the panels would be stretched:
// instead they are drawn 1:1 in the part of the window the viewport reaches (its left and bottom,
// GL's origin), and those beyond it are cut off.
void renderImGui(TargetSize maxViewport) {
  ImDrawData* data = ImGui::GetDrawData();
  if (data == nullptr || data->FramebufferScale.x <= 0 || data->FramebufferScale.y <= 0) return;
  const float fbWidth = data->DisplaySize.x * data->FramebufferScale.x;
  const float fbHeight = data->DisplaySize.y * data->FramebufferScale.y;
  const float width = std::min(fbWidth, static_cast<float>(maxViewport.width));
  const float height = std::min(fbHeight, static_cast<float>(maxViewport.height));
  data->DisplayPos.y += (fbHeight - height) / data->FramebufferScale.y;
  data->DisplaySize = ImVec2(width / data->FramebufferScale.x, height / data->FramebufferScale.y);
  ImGui_ImplOpenGL3_RenderDrawData(data);
}

}  // namespace tfviz
