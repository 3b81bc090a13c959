// HeadlessContext: an OpenGL 3.3 core context with no window and no X server, through EGL: a GPU
// through the device platform (NVIDIA servers) first, else Mesa's surfaceless platform (CPU
// machines), else a software device. TFVIZ_EGL_PLATFORM=surfaceless|device forces one. Rendering
// goes into an offscreen target.
#pragma once

#include <memory>
#include <string>

#include "render/font_atlas.hpp"

namespace tfviz {

class HeadlessContext {
 public:
  // nullptr with `error` set (one line) when no context can be made.
  static std::unique_ptr<HeadlessContext> create(std::string* error);
  ~HeadlessContext();
  HeadlessContext(const HeadlessContext&) = delete;
  HeadlessContext& operator=(const HeadlessContext&) = delete;

  const std::string& platform() const { return m_platform; }  // "surfaceless" or "device"
  // Makes the context current again (after another one was, a window's).
  void makeCurrent() const;

 private:
  HeadlessContext() = default;
  void* m_display = nullptr;
  void* m_context = nullptr;
  std::string m_platform;
};

// What every command without a window needs: a headless context and the baked atlas. nullptr
// (after one error line on stderr) when no context can be made. While one is alive, another call
// returns it again, made current.
struct Headless {
  std::unique_ptr<HeadlessContext> context;
  FontAtlas atlas;
};
std::shared_ptr<Headless> openHeadless();

}  // namespace tfviz
