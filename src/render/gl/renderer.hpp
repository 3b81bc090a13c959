// The batch renderer: draws a DrawList's rounded rectangles and SDF glyphs into an offscreen
// target. Three programs (rectangles, glyphs, small glyphs: shaders/batch.frag); quads are
// regrouped into as few draws per program as the picture allows: a quad may move ahead of
// earlier quads only when they cannot touch the same pixel, so every pixel is blended in the
// list's order.
#pragma once

#include <cstdint>
#include <vector>

#include <glm/vec2.hpp>

#include "render/draw_list.hpp"
#include "render/font_atlas.hpp"
#include "render/gl/gl_objects.hpp"
#include "render/gl/offscreen.hpp"

namespace tfviz::gl {

struct RenderStats {
  int drawCalls = 0;
  int quads = 0;
};

class Renderer {
 public:
  // Needs a current GL 3.3 context; uploads the atlas once.
  explicit Renderer(const FontAtlas& atlas);
  // Clears the target to the list's background and draws the list. `transparent` clears to
  // (0,0,0,0) instead. With `area`, only that rectangle is cleared and drawn (a scissor, and quads
  // outside it are skipped); the rest of the target keeps what it had. Every pixel inside gets
  // the value a whole-frame draw gives it.
  RenderStats render(const DrawList& list, const OffscreenTarget& target, bool transparent = false,
                     const PixelRect* area = nullptr);

 private:
  static constexpr int kPrograms = 3;  // rectangles, glyphs, small glyphs

  struct Batch {
    int program = 0;
    uint32_t firstIndex = 0;
    uint32_t indexCount = 0;
  };

  // Copies the list's vertices into m_vertices, glyph quads trimmed to where they can draw, and
  // sorts the quads (all of them, or those reaching into `area`) into m_batches and m_indices.
  void batchQuads(const DrawList& list, const PixelRect* area);

  Program m_programs[kPrograms];
  int m_targetSizeLocation[kPrograms] = {-1, -1, -1};
  VertexArray m_vao;
  Buffer m_vbo;
  Buffer m_ebo;
  Texture m_atlas;
  glm::vec2 m_atlasSize{1, 1};  // texels
  float m_atlasPadding = 0;     // texels of distance field around each glyph's outline box
  // Scratch, kept between frames so that drawing allocates nothing once warmed up.
  std::vector<DrawVertex> m_vertices;  // the list's, glyph quads trimmed (batchQuads)
  std::vector<uint32_t> m_indices;     // the quads' indices in drawing order
  std::vector<Batch> m_batches;
  std::vector<int> m_quadBatch;  // per quad: its batch number, -1 when culled
  std::vector<int> m_batchSize;  // per batch number: its quads
  std::vector<int> m_cellLevel;  // per grid cell: the highest batch number drawn there
};

}  // namespace tfviz::gl
