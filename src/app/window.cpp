// The interactive window (see window.hpp): GLFW and ImGui, keys to commands, the letterboxed
// scene blitted from the offscreen target, the panels, and an optional second window for the
// presenter panel.
#include "app/window.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include "app/commands.hpp"
#include "app/export_job.hpp"
#include "app/frame_renderer.hpp"
#include "app/keys.hpp"
#include "app/show.hpp"
#include "core/log.hpp"
#include "export/png_writer.hpp"
#include "render/gl/gl_objects.hpp"
#include "render/gl/offscreen.hpp"
#include "render/render_target_size.hpp"
#include "scene/build_draw_list.hpp"
#include "scene/hand_over.hpp"
#include "scene/provenance.hpp"
#include "ui/export_panel.hpp"
#include "ui/inspector_panel.hpp"
#include "ui/view.hpp"

namespace tfviz {
namespace {

// An export started from the Export panel: the same job as `tfviz render`, advanced a few frames
// per window frame in the window's GL context, with its own renderer; the worker pool encodes
// meanwhile.
struct WindowExport {
  std::unique_ptr<FrameRenderer> frames;
  std::unique_ptr<ExportJob> job;
  std::filesystem::path dir;
  std::chrono::steady_clock::time_point start;
};

using Kind = ui::Command::Kind;

// What the key callback saw (through the key table), applied once per frame in order.
struct KeyQueue {
  std::vector<KeyEvent> events;
};

void onKey(GLFWwindow* window, int key, int /*scancode*/, int action, int mods) {
  if (action != GLFW_PRESS && action != GLFW_REPEAT) return;
  // Keys typed into an ImGui field (the inspector) are not commands.
  if (ImGui::GetCurrentContext() != nullptr && ImGui::GetIO().WantCaptureKeyboard) return;
  if (auto event = keyEvent(key, action == GLFW_REPEAT, mods)) {
    static_cast<KeyQueue*>(glfwGetWindowUserPointer(window))->events.push_back(*event);
  }
}

void onGlfwError(int code, const char* description) {
  logError("GLFW error " + std::to_string(code) + ": " + description);
}

void* glfwLoader(const char* name) {
  return reinterpret_cast<void*>(glfwGetProcAddress(name));
}

struct Fullscreen {
  bool on = false;
  int x = 0, y = 0, w = 1280, h = 720;
  void toggle(GLFWwindow* window) {
    if (!on) {
      GLFWmonitor* monitor = glfwGetPrimaryMonitor();
      const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
      if (mode == nullptr) return;
      glfwGetWindowPos(window, &x, &y);
      glfwGetWindowSize(window, &w, &h);
      glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
    } else {
      glfwSetWindowMonitor(window, nullptr, x, y, w, h, 0);
    }
    on = !on;
  }
};

// A GLFW window with its own ImGui context (the main one, or the presenter's).
struct ImGuiWindow {
  GLFWwindow* window = nullptr;
  ImGuiContext* context = nullptr;

  bool open(GLFWwindow* w, bool installCallbacks) {
    window = w;
    context = ImGui::CreateContext();
    ImGui::SetCurrentContext(context);
    ImGui::GetIO().IniFilename = nullptr;
    ImGui::StyleColorsDark();
    glfwMakeContextCurrent(window);
    return ImGui_ImplGlfw_InitForOpenGL(window, installCallbacks) &&
           ImGui_ImplOpenGL3_Init("#version 330 core");
  }
  void beginFrame() {
    glfwMakeContextCurrent(window);
    ImGui::SetCurrentContext(context);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
  }
  void close() {
    if (!context) return;
    glfwMakeContextCurrent(window);
    ImGui::SetCurrentContext(context);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext(context);
    context = nullptr;
  }
};

std::string wallClock() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%H:%M", &local);
  return buffer;
}

// Nothing of the window can be seen: minimized (iconified), unmapped, or a 0x0 framebuffer. Such a
// window is not drawn, and the loop waits for events instead of spinning.
bool windowHidden(GLFWwindow* window) {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window, &w, &h);
  return w <= 0 || h <= 0 || glfwGetWindowAttrib(window, GLFW_ICONIFIED) ||
         !glfwGetWindowAttrib(window, GLFW_VISIBLE);
}

static_assert(kLiveTargetCap.width == kMaxWidth && kLiveTargetCap.height == kMaxHeight);

// The largest offscreen target the window draws the scene into: the GPU's limits, the memory cap
// kLiveTargetCap, and TFVIZ_MAX_TARGET ("N" or "WxH"), a test hook that lowers the limit so the
// scaled path (target smaller than the window) runs on any screen.
TargetSize liveTargetLimit() {
  TargetSize limit = minSize(gl::maxTargetSize(), kLiveTargetCap);
  if (const char* hook = std::getenv("TFVIZ_MAX_TARGET"); hook != nullptr && *hook != '\0') {
    if (const auto lowered = parseTargetLimit(hook)) {
      limit = minSize(limit, *lowered);
      logInfo("TFVIZ_MAX_TARGET: the scene is drawn at most " + std::to_string(limit.width) + "x" +
              std::to_string(limit.height) + " and scaled to the window");
    } else {
      logError(std::string("TFVIZ_MAX_TARGET: expected N or WxH, got \"") + hook + "\"; ignored");
    }
  }
  return limit;
}

// Panels in a window smaller than this (a 16:9 thumbnail) are not drawn: ImGui would push them
// into the tiny window's corner and they would stay there once the window grows again.
bool roomForPanels(GLFWwindow* window) {
  int w = 0, h = 0;
  glfwGetWindowSize(window, &w, &h);
  return w >= 320 && h >= 180;
}

// Draws ImGui's frame into a window of any size. The backend sets glViewport to the whole
// framebuffer, which GL clamps to GL_MAX_VIEWPORT_DIMS, so past it the panels would be stretched:
// instead they are drawn 1:1 in the part of the window the viewport reaches (its left and bottom,
// GL's origin), and those beyond it are cut off.
void renderImGui(TargetSize maxViewport) {
  ImDrawData* data = ImGui::GetDrawData();
  if (data == nullptr || data->FramebufferScale.x <= 0 || data->FramebufferScale.y <= 0) return;
  const float fbWidth = data->DisplaySize.x * data->FramebufferScale.x;
  const float fbHeight = data->DisplaySize.y * data->FramebufferScale.y;
  const float width = std::min(fbWidth, static_cast<float>(maxViewport.width));
  const float height = std::min(fbHeight, static_cast<float>(maxViewport.height));
  data->DisplayPos.y += (fbHeight - height) / data->FramebufferScale.y;
  data->DisplaySize = ImVec2(width / data->FramebufferScale.x, height / data->FramebufferScale.y);
  ImGui_ImplOpenGL3_RenderDrawData(data);
}

}  // namespace

int runWindow(const WindowCommand& command, std::vector<SectionScript> sections, int start,
              const FontAtlas& atlas, MatmulSettings matmul) {
  glfwSetErrorCallback(onGlfwError);
  if (!glfwInit()) {
    logError("cannot open a window (no display?); `tfviz still` and `tfviz render` need none");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(1280, 720, "tfviz", nullptr, nullptr);
  if (window == nullptr) {
    glfwTerminate();
    logError("cannot create an OpenGL 3.3 core window");
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  if (!gl::loadFunctions(glfwLoader)) {
    glfwDestroyWindow(window);
    glfwTerminate();
    logError("the window's context lacks OpenGL 3.3 core");
    return 1;
  }
  gl::enableDebugMessages();
  {
    // A hint to the window manager: no larger than GL can draw into. X without one (or a
    // resize it does not vet) can still make the window any size; the loop copes with that too.
    const TargetSize most = gl::maxViewportSize();
    glfwSetWindowSizeLimits(window, GLFW_DONT_CARE, GLFW_DONT_CARE, most.width, most.height);
  }
  KeyQueue keys;
  glfwSetWindowUserPointer(window, &keys);
  glfwSetKeyCallback(window, onKey);  // before ImGui, which chains to it
  ImGuiWindow main;
  main.open(window, true);

  {
    FrameRenderer frames(atlas);
    Show show(sections, start);
    Fullscreen fullscreen;
    if (command.fullscreen) fullscreen.toggle(window);
    ImGuiWindow presenter;  // the presenter's own window, when open
    bool showUi = true, blank = false, help = false, quit = false;
    std::string status;
    SectionNumberEntry sectionNumber;
    std::vector<std::string> sectionIds;
    for (const SectionScript& section : sections) sectionIds.push_back(section.id);
    int frameCount = 0;
    double last = glfwGetTime();
    double talkStart = last;
    double frameMs = 0, fps = 0;
    // The inspector edits a copy of the matmul explainer's settings.
    ui::InspectorState inspector;
    auto syncInspector = [&] { toInspector(matmul, inspector); };
    syncInspector();
    // Shows new settings: the explainer is rebuilt in place and keeps its place.
    auto useSettings = [&](const MatmulSettings& next) {
      for (size_t i = 0; i < sections.size(); ++i) {
        if (sections[i].id != "matmul") continue;
        const bool current = static_cast<int>(i) == show.index();
        const double t = show.presenter().time();
        const int beat = beatIndexAtOrBefore(sections[i], t);
        const std::string label =
            beat >= 0 ? sections[i].beats[static_cast<size_t>(beat)].label : "";
        sections[i] = buildMatmul(atlas, next);
        if (i > 0) sections[i] = handOver(sections[i - 1], std::move(sections[i]));
        if (current) show.reloadCurrent(label, beat, t);
      }
      matmul = next;
    };
    auto applyInspector = [&] {
      MatmulSettings next;
      const auto error = fromInspector(inspector, matmul, next);
      inspector.error = error.value_or("");
      if (!error) useSettings(next);  // else the last good state stays on screen
    };
    auto loadFile = [&] {
      MatmulSettings next = matmul;
      const std::string spec =
          std::string(ui::inspectorLoadKinds()[static_cast<size_t>(inspector.loadKind)]) + "=" +
          inspector.loadPath;
      if (auto error = loadTensors(next, {spec})) {
        inspector.error = *error;
        return;
      }
      useSettings(next);
      syncInspector();
      inspector.error.clear();
      inspector.message = "loaded " + inspector.loadPath;
    };
    ui::ExportPanelState exportPanel;
    std::unique_ptr<WindowExport> exporting;
    auto stopExport = [&](const std::string& how) {
      if (!exporting) return;
      const auto failure = exporting->job->cancel();
      exportPanel.message = failure ? *failure : how;
      exportPanel.running = false;
      exporting.reset();
      glfwMakeContextCurrent(window);
    };
    auto startExport = [&] {
      const ui::ExportSize size = ui::exportSizes()[static_cast<size_t>(exportPanel.sizeIndex)];
      const RenderSettings settings{.size = {size.width, size.height},
                                    .fps = ui::exportFps(exportPanel)};
      std::vector<ExportSection> queue;
      auto add = [&](const SectionScript& s) {
        queue.push_back({.script = s,
                         .from = 0,
                         .to = s.duration,
                         .frames = tfviz::frameCount(0.0, s.duration, settings.fps)});
      };
      if (exportPanel.allSections) {
        for (const SectionScript& s : sections) add(s);
      } else {
        add(show.section());
      }
      auto e = std::make_unique<WindowExport>();
      e->frames = std::make_unique<FrameRenderer>(atlas);
      e->dir = exportPanel.directory;
      e->job = std::make_unique<ExportJob>(*e->frames, std::move(queue), settings, e->dir);
      e->start = std::chrono::steady_clock::now();
      exporting = std::move(e);
      exportPanel.running = true;
      exportPanel.message.clear();
      if (!exporting->job->error().empty()) stopExport(exporting->job->error());
    };
    // About 25 ms of export work per window frame, so the window stays responsive.
    auto advanceExport = [&] {
      if (!exporting) return;
      WindowExport& e = *exporting;
      const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(25);
      while (std::chrono::steady_clock::now() < until && !e.job->rendered()) {
        if (!e.job->step(1)) return stopExport(e.job->error());
      }
      if (e.job->rendered()) {
        const auto failure = e.job->finish();
        return stopExport(failure ? *failure
                                  : "wrote " + std::to_string(e.job->done()) + " frames to " +
                                        e.dir.string());
      }
      const double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - e.start).count();
      exportPanel.done = e.job->done();
      exportPanel.total = e.job->total();
      exportPanel.fps = elapsed > 0 ? e.job->done() / elapsed : 0;
      exportPanel.secondsLeft =
          exportPanel.fps > 0 ? (e.job->total() - e.job->done()) / exportPanel.fps : 0;
    };
    std::optional<Provenance> provenance;  // of the current section's clicked entry
    int provenanceSection = -1;
    ui::AppView view;
    const std::vector<ui::KeyHelp> keyRows = keyHelp();
    for (const SectionScript& s : sections) view.sections.push_back({s.id, s.title, s.duration});

    auto saveStill = [&] {
      const SectionScript& s = show.section();
      char name[160];
      std::snprintf(name, sizeof name, "tfviz-%s-%07.2fs.png", s.id.c_str(),
                    show.presenter().time());
      Image rgba;
      frames.renderImage(s, show.presenter().time(), 1920, 1080, rgba);
      std::string error;
      status = writePngAtomic(name, convertChannels(rgba, 3), &error) ? std::string("saved ") + name
                                                                      : error;
      logInfo(status);
    };
    auto togglePresenterWindow = [&] {
      if (presenter.window) {
        presenter.close();
        glfwDestroyWindow(presenter.window);
        presenter.window = nullptr;
        glfwMakeContextCurrent(window);
        ImGui::SetCurrentContext(main.context);
        return;
      }
      GLFWwindow* w = glfwCreateWindow(560, 420, "tfviz presenter", nullptr, window);
      if (w == nullptr) {
        status = "cannot open the presenter window";
        return;
      }
      glfwSetWindowUserPointer(w, &keys);
      glfwSetKeyCallback(w, onKey);  // keys typed there drive the show too
      presenter.open(w, false);      // the mouse is polled; keys go to onKey
      glfwSwapInterval(0);
      glfwMakeContextCurrent(window);
      ImGui::SetCurrentContext(main.context);
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
          provenance.reset();
          break;
        case Kind::GoToSection:
          show.goTo(static_cast<int>(c.value));
          provenance.reset();
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
          togglePresenterWindow();
          break;
        case Kind::SaveStill:
          saveStill();
          break;
        case Kind::ResetTalkClock:
          talkStart = glfwGetTime();
          break;
        case Kind::ApplyInspector:
          applyInspector();
          break;
        case Kind::LoadTensorFile:
          loadFile();
          break;
        case Kind::StartExport:
          if (!exporting) startExport();
          break;
        case Kind::CancelExport:
          stopExport(
              "cancelled: the frames written so far are complete (tfviz render --resume "
              "continues)");
          break;
        case Kind::ClearProvenance:
          provenance.reset();
          break;
        case Kind::Quit:
          quit = true;
          break;
      }
    };

    // The scene's offscreen target is never larger than the GPU and the memory cap allow
    // (fitRenderTarget), changes size with hysteresis (TargetSizer), and is scaled to the window
    // by the blit: no window size, however large, ends the show.
    TargetSize targetLimit = liveTargetLimit();
    const TargetSize maxViewport = gl::maxViewportSize();
    TargetSizer targetSizer;
    bool wasHidden = false;
    while (!glfwWindowShouldClose(window) && !quit) {
      advanceExport();
      if (windowHidden(window) && !exporting) {
        // Minimized: nothing is drawn, and the process sleeps until an event (a restore, a key)
        // or the timeout; the presenter's window, when open, still gets its clock ticked. An
        // export in progress keeps going (the branch below).
        glfwWaitEventsTimeout(presenter.window ? 0.1 : 0.5);
      } else if (show.presenter().playing() || command.quitAfterFrames > 0 || presenter.window ||
                 exporting) {
        glfwPollEvents();
      } else {
        glfwWaitEventsTimeout(0.1);  // idle while paused
      }
      if (presenter.window && glfwWindowShouldClose(presenter.window)) togglePresenterWindow();
      const bool hidden = windowHidden(window);
      const double now = glfwGetTime();
      // The playhead stands still while the window is hidden, and on the frame it comes back: the
      // show resumes where it was when minimized, not where it would have played on to. The talk
      // clock (talkStart) keeps running: it measures the talk, not the animation.
      if (!hidden && !wasHidden) show.presenter().update(now - last);
      wasHidden = hidden;
      last = now;

      // Keys first, in the order they were typed.
      std::vector<ui::Command> commands;
      for (const KeyEvent& e : keys.events) {
        if (e.type == KeyEvent::Type::Command) {
          commands.push_back(e.command);
        } else if (const auto entered = sectionNumber.apply(e, sectionIds)) {
          if (entered->index >= 0) {
            commands.push_back({Kind::GoToSection, static_cast<double>(entered->index)});
          } else {
            status = "no section " + entered->number;
          }
        }
      }
      keys.events.clear();

      // The view the panels read.
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
      view.talkSeconds = now - talkStart;
      view.wallClock = wallClock();
      view.frameMs = frameMs;
      view.fps = fps;
      view.drawCalls = frames.renderStats().drawCalls;
      view.glyphs = frames.drawStats().glyphs;
      view.quads = frames.renderStats().quads;
      view.status = status;
      view.sectionNumber = sectionNumber.digits();
      view.presenterWindow = presenter.window != nullptr;
      if (provenanceSection != show.index()) provenance.reset();
      view.provenanceTitle = provenance ? provenance->title : std::string();
      view.provenanceTerms = provenance ? provenance->terms : std::vector<std::string>();
      view.provenanceSum = provenance ? provenance->sum : std::string();
      if (!hidden) {
        main.beginFrame();
        int fbw = 0, fbh = 0, ww = 0, wh = 0;
        glfwGetFramebufferSize(window, &fbw, &fbh);
        glfwGetWindowSize(window, &ww, &wh);
        const bool room = roomForPanels(window);
        if (showUi && !blank && room) {
          ui::drawSectionsPanel(view, commands);
          ui::drawTimelinePanel(view, commands);
          if (!presenter.window) ui::drawPresenterPanel(view, commands);
          if (script.id == "matmul") ui::drawInspectorPanel(inspector, commands);
          ui::drawExportPanel(exportPanel, commands);
          ui::drawStatsPanel(view);
          if (!status.empty()) {
            ImGui::SetNextWindowBgAlpha(0.7f);
            ImGui::SetNextWindowPos(ImVec2(400, 12), ImGuiCond_FirstUseEver);
            if (ImGui::Begin("Status", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
              ImGui::TextUnformatted(status.c_str());
            }
            ImGui::End();
          }
        }
        if (help && room) ui::drawHelpOverlay(keyRows, commands);
        if (!blank && room) ui::drawProvenancePanel(view, commands);
        // A click on the scene: the product entry under it explains itself (or nothing does).
        // The scene fills the letterboxed rectangle of the framebuffer whatever size it was drawn
        // at (the blit scales it), so the framebuffer's letterbox maps the click.
        if (ImGui::IsMouseClicked(0) && !ImGui::GetIO().WantCaptureMouse && ww > 0 && wh > 0) {
          const ImVec2 mouse = ImGui::GetIO().MousePos;
          const Camera cam = letterbox(fbw, fbh);
          const glm::vec2 fb(mouse.x * fbw / ww, mouse.y * fbh / wh);
          const glm::vec2 design = (fb - cam.offset) / cam.scale;
          provenance = provenanceAt(script, evaluate(script, p.time()), design);
          provenanceSection = show.index();
        }
        if (!sectionNumber.digits().empty() && !(showUi && !blank)) {
          ImGui::SetNextWindowPos(ImVec2(12, 12));
          ImGui::Begin("##number", nullptr,
                       ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize);
          ImGui::Text("section %s", sectionNumber.digits().c_str());
          ImGui::End();
        }
        ImGui::Render();

        // The scene: rendered at the letterboxed size in framebuffer pixels, then blitted.
        const auto frameStart = std::chrono::steady_clock::now();
        int fbWidth = 0, fbHeight = 0;
        glfwGetFramebufferSize(window, &fbWidth, &fbHeight);
        if (fbWidth > 0 && fbHeight > 0) {
          gl::clearScreen(fbWidth, fbHeight);
          if (!blank) {
            // The letterboxed scene in framebuffer pixels (shown), drawn at the largest size the
            // GPU and the memory cap allow (drawn), the blit scaling it when the two differ.
            const Camera cam = letterbox(fbWidth, fbHeight);
            const TargetSize shown{
                std::max(1, static_cast<int>(std::lround(kDesignWidth * cam.scale))),
                std::max(1, static_cast<int>(std::lround(kDesignHeight * cam.scale)))};
            const TargetSize drawn = targetSizer.update(fitRenderTarget(shown, targetLimit), now);
            std::vector<OverlayMark> overlay;
            if (provenance) {
              const SceneState state = evaluate(show.section(), show.presenter().time());
              const ProvenanceMarks m = provenanceMarks(show.section(), state, *provenance);
              const glm::vec4 gold{0.95f, 0.79f, 0.30f, 1.0f};
              overlay = {{m.lhsRow, gold}, {m.rhsCol, gold}, {m.entry, gold}};
            }
            try {
              const gl::OffscreenTarget& target = frames.render(
                  show.section(), show.presenter().time(), drawn.width, drawn.height, overlay);
              target.blitToScreen((fbWidth - shown.width) / 2, (fbHeight - shown.height) / 2,
                                  shown.width, shown.height);
            } catch (const std::exception& e) {
              // No GPU memory for this size: half of it from the next frame on, not the end of
              // the show.
              if (drawn.width <= 64 || drawn.height <= 36) throw;
              targetLimit = minSize(targetLimit, {drawn.width / 2, drawn.height / 2});
              targetSizer.reset();
              logError(std::string(e.what()) + "; the scene is drawn at most " +
                       std::to_string(targetLimit.width) + "x" +
                       std::to_string(targetLimit.height) + " from now on");
            }
          }
        }
        renderImGui(maxViewport);
        glfwSwapBuffers(window);
        frameMs =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frameStart)
                .count();
        const double dt = std::max(glfwGetTime() - now, 1e-6);
        fps = fps == 0 ? 1.0 / dt : fps * 0.9 + 0.1 / dt;
      }

      // The presenter's own window (unless it is minimized too).
      if (presenter.window && !windowHidden(presenter.window)) {
        presenter.beginFrame();
        if (roomForPanels(presenter.window)) ui::drawPresenterPanel(view, commands);
        ImGui::Render();
        int pw = 0, ph = 0;
        glfwGetFramebufferSize(presenter.window, &pw, &ph);
        gl::clearScreen(pw, ph);
        renderImGui(maxViewport);
        glfwSwapBuffers(presenter.window);
        glfwMakeContextCurrent(window);
        ImGui::SetCurrentContext(main.context);
      }
      for (const ui::Command& c : commands) apply(c);
      if (command.quitAfterFrames > 0 && ++frameCount >= command.quitAfterFrames) break;
    }
    if (presenter.window) togglePresenterWindow();
    stopExport("");
  }
  main.close();
  glfwDestroyWindow(window);
  glfwTerminate();
  return 0;
}

}  // namespace tfviz
