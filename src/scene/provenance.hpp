// Provenance: which product entry is under a point of the frame, and how it is made: the row of
// the left operand, the column of the right one, and every term. Pure, CPU only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "render/font_atlas.hpp"
#include "scene/script.hpp"

namespace tfviz {

struct Provenance {
  size_t product = 0;          // index into script.products
  std::optional<size_t> note;  // or: index into script.cellNotes (product, row, col unused)
  int row = 0;
  int col = 0;
  std::vector<std::string> terms;  // "1×2 = 2" for every k
  std::string sum;                 // "2 + 0 + 0 = 2"
  std::string title;               // "queries[0, 0] = hidden_states row 0 · W_q.T column 0"
};

// The product entry at `point` (design space) in `state`, if a visible result cell is there; else
// the noted cell there (script.cellNotes), if any.
std::optional<Provenance> provenanceAt(const SectionScript& script, const SceneState& state,
                                       glm::vec2 point);

// Design-space rectangles to outline for a provenance: the lhs row, the rhs column, the entry.
struct ProvenanceMarks {
  Rect lhsRow;
  Rect rhsCol;
  Rect entry;
};
ProvenanceMarks provenanceMarks(const SectionScript& script, const SceneState& state,
                                const Provenance& p);

}  // namespace tfviz
