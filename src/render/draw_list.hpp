// DrawList: the one contract between the scene and the GPU. Vertices in target pixels (row 0 at
// the top), rounded-rectangle quads and SDF glyph quads in submission order. CPU only, no GL.
#pragma once

#include <cstdint>
#include <vector>

#include <glm/vec2.hpp>
#include <glm/vec4.hpp>

namespace tfviz {

struct Rect {
  glm::vec2 min{0, 0};
  glm::vec2 max{0, 0};

  glm::vec2 size() const { return max - min; }
  glm::vec2 center() const { return (min + max) * 0.5f; }
  bool empty() const { return max.x <= min.x || max.y <= min.y; }
  Rect expanded(float by) const { return {min - glm::vec2(by), max + glm::vec2(by)}; }
  Rect united(const Rect& o) const;
  bool overlaps(const Rect& o) const;  // strictly: touching edges do not overlap
  bool contains(const Rect& o) const;
  static Rect fromCenter(glm::vec2 center, glm::vec2 size) {
    return {center - size * 0.5f, center + size * 0.5f};
  }
};

// Shared by both kinds of quads; see shaders/batch.vert.
struct DrawVertex {
  glm::vec2 pos;     // target pixels
  glm::vec2 uv;      // rects: local position from the centre in px; glyphs: atlas coordinates
  glm::vec4 params;  // rects: half width, half height, corner radius, stroke width (0 = fill)
  uint32_t color;    // straight RGBA8, packed little-endian (r in the low byte)
  float mode;        // 0 rect, 1 glyph
};

struct DrawCommand {
  uint32_t firstIndex = 0;
  uint32_t indexCount = 0;
};

struct DrawStats {
  int rects = 0;
  int glyphs = 0;
};

class DrawList {
 public:
  void reset(int width, int height, glm::vec4 background);

  // An axis-aligned rounded rectangle, filled, antialiased over one pixel.
  void addRect(const Rect& rect, glm::vec4 color, float radius = 0.0f);
  // Its outline, `width` px wide, inside the rectangle's edge.
  void addRectStroke(const Rect& rect, glm::vec4 color, float radius, float width);
  // A straight stroke from a to b with round caps, `width` px wide.
  void addSegment(glm::vec2 a, glm::vec2 b, float width, glm::vec4 color);
  // An SDF glyph quad.
  void addGlyph(glm::vec2 topLeft, glm::vec2 size, glm::vec2 uv0, glm::vec2 uv1, glm::vec4 color);

  int width() const { return m_width; }
  int height() const { return m_height; }
  glm::vec4 background() const { return m_background; }
  const std::vector<DrawVertex>& vertices() const { return m_vertices; }
  const std::vector<uint32_t>& indices() const { return m_indices; }
  const std::vector<DrawCommand>& commands() const { return m_commands; }
  const DrawStats& stats() const { return m_stats; }

 private:
  void addQuad(const DrawVertex (&corners)[4]);

  int m_width = 0;
  int m_height = 0;
  glm::vec4 m_background{0, 0, 0, 1};
  std::vector<DrawVertex> m_vertices;
  std::vector<uint32_t> m_indices;
  std::vector<DrawCommand> m_commands;
  DrawStats m_stats;
};

uint32_t packColor(glm::vec4 color);

// A rectangle of whole pixels, [x0, x1) x [y0, y1), row 0 at the top.
struct PixelRect {
  int x0 = 0;
  int y0 = 0;
  int x1 = 0;
  int y1 = 0;
  bool empty() const { return x1 <= x0 || y1 <= y0; }
  long area() const { return empty() ? 0 : static_cast<long>(x1 - x0) * (y1 - y0); }
  bool operator==(const PixelRect&) const = default;
};

// The pixels that can differ between the pictures two lists draw: outside it, every pixel is
// covered by the same quads in the same order in both. Empty when the lists are equal; the whole
// target when the size or the background differs. Quads kept at the start and at the end are
// matched in order; between them, lists of equal length are compared quad by quad, otherwise the
// area covers every quad in between. Exports redraw and re-encode only this area.
PixelRect changedArea(const DrawList& before, const DrawList& after);

}  // namespace tfviz
