// HeadlessContext: an OpenGL 3.3 core context with no window and no X server, through EGL:
// Mesa's surfaceless platform where there is one (CPU machines), else the device platform
// (NVIDIA servers). Rendering goes into an offscreen target.
#pragma once

#include <memory>
#include <string>

namespace tfviz {

class HeadlessContext {
 public:
  // nullptr with `error` set (one line) when no context can be made.
  static std::unique_ptr<HeadlessContext> create(std::string* error);
  ~HeadlessContext();
  HeadlessContext(const HeadlessContext&) = delete;
  HeadlessContext& operator=(const HeadlessContext&) = delete;

  const std::string& platform() const { return m_platform; }  // "surfaceless" or "device"

 private:
  HeadlessContext() = default;
  void* m_display = nullptr;
  void* m_context = nullptr;
  std::string m_platform;
};

}  // namespace tfviz
