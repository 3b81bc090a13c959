// The key help (?), drawn over the scene from the rows the app gives it (app/keys.hpp).
#include <imgui.h>

#include "ui/view.hpp"

namespace tfviz::ui {

void drawHelpOverlay(const std::vector<KeyHelp>& keys, std::vector<Command>& out) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowBgAlpha(0.92f);
  if (ImGui::Begin("Keys", nullptr,
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse |
                       ImGuiWindowFlags_NoMove)) {
    if (ImGui::BeginTable("keys", 2)) {
      for (const KeyHelp& k : keys) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextColored(ImVec4(0.96f, 0.84f, 0.28f, 1.0f), "%s", k.keys);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(k.action);
      }
      ImGui::EndTable();
    }
    if (ImGui::Button("close (?)")) out.push_back({Command::Kind::ToggleHelp});
  }
  ImGui::End();
}

}  // namespace tfviz::ui
