// The matmul Inspector panel (see inspector_panel.hpp).
#include "ui/inspector_panel.hpp"

#include <cstdio>
#include <cstring>

#include <imgui.h>

namespace tfviz::ui {
namespace {

int digitsOnly(ImGuiInputTextCallbackData* data) {
  return (data->EventChar >= '0' && data->EventChar <= '9') ? 0 : 1;
}

// An editable grid of numbers; true when a cell changed.
bool grid(const char* id, Eigen::MatrixXd& m) {
  bool changed = false;
  ImGui::PushID(id);
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    for (Eigen::Index c = 0; c < m.cols(); ++c) {
      if (c > 0) ImGui::SameLine();
      ImGui::PushID(static_cast<int>(r * m.cols() + c));
      ImGui::SetNextItemWidth(64);
      double v = m(r, c);
      if (ImGui::InputDouble("##v", &v, 0.0, 0.0, "%.3g", ImGuiInputTextFlags_EnterReturnsTrue) ||
          (ImGui::IsItemDeactivatedAfterEdit())) {
        if (v != m(r, c)) {
          m(r, c) = v;
          changed = true;
        }
      }
      ImGui::PopID();
    }
  }
  ImGui::PopID();
  return changed;
}

}  // namespace

void drawInspectorPanel(InspectorState& s, std::vector<Command>& out) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - 372, vp->Pos.y + 60),
                          ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(360, 560), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowCollapsed(true, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowBgAlpha(0.9f);
  bool changed = false;
  if (ImGui::Begin("Inspector")) {
    if (!s.hasHidden) {
      char buffer[9];
      std::snprintf(buffer, sizeof buffer, "%s", s.prompt.c_str());
      ImGui::SetNextItemWidth(120);
      if (ImGui::InputText("prompt (1-8 digits)", buffer, sizeof buffer,
                           ImGuiInputTextFlags_CallbackCharFilter, digitsOnly)) {
        s.prompt = buffer;
        changed = true;
      }
    } else {
      ImGui::Text("hidden states: %s",
                  s.hiddenSource.empty() ? "your file" : s.hiddenSource.c_str());
    }
    changed |= ImGui::Checkbox("scale by sqrt(d_k)", &s.scale);
    ImGui::SameLine();
    changed |= ImGui::Checkbox("causal mask", &s.mask);
    ImGui::SetNextItemWidth(160);
    changed |= ImGui::SliderFloat("softmax temperature", &s.temperature, 0.1f, 5.0f, "%.2f",
                                  ImGuiSliderFlags_Logarithmic);
    if (ImGui::CollapsingHeader("W_q (nn.Linear weight)", ImGuiTreeNodeFlags_DefaultOpen))
      changed |= grid("wq", s.wq);
    if (ImGui::CollapsingHeader("W_k")) changed |= grid("wk", s.wk);
    if (ImGui::CollapsingHeader("W_v")) changed |= grid("wv", s.wv);
    if (!s.hasHidden && ImGui::CollapsingHeader("token table (row = token)"))
      changed |= grid("table", s.table);
    if (ImGui::CollapsingHeader("load a .npy or .csv file")) {
      char path[512];
      std::snprintf(path, sizeof path, "%s", s.loadPath.c_str());
      ImGui::SetNextItemWidth(220);
      if (ImGui::InputText("file", path, sizeof path)) s.loadPath = path;
      ImGui::SetNextItemWidth(100);
      ImGui::Combo("as", &s.loadKind, s.loadKinds.data(), static_cast<int>(s.loadKinds.size()));
      ImGui::SameLine();
      if (ImGui::Button("load")) out.push_back({Command::Kind::LoadTensorFile});
    }
    if (!s.error.empty()) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.45f, 1.0f), "%s", s.error.c_str());
      ImGui::PopTextWrapPos();
    } else if (!s.message.empty()) {
      ImGui::TextDisabled("%s", s.message.c_str());
    }
  }
  ImGui::End();
  if (changed) out.push_back({Command::Kind::ApplyInspector});
}

}  // namespace tfviz::ui
