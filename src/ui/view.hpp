// What the panels see and what they say: a const view of the app, and commands. Keys and buttons
// push the same commands; the app applies them once per frame. No GL, no app state here.
#pragma once

#include <string>
#include <vector>

namespace tfviz::ui {

struct Command {
  enum class Kind {
    NextBeat,
    PreviousBeat,
    PlayBackToPreviousBeat,
    ReplayStep,
    TogglePlay,
    Home,
    End,
    SetSpeed,  // value: 0.25 .. 4
    Seek,      // value: seconds
    SetLoop,   // value: 0 or 1
    NextSection,
    PreviousSection,
    GoToSection,  // value: index in the section list
    ToggleBlank,
    ToggleUi,
    ToggleFullscreen,
    ToggleHelp,
    TogglePresenterWindow,
    SaveStill,
    ResetTalkClock,
    ApplyInspector,  // the inspector's edited inputs are ready to apply
    ClearProvenance,
    LoadTensorFile,    // the inspector's file, as the chosen kind
    ApplyModelPrompt,  // the Model panel's prompt is ready to run
    StartExport,
    CancelExport,
    Quit,
  };
  Kind kind;
  double value = 0;
};

struct BeatView {
  double time = 0;
  std::string label;
  std::string note;
};

struct SectionView {
  std::string id;
  std::string title;
  double duration = 0;
};

struct AppView {
  std::vector<SectionView> sections;
  int current = 0;
  std::vector<BeatView> beats;  // of the current section
  double time = 0;
  double duration = 0;
  bool playing = false;
  bool reversing = false;
  bool looping = false;
  double speed = 1;
  int beatIndex = -1;  // the last beat reached; -1 before the first
  double talkSeconds = 0;
  std::string wallClock;  // "14:05"
  double frameMs = 0;
  double fps = 0;
  int drawCalls = 0;
  int glyphs = 0;
  int quads = 0;
  std::string status;            // the last message: a saved still, an error
  std::string sectionNumber;     // digits typed so far (a number then Enter jumps)
  bool presenterWindow = false;  // the presenter panel lives in its own window
  // Provenance of the clicked product entry, when there is one.
  std::string provenanceTitle;
  std::vector<std::string> provenanceTerms;
  std::string provenanceSum;
};

// One panel per file (ui/*_panel.cpp), each an ImGui window.
void drawSectionsPanel(const AppView& view, std::vector<Command>& out);
void drawTimelinePanel(const AppView& view, std::vector<Command>& out);
void drawPresenterPanel(const AppView& view, std::vector<Command>& out);
void drawStatsPanel(const AppView& view);
void drawProvenancePanel(const AppView& view, std::vector<Command>& out);
// keys: the app's key table ({keys, what they do}), one row each.
struct KeyHelp;
void drawHelpOverlay(const std::vector<KeyHelp>& keys, std::vector<Command>& out);

// A row of the key help: {keys, what they do}.
struct KeyHelp {
  const char* keys;
  const char* action;
};

}  // namespace tfviz::ui
