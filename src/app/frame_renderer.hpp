// FrameRenderer: (script, t, size) to pixels, the one path shared by the window, stills, sequence
// export and the GL tests, so a frame exported equals the frame shown live. Needs a current GL
// context.
#pragma once

#include <vector>

#include "core/image.hpp"
#include "render/draw_list.hpp"
#include "render/font_atlas.hpp"
#include "render/gl/offscreen.hpp"
#include "render/gl/renderer.hpp"
#include "scene/script.hpp"

namespace tfviz {

// An outline drawn over the scene in the window only (provenance), in design space.
struct OverlayMark {
  Rect rect;
  glm::vec4 color{1, 1, 1, 1};
  bool filled = false;
};

class FrameRenderer {
 public:
  explicit FrameRenderer(const FontAtlas& atlas);

  // Renders the section at time t into the offscreen target, resized to width x height.
  const gl::OffscreenTarget& render(const SectionScript& script, double t, int width, int height,
                                    const std::vector<OverlayMark>& overlay = {});
  // The same, read back as RGBA.
  void renderImage(const SectionScript& script, double t, int width, int height, Image& out);

  // The export path, in two halves: build the frame's draw list (CPU, cheap), then draw it. A
  // frame whose list equals the previous one's is the same picture and need not be drawn; with
  // `area` (see changedArea), only that part of the target is drawn again.
  const DrawList& prepare(const SectionScript& script, double t, int width, int height);
  const gl::OffscreenTarget& drawPrepared(bool transparent, const PixelRect* area = nullptr);

  const DrawStats& drawStats() const { return m_list.stats(); }
  const gl::RenderStats& renderStats() const { return m_stats; }

 private:
  const FontAtlas& m_atlas;
  gl::Renderer m_renderer;
  gl::OffscreenTarget m_target;
  DrawList m_list;
  gl::RenderStats m_stats;
};

}  // namespace tfviz
