// OffscreenTarget (see offscreen.hpp).
#include "render/gl/offscreen.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include <glad/gl.h>

namespace tfviz::gl {

TargetSize maxViewportSize() {
  GLint viewport[2] = {0, 0};
  glGetIntegerv(GL_MAX_VIEWPORT_DIMS, viewport);
  return {viewport[0], viewport[1]};
}

TargetSize maxTargetSize() {
  GLint texture = 0, renderbuffer = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &texture);
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &renderbuffer);
  const int side = std::min(texture, renderbuffer);
  return minSize({side, side}, maxViewportSize());
}

void OffscreenTarget::resize(int width, int height) {
  if (width == m_width && height == m_height && m_fbo) return;
  const TargetSize limit = maxTargetSize();
  if (width <= 0 || height <= 0 || width > limit.width || height > limit.height) {
    throw std::runtime_error("offscreen target " + std::to_string(width) + "x" +
                             std::to_string(height) + " exceeds this GPU's limit of " +
                             std::to_string(limit.width) + "x" + std::to_string(limit.height));
  }
  // The old texture and framebuffer go first, so the old and new never hold memory together.
  m_fbo.reset();
  m_color.reset();
  m_width = m_height = 0;
  GLuint tex = 0;
  glGenTextures(1, &tex);
  m_color = Texture(tex);
  glBindTexture(GL_TEXTURE_2D, tex);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  GLint allocated = 0;
  glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_WIDTH, &allocated);
  if (allocated != width) {  // GL_OUT_OF_MEMORY: take the error, so it is reported once, here
    while (glGetError() != GL_NO_ERROR) {
    }
    m_color.reset();
    throw std::runtime_error("no GPU memory for a " + std::to_string(width) + "x" +
                             std::to_string(height) + " offscreen target");
  }
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  GLuint fbo = 0;
  glGenFramebuffers(1, &fbo);
  m_fbo = Framebuffer(fbo);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex, 0);
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  if (status != GL_FRAMEBUFFER_COMPLETE) {
    throw std::runtime_error("offscreen framebuffer incomplete (status " + std::to_string(status) +
                             ")");
  }
  m_width = width;
  m_height = height;
}

void OffscreenTarget::readPixels(Image& out) const {
  out.width = m_width;
  out.height = m_height;
  out.channels = 4;
  out.pixels.resize(static_cast<size_t>(m_width) * m_height * 4);
  glBindFramebuffer(GL_FRAMEBUFFER, m_fbo.id());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, m_width, m_height, GL_RGBA, GL_UNSIGNED_BYTE, out.pixels.data());
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void OffscreenTarget::blitToScreen(int x, int y, int w, int h) const {
  glBindFramebuffer(GL_READ_FRAMEBUFFER, m_fbo.id());
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
  // Our row 0 is the top of the picture, stored at the bottom of the texture: flip.
  const GLenum filter = (w == m_width && h == m_height) ? GL_NEAREST : GL_LINEAR;
  glBlitFramebuffer(0, 0, m_width, m_height, x, y + h, x + w, y, GL_COLOR_BUFFER_BIT, filter);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void PixelReadback::request(const OffscreenTarget& target, int slot, int top, int bottom) {
  if (!m_buffers[slot]) {
    GLuint id = 0;
    glGenBuffers(1, &id);
    m_buffers[slot] = Buffer(id);
  }
  if (bottom < 0) bottom = target.height();
  const int rows = std::max(0, bottom - top);
  m_width[slot] = target.width();
  m_height[slot] = rows;
  if (rows == 0) return;
  // The buffer is sized for the whole target once, and reused for any band of rows.
  const long whole = static_cast<long>(target.width()) * target.height() * 4;
  glBindBuffer(GL_PIXEL_PACK_BUFFER, m_buffers[slot].id());
  if (m_capacity[slot] != whole) {
    glBufferData(GL_PIXEL_PACK_BUFFER, whole, nullptr, GL_STREAM_READ);
    m_capacity[slot] = whole;
  }
  glBindFramebuffer(GL_FRAMEBUFFER, target.framebuffer());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  // Target row 0 is the picture's top and GL's y = 0: the band reads in picture order.
  glReadPixels(0, top, target.width(), rows, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
}

void PixelReadback::fetch(int slot, Image& out) {
  out.width = m_width[slot];
  out.height = m_height[slot];
  out.channels = 4;
  const size_t bytes = static_cast<size_t>(out.width) * out.height * 4;
  out.pixels.resize(bytes);
  if (bytes == 0) return;
  glBindBuffer(GL_PIXEL_PACK_BUFFER, m_buffers[slot].id());
  const void* data =
      glMapBufferRange(GL_PIXEL_PACK_BUFFER, 0, static_cast<GLsizeiptr>(bytes), GL_MAP_READ_BIT);
  if (data != nullptr) {
    std::memcpy(out.pixels.data(), data, bytes);
    glUnmapBuffer(GL_PIXEL_PACK_BUFFER);
  }
  glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
}

void clearScreen(int width, int height) {
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, width, height);
  glClearColor(0, 0, 0, 1);
  glClear(GL_COLOR_BUFFER_BIT);
}

}  // namespace tfviz::gl
