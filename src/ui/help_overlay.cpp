// The key help (?), drawn over the scene; and the list of keys it shows.
#include <imgui.h>

#include "ui/view.hpp"

namespace tfviz::ui {

const std::vector<KeyHelp>& keyHelp() {
  static const std::vector<KeyHelp> keys = {
      {"Right, Space, PageDown", "next beat (at a section's end: the next section)"},
      {"Left, PageUp", "previous beat (at a section's start: the previous section)"},
      {"Shift+Left", "play backwards to the previous beat"},
      {"] / [", "next / previous section"},
      {"a number, then Enter", "go to that section (3 Enter: section 3)"},
      {"Home / End", "start / end of the section"},
      {"P", "play / pause (straight through, ignoring beats)"},
      {"R", "replay the current step"},
      {"B", "blank the screen to black, and back"},
      {"H", "hide / show every panel"},
      {"F", "fullscreen on / off"},
      {"S", "save a still of this frame (1920x1080 PNG)"},
      {"W", "the presenter panel in its own window, and back"},
      {"?", "this help"},
      {"Q, Escape", "quit"},
  };
  return keys;
}

void drawHelpOverlay(const AppView& /*view*/, std::vector<Command>& out) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowBgAlpha(0.92f);
  if (ImGui::Begin("Keys", nullptr,
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse |
                       ImGuiWindowFlags_NoMove)) {
    if (ImGui::BeginTable("keys", 2)) {
      for (const KeyHelp& k : keyHelp()) {
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
