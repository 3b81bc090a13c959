// The scene in the window: drawn at the letterboxed size in framebuffer pixels into an offscreen
// target no larger than the GPU and the memory cap allow (fitRenderTarget), which changes size
// with hysteresis (TargetSizer) and is scaled to the window by the blit, so no window size,
// however large, ends the show. Needs the window's GL context current.
#pragma once

#include <vector>

#include "app/frame_renderer.hpp"
#include "render/render_target_size.hpp"

namespace tfviz {

class SceneView {
 public:
  SceneView();
  // Clears the framebuffer (fbWidth x fbHeight) and, unless `blank`, draws `script` at time t in
  // its letterbox with `overlay` on top. `now` (seconds) drives the target's resize hysteresis.
  // Out of GPU memory for a size, it draws at most half that size from the next frame on.
  void draw(FrameRenderer& frames, const SectionScript& script, double t, int fbWidth, int fbHeight,
            bool blank, double now, const std::vector<OverlayMark>& overlay);

 private:
  TargetSize m_limit;
  TargetSizer m_sizer;
};

}  // namespace tfviz
