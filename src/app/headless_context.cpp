// HeadlessContext through EGL (see headless_context.hpp). glad's EGL loader is loaded twice:
// once to find the client extensions, again with the display to see EGL 1.5.
#include "app/headless_context.hpp"

#include "core/interrupt.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <glad/egl.h>

#include "core/log.hpp"
#include "render/gl/gl_objects.hpp"

namespace tfviz {
namespace {

bool hasExtension(const char* list, const char* name) {
  if (list == nullptr) return false;
  const size_t n = std::strlen(name);
  for (const char* p = list; (p = std::strstr(p, name)) != nullptr; p += n) {
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return true;
  }
  return false;
}

void* eglLoader(const char* name) {
  return reinterpret_cast<void*>(eglGetProcAddress(name));
}

EGLDisplay initialize(EGLenum platform, void* native) {
  EGLDisplay display = eglGetPlatformDisplayEXT(platform, native, nullptr);
  if (display == EGL_NO_DISPLAY) return EGL_NO_DISPLAY;
  EGLint major = 0, minor = 0;
  if (!eglInitialize(display, &major, &minor)) return EGL_NO_DISPLAY;
  return display;
}

EGLContext makeContext(EGLDisplay display) {
  if (!eglBindAPI(EGL_OPENGL_API)) return EGL_NO_CONTEXT;
  const EGLint configAttribs[] = {EGL_RENDERABLE_TYPE,
                                  EGL_OPENGL_BIT,
                                  EGL_RED_SIZE,
                                  8,
                                  EGL_GREEN_SIZE,
                                  8,
                                  EGL_BLUE_SIZE,
                                  8,
                                  EGL_NONE};
  EGLConfig config = nullptr;
  EGLint count = 0;
  eglChooseConfig(display, configAttribs, &config, 1, &count);
  if (count == 0) config = nullptr;  // EGL_KHR_no_config_context: fine for FBO rendering
  const EGLint contextAttribs[] = {EGL_CONTEXT_MAJOR_VERSION,
                                   3,
                                   EGL_CONTEXT_MINOR_VERSION,
                                   3,
                                   EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                   EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                   EGL_NONE};
  EGLContext context = eglCreateContext(display, config, EGL_NO_CONTEXT, contextAttribs);
  if (context == EGL_NO_CONTEXT) return EGL_NO_CONTEXT;
  if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context)) {
    eglDestroyContext(display, context);
    return EGL_NO_CONTEXT;
  }
  return context;
}

}  // namespace

std::unique_ptr<HeadlessContext> HeadlessContext::create(std::string* error) {
  const char* forced = std::getenv("TFVIZ_EGL_PLATFORM");
  const std::string forcedPlatform = forced != nullptr ? forced : "";
  if (!forcedPlatform.empty() && forcedPlatform != "surfaceless" && forcedPlatform != "device") {
    *error = "TFVIZ_EGL_PLATFORM: '" + forcedPlatform +
             "' is not a platform (surfaceless or device, or unset to choose)";
    return nullptr;
  }
  if (!gladLoaderLoadEGL(EGL_NO_DISPLAY)) {
    *error = "EGL: cannot load libEGL.so.1 (install libegl1 and a driver, e.g. libegl-mesa0)";
    return nullptr;
  }
  const char* clientExtensions = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  if (!hasExtension(clientExtensions, "EGL_EXT_platform_base")) {
    *error = "EGL: the driver lacks EGL_EXT_platform_base, so no display-less context is possible";
    return nullptr;
  }
  std::unique_ptr<HeadlessContext> ctx(new HeadlessContext());
  EGLDisplay display = EGL_NO_DISPLAY;
  EGLContext context = EGL_NO_CONTEXT;
  auto tryDisplay = [&](EGLDisplay d, const char* platform) {
    if (d == EGL_NO_DISPLAY) return false;
    gladLoaderLoadEGL(d);  // now with the display's version (1.5 entry points)
    context = makeContext(d);
    if (context == EGL_NO_CONTEXT) {
      eglTerminate(d);
      return false;
    }
    display = d;
    ctx->m_platform = platform;
    return true;
  };
  // The order: a GPU through the device platform (NVIDIA servers, or Mesa with a DRM device),
  // then Mesa's surfaceless platform (no X, no device node), then a software device. A GPU comes
  // first because a server with an NVIDIA GPU may have Mesa installed too, and surfaceless would
  // then render on the CPU. TFVIZ_EGL_PLATFORM=surfaceless or =device picks one platform.
  const std::string only = forcedPlatform;
  std::vector<EGLDeviceEXT> devices;
  if (hasExtension(clientExtensions, "EGL_EXT_platform_device") && eglQueryDevicesEXT != nullptr) {
    EGLint count = 0;
    eglQueryDevicesEXT(0, nullptr, &count);
    devices.resize(static_cast<size_t>(std::max(count, 0)));
    if (count > 0) eglQueryDevicesEXT(count, devices.data(), &count);
    devices.resize(static_cast<size_t>(std::max(count, 0)));
  }
  auto isSoftware = [](EGLDeviceEXT device) {
    const char* extensions =
        eglQueryDeviceStringEXT != nullptr ? eglQueryDeviceStringEXT(device, EGL_EXTENSIONS) : "";
    return hasExtension(extensions, "EGL_MESA_device_software");
  };
  auto tryDevices = [&](bool software) {
    for (EGLDeviceEXT device : devices) {
      if (isSoftware(device) != software) continue;
      if (tryDisplay(initialize(EGL_PLATFORM_DEVICE_EXT, device), "device")) return;
    }
  };
  if (only != "surfaceless") tryDevices(false);
  if (display == EGL_NO_DISPLAY && only != "device" &&
      hasExtension(clientExtensions, "EGL_MESA_platform_surfaceless")) {
    tryDisplay(initialize(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY), "surfaceless");
  }
  if (display == EGL_NO_DISPLAY && only != "surfaceless") tryDevices(true);
  if (display == EGL_NO_DISPLAY) {
    *error = forcedPlatform.empty()
                 ? "EGL: no device or surfaceless platform gave an OpenGL 3.3 core context"
                 : "EGL: the " + forcedPlatform +
                       " platform (TFVIZ_EGL_PLATFORM) gave no OpenGL 3.3 core context";
    return nullptr;
  }
  ctx->m_display = display;
  ctx->m_context = context;
  if (!gl::loadFunctions(eglLoader)) {
    *error = "EGL: the context does not provide OpenGL 3.3 core functions";
    return nullptr;
  }
  return ctx;
}

HeadlessContext::~HeadlessContext() {
  if (m_display == nullptr) return;
  eglMakeCurrent(m_display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  if (m_context != nullptr) eglDestroyContext(m_display, m_context);
  eglTerminate(m_display);
}

void HeadlessContext::makeCurrent() const {
  eglMakeCurrent(m_display, EGL_NO_SURFACE, EGL_NO_SURFACE, m_context);
}

std::shared_ptr<Headless> openHeadless() {
  // One per process at a time: a second context would be terminated with the first (EGL shares
  // the display). Whoever keeps the first (the Python module, for every call) keeps it for all.
  static std::weak_ptr<Headless> live;
  if (std::shared_ptr<Headless> h = live.lock()) {
    h->context->makeCurrent();
    return h;
  }
  auto h = std::make_shared<Headless>();
  std::string error;
  h->context = HeadlessContext::create(&error);
  if (!h->context) {
    logError(error);
    return nullptr;
  }
  // Baking takes a few hundred ms: a Ctrl-C meanwhile stops it (the command then stops too).
  h->atlas = FontAtlas::bake({.cancelled = interrupted});
  if (interrupted()) {
    logError(std::string("interrupted by ") + interruptSignalName() +
             " while starting: nothing was written");
    return nullptr;
  }
  live = h;
  return h;
}

}  // namespace tfviz
