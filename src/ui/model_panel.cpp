// The model section's inspector (see model_panel.hpp).
#include "ui/model_panel.hpp"

#include <cstdio>

#include <imgui.h>

namespace tfviz::ui {

void drawModelPanel(ModelPanelState& s, std::vector<Command>& out) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - 432, vp->Pos.y + 60),
                          ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(420, 300), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowCollapsed(true, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowBgAlpha(0.9f);
  if (ImGui::Begin("Model")) {
    ImGui::TextWrapped("%s", s.model.c_str());
    char buffer[512];
    std::snprintf(buffer, sizeof buffer, "%s", s.prompt.c_str());
    ImGui::SetNextItemWidth(-1);
    bool submit =
        ImGui::InputText("##prompt", buffer, sizeof buffer, ImGuiInputTextFlags_EnterReturnsTrue);
    s.prompt = buffer;
    submit |= ImGui::Button(s.vocab.empty() ? "run (token ids, e.g. 1 2 3)" : "run the prompt");
    if (submit) out.push_back({Command::Kind::ApplyModelPrompt});
    if (!s.prediction.empty()) ImGui::TextUnformatted(s.prediction.c_str());
    if (!s.error.empty())
      ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.45f, 1.0f), "%s", s.error.c_str());
    if (!s.vocab.empty() && ImGui::CollapsingHeader("words it knows")) {
      std::string line;
      for (const std::string& w : s.vocab) line += w + "  ";
      ImGui::TextWrapped("%s", line.c_str());
    }
  }
  ImGui::End();
}

}  // namespace tfviz::ui
