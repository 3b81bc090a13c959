// The size of the window's offscreen target: pure arithmetic, no GL, so that any window size
// (past the GPU's limits, 0x0, a drag-resize) is unit-tested. The window draws the scene into a
// target no larger than what the GPU and a memory cap allow, then scales it to the window.
#pragma once

#include <optional>
#include <string_view>

namespace tfviz {

struct TargetSize {
  int width = 0;
  int height = 0;
  bool empty() const { return width <= 0 || height <= 0; }
  bool operator==(const TargetSize&) const = default;
};

// The live window's cap on its offscreen target, whatever the GPU allows: the export maximum
// (kMaxWidth x kMaxHeight in app/cli.hpp). The scene is authored at 1920x1080 and letterboxed, so
// a larger target adds no detail worth its memory (7680x4320 RGBA8 is 133 MB; 16384x9216 would
// be 604 MB); a window larger than this shows the target scaled up by a linear blit.
inline constexpr TargetSize kLiveTargetCap{7680, 4320};

// Elementwise minimum.
TargetSize minSize(TargetSize a, TargetSize b);

// The largest size with `wanted`'s aspect ratio (to within a pixel, rounding down) that fits in
// `limit`: `wanted` itself when it fits, never smaller than 1x1 in either dimension, {0, 0} when
// `wanted` or `limit` is empty.
TargetSize fitRenderTarget(TargetSize wanted, TargetSize limit);

// The test hook TFVIZ_MAX_TARGET: "N" (N x N) or "WxH", each from 1 to 65536; nullopt otherwise.
std::optional<TargetSize> parseTargetLimit(std::string_view text);

// The target's size from frame to frame, with hysteresis so a drag-resize does not reallocate on
// every frame while memory still comes back when the window shrinks: the target grows at once;
// it shrinks to the wanted size once that has stayed within it for `settleSeconds`, or at once
// when the wanted width or height falls below half the target's (un-fullscreen, a big drop).
// Meanwhile the scene is drawn at the larger size and scaled down to the window.
class TargetSizer {
 public:
  explicit TargetSizer(double settleSeconds = 0.5) : m_settle(settleSeconds) {}
  // The size to draw at this frame, for `wanted` (already fitted) at time `now` (seconds). An
  // empty `wanted` (nothing to draw) returns {0, 0} and changes nothing.
  TargetSize update(TargetSize wanted, double now);
  // Forgets the size (after a failed allocation): the next update takes `wanted` as it is.
  void reset() { *this = TargetSizer(m_settle); }
  TargetSize size() const { return m_size; }

 private:
  double m_settle;
  TargetSize m_size;
  double m_smallerSince = -1;  // when `wanted` first fell within m_size; < 0: it has not
};

}  // namespace tfviz
