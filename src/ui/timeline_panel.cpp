// The Timeline panel: a scrubber over the current section with a tick at every beat (and its
// label where there is room; every label on hover); drag to any time. Play/pause, speed
// 0.25x-4x, loop.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "ui/view.hpp"

namespace tfviz::ui {
namespace {

// The scrubber: returns the time under the mouse while it is dragged, or a negative number.
double scrubber(const AppView& view, float width) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("scrubber", ImVec2(width, 50));
  const bool active = ImGui::IsItemActive();
  const float trackY = origin.y + 12;
  const double duration = std::max(view.duration, 1e-6);
  auto xOf = [&](double t) { return origin.x + static_cast<float>(t / duration) * width; };
  draw->AddRectFilled(ImVec2(origin.x, trackY - 3), ImVec2(origin.x + width, trackY + 3),
                      IM_COL32(70, 76, 90, 255), 3.0f);
  draw->AddRectFilled(ImVec2(origin.x, trackY - 3), ImVec2(xOf(view.time), trackY + 3),
                      IM_COL32(242, 201, 76, 255), 3.0f);
  float lastLabelEnd = -1e9f;
  for (size_t i = 0; i < view.beats.size(); ++i) {
    const BeatView& b = view.beats[i];
    const float x = xOf(b.time);
    const bool reached = static_cast<int>(i) <= view.beatIndex;
    draw->AddLine(ImVec2(x, trackY - 8), ImVec2(x, trackY + 8),
                  reached ? IM_COL32(242, 201, 76, 255) : IM_COL32(200, 205, 215, 255), 2.0f);
    const ImVec2 size = ImGui::CalcTextSize(b.label.c_str());
    const float left = std::clamp(x - size.x * 0.5f, origin.x, origin.x + width - size.x);
    if (left > lastLabelEnd + 8) {  // skip labels that would collide
      draw->AddText(ImVec2(left, trackY + 14), IM_COL32(170, 178, 190, 255), b.label.c_str());
      lastLabelEnd = left + size.x;
    }
  }
  draw->AddCircleFilled(ImVec2(xOf(view.time), trackY), 7, IM_COL32(255, 255, 255, 255));
  if (ImGui::IsItemHovered() && !view.beats.empty()) {
    const float mx = ImGui::GetIO().MousePos.x;
    const BeatView* nearest = &view.beats.front();
    for (const BeatView& b : view.beats) {
      if (std::abs(xOf(b.time) - mx) < std::abs(xOf(nearest->time) - mx)) nearest = &b;
    }
    ImGui::SetTooltip("%.2f s  %s", nearest->time, nearest->label.c_str());
  }
  if (!active) return -1;
  const float mx = ImGui::GetIO().MousePos.x;
  return std::clamp(static_cast<double>((mx - origin.x) / width), 0.0, 1.0) * duration;
}

}  // namespace

void drawTimelinePanel(const AppView& view, std::vector<Command>& out) {
  using Kind = Command::Kind;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + 12, vp->Pos.y + vp->Size.y - 140),
                          ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x - 24, 128), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowBgAlpha(0.85f);
  if (ImGui::Begin("Timeline")) {
    const double t = scrubber(view, std::max(100.0f, ImGui::GetContentRegionAvail().x));
    if (t >= 0) out.push_back({Kind::Seek, t});
    if (ImGui::Button("|<")) out.push_back({Kind::Home});
    ImGui::SameLine();
    if (ImGui::Button("<<")) out.push_back({Kind::PlayBackToPreviousBeat});
    ImGui::SameLine();
    if (ImGui::Button("< beat")) out.push_back({Kind::PreviousBeat});
    ImGui::SameLine();
    if (ImGui::Button(view.playing ? " pause " : " play  ")) out.push_back({Kind::TogglePlay});
    ImGui::SameLine();
    if (ImGui::Button("beat >")) out.push_back({Kind::NextBeat});
    ImGui::SameLine();
    if (ImGui::Button(">|")) out.push_back({Kind::End});
    ImGui::SameLine();
    if (ImGui::Button("replay")) out.push_back({Kind::ReplayStep});
    ImGui::SameLine();
    bool loop = view.looping;
    if (ImGui::Checkbox("loop", &loop)) out.push_back({Kind::SetLoop, loop ? 1.0 : 0.0});
    ImGui::SameLine();
    float speed = static_cast<float>(view.speed);
    ImGui::SetNextItemWidth(150);
    if (ImGui::SliderFloat("speed", &speed, 0.25f, 4.0f, "%.2fx")) {
      out.push_back({Kind::SetSpeed, static_cast<double>(speed)});
    }
    ImGui::SameLine();
    const bool hasBeat =
        view.beatIndex >= 0 && view.beatIndex < static_cast<int>(view.beats.size());
    ImGui::Text("%6.2f / %.2f s   beat %d / %zu  %s", view.time, view.duration, view.beatIndex + 1,
                view.beats.size(),
                hasBeat ? view.beats[static_cast<size_t>(view.beatIndex)].label.c_str() : "start");
  }
  ImGui::End();
}

}  // namespace tfviz::ui
