// The Export panel's export: the same ExportJob as `tfviz render`, advanced for a bounded time
// per window frame in the window's GL context (with a renderer of its own, so the live view's
// stays as it is) while the worker pool encodes, so the window stays responsive. Its progress and
// outcome go into the panel's state. Needs the window's GL context current.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/export_job.hpp"
#include "ui/export_panel.hpp"

namespace tfviz {

class WindowExport {
 public:
  WindowExport(const FontAtlas& atlas, ui::ExportPanelState& panel)
      : m_atlas(atlas), m_panel(panel) {}
  ~WindowExport() { stop(""); }
  WindowExport(const WindowExport&) = delete;
  WindowExport& operator=(const WindowExport&) = delete;

  // Starts exporting, at the panel's size and fps into its folder, every section of `sections`
  // (the panel's "all sections") or the one at index `current`. Does nothing while one runs.
  void start(const std::vector<SectionScript>& sections, int current);
  // Renders frames for about `budget` (a window frame's share), then updates the panel; ends the
  // export when it is done or failed.
  void advance(std::chrono::milliseconds budget = std::chrono::milliseconds(25));
  // Stops early; the frames written so far are complete and `tfviz render --resume` continues.
  void cancel();
  bool running() const { return m_job != nullptr; }

 private:
  void stop(const std::string& how);

  const FontAtlas& m_atlas;
  ui::ExportPanelState& m_panel;
  std::unique_ptr<FrameRenderer> m_frames;
  std::unique_ptr<ExportJob> m_job;
  std::filesystem::path m_dir;
  std::chrono::steady_clock::time_point m_start;
};

}  // namespace tfviz
