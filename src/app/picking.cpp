// Clicking the scene (see picking.hpp).
#include "app/picking.hpp"

#include "scene/build_draw_list.hpp"

namespace tfviz {

glm::vec2 designPoint(glm::vec2 mouse, glm::ivec2 windowSize, glm::ivec2 framebufferSize) {
  const Camera cam = letterbox(framebufferSize.x, framebufferSize.y);
  const glm::vec2 fb = mouse * glm::vec2(framebufferSize) / glm::vec2(windowSize);
  return (fb - cam.offset) / cam.scale;
}

void Picking::click(const SectionScript& script, int section, double t, glm::vec2 point) {
  m_provenance = provenanceAt(script, evaluate(script, t), point);
  m_section = section;
}

const Provenance* Picking::at(int section) {
  if (m_section != section) m_provenance.reset();
  return m_provenance ? &*m_provenance : nullptr;
}

std::optional<ProvenanceMarks> Picking::marks(const SectionScript& script, int section, double t) {
  const Provenance* p = at(section);
  if (p == nullptr) return std::nullopt;
  return provenanceMarks(script, evaluate(script, t), *p);
}

}  // namespace tfviz
