// FrameRenderer (see frame_renderer.hpp).
#include "app/frame_renderer.hpp"

#include "scene/build_draw_list.hpp"

namespace tfviz {

FrameRenderer::FrameRenderer(const FontAtlas& atlas) : m_atlas(atlas), m_renderer(atlas) {}

const gl::OffscreenTarget& FrameRenderer::render(const SectionScript& script, double t, int width,
                                                 int height,
                                                 const std::vector<OverlayMark>& overlay) {
  m_target.resize(width, height);
  const SceneState state = evaluate(script, t);
  buildDrawList(script, state, m_atlas, width, height, m_list);
  const Camera cam = letterbox(width, height);
  for (const OverlayMark& mark : overlay) {
    const Rect r = cam.toTarget(mark.rect.expanded(6));
    if (mark.filled) {
      m_list.addRect(r, mark.color, 8 * cam.scale);
    } else {
      m_list.addRectStroke(r, mark.color, 8 * cam.scale, 4 * cam.scale);
    }
  }
  m_stats = m_renderer.render(m_list, m_target);
  return m_target;
}

const DrawList& FrameRenderer::prepare(const SectionScript& script, double t, int width,
                                       int height) {
  m_target.resize(width, height);
  buildDrawList(script, evaluate(script, t), m_atlas, width, height, m_list);
  return m_list;
}

const gl::OffscreenTarget& FrameRenderer::drawPrepared(bool transparent, const PixelRect* area) {
  m_stats = m_renderer.render(m_list, m_target, transparent, area);
  return m_target;
}

void FrameRenderer::renderImage(const SectionScript& script, double t, int width, int height,
                                Image& out) {
  render(script, t, width, height).readPixels(out);
}

}  // namespace tfviz
