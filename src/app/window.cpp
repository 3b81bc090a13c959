// The interactive window (see window.hpp).
#include "app/window.hpp"

#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include "app/frame_renderer.hpp"
#include "app/show.hpp"
#include "core/log.hpp"
#include "render/gl/gl_objects.hpp"
#include "scene/build_draw_list.hpp"
#include "ui/control_panel.hpp"

namespace tfviz {
namespace {

using Kind = ui::PlaybackCommand::Kind;

// Keys queued by the GLFW callback, handled once per frame.
struct KeyQueue {
  std::vector<ui::PlaybackCommand> commands;
};

void onKey(GLFWwindow* window, int key, int /*scancode*/, int action, int /*mods*/) {
  if (action != GLFW_PRESS && action != GLFW_REPEAT) return;
  if (ImGui::GetCurrentContext() != nullptr && ImGui::GetIO().WantCaptureKeyboard) return;
  auto* queue = static_cast<KeyQueue*>(glfwGetWindowUserPointer(window));
  auto push = [&](Kind kind) { queue->commands.push_back({kind}); };
  switch (key) {
    case GLFW_KEY_RIGHT:
    case GLFW_KEY_SPACE:
    case GLFW_KEY_PAGE_DOWN:
      push(Kind::NextBeat);
      break;
    case GLFW_KEY_LEFT:
    case GLFW_KEY_PAGE_UP:
      push(Kind::PreviousBeat);
      break;
    case GLFW_KEY_RIGHT_BRACKET:
      push(Kind::NextSection);
      break;
    case GLFW_KEY_LEFT_BRACKET:
      push(Kind::PreviousSection);
      break;
    case GLFW_KEY_HOME:
      push(Kind::Home);
      break;
    case GLFW_KEY_END:
      push(Kind::End);
      break;
    case GLFW_KEY_P:
      if (action == GLFW_PRESS) push(Kind::TogglePlay);
      break;
    case GLFW_KEY_H:
      if (action == GLFW_PRESS) push(Kind::ToggleUi);
      break;
    case GLFW_KEY_F:
      if (action == GLFW_PRESS) push(Kind::ToggleFullscreen);
      break;
    case GLFW_KEY_Q:
    case GLFW_KEY_ESCAPE:
      push(Kind::Quit);
      break;
    default:
      break;
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

}  // namespace

int runWindow(const WindowCommand& command, const std::vector<SectionScript>& sections, int start,
              const FontAtlas& atlas) {
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
  KeyQueue keys;
  glfwSetWindowUserPointer(window, &keys);
  glfwSetKeyCallback(window, onKey);  // before ImGui, which chains to it

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  int exitCode = 0;
  {
    FrameRenderer frames(atlas);
    Show show(sections, start);
    std::vector<std::string> sectionNames;
    for (const SectionScript& s : sections) sectionNames.push_back(s.id + ": " + s.title);
    Fullscreen fullscreen;
    if (command.fullscreen) fullscreen.toggle(window);
    bool showUi = true;
    bool quit = false;
    int frameCount = 0;
    double last = glfwGetTime();
    double frameMs = 0;
    while (!glfwWindowShouldClose(window) && !quit) {
      Presenter& presenter = show.presenter();
      if (presenter.playing() || command.quitAfterFrames > 0) {
        glfwPollEvents();
      } else {
        glfwWaitEventsTimeout(0.1);  // idle while paused
      }
      const double now = glfwGetTime();
      presenter.update(now - last);
      last = now;

      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      ImGui::NewFrame();
      std::vector<ui::PlaybackCommand> commands = std::move(keys.commands);
      keys.commands.clear();
      const SectionScript& script = show.section();
      if (showUi) {
        const int beatIndex = beatIndexAtOrBefore(script, presenter.time());
        ui::ControlView view{.sections = sectionNames,
                             .sectionIndex = show.index(),
                             .sectionId = script.id,
                             .sectionTitle = script.title,
                             .time = presenter.time(),
                             .duration = script.duration,
                             .beat = beatIndex + 1,
                             .beatCount = static_cast<int>(script.beats.size()),
                             .beatLabel = beatIndex >= 0
                                              ? script.beats[static_cast<size_t>(beatIndex)].label
                                              : "start",
                             .playing = presenter.playing(),
                             .speed = presenter.speed(),
                             .frameMs = frameMs};
        ui::drawControlPanel(view, commands);
      }
      for (const ui::PlaybackCommand& c : commands) {
        switch (c.kind) {
          case Kind::NextBeat:
            show.nextBeat();
            break;
          case Kind::PreviousBeat:
            show.previousBeat();
            break;
          case Kind::NextSection:
            show.nextSection();
            break;
          case Kind::PreviousSection:
            show.previousSection();
            break;
          case Kind::GoToSection:
            show.goTo(static_cast<int>(c.value));
            break;
          case Kind::TogglePlay:
            show.presenter().togglePlay();
            break;
          case Kind::Home:
            show.presenter().home();
            break;
          case Kind::End:
            show.presenter().end();
            break;
          case Kind::SetSpeed:
            show.presenter().setSpeed(c.value);
            break;
          case Kind::Quit:
            quit = true;
            break;
          case Kind::ToggleUi:
            showUi = !showUi;
            break;
          case Kind::ToggleFullscreen:
            fullscreen.toggle(window);
            break;
        }
      }
      ImGui::Render();

      // The scene: rendered at the letterboxed size in framebuffer pixels, then blitted.
      const auto frameStart = std::chrono::steady_clock::now();
      int fbWidth = 0, fbHeight = 0;
      glfwGetFramebufferSize(window, &fbWidth, &fbHeight);
      if (fbWidth > 0 && fbHeight > 0) {
        const Camera cam = letterbox(fbWidth, fbHeight);
        const int w = std::max(1, static_cast<int>(std::lround(kDesignWidth * cam.scale)));
        const int h = std::max(1, static_cast<int>(std::lround(kDesignHeight * cam.scale)));
        const int x = (fbWidth - w) / 2;
        const int y = (fbHeight - h) / 2;
        const gl::OffscreenTarget& target =
            frames.render(show.section(), show.presenter().time(), w, h);
        gl::clearScreen(fbWidth, fbHeight);
        target.blitToScreen(x, y, w, h);
      }
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
      glfwSwapBuffers(window);
      frameMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frameStart)
                    .count();
      if (command.quitAfterFrames > 0 && ++frameCount >= command.quitAfterFrames) break;
    }
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return exitCode;
}

}  // namespace tfviz
