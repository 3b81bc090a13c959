// The control panel (see control_panel.hpp).
#include "ui/control_panel.hpp"

#include <imgui.h>

namespace tfviz::ui {

void drawControlPanel(const ControlView& view, std::vector<PlaybackCommand>& out) {
  using Kind = PlaybackCommand::Kind;
  ImGui::SetNextWindowPos(ImVec2(12, 12), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowBgAlpha(0.85f);
  if (!ImGui::Begin("tfviz", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  // The section list: pick one to jump there.
  const char* current =
      view.sectionIndex >= 0 && view.sectionIndex < static_cast<int>(view.sections.size())
          ? view.sections[static_cast<size_t>(view.sectionIndex)].c_str()
          : view.sectionId.c_str();
  ImGui::SetNextItemWidth(360);
  if (ImGui::BeginCombo("section", current)) {
    for (size_t i = 0; i < view.sections.size(); ++i) {
      const bool selected = static_cast<int>(i) == view.sectionIndex;
      if (ImGui::Selectable(view.sections[i].c_str(), selected)) {
        out.push_back({Kind::GoToSection, static_cast<double>(i)});
      }
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }
  if (ImGui::Button("[ prev")) out.push_back({Kind::PreviousSection});
  ImGui::SameLine();
  if (ImGui::Button("next ]")) out.push_back({Kind::NextSection});
  ImGui::SameLine();
  ImGui::Text("section %d / %d", view.sectionIndex + 1, static_cast<int>(view.sections.size()));
  ImGui::Text("time %6.2f / %.2f s", view.time, view.duration);
  ImGui::Text("beat %d / %d  %s", view.beat, view.beatCount, view.beatLabel.c_str());
  if (ImGui::Button("|<")) out.push_back({Kind::Home});
  ImGui::SameLine();
  if (ImGui::Button("< beat")) out.push_back({Kind::PreviousBeat});
  ImGui::SameLine();
  if (ImGui::Button(view.playing ? "pause" : "play")) out.push_back({Kind::TogglePlay});
  ImGui::SameLine();
  if (ImGui::Button("beat >")) out.push_back({Kind::NextBeat});
  ImGui::SameLine();
  if (ImGui::Button(">|")) out.push_back({Kind::End});
  float speed = static_cast<float>(view.speed);
  if (ImGui::SliderFloat("speed", &speed, 0.25f, 4.0f, "%.2fx")) {
    out.push_back({Kind::SetSpeed, static_cast<double>(speed)});
  }
  ImGui::TextDisabled("%.1f ms/frame  |  H hides this panel", view.frameMs);
  ImGui::End();
}

}  // namespace tfviz::ui
