// buildDrawList: items to quads (see build_draw_list.hpp). CPU only.
#include "scene/build_draw_list.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <glm/geometric.hpp>

#include "render/palette.hpp"
#include "render/text_layout.hpp"

namespace tfviz {

Camera letterbox(int width, int height) {
  const float scale = std::min(width / kDesignWidth, height / kDesignHeight);
  const glm::vec2 used(kDesignWidth * scale, kDesignHeight * scale);
  return {scale, (glm::vec2(width, height) - used) * 0.5f};
}

namespace {

glm::vec4 withAlpha(glm::vec4 c, float alpha) {
  return {c.r, c.g, c.b, c.a * alpha};
}

// One line of text whose baseline starts at `origin` (design space). `reveal` in [0,1] shows the
// glyphs one after another, each fading in over its own slot; a maths rule (fraction bar,
// radical bar) fades in with the glyph whose slot it shares.
void drawText(const FontAtlas& atlas, const Camera& cam, FontFace face, const std::string& text,
              float size, glm::vec2 origin, glm::vec4 color, float reveal, DrawList& out) {
  if (color.a <= 0.0f || text.empty()) return;
  const TextLayout layout = layoutText(atlas, face, text, size * cam.scale);
  const glm::vec2 o = cam.toTarget(origin);
  const float revealed = reveal * static_cast<float>(layout.charCount);
  for (const PlacedGlyph& g : layout.glyphs) {
    const float a = std::clamp(revealed - static_cast<float>(g.charIndex), 0.0f, 1.0f);
    if (a <= 0.0f) continue;
    out.addGlyph(o + g.pos, g.size, g.uv0, g.uv1, withAlpha(color, a));
  }
  for (const PlacedRule& r : layout.rules) {
    const float a = std::clamp(revealed - static_cast<float>(r.charIndex), 0.0f, 1.0f);
    if (a <= 0.0f) continue;
    out.addRect({o + r.pos, o + r.pos + r.size}, withAlpha(color, a));
  }
}

void drawTextItem(const FontAtlas& atlas, const Camera& cam, const TextDef& def, const ItemState& s,
                  DrawList& out) {
  drawText(atlas, cam, def.face, def.text, def.size * s.scale, textOrigin(atlas, def, s),
           withAlpha(s.color, s.opacity), s.reveal, out);
}

void drawMatrix(const FontAtlas& atlas, const Camera& cam, const MatrixDef& def, const ItemState& s,
                DrawList& out) {
  const MatrixGeometry g = matrixGeometry(def, s);
  const float inset = def.padX * g.fontSize;
  const float baselineDrop = digitHeight(atlas, FontFace::Mono, g.fontSize) * 0.5f;
  auto drawCellText = [&](int textIndex, const Rect& cell, glm::vec4 color) {
    if (textIndex < 0 || textIndex >= static_cast<int>(def.texts.size())) return;
    const std::string& text = def.texts[static_cast<size_t>(textIndex)];
    const float width = measureText(atlas, FontFace::Mono, text, g.fontSize);
    const glm::vec2 origin(cell.max.x - inset - width, cell.center().y + baselineDrop);
    drawText(atlas, cam, FontFace::Mono, text, g.fontSize, origin, color, 1.0f, out);
  };
  for (int r = 0; r < def.rows; ++r) {
    for (int c = 0; c < def.cols; ++c) {
      const CellState& cs = s.cells[static_cast<size_t>(r * def.cols + c)];
      const Rect cell = g.cell(r, c);
      const float alpha = s.opacity * cs.opacity;
      if (cs.fill.a > 0.0f) {
        out.addRect(cam.toTarget(cell.expanded(-1.0f * s.scale)), withAlpha(cs.fill, s.opacity),
                    4.0f * s.scale * cam.scale);
      }
      if (cs.highlight > 0.0f) {
        out.addRect(cam.toTarget(cell.expanded(-2.0f * s.scale)),
                    withAlpha(palette::kHighlightFill, cs.highlight * s.opacity),
                    6.0f * s.scale * cam.scale);
      }
      if (cs.mix > 0.0f && cs.mix < 1.0f && cs.textA != cs.textB) {
        drawCellText(cs.textA, cell, withAlpha(cs.color, alpha * (1.0f - cs.mix)));
        drawCellText(cs.textB, cell, withAlpha(cs.color, alpha * cs.mix));
      } else {
        drawCellText(cs.mix >= 1.0f ? cs.textB : cs.textA, cell, withAlpha(cs.color, alpha));
      }
    }
  }
  // Brackets: a vertical stroke and two arms each, spanning the whole grid at any size.
  const glm::vec4 bracketColor = withAlpha(s.color, s.opacity);
  const float w = g.bracketStroke;
  const Rect& lb = g.leftBracket;
  const Rect& rb = g.rightBracket;
  const Rect strokes[6] = {
      {lb.min, {lb.min.x + w, lb.max.y}}, {lb.min, {lb.max.x, lb.min.y + w}},
      {{lb.min.x, lb.max.y - w}, lb.max}, {{rb.max.x - w, rb.min.y}, rb.max},
      {rb.min, {rb.max.x, rb.min.y + w}}, {{rb.min.x, rb.max.y - w}, rb.max},
  };
  for (const Rect& stroke : strokes) out.addRect(cam.toTarget(stroke), bracketColor);
  auto header = [&](const std::string& text, float size, glm::vec2 pos, Align align,
                    glm::vec4 color) {
    if (text.empty()) return;
    TextDef t{.text = text, .face = FontFace::Sans, .size = size, .align = align};
    ItemState ts = s;
    ts.pos = pos;
    ts.color = color;
    drawTextItem(atlas, cam, t, ts, out);
  };
  header(def.label, def.labelSize, g.labelCenter, Align::Center, s.color);
  for (size_t i = 0; i < def.rowLabels.size(); ++i) {
    header(def.rowLabels[i], def.headerSize,
           {g.rowLabelRight, g.cell(static_cast<int>(i), 0).center().y}, Align::Right,
           def.headerColor);
  }
  for (size_t j = 0; j < def.colLabels.size(); ++j) {
    header(def.colLabels[j], def.headerSize,
           {g.cell(0, static_cast<int>(j)).center().x, g.colLabelY}, Align::Center,
           def.headerColor);
  }
}

// The outline of a rounded rectangle as a polyline, clockwise from the middle of the top edge.
std::vector<glm::vec2> roundedRectPath(const Rect& r, float radius) {
  std::vector<glm::vec2> path;
  const glm::vec2 c = r.center();
  path.push_back({c.x, r.min.y});
  constexpr int kArcSteps = 8;
  const glm::vec2 centers[4] = {{r.max.x - radius, r.min.y + radius},
                                {r.max.x - radius, r.max.y - radius},
                                {r.min.x + radius, r.max.y - radius},
                                {r.min.x + radius, r.min.y + radius}};
  for (int corner = 0; corner < 4; ++corner) {
    const float start = -0.5f * 3.14159265f + corner * 0.5f * 3.14159265f;
    for (int i = 0; i <= kArcSteps; ++i) {
      const float a = start + 0.5f * 3.14159265f * static_cast<float>(i) / kArcSteps;
      path.push_back(centers[corner] + radius * glm::vec2(std::cos(a), std::sin(a)));
    }
  }
  path.push_back({c.x, r.min.y});
  return path;
}

// Strokes a polyline up to `length` px along it (all of it when length is infinite).
void strokePolyline(const std::vector<glm::vec2>& path, float width, glm::vec4 color, float length,
                    DrawList& out) {
  for (size_t i = 1; i < path.size() && length > 0.0f; ++i) {
    const float len = glm::distance(path[i - 1], path[i]);
    if (len <= 0.0f) continue;
    const float t = std::min(1.0f, length / len);
    out.addSegment(path[i - 1], glm::mix(path[i - 1], path[i], t), width, color);
    length -= len;
  }
}

float polylineLength(const std::vector<glm::vec2>& path) {
  float total = 0;
  for (size_t i = 1; i < path.size(); ++i) total += glm::distance(path[i - 1], path[i]);
  return total;
}

void drawPath(const Camera& cam, const PathDef& def, const ItemState& s, DrawList& out) {
  if (def.points.size() < 2) return;
  std::vector<glm::vec2> path;
  for (glm::vec2 p : def.points) path.push_back(cam.toTarget(s.pos + p * s.scale));
  if (def.closed) path.push_back(path.front());
  const float width = def.width * s.scale * cam.scale;
  const glm::vec4 color = withAlpha(s.color, s.opacity);
  const float total = polylineLength(path);
  const float shown = total * std::clamp(s.reveal, 0.0f, 1.0f);
  if (shown < width * 0.5f) return;
  const float head = def.arrowSize * s.scale * cam.scale;
  strokePolyline(path, width, color, head > 0.0f ? std::max(0.0f, shown - head * 0.6f) : shown,
                 out);
  if (head <= 0.0f) return;
  // The arrow head sits at the revealed tip, pointing along the last drawn piece.
  glm::vec2 tip = path.back();
  glm::vec2 dir{1, 0};
  float walked = 0;
  for (size_t i = 1; i < path.size(); ++i) {
    const float len = glm::distance(path[i - 1], path[i]);
    if (len <= 0.0f) continue;
    dir = (path[i] - path[i - 1]) / len;
    if (walked + len >= shown) {
      tip = path[i - 1] + dir * (shown - walked);
      break;
    }
    walked += len;
  }
  const glm::vec2 normal(-dir.y, dir.x);
  const glm::vec2 back = tip - dir * head;
  out.addSegment(tip, back + normal * head * 0.5f, width, color);
  out.addSegment(tip, back - normal * head * 0.5f, width, color);
}

void drawBox(const Camera& cam, const BoxDef& def, const ItemState& s, DrawList& out) {
  const Rect rect = cam.toTarget(Rect::fromCenter(s.pos, s.size * s.scale));
  const float radius = def.radius * s.scale * cam.scale;
  if (def.solid) {
    out.addRect(rect, withAlpha(s.color, s.opacity), radius);
    return;
  }
  const float stroke = def.strokeWidth * s.scale * cam.scale;
  out.addRect(rect, withAlpha(def.fill, s.opacity), radius);
  const glm::vec4 color = withAlpha(s.color, s.opacity);
  if (s.reveal >= 1.0f) {
    out.addRectStroke(rect, color, radius, stroke);
    return;
  }
  if (s.reveal <= 0.0f) return;
  // Partly drawn: walk the outline's centre line up to the revealed length.
  const Rect centreLine = rect.expanded(-stroke * 0.5f);
  const std::vector<glm::vec2> path =
      roundedRectPath(centreLine, std::max(0.0f, radius - stroke * 0.5f));
  const float shown = polylineLength(path) * s.reveal;
  if (shown < stroke) return;  // nothing worth drawing yet (a lone round cap would be a dot)
  strokePolyline(path, stroke, color, shown, out);
}

}  // namespace

void buildDrawList(const SectionScript& script, const SceneState& state, const FontAtlas& atlas,
                   int width, int height, DrawList& out) {
  out.reset(width, height, palette::kBackground);
  const Camera cam = letterbox(width, height);
  std::vector<size_t> order(script.items.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return script.items[a].layer < script.items[b].layer;
  });
  for (size_t i : order) {
    const ItemDef& def = script.items[i];
    const ItemState& s = state.items[i];
    if (s.opacity <= 0.0f) continue;
    switch (def.kind) {
      case ItemKind::Text:
        drawTextItem(atlas, cam, def.text, s, out);
        break;
      case ItemKind::Matrix:
        drawMatrix(atlas, cam, def.matrix, s, out);
        break;
      case ItemKind::Box:
        drawBox(cam, def.box, s, out);
        break;
      case ItemKind::Path:
        drawPath(cam, def.path, s, out);
        break;
    }
  }
}

}  // namespace tfviz
