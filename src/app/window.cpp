// The interactive window (see window.hpp): the loop that ties the window's parts together. Each
// part is its own file: the GLFW and ImGui plumbing (gui_window), the keyboard (window_keys, over
// the key table of keys.hpp), the scene drawn letterboxed (scene_view), clicking an entry
// (picking), the inspector (window_inspector), the Export panel's export (window_export) and the
// presenter's own window (presenter_window). Once per frame the loop reads the keys, updates the
// view the panels read, draws, and applies the commands keys and panels pushed.
#include "app/window.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include "app/frame_renderer.hpp"
#include "app/gui_window.hpp"
#include "app/keys.hpp"
#include "app/model_settings.hpp"
#include "app/picking.hpp"
#include "app/presenter_window.hpp"
#include "app/scene_view.hpp"
#include "app/show.hpp"
#include "app/window_export.hpp"
#include "app/window_inspector.hpp"
#include "app/window_keys.hpp"
#include "core/log.hpp"
#include "export/png_writer.hpp"
#include "io/shipped_model.hpp"
#include "render/gl/gl_objects.hpp"
#include "scene/hand_over.hpp"
#include "scene/sections/registry.hpp"
#include "ui/export_panel.hpp"
#include "ui/model_panel.hpp"
#include "ui/view.hpp"

namespace tfviz {
namespace {

using Kind = ui::Command::Kind;

// What the panels read of the show: the sections, the playhead, the clocks, the frame's cost.
void updateView(ui::AppView& view, const Show& show, const FrameRenderer& frames) {
  const SectionScript& script = show.section();
  const Presenter& p = show.presenter();
  view.current = show.index();
  view.beats.clear();
  for (const Beat& b : script.beats) view.beats.push_back({b.time, b.label, b.note});
  view.time = p.time();
  view.duration = script.duration;
  view.playing = p.playing();
  view.reversing = p.reversing();
  view.looping = p.looping();
  view.speed = p.speed();
  view.beatIndex = beatIndexAtOrBefore(script, p.time());
  view.wallClock = wallClock();
  view.drawCalls = frames.renderStats().drawCalls;
  view.glyphs = frames.drawStats().glyphs;
  view.quads = frames.renderStats().quads;
}

void showProvenance(ui::AppView& view, const Provenance* p) {
  view.provenanceTitle = p ? p->title : std::string();
  view.provenanceTerms = p ? p->terms : std::vector<std::string>();
  view.provenanceSum = p ? p->sum : std::string();
}

// A still of the current frame at 1920x1080 in the current folder; what happened, for the status.
std::string saveStill(FrameRenderer& frames, const Show& show) {
  const SectionScript& s = show.section();
  char name[160];
  std::snprintf(name, sizeof name, "tfviz-%s-%07.2fs.png", s.id.c_str(), show.presenter().time());
  Image rgba;
  frames.renderImage(s, show.presenter().time(), 1920, 1080, rgba);
  std::string error;
  const std::string status =
      writePngAtomic(name, convertChannels(rgba, 3), &error) ? std::string("saved ") + name : error;
  logInfo(status);
  return status;
}

void drawStatus(const std::string& status) {
  if (status.empty()) return;
  ImGui::SetNextWindowBgAlpha(0.7f);
  ImGui::SetNextWindowPos(ImVec2(400, 12), ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Status", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::TextUnformatted(status.c_str());
  }
  ImGui::End();
}

// The digits typed so far, when the panels that would show them are hidden.
void drawSectionNumber(const std::string& digits) {
  ImGui::SetNextWindowPos(ImVec2(12, 12));
  ImGui::Begin("##number", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::Text("section %s", digits.c_str());
  ImGui::End();
}

// A scene file's error, in red along the bottom of the window, shown until a save fixes it.
void drawSceneError(const std::string& error) {
  if (error.empty()) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + 12, vp->WorkPos.y + vp->WorkSize.y - 12),
                          ImGuiCond_Always, ImVec2(0, 1));
  ImGui::SetNextWindowBgAlpha(0.85f);
  ImGui::Begin("##scene error", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav);
  ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.45f, 1.0f), "%s", error.c_str());
  ImGui::End();
}

// How many of the first sections are a scene's.
size_t countSceneSections(const std::vector<SectionScript>& sections) {
  size_t n = 0;
  while (n < sections.size() && isSceneSection(sections[n].id)) ++n;
  return n;
}

}  // namespace

int runWindow(const WindowCommand& command, std::vector<SectionScript> sections, int start,
              const FontAtlas& atlas, SectionInputs inputs, SceneFile* sceneFile,
              const std::string& scenePath) {
  GLFWwindow* window = openMainWindow();
  if (window == nullptr) return 1;
  KeyQueue keys;
  listenForKeys(window, keys);  // before ImGui, which chains to it
  GuiWindow main;
  main.open(window, true);
  {
    FrameRenderer frames(atlas);
    SceneView scene;
    Show show(sections, start);
    Fullscreen fullscreen;
    if (command.fullscreen) fullscreen.toggle(window);
    PresenterWindow presenter;
    // The model section's inputs (the Model panel edits the prompt), resolved to the shipped model
    // when none was given.
    ModelInputs model = inputs.model;
    if (!model.weights) {
      const io::ShippedModel& shipped = io::shippedModel();
      model.weights = shipped.weights;
      model.vocab = shipped.vocab;
      model.source = shipped.name;
    }
    ui::ModelPanelState modelPanel;
    modelPanel.vocab = model.vocab;
    modelPanel.model = model.source + ": " + std::to_string(model.weights->config.nLayer) +
                       " layers, " + std::to_string(model.weights->config.nHead) + " heads, " +
                       std::to_string(model.weights->config.nEmbd) + " wide, " +
                       std::to_string(model.weights->config.vocabSize) + " tokens";
    if (model.tokens.empty()) {
      modelPanel.prompt = io::kShippedPrompt;
    } else {
      for (int id : model.tokens)
        modelPanel.prompt +=
            (modelPanel.prompt.empty() ? "" : " ") +
            (model.vocab.empty() ? std::to_string(id) : model.vocab[static_cast<size_t>(id)]);
    }
    WindowInspector inspector(std::move(inputs));
    ui::ExportPanelState exportPanel;
    WindowExport exporter(atlas, exportPanel);
    Picking picking;
    bool showUi = true, blank = false, help = false, quit = false;
    std::string status;
    SectionNumberEntry sectionNumber;
    std::vector<std::string> sectionIds;
    const std::vector<ui::KeyHelp> keyRows = keyHelp();
    ui::AppView view;
    const TargetSize maxViewport = gl::maxViewportSize();
    int frameCount = 0;
    double last = glfwGetTime();
    double talkStart = last;
    bool wasHidden = false;

    // The sections that take inputs (the registry says which), rebuilt in place from the
    // inspector's new settings; the current one keeps its place.
    std::vector<const SectionInfo*> infos;
    // The lists made from the sections: again when a scene file's sections are replaced.
    auto relist = [&] {
      sectionIds.clear();
      view.sections.clear();
      infos.clear();
      for (const SectionScript& s : sections) {
        sectionIds.push_back(s.id);
        view.sections.push_back({s.id, s.title, s.duration});
        infos.push_back(findSection(s.id));
      }
    };
    relist();
    // The scene file, run again on each save: its sections replace the first `sceneCount`.
    std::optional<FileWatch> watch;
    if (sceneFile != nullptr) watch.emplace(scenePath);
    size_t sceneCount = countSceneSections(sections);
    std::string sceneError;
    auto reloadScene = [&] {
      const auto began = std::chrono::steady_clock::now();
      SceneLoad loaded = sceneFile->load();
      if (loaded.error.empty() && loaded.sections.empty())
        loaded.error = escapeControls(scenePath) + ": defines no section";
      if (loaded.error.empty()) {
        std::vector<SectionInfo> next;
        for (const SectionScript& s : loaded.sections) next.push_back(prebuiltSection(s));
        try {
          setSceneSections(std::move(next));
        } catch (const std::invalid_argument& e) {
          loaded.error = e.what();
        }
      }
      if (!loaded.error.empty()) {
        sceneError = loaded.error;  // the last good sections stay
        logError(sceneError);
        return;
      }
      handOverInSequence(loaded.sections);
      const std::string id = show.section().id;
      const double t = show.presenter().time();
      const int beat = beatIndexAtOrBefore(show.section(), t);
      const std::string label =
          beat >= 0 ? show.section().beats[static_cast<size_t>(beat)].label : "";
      const bool wasScene = static_cast<size_t>(show.index()) < sceneCount;
      const size_t count = loaded.sections.size();
      sections.erase(sections.begin(), sections.begin() + static_cast<long>(sceneCount));
      sections.insert(sections.begin(), std::make_move_iterator(loaded.sections.begin()),
                      std::make_move_iterator(loaded.sections.end()));
      sceneCount = count;
      relist();
      int index = wasScene ? 0 : static_cast<int>(sceneCount);
      for (size_t i = 0; i < sections.size(); ++i) {
        if (sections[i].id == id) index = static_cast<int>(i);
      }
      show.goTo(index);
      show.reloadCurrent(sections[static_cast<size_t>(index)].id == id ? label : "",
                         sections[static_cast<size_t>(index)].id == id ? beat : 0, t);
      picking.clear();
      sceneError.clear();
      // Where the show stands now: the beat at or before the playhead.
      const int at = beatIndexAtOrBefore(show.section(), show.presenter().time());
      const std::string where =
          at >= 0 ? "'" + show.section().beats[static_cast<size_t>(at)].label + "' of " : "";
      char text[400];
      std::snprintf(
          text, sizeof text, "%s: %zu section%s rebuilt in %.0f ms; at %s%s",
          std::filesystem::path(scenePath).filename().c_str(), count, count == 1 ? "" : "s",
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - began)
              .count(),
          where.c_str(), show.section().id.c_str());
      status = escapeControls(text);
      logInfo(status);
    };
    auto takesInputs = [&](size_t i) { return infos[i] != nullptr && infos[i]->takesInputs; };
    auto useInputs = [&](const SectionInputs& next) {
      for (size_t i = 0; i < sections.size(); ++i) {
        if (!takesInputs(i)) continue;
        const bool current = static_cast<int>(i) == show.index();
        const double t = show.presenter().time();
        const int beat = beatIndexAtOrBefore(sections[i], t);
        const std::string label =
            beat >= 0 ? sections[i].beats[static_cast<size_t>(beat)].label : "";
        sections[i] = infos[i]->build(atlas, next);
        if (i > 0) sections[i] = handOver(sections[i - 1], std::move(sections[i]));
        if (current) show.reloadCurrent(label, beat, t);
      }
    };
    auto takesModel = [&](size_t i) { return infos[i] != nullptr && infos[i]->takesModel; };
    // The Model panel's prompt: tokenized, checked, and the model section rebuilt in place.
    auto applyModelPrompt = [&] {
      ModelInputs next = model;
      std::optional<std::string> error;
      if (model.vocab.empty()) {
        std::vector<int> ids;
        std::string text = modelPanel.prompt;
        for (char& ch : text) ch = ch == ',' ? ' ' : ch;
        size_t start = 0;
        while (!error && start < text.size()) {
          const size_t end = std::min(text.find(' ', start), text.size());
          const std::string word = text.substr(start, end - start);
          if (!word.empty()) {
            char* stop = nullptr;
            const long id = std::strtol(word.c_str(), &stop, 10);
            if (*stop != 0 || id < 0 || id > 1 << 24)
              error = "'" + escapeControls(word) + "' is not a token id";
            else
              ids.push_back(static_cast<int>(id));
          }
          start = end + 1;
        }
        if (!error) error = promptTokens({}, ids, next);
      } else {
        error = promptTokens(modelPanel.prompt, {}, next);
      }
      if (!error && next.tokens.empty()) error = "the prompt has no words";
      if (error) {
        // The command line's flag names mean nothing in the panel.
        for (const char* flag : {"--prompt: ", "--tokens: "}) {
          if (error->rfind(flag, 0) == 0) error->erase(0, std::strlen(flag));
        }
        modelPanel.error = *error;
        return;
      }
      modelPanel.error.clear();
      model = next;
      SectionInputs with;
      with.model = model;
      for (size_t i = 0; i < sections.size(); ++i) {
        if (!takesModel(i)) continue;
        const bool current = static_cast<int>(i) == show.index();
        const double t = show.presenter().time();
        const int beat = beatIndexAtOrBefore(sections[i], t);
        const std::string label =
            beat >= 0 ? sections[i].beats[static_cast<size_t>(beat)].label : "";
        sections[i] = infos[i]->build(atlas, with);
        if (i > 0) sections[i] = handOver(sections[i - 1], std::move(sections[i]));
        view.sections[i].duration = sections[i].duration;
        if (current) show.reloadCurrent(label, beat, t);
      }
      picking.clear();
    };
    auto apply = [&](const ui::Command& c) {
      Presenter& p = show.presenter();
      switch (c.kind) {
        case Kind::NextBeat:
          show.nextBeat();
          break;
        case Kind::PreviousBeat:
          show.previousBeat();
          break;
        case Kind::PlayBackToPreviousBeat:
          p.playBackToPreviousBeat();
          break;
        case Kind::ReplayStep:
          p.replayStep();
          break;
        case Kind::TogglePlay:
          p.togglePlay();
          break;
        case Kind::Home:
          p.home();
          break;
        case Kind::End:
          p.end();
          break;
        case Kind::SetSpeed:
          p.setSpeed(c.value);
          break;
        case Kind::Seek:
          p.seek(c.value);
          break;
        case Kind::SetLoop:
          p.setLoop(c.value != 0.0);
          break;
        case Kind::NextSection:
          show.nextSection();
          break;
        case Kind::PreviousSection:
          show.previousSection();
          picking.clear();
          break;
        case Kind::GoToSection:
          show.goTo(static_cast<int>(c.value));
          picking.clear();
          break;
        case Kind::ToggleBlank:
          blank = !blank;
          break;
        case Kind::ToggleUi:
          showUi = !showUi;
          break;
        case Kind::ToggleFullscreen:
          fullscreen.toggle(window);
          break;
        case Kind::ToggleHelp:
          help = !help;
          break;
        case Kind::TogglePresenterWindow:
          if (presenter.isOpen()) {
            presenter.close(main);
          } else if (auto failure = presenter.open(main, keys)) {
            status = *failure;
          }
          break;
        case Kind::SaveStill:
          status = saveStill(frames, show);
          break;
        case Kind::ResetTalkClock:
          talkStart = glfwGetTime();
          break;
        case Kind::ApplyInspector:
          if (auto next = inspector.apply()) useInputs(*next);
          break;
        case Kind::LoadTensorFile:
          if (auto next = inspector.load()) useInputs(*next);
          break;
        case Kind::ApplyModelPrompt:
          applyModelPrompt();
          break;
        case Kind::StartExport:
          exporter.start(sections, show.index());
          break;
        case Kind::CancelExport:
          exporter.cancel();
          break;
        case Kind::ClearProvenance:
          picking.clear();
          break;
        case Kind::Quit:
          quit = true;
          break;
      }
    };

    while (!glfwWindowShouldClose(window) && !quit) {
      exporter.advance();
      if (watch && watch->changed(glfwGetTime())) reloadScene();
      if (windowHidden(window) && !exporter.running()) {
        // Minimized: nothing is drawn, and the process sleeps until an event (a restore, a key)
        // or the timeout; the presenter's window, when open, still gets its clock ticked. An
        // export in progress keeps going (the branch below).
        glfwWaitEventsTimeout(presenter.isOpen() ? 0.1 : 0.5);
      } else if (show.presenter().playing() || command.quitAfterFrames > 0 || presenter.isOpen() ||
                 exporter.running()) {
        glfwPollEvents();
      } else {
        glfwWaitEventsTimeout(0.1);  // idle while paused (and a scene file checked for saves)
      }
      if (presenter.closeAsked()) presenter.close(main);
      const bool hidden = windowHidden(window);
      const double now = glfwGetTime();
      // The playhead stands still while the window is hidden, and on the frame it comes back: the
      // show resumes where it was when minimized, not where it would have played on to. The talk
      // clock (talkStart) keeps running: it measures the talk, not the animation.
      if (!hidden && !wasHidden) show.presenter().update(now - last);
      wasHidden = hidden;
      last = now;

      // Keys first, in the order they were typed; then the view the panels read.
      std::vector<ui::Command> commands =
          commandsFromKeys(keys.events, sectionNumber, sectionIds, status);
      keys.events.clear();
      updateView(view, show, frames);
      view.talkSeconds = now - talkStart;
      view.status = status;
      view.sectionNumber = sectionNumber.digits();
      view.presenterWindow = presenter.isOpen();
      showProvenance(view, picking.at(show.index()));
      if (!hidden) {
        main.beginFrame();
        int fbw = 0, fbh = 0, ww = 0, wh = 0;
        glfwGetFramebufferSize(window, &fbw, &fbh);
        glfwGetWindowSize(window, &ww, &wh);
        const bool room = roomForPanels(window);
        if (showUi && !blank && room) {
          ui::drawSectionsPanel(view, commands);
          ui::drawTimelinePanel(view, commands);
          if (!presenter.isOpen()) ui::drawPresenterPanel(view, commands);
          if (takesInputs(static_cast<size_t>(show.index()))) {
            ui::drawInspectorPanel(inspector.state(), commands);
          }
          if (takesModel(static_cast<size_t>(show.index()))) {
            ui::drawModelPanel(modelPanel, commands);
          }
          ui::drawExportPanel(exportPanel, commands);
          ui::drawStatsPanel(view);
          drawStatus(status);
        }
        if (help && room) ui::drawHelpOverlay(keyRows, commands);
        drawSceneError(sceneError);
        if (!blank && room) ui::drawProvenancePanel(view, commands);
        // A click on the scene: the product entry under it explains itself (or nothing does).
        if (ImGui::IsMouseClicked(0) && !ImGui::GetIO().WantCaptureMouse && ww > 0 && wh > 0) {
          const ImVec2 mouse = ImGui::GetIO().MousePos;
          picking.click(show.section(), show.index(), show.presenter().time(),
                        designPoint({mouse.x, mouse.y}, {ww, wh}, {fbw, fbh}));
        }
        if (!sectionNumber.digits().empty() && !(showUi && !blank)) {
          drawSectionNumber(sectionNumber.digits());
        }
        ImGui::Render();

        const auto frameStart = std::chrono::steady_clock::now();
        std::vector<OverlayMark> overlay;
        if (auto m = picking.marks(show.section(), show.index(), show.presenter().time())) {
          const glm::vec4 gold{0.95f, 0.79f, 0.30f, 1.0f};
          overlay = {{m->lhsRow, gold}, {m->rhsCol, gold}, {m->entry, gold}};
        }
        scene.draw(frames, show.section(), show.presenter().time(), fbw, fbh, blank, now, overlay);
        renderImGui(maxViewport);
        glfwSwapBuffers(window);
        view.frameMs =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frameStart)
                .count();
        const double dt = std::max(glfwGetTime() - now, 1e-6);
        view.fps = view.fps == 0 ? 1.0 / dt : view.fps * 0.9 + 0.1 / dt;
      }
      presenter.draw(view, commands, maxViewport, main);
      for (const ui::Command& c : commands) apply(c);
      if (command.quitAfterFrames > 0 && ++frameCount >= command.quitAfterFrames) break;
    }
    presenter.close(main);
  }
  main.close();
  closeMainWindow(window);
  return 0;
}

}  // namespace tfviz
