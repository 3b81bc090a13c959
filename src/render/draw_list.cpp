// DrawList (see draw_list.hpp). CPU only.
#include "render/draw_list.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include <glm/geometric.hpp>

namespace tfviz {

Rect Rect::united(const Rect& o) const {
  if (empty()) return o;
  if (o.empty()) return *this;
  return {glm::min(min, o.min), glm::max(max, o.max)};
}

bool Rect::overlaps(const Rect& o) const {
  return min.x < o.max.x && o.min.x < max.x && min.y < o.max.y && o.min.y < max.y;
}

bool Rect::contains(const Rect& o) const {
  return o.min.x >= min.x && o.min.y >= min.y && o.max.x <= max.x && o.max.y <= max.y;
}

uint32_t packColor(glm::vec4 color) {
  auto byte = [](float v) {
    return static_cast<uint32_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f));
  };
  return byte(color.r) | byte(color.g) << 8 | byte(color.b) << 16 | byte(color.a) << 24;
}

void DrawList::reset(int width, int height, glm::vec4 background) {
  m_width = width;
  m_height = height;
  m_background = background;
  m_vertices.clear();
  m_indices.clear();
  m_commands.clear();
  m_stats = {};
}

void DrawList::addQuad(const DrawVertex (&corners)[4]) {
  const auto base = static_cast<uint32_t>(m_vertices.size());
  m_vertices.insert(m_vertices.end(), corners, corners + 4);
  const uint32_t quad[6] = {base, base + 1, base + 2, base, base + 2, base + 3};
  m_indices.insert(m_indices.end(), quad, quad + 6);
  // One program and one texture for everything: consecutive quads always merge.
  if (m_commands.empty()) m_commands.push_back({static_cast<uint32_t>(m_indices.size() - 6), 0});
  m_commands.back().indexCount += 6;
}

namespace {

// A rect quad grown by one pixel on each side so the antialiased edge is not clipped.
void rectCorners(const Rect& rect, glm::vec4 params, uint32_t color, DrawVertex (&out)[4]) {
  const glm::vec2 c = rect.center();
  const glm::vec2 half = rect.size() * 0.5f + glm::vec2(1.0f);
  const glm::vec2 offsets[4] = {
      {-half.x, -half.y}, {half.x, -half.y}, {half.x, half.y}, {-half.x, half.y}};
  for (int i = 0; i < 4; ++i) out[i] = {c + offsets[i], offsets[i], params, color, 0.0f};
}

}  // namespace

void DrawList::addRect(const Rect& rect, glm::vec4 color, float radius) {
  if (rect.empty() || color.a <= 0.0f) return;
  const glm::vec2 half = rect.size() * 0.5f;
  radius = std::min({radius, half.x, half.y});
  DrawVertex v[4];
  rectCorners(rect, {half.x, half.y, radius, 0.0f}, packColor(color), v);
  addQuad(v);
  ++m_stats.rects;
}

void DrawList::addRectStroke(const Rect& rect, glm::vec4 color, float radius, float width) {
  if (rect.empty() || color.a <= 0.0f || width <= 0.0f) return;
  const glm::vec2 half = rect.size() * 0.5f;
  radius = std::min({radius, half.x, half.y});
  const glm::vec4 params{half.x, half.y, radius, width};
  const uint32_t packed = packColor(color);
  ++m_stats.rects;
  // Only the border has coverage. A large outline is drawn as four bands around its edge, so the
  // fragment shader does not run over the empty inside (it is most of a big frame's area). The
  // bands share the whole rectangle's centre and parameters: every pixel gets the same value.
  const float band = std::max(radius, width) + 1.0f;
  if (half.x <= 2 * band || half.y <= 2 * band) {
    DrawVertex v[4];
    rectCorners(rect, params, packed, v);
    addQuad(v);
    return;
  }
  const glm::vec2 c = rect.center();
  const Rect outer = rect.expanded(1.0f);
  const Rect bands[4] = {
      {outer.min, {outer.max.x, rect.min.y + band}},                               // top
      {{outer.min.x, rect.max.y - band}, outer.max},                               // bottom
      {{outer.min.x, rect.min.y + band}, {rect.min.x + band, rect.max.y - band}},  // left
      {{rect.max.x - band, rect.min.y + band}, {outer.max.x, rect.max.y - band}},  // right
  };
  for (const Rect& b : bands) {
    const glm::vec2 corners[4] = {b.min, {b.max.x, b.min.y}, b.max, {b.min.x, b.max.y}};
    DrawVertex v[4];
    for (int i = 0; i < 4; ++i) v[i] = {corners[i], corners[i] - c, params, packed, 0.0f};
    addQuad(v);
  }
}

void DrawList::addSegment(glm::vec2 a, glm::vec2 b, float width, glm::vec4 color) {
  if (color.a <= 0.0f || width <= 0.0f) return;
  const glm::vec2 d = b - a;
  const float length = glm::length(d);
  const glm::vec2 dir = length > 1e-6f ? d / length : glm::vec2(1, 0);
  const glm::vec2 normal(-dir.y, dir.x);
  // A capsule: a rounded rect whose radius is half the width, rotated onto the segment.
  const float hx = length * 0.5f + width * 0.5f;
  const float hy = width * 0.5f;
  const glm::vec4 params{hx, hy, hy, 0.0f};
  const glm::vec2 c = (a + b) * 0.5f;
  const uint32_t packed = packColor(color);
  const glm::vec2 local[4] = {
      {-(hx + 1), -(hy + 1)}, {hx + 1, -(hy + 1)}, {hx + 1, hy + 1}, {-(hx + 1), hy + 1}};
  DrawVertex v[4];
  for (int i = 0; i < 4; ++i) {
    v[i] = {c + dir * local[i].x + normal * local[i].y, local[i], params, packed, 0.0f};
  }
  addQuad(v);
  ++m_stats.rects;
}

void DrawList::addGlyph(glm::vec2 topLeft, glm::vec2 size, glm::vec2 uv0, glm::vec2 uv1,
                        glm::vec4 color) {
  if (color.a <= 0.0f) return;
  const uint32_t c = packColor(color);
  const glm::vec4 params{0.0f};
  const DrawVertex v[4] = {{topLeft, uv0, params, c, 1.0f},
                           {topLeft + glm::vec2(size.x, 0), {uv1.x, uv0.y}, params, c, 1.0f},
                           {topLeft + size, uv1, params, c, 1.0f},
                           {topLeft + glm::vec2(0, size.y), {uv0.x, uv1.y}, params, c, 1.0f}};
  addQuad(v);
  ++m_stats.glyphs;
}

namespace {

constexpr size_t kQuadVertices = 4;

bool sameQuad(const DrawVertex* a, const DrawVertex* b) {
  return std::memcmp(a, b, kQuadVertices * sizeof(DrawVertex)) == 0;
}

// Grows `area` by the pixels a quad can touch: a pixel is drawn when its centre is inside the
// quad, so the quad's bounding box, widened by a pixel for rounding, covers them all.
void addQuadBounds(const DrawVertex* quad, glm::vec2& lo, glm::vec2& hi) {
  for (size_t i = 0; i < kQuadVertices; ++i) {
    lo = glm::min(lo, quad[i].pos);
    hi = glm::max(hi, quad[i].pos);
  }
}

}  // namespace

PixelRect changedArea(const DrawList& before, const DrawList& after) {
  const PixelRect whole{0, 0, after.width(), after.height()};
  if (before.width() != after.width() || before.height() != after.height() ||
      before.background() != after.background()) {
    return whole;
  }
  const DrawVertex* b = before.vertices().data();
  const DrawVertex* a = after.vertices().data();
  const size_t nb = before.vertices().size() / kQuadVertices;
  const size_t na = after.vertices().size() / kQuadVertices;
  size_t prefix = 0;
  while (prefix < nb && prefix < na && sameQuad(b + prefix * 4, a + prefix * 4)) ++prefix;
  size_t suffix = 0;
  while (suffix < nb - prefix && suffix < na - prefix &&
         sameQuad(b + (nb - 1 - suffix) * 4, a + (na - 1 - suffix) * 4)) {
    ++suffix;
  }
  glm::vec2 lo(std::numeric_limits<float>::max());
  glm::vec2 hi(std::numeric_limits<float>::lowest());
  if (nb == na) {
    for (size_t q = prefix; q < nb - suffix; ++q) {
      if (sameQuad(b + q * 4, a + q * 4)) continue;
      addQuadBounds(b + q * 4, lo, hi);
      addQuadBounds(a + q * 4, lo, hi);
    }
  } else {
    for (size_t q = prefix; q < nb - suffix; ++q) addQuadBounds(b + q * 4, lo, hi);
    for (size_t q = prefix; q < na - suffix; ++q) addQuadBounds(a + q * 4, lo, hi);
  }
  if (lo.x > hi.x) return {};
  PixelRect r{static_cast<int>(std::floor(lo.x)) - 1, static_cast<int>(std::floor(lo.y)) - 1,
              static_cast<int>(std::ceil(hi.x)) + 1, static_cast<int>(std::ceil(hi.y)) + 1};
  r.x0 = std::clamp(r.x0, 0, whole.x1);
  r.x1 = std::clamp(r.x1, 0, whole.x1);
  r.y0 = std::clamp(r.y0, 0, whole.y1);
  r.y1 = std::clamp(r.y1, 0, whole.y1);
  return r.empty() ? PixelRect{} : r;
}

}  // namespace tfviz
