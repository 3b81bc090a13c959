// The Provenance panel: where a clicked product entry comes from, term by term. Its row and
// column are outlined in the operands on the scene itself (see app/window.cpp).
#include <imgui.h>

#include "ui/view.hpp"

namespace tfviz::ui {

void drawProvenancePanel(const AppView& view, std::vector<Command>& out) {
  if (view.provenanceTitle.empty()) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + 12),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.0f));
  ImGui::SetNextWindowBgAlpha(0.9f);
  bool open = true;
  if (ImGui::Begin("Where this entry comes from", &open, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::TextUnformatted(view.provenanceTitle.c_str());
    ImGui::Separator();
    for (const std::string& term : view.provenanceTerms) ImGui::BulletText("%s", term.c_str());
    ImGui::Separator();
    ImGui::TextColored(ImVec4(0.96f, 0.84f, 0.28f, 1.0f), "%s", view.provenanceSum.c_str());
    ImGui::TextDisabled("click elsewhere on the scene to close");
  }
  ImGui::End();
  if (!open) out.push_back({Command::Kind::ClearProvenance});
}

}  // namespace tfviz::ui
