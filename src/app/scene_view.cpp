// The scene in the window (see scene_view.hpp).
#include "app/scene_view.hpp"

#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "app/cli.hpp"
#include "core/log.hpp"
#include "render/gl/gl_objects.hpp"
#include "render/gl/offscreen.hpp"
#include "scene/build_draw_list.hpp"

namespace tfviz {
namespace {

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

}  // namespace

SceneView::SceneView() : m_limit(liveTargetLimit()) {}

void SceneView::draw(FrameRenderer& frames, const SectionScript& script, double t, int fbWidth,
                     int fbHeight, bool blank, double now,
                     const std::vector<OverlayMark>& overlay) {
  if (fbWidth <= 0 || fbHeight <= 0) return;
  gl::clearScreen(fbWidth, fbHeight);
  if (blank) return;
  // The letterboxed scene in framebuffer pixels (shown), drawn at the largest size the GPU and
  // the memory cap allow (drawn), the blit scaling it when the two differ.
  const Camera cam = letterbox(fbWidth, fbHeight);
  const TargetSize shown{std::max(1, static_cast<int>(std::lround(kDesignWidth * cam.scale))),
                         std::max(1, static_cast<int>(std::lround(kDesignHeight * cam.scale)))};
  const TargetSize drawn = m_sizer.update(fitRenderTarget(shown, m_limit), now);
  try {
    const gl::OffscreenTarget& target =
        frames.render(script, t, drawn.width, drawn.height, overlay);
    target.blitToScreen((fbWidth - shown.width) / 2, (fbHeight - shown.height) / 2, shown.width,
                        shown.height);
  } catch (const std::exception& e) {
    // No GPU memory for this size: half of it from the next frame on, not the end of the show.
    if (drawn.width <= 64 || drawn.height <= 36) throw;
    m_limit = minSize(m_limit, {drawn.width / 2, drawn.height / 2});
    m_sizer.reset();
    logError(std::string(e.what()) + "; the scene is drawn at most " +
             std::to_string(m_limit.width) + "x" + std::to_string(m_limit.height) + " from now on");
  }
}

}  // namespace tfviz
