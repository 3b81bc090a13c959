// The Stats panel: frame time, frames per second, draw calls, glyphs and quads.
#include <imgui.h>

#include "ui/view.hpp"

namespace tfviz::ui {

void drawStatsPanel(const AppView& view) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - 232, vp->Pos.y + vp->Size.y - 270),
                          ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowBgAlpha(0.75f);
  ImGui::SetNextWindowCollapsed(true, ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Stats", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::Text("frame   %6.2f ms", view.frameMs);
    ImGui::Text("fps     %6.1f", view.fps);
    ImGui::Text("draws   %6d", view.drawCalls);
    ImGui::Text("glyphs  %6d", view.glyphs);
    ImGui::Text("quads   %6d", view.quads);
  }
  ImGui::End();
}

}  // namespace tfviz::ui
