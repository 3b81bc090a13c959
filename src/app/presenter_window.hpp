// The presenter panel in a window of its own (W): for the laptop screen while the main window is
// on the projector. It shares the main window's GL objects, has its own ImGui context (the mouse
// is polled), and its keys go to the main window's queue, so they drive the show too.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/gui_window.hpp"
#include "app/window_keys.hpp"
#include "ui/view.hpp"

namespace tfviz {

class PresenterWindow {
 public:
  bool isOpen() const { return m_gui.window != nullptr; }
  // Opens it (keys typed there go to `keys`); what went wrong when it cannot. Both leave the
  // main window's contexts current.
  std::optional<std::string> open(GuiWindow& main, KeyQueue& keys);
  void close(GuiWindow& main);
  // Its close button was pressed.
  bool closeAsked() const;
  // Draws the presenter panel (unless the window is minimized), then makes the main window's
  // contexts current again.
  void draw(const ui::AppView& view, std::vector<ui::Command>& out, TargetSize maxViewport,
            GuiWindow& main);

 private:
  GuiWindow m_gui;
};

}  // namespace tfviz
