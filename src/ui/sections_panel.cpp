// The Sections panel: every section in order, the current one marked; click to jump.
#include <cstdio>

#include <imgui.h>

#include "ui/view.hpp"

namespace tfviz::ui {

void drawSectionsPanel(const AppView& view, std::vector<Command>& out) {
  ImGui::SetNextWindowPos(ImVec2(12, 12), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(380, 400), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowCollapsed(true, ImGuiCond_FirstUseEver);  // opened when needed
  ImGui::SetNextWindowBgAlpha(0.85f);
  if (ImGui::Begin("Sections")) {
    for (size_t i = 0; i < view.sections.size(); ++i) {
      const SectionView& s = view.sections[i];
      const bool current = static_cast<int>(i) == view.current;
      char label[256];
      std::snprintf(label, sizeof label, "%2zu  %s  (%.0f s)##%zu", i + 1, s.title.c_str(),
                    s.duration, i);
      if (ImGui::Selectable(label, current)) {
        out.push_back({Command::Kind::GoToSection, static_cast<double>(i)});
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", s.id.c_str());
    }
    if (!view.sectionNumber.empty()) {
      ImGui::Separator();
      ImGui::Text("go to section %s ... (Enter)", view.sectionNumber.c_str());
    }
  }
  ImGui::End();
}

}  // namespace tfviz::ui
