// The Export panel (see export_panel.hpp).
#include "ui/export_panel.hpp"

#include <cstdio>

#include <imgui.h>

namespace tfviz::ui {

const std::vector<ExportSize>& exportSizes() {
  static const std::vector<ExportSize> sizes = {
      {"1280x720", 1280, 720}, {"1920x1080", 1920, 1080}, {"3840x2160", 3840, 2160}};
  return sizes;
}

int exportFps(const ExportPanelState& state) {
  return state.fpsIndex == 0 ? 30 : 60;
}

void drawExportPanel(ExportPanelState& s, std::vector<Command>& out) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + 400, vp->Pos.y + 12), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowCollapsed(true, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowBgAlpha(0.9f);
  if (ImGui::Begin("Export", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    if (!s.running) {
      char dir[256];
      std::snprintf(dir, sizeof dir, "%s", s.directory.c_str());
      ImGui::SetNextItemWidth(220);
      if (ImGui::InputText("folder", dir, sizeof dir)) s.directory = dir;
      const auto& sizes = exportSizes();
      ImGui::SetNextItemWidth(120);
      if (ImGui::BeginCombo("size", sizes[static_cast<size_t>(s.sizeIndex)].name)) {
        for (size_t i = 0; i < sizes.size(); ++i) {
          if (ImGui::Selectable(sizes[i].name, static_cast<int>(i) == s.sizeIndex))
            s.sizeIndex = static_cast<int>(i);
        }
        ImGui::EndCombo();
      }
      ImGui::RadioButton("30 fps", &s.fpsIndex, 0);
      ImGui::SameLine();
      ImGui::RadioButton("60 fps", &s.fpsIndex, 1);
      ImGui::Checkbox("every section", &s.allSections);
      if (ImGui::Button("export")) out.push_back({Command::Kind::StartExport});
    } else {
      const float fraction =
          s.total > 0 ? static_cast<float>(s.done) / static_cast<float>(s.total) : 0.0f;
      char overlay[96];
      std::snprintf(overlay, sizeof overlay, "%ld / %ld frames", s.done, s.total);
      ImGui::ProgressBar(fraction, ImVec2(260, 0), overlay);
      ImGui::Text("%.1f frames/s, %.0f s left", s.fps, s.secondsLeft);
      if (ImGui::Button("cancel")) out.push_back({Command::Kind::CancelExport});
    }
    if (!s.message.empty()) ImGui::TextWrapped("%s", s.message.c_str());
  }
  ImGui::End();
}

}  // namespace tfviz::ui
