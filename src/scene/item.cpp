// Item geometry (see item.hpp). CPU only.
#include "scene/item.hpp"

#include <cmath>

#include <glm/common.hpp>

#include "render/text_layout.hpp"

namespace tfviz {

Rect MatrixGeometry::cell(int row, int col) const {
  const glm::vec2 min = grid.min + glm::vec2(col * cellSize.x, row * cellSize.y);
  return {min, min + cellSize};
}

MatrixGeometry matrixGeometry(const MatrixDef& def, const ItemState& state) {
  MatrixGeometry g;
  const float s = state.scale;
  g.cellSize = def.cellSize * s;
  g.fontSize = def.fontSize * s;
  const glm::vec2 gridSize(g.cellSize.x * def.cols, g.cellSize.y * def.rows);
  g.grid = Rect::fromCenter(state.pos, gridSize);
  g.bracketStroke = std::max(2.0f, def.fontSize * 0.075f) * s;
  g.bracketArm = def.fontSize * 0.32f * s;
  const float gap = def.fontSize * 0.12f * s;
  const float top = g.grid.min.y - gap;
  const float bottom = g.grid.max.y + gap;
  g.leftBracket = {{g.grid.min.x - gap - g.bracketStroke, top},
                   {g.grid.min.x - gap + g.bracketArm, bottom}};
  g.rightBracket = {{g.grid.max.x + gap - g.bracketArm, top},
                    {g.grid.max.x + gap + g.bracketStroke, bottom}};
  g.labelSize = def.labelSize * s;
  g.headerSize = def.headerSize * s;
  g.rowLabelRight = g.leftBracket.min.x - def.headerSize * 0.5f * s;
  float aboveGrid = top;
  if (!def.colLabels.empty()) {
    g.colLabelY = top - g.headerSize * 0.8f;
    aboveGrid = g.colLabelY - g.headerSize * 0.5f;
  }
  g.labelCenter = {state.pos.x, aboveGrid - g.labelSize * 0.85f};
  return g;
}

float digitHeight(const FontAtlas& atlas, FontFace face, float size) {
  const GlyphInfo* zero = atlas.glyph(face, U'0');
  const float k = size / atlas.bakePx();
  if (zero == nullptr) return atlas.metrics(face).ascent * 0.75f * k;
  return (-zero->offset.y - static_cast<float>(atlas.padding())) * k;
}

glm::vec2 textOrigin(const FontAtlas& atlas, const TextDef& def, const ItemState& state) {
  const float size = def.size * state.scale;
  const float width = measureText(atlas, def.face, def.text, size);
  float left = state.pos.x;
  if (def.align == Align::Center) left -= width * 0.5f;
  if (def.align == Align::Right) left -= width;
  return {left, state.pos.y + digitHeight(atlas, def.face, size) * 0.5f};
}

Rect textBounds(const FontAtlas& atlas, const TextDef& def, const ItemState& state) {
  // The face's ascent and descent; with maths markup, at least the ink of fractions and scripts.
  const TextExtent e = measureTextExtent(atlas, def.face, def.text, def.size * state.scale);
  const glm::vec2 origin = textOrigin(atlas, def, state);
  return {{origin.x, origin.y - e.ascent}, {origin.x + e.width, origin.y + e.descent}};
}

Rect itemBounds(const FontAtlas& atlas, const ItemDef& def, const ItemState& state) {
  switch (def.kind) {
    case ItemKind::Text:
      return textBounds(atlas, def.text, state);
    case ItemKind::Matrix: {
      const MatrixDef& m = def.matrix;
      const MatrixGeometry g = matrixGeometry(m, state);
      Rect r = g.leftBracket.united(g.rightBracket).united(g.grid);
      auto addText = [&](const std::string& text, float size, glm::vec2 pos, Align align) {
        if (text.empty()) return;
        TextDef t{.text = text, .face = FontFace::Sans, .size = size, .align = align};
        ItemState ts = state;
        ts.pos = pos;
        r = r.united(textBounds(atlas, t, ts));
      };
      addText(m.label, m.labelSize, g.labelCenter, Align::Center);
      for (size_t i = 0; i < m.rowLabels.size(); ++i) {
        const float y = g.cell(static_cast<int>(i), 0).center().y;
        addText(m.rowLabels[i], m.headerSize, {g.rowLabelRight, y}, Align::Right);
      }
      for (size_t j = 0; j < m.colLabels.size(); ++j) {
        const float x = g.cell(0, static_cast<int>(j)).center().x;
        addText(m.colLabels[j], m.headerSize, {x, g.colLabelY}, Align::Center);
      }
      return r;
    }
    case ItemKind::Box:
      return Rect::fromCenter(state.pos, state.size * state.scale);
    case ItemKind::Path: {
      const PathDef& p = def.path;
      if (p.points.empty()) return {};
      glm::vec2 lo = p.points[0], hi = p.points[0];
      auto include = [&](glm::vec2 q) {
        lo = glm::min(lo, q);
        hi = glm::max(hi, q);
      };
      for (glm::vec2 q : p.points) include(q);
      if (p.arrowSize > 0 && p.points.size() >= 2) {
        // The arrow head's two barbs, as drawn (see build_draw_list.cpp).
        const glm::vec2 tip = p.points.back();
        const glm::vec2 d = tip - p.points[p.points.size() - 2];
        const float len = std::sqrt(d.x * d.x + d.y * d.y);
        if (len > 0) {
          const glm::vec2 dir = d / len, normal(-dir.y, dir.x);
          include(tip - dir * p.arrowSize + normal * p.arrowSize * 0.5f);
          include(tip - dir * p.arrowSize - normal * p.arrowSize * 0.5f);
        }
      }
      const Rect r = Rect{lo, hi}.expanded(p.width * 0.5f);
      return {state.pos + r.min * state.scale, state.pos + r.max * state.scale};
    }
  }
  return {};
}

}  // namespace tfviz
