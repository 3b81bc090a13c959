// OffscreenTarget: a framebuffer with an RGBA8 colour texture at the output resolution. Window
// and export both render into one; the window then blits it to the screen.
#pragma once

#include "core/image.hpp"
#include "render/gl/gl_objects.hpp"
#include "render/render_target_size.hpp"

namespace tfviz::gl {

class OffscreenTarget {
 public:
  OffscreenTarget() = default;
  // Creates or resizes the target (no-op when the size is unchanged); a new size gets a new
  // texture and the old one's memory goes back. Throws std::runtime_error when the size is empty
  // or past maxTargetSize(), or when the GPU has no memory for it (the window fits its target
  // with fitRenderTarget first, so only an export's explicit size can be refused).
  void resize(int width, int height);
  int width() const { return m_width; }
  int height() const { return m_height; }
  uint32_t framebuffer() const { return m_fbo.id(); }
  // Reads the target back as RGBA, row 0 on top.
  void readPixels(Image& out) const;
  // Copies the target into the default framebuffer's rectangle (x, y, w, h), flipping it upright:
  // pixel for pixel when the sizes match, else scaled with linear filtering (a target smaller
  // than the window, see fitRenderTarget).
  void blitToScreen(int x, int y, int w, int h) const;

 private:
  Framebuffer m_fbo;
  Texture m_color;
  int m_width = 0;
  int m_height = 0;
};

// Asynchronous readback through two pixel buffer objects: request() starts copying the target
// into one buffer and returns at once; fetch() maps a buffer requested earlier (a frame later,
// while the GPU has been busy with the next one). On llvmpipe it costs the same as glReadPixels;
// on a real GPU the copy overlaps rendering.
class PixelReadback {
 public:
  static constexpr int kSlots = 2;
  // Starts reading rows [top, bottom) of `target` (RGBA, whole rows) into `slot`; bottom < 0
  // means the last row.
  void request(const OffscreenTarget& target, int slot, int top = 0, int bottom = -1);
  // Waits for `slot` and copies its rows out (the first row requested on top).
  void fetch(int slot, Image& out);

 private:
  Buffer m_buffers[kSlots];
  long m_capacity[kSlots] = {0, 0};
  int m_width[kSlots] = {0, 0};
  int m_height[kSlots] = {0, 0};
};

// The largest target this context can draw into: GL_MAX_TEXTURE_SIZE, GL_MAX_RENDERBUFFER_SIZE and
// GL_MAX_VIEWPORT_DIMS, whichever is smallest on each side.
TargetSize maxTargetSize();
// GL_MAX_VIEWPORT_DIMS: the largest part of a window that draw calls reach.
TargetSize maxViewportSize();

// Clears the default framebuffer (the window) to black: the letterbox bars.
void clearScreen(int width, int height);

}  // namespace tfviz::gl
