// The control panel (ImGui): the section list, time and beat, with play/pause, step and speed. It reads a
// const view and pushes commands; the keyboard pushes the same commands.
#pragma once

#include <string>
#include <vector>

namespace tfviz::ui {

struct PlaybackCommand {
  enum class Kind {
    NextBeat,
    PreviousBeat,
    TogglePlay,
    Home,
    End,
    SetSpeed,
    NextSection,
    PreviousSection,
    GoToSection,
    Quit,
    ToggleUi,
    ToggleFullscreen
  };
  Kind kind;
  double value = 0;  // SetSpeed: the new speed; GoToSection: the section's index
};

struct ControlView {
  std::vector<std::string> sections;  // "id: title" of every section, in order
  int sectionIndex = 0;
  std::string sectionId;
  std::string sectionTitle;
  double time = 0;
  double duration = 0;
  int beat = 0;  // 1-based index of the last beat reached, 0 before the first
  int beatCount = 0;
  std::string beatLabel;
  bool playing = false;
  double speed = 1;
  double frameMs = 0;
};

void drawControlPanel(const ControlView& view, std::vector<PlaybackCommand>& out);

}  // namespace tfviz::ui
