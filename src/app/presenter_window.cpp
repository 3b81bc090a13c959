// The presenter's own window (see presenter_window.hpp).
#include "app/presenter_window.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include "render/gl/gl_objects.hpp"
#include "render/gl/offscreen.hpp"

namespace tfviz {
namespace {

void makeCurrent(GuiWindow& w) {
  glfwMakeContextCurrent(w.window);
  ImGui::SetCurrentContext(w.context);
}

}  // namespace

void PresenterWindow::close(GuiWindow& main) {
  if (!isOpen()) return;
  m_gui.close();
  glfwDestroyWindow(m_gui.window);
  m_gui.window = nullptr;
  makeCurrent(main);
}

std::optional<std::string> PresenterWindow::open(GuiWindow& main, KeyQueue& keys) {
  if (isOpen()) return std::nullopt;
  GLFWwindow* w = glfwCreateWindow(560, 420, "tfviz presenter", nullptr, main.window);
  if (w == nullptr) return "cannot open the presenter window";
  listenForKeys(w, keys);  // keys typed there drive the show too
  m_gui.open(w, false);    // the mouse is polled; keys go to the queue
  glfwSwapInterval(0);
  makeCurrent(main);
  return std::nullopt;
}

bool PresenterWindow::closeAsked() const {
  return isOpen() && glfwWindowShouldClose(m_gui.window);
}

void PresenterWindow::draw(const ui::AppView& view, std::vector<ui::Command>& out,
                           TargetSize maxViewport, GuiWindow& main) {
  if (!isOpen() || windowHidden(m_gui.window)) return;
  m_gui.beginFrame();
  if (roomForPanels(m_gui.window)) ui::drawPresenterPanel(view, out);
  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(m_gui.window, &w, &h);
  gl::clearScreen(w, h);
  renderImGui(maxViewport);
  glfwSwapBuffers(m_gui.window);
  makeCurrent(main);
}

}  // namespace tfviz
