// The Export panel: render the current section (or all of them) to PNG frames from the window,
// with a progress bar (frames, frames per second, time left) and cancel.
#pragma once

#include <string>
#include <vector>

#include "ui/view.hpp"

namespace tfviz::ui {

struct ExportPanelState {
  std::string directory = "tfviz-export";
  int sizeIndex = 1;  // into exportSizes()
  int fpsIndex = 1;   // 30, 60
  bool allSections = false;
  // Set by the app while an export runs.
  bool running = false;
  long done = 0;
  long total = 0;
  double fps = 0;
  double secondsLeft = 0;
  std::string message;
};

struct ExportSize {
  const char* name;
  int width;
  int height;
};
const std::vector<ExportSize>& exportSizes();
int exportFps(const ExportPanelState& state);

// Pushes StartExport or CancelExport.
void drawExportPanel(ExportPanelState& state, std::vector<Command>& out);

}  // namespace tfviz::ui
