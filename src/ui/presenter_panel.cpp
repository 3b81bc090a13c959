// The Presenter panel: the current and the next beat's labels, the current beat's note from the
// section file, the elapsed talk time and the clock. Shown as a panel, or filling a second window
// that can sit on the laptop screen while the main window is on the projector.
#include <cmath>

#include <imgui.h>

#include "ui/view.hpp"

namespace tfviz::ui {

void drawPresenterPanel(const AppView& view, std::vector<Command>& out) {
  using Kind = Command::Kind;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  if (view.presenterWindow) {
    // The whole second window.
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
  } else {
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - 432, vp->Pos.y + 12),
                            ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(420, 260), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowBgAlpha(0.85f);
    ImGui::SetNextWindowCollapsed(true, ImGuiCond_FirstUseEver);
  }
  const ImGuiWindowFlags flags = view.presenterWindow
                                     ? ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove
                                     : ImGuiWindowFlags_None;
  if (ImGui::Begin("Presenter", nullptr, flags)) {
    const int n = static_cast<int>(view.beats.size());
    const bool hasBeat = view.beatIndex >= 0 && view.beatIndex < n;
    const int next = view.beatIndex + 1;
    const std::string& section =
        view.current >= 0 && view.current < static_cast<int>(view.sections.size())
            ? view.sections[static_cast<size_t>(view.current)].title
            : std::string();
    ImGui::TextDisabled("section %d / %zu", view.current + 1, view.sections.size());
    ImGui::SameLine();
    ImGui::TextUnformatted(section.c_str());
    ImGui::Separator();
    ImGui::TextDisabled("now");
    ImGui::TextWrapped(
        "%s", hasBeat ? view.beats[static_cast<size_t>(view.beatIndex)].label.c_str() : "(start)");
    ImGui::TextDisabled("next");
    ImGui::TextWrapped(
        "%s", next < n ? view.beats[static_cast<size_t>(next)].label.c_str() : "(next section)");
    ImGui::Separator();
    ImGui::TextDisabled("note");
    // The note for what the presenter is about to show: the next beat's, else the current one's.
    const std::string* note = nullptr;
    if (next < n && !view.beats[static_cast<size_t>(next)].note.empty())
      note = &view.beats[static_cast<size_t>(next)].note;
    if (!note && hasBeat && !view.beats[static_cast<size_t>(view.beatIndex)].note.empty())
      note = &view.beats[static_cast<size_t>(view.beatIndex)].note;
    ImGui::TextWrapped("%s", note ? note->c_str() : "-");
    ImGui::Separator();
    const int talk = static_cast<int>(view.talkSeconds);
    ImGui::Text("talk %02d:%02d   clock %s", talk / 60, talk % 60, view.wallClock.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("reset")) out.push_back({Kind::ResetTalkClock});
    if (!view.presenterWindow) {
      if (ImGui::SmallButton("open in its own window"))
        out.push_back({Kind::TogglePresenterWindow});
    } else if (ImGui::SmallButton("back into the main window")) {
      out.push_back({Kind::TogglePresenterWindow});
    }
  }
  ImGui::End();
}

}  // namespace tfviz::ui
