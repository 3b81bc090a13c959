// Provenance of product entries (see provenance.hpp).
#include "scene/provenance.hpp"

#include "math/format.hpp"

namespace tfviz {
namespace {

Rect cellRect(const SectionScript& script, const SceneState& state, ItemId item, int r, int c) {
  return matrixGeometry(script.items[item].matrix, state.items[item]).cell(r, c);
}

std::string itemName(const SectionScript& script, ItemId id) {
  const ItemDef& d = script.items[id];
  return d.matrix.label.empty() ? d.name : d.matrix.label;
}

}  // namespace

std::optional<Provenance> provenanceAt(const SectionScript& script, const SceneState& state,
                                       glm::vec2 point) {
  // Later products are drawn later (on top): search them first.
  for (size_t n = script.products.size(); n-- > 0;) {
    const ProductRecord& rec = script.products[n];
    if (state.items[rec.result].opacity < 0.5f || state.items[rec.lhs].opacity < 0.5f ||
        state.items[rec.rhs].opacity < 0.5f)
      continue;
    for (int r = 0; r < rec.rows; ++r) {
      for (int c = 0; c < rec.cols; ++c) {
        // Entries not computed yet (faint "?") keep their answer to themselves.
        if (state.items[rec.result].cells[static_cast<size_t>(r * rec.cols + c)].opacity < 0.9f)
          continue;
        const Rect cell = cellRect(script, state, rec.result, r, c);
        if (point.x < cell.min.x || point.x > cell.max.x || point.y < cell.min.y ||
            point.y > cell.max.y)
          continue;
        Provenance p{.product = n, .row = r, .col = c};
        const math::NumberFormat f{.decimals = rec.decimals};
        double total = 0;
        std::string sum;
        for (int k = 0; k < rec.inner; ++k) {
          const double a = rec.a[static_cast<size_t>(r * rec.inner + k)];
          const double b = rec.b[static_cast<size_t>(k * rec.cols + c)];
          total += a * b;
          const math::NumberFormat pf{.decimals = std::max(rec.decimals, f.decimals)};
          p.terms.push_back(math::formatFactor(a, f) + math::kDot + math::formatFactor(b, f) +
                            " = " + math::formatNumber(a * b, pf));
          if (k > 0) sum += " + ";
          sum += math::formatFactor(a * b, pf);
        }
        const math::NumberFormat rf{.decimals = rec.decimals > 0 ? std::max(rec.decimals, 2) : 0};
        p.sum = sum + " = " + math::formatNumber(total, rf);
        p.title = itemName(script, rec.result) + "[" + std::to_string(r) + ", " +
                  std::to_string(c) + "] = row " + std::to_string(r) + " of " +
                  itemName(script, rec.lhs) + " · column " + std::to_string(c) + " of " +
                  itemName(script, rec.rhs);
        return p;
      }
    }
  }
  // Not a product's entry: a noted cell (the last noted matrix drawn is on top).
  for (size_t n = script.cellNotes.size(); n-- > 0;) {
    const CellNote& note = script.cellNotes[n];
    if (note.time > state.time + kTimeEpsilon) continue;  // not written yet at this time
    const ItemState& s = state.items[note.item];
    const MatrixDef& def = script.items[note.item].matrix;
    if (s.opacity < 0.5f || note.cell < 0 || note.cell >= def.rows * def.cols) continue;
    if (s.cells[static_cast<size_t>(note.cell)].opacity < 0.9f) continue;
    const Rect cell =
        cellRect(script, state, note.item, note.cell / def.cols, note.cell % def.cols);
    if (point.x < cell.min.x || point.x > cell.max.x || point.y < cell.min.y ||
        point.y > cell.max.y)
      continue;
    return Provenance{.note = n,
                      .row = note.cell / def.cols,
                      .col = note.cell % def.cols,
                      .terms = note.terms,
                      .sum = note.result,
                      .title = note.title};
  }
  return std::nullopt;
}

ProvenanceMarks provenanceMarks(const SectionScript& script, const SceneState& state,
                                const Provenance& p) {
  ProvenanceMarks m;
  if (p.note) {  // a noted cell: only the entry itself is outlined
    const CellNote& note = script.cellNotes[*p.note];
    m.entry = cellRect(script, state, note.item, p.row, p.col);
    m.lhsRow = m.rhsCol = m.entry;
    return m;
  }
  const ProductRecord& rec = script.products[p.product];
  m.lhsRow = cellRect(script, state, rec.lhs, p.row, 0)
                 .united(cellRect(script, state, rec.lhs, p.row, rec.inner - 1));
  m.rhsCol = cellRect(script, state, rec.rhs, 0, p.col)
                 .united(cellRect(script, state, rec.rhs, rec.inner - 1, p.col));
  m.entry = cellRect(script, state, rec.result, p.row, p.col);
  return m;
}

}  // namespace tfviz
