// Clicking the scene in the window: the design-space point under the mouse (through the
// letterbox), the product entry there, and the marks that show where it comes from. The entry is
// remembered for the section it was clicked in. Pure: no GL, no window.
#pragma once

#include <optional>

#include <glm/glm.hpp>

#include "scene/provenance.hpp"

namespace tfviz {

// The design-space (1920x1080) point under `mouse` (window coordinates) when the scene fills the
// letterbox of a framebuffer of framebufferSize pixels in a window of windowSize.
glm::vec2 designPoint(glm::vec2 mouse, glm::ivec2 windowSize, glm::ivec2 framebufferSize);

class Picking {
 public:
  // A click at `point` (design space) in section number `section`, shown at time t: the entry
  // there, or none.
  void click(const SectionScript& script, int section, double t, glm::vec2 point);
  void clear() { m_provenance.reset(); }
  // The clicked entry, when it was clicked in `section` (another section's is forgotten).
  const Provenance* at(int section);
  // The rows, column and entry to outline for it at time t.
  std::optional<ProvenanceMarks> marks(const SectionScript& script, int section, double t);

 private:
  std::optional<Provenance> m_provenance;
  int m_section = -1;
};

}  // namespace tfviz
