// The batch renderer (see renderer.hpp).
#include "render/gl/renderer.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>

#include <glad/gl.h>
#include <glm/common.hpp>
#include <glm/geometric.hpp>

#include "render/gl/shader_sources.hpp"

namespace tfviz::gl {

namespace {

// The programs, by number: what batch.frag is built with.
constexpr const char* kProgramDefines[] = {"TFVIZ_RECTS", "TFVIZ_GLYPHS", "TFVIZ_SMALL_GLYPHS"};
constexpr int kRects = 0;
constexpr int kGlyphs = 1;
constexpr int kSmallGlyphs = 2;

// A glyph minified more than this (atlas texels per target pixel along either of the target's
// axes) is drawn supersampled. Before the programs were split, batch.frag tested the length of
// (|d uv / dx|, |d uv / dy|) in atlas widths against 2, which for an unrotated glyph is 1.41x
// minification, though it meant 2x: text of 24 to 34 px at 1080p paid for five samples where one
// draws it the same (compared crops; DejaVu's strokes are still about 2 px wide there).
constexpr float kSmallGlyphMinification = 2.0f;

// How many atlas texels one target pixel spans in a glyph quad (corners in order around it), the
// larger of its extents along target x and y. 0 for a quad with no area (it draws nothing).
float glyphMinification(const DrawVertex* corner, glm::vec2 atlasSize) {
  const glm::vec2 e1 = corner[1].pos - corner[0].pos;
  const glm::vec2 e2 = corner[3].pos - corner[0].pos;
  const float det = e1.x * e2.y - e1.y * e2.x;
  if (!(std::fabs(det) > 1e-12f)) return 0.0f;
  const glm::vec2 f1 = (corner[1].uv - corner[0].uv) * atlasSize;  // texels
  const glm::vec2 f2 = (corner[3].uv - corner[0].uv) * atlasSize;
  // texel = f1 * a + f2 * b where (x, y) = e1 * a + e2 * b.
  const glm::vec2 da(e2.y / det, -e2.x / det);  // (da/dx, da/dy)
  const glm::vec2 db(-e1.y / det, e1.x / det);  // (db/dx, db/dy)
  const glm::vec2 dx = f1 * da.x + f2 * db.x;
  const glm::vec2 dy = f1 * da.y + f2 * db.y;
  return std::max(glm::length(dx), glm::length(dy));
}

// Shrinks an unrotated glyph quad (corners in DrawList::addGlyph's order) to where a glyph
// program can give a pixel any coverage; what it cuts off drew nothing. The atlas keeps `padding`
// texels of distance field around each glyph's outline box (FontAtlas), more than the edge needs
// once a glyph is drawn large. Bounds, in texels from the outline box: the field changes by at
// most g per texel (a distance field, 8-bit rounding aside) and bilinear filtering reads it up to
// 0.71 texels off; fwidth(d), the edge ramp's half width, is at most g (sx + sy) (sx, sy: texels
// per pixel along x, y), so coverage needs the pixel within sx + sy + 0.83 texels of the box
// (0.12 for rounding); small glyphs sample up to 0.36 px further out. 0.1 px to spare.
void trimGlyph(DrawVertex* c, glm::vec2 atlasSize, float padding) {
  if (c[0].pos.y != c[1].pos.y || c[2].pos.y != c[3].pos.y || c[0].pos.x != c[3].pos.x ||
      c[1].pos.x != c[2].pos.x || c[0].uv.y != c[1].uv.y || c[2].uv.y != c[3].uv.y ||
      c[0].uv.x != c[3].uv.x || c[1].uv.x != c[2].uv.x) {
    return;  // not an unrotated rectangle: leave it whole
  }
  const glm::vec2 size = c[2].pos - c[0].pos;
  const glm::vec2 uvSize = c[2].uv - c[0].uv;
  if (!(size.x > 0 && size.y > 0 && uvSize.x > 0 && uvSize.y > 0)) return;
  const glm::vec2 texelsPerPixel = uvSize * atlasSize / size;
  const float finest = std::min(texelsPerPixel.x, texelsPerPixel.y);
  const float reachPx = (texelsPerPixel.x + texelsPerPixel.y + 0.83f) / finest + 0.36f + 0.1f;
  const glm::vec2 trim = glm::max(padding / texelsPerPixel - reachPx, glm::vec2(0.0f));
  if (trim.x <= 0 && trim.y <= 0) return;
  const glm::vec2 uvTrim = trim * uvSize / size;
  c[0].pos += glm::vec2(trim.x, trim.y);
  c[0].uv += glm::vec2(uvTrim.x, uvTrim.y);
  c[1].pos += glm::vec2(-trim.x, trim.y);
  c[1].uv += glm::vec2(-uvTrim.x, uvTrim.y);
  c[2].pos -= glm::vec2(trim.x, trim.y);
  c[2].uv -= glm::vec2(uvTrim.x, uvTrim.y);
  c[3].pos += glm::vec2(trim.x, -trim.y);
  c[3].uv += glm::vec2(uvTrim.x, -uvTrim.y);
}

}  // namespace

Renderer::Renderer(const FontAtlas& atlas) {
  m_atlasSize = {static_cast<float>(atlas.width()), static_cast<float>(atlas.height())};
  m_atlasPadding = static_cast<float>(atlas.padding());
  for (int p = 0; p < kPrograms; ++p) {
    m_programs[p] = buildProgram("batch.vert", "batch.frag",
                                 std::string("#define ") + kProgramDefines[p] + "\n");
    const GLuint id = m_programs[p].id();
    m_targetSizeLocation[p] = glGetUniformLocation(id, "uTargetSize");
    glUseProgram(id);
    glUniform1i(glGetUniformLocation(id, "uAtlas"), 0);
  }
  glUseProgram(0);

  GLuint ids[2] = {0, 0};
  GLuint vao = 0;
  glGenVertexArrays(1, &vao);
  m_vao = VertexArray(vao);
  glGenBuffers(2, ids);
  m_vbo = Buffer(ids[0]);
  m_ebo = Buffer(ids[1]);
  glBindVertexArray(vao);
  glBindBuffer(GL_ARRAY_BUFFER, ids[0]);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ids[1]);
  const auto stride = static_cast<GLsizei>(sizeof(DrawVertex));
  auto attrib = [&](GLuint index, GLint count, GLenum type, GLboolean normalized, size_t offset) {
    glEnableVertexAttribArray(index);
    glVertexAttribPointer(index, count, type, normalized, stride,
                          reinterpret_cast<const void*>(offset));
  };
  attrib(0, 2, GL_FLOAT, GL_FALSE, offsetof(DrawVertex, pos));
  attrib(1, 2, GL_FLOAT, GL_FALSE, offsetof(DrawVertex, uv));
  attrib(2, 4, GL_FLOAT, GL_FALSE, offsetof(DrawVertex, params));
  attrib(3, 4, GL_UNSIGNED_BYTE, GL_TRUE, offsetof(DrawVertex, color));
  glBindVertexArray(0);

  GLuint tex = 0;
  glGenTextures(1, &tex);
  m_atlas = Texture(tex);
  glBindTexture(GL_TEXTURE_2D, tex);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  // Stored as RGBA8 (the field in red): llvmpipe samples 8-bit RGBA through its fast path, R8
  // through the generic one; the glyph programs cost about a fifth less per pixel, with the same
  // values.
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, atlas.width(), atlas.height(), 0, GL_RED,
               GL_UNSIGNED_BYTE, atlas.pixels().data());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  checkErrors("Renderer()");
}

void Renderer::batchQuads(const DrawList& list, const PixelRect* area) {
  // Batch numbers cycle through the programs: batch b is drawn with program b % kPrograms, after
  // every batch below it. Each quad goes into the lowest batch of its program that is not below
  // any batch holding an earlier quad that may share a pixel with it; within a batch quads keep
  // the list's order. So wherever two quads overlap, they are drawn in the list's order.
  // "May share a pixel" is judged on a grid: quads whose bounding boxes reach into a common cell
  // (a pixel is drawn when its centre is inside the quad, so two quads that share one both reach
  // the cell of that centre).
  constexpr int kCellPx = 32;
  constexpr float kCell = kCellPx;
  m_vertices = list.vertices();  // glyph quads are trimmed in this copy
  const size_t quads = m_vertices.size() / 4;
  const int gridW = std::max(1, (list.width() + kCellPx - 1) / kCellPx);
  const int gridH = std::max(1, (list.height() + kCellPx - 1) / kCellPx);
  m_cellLevel.assign(static_cast<size_t>(gridW) * gridH, -1);
  m_quadBatch.assign(quads, -1);
  m_batchSize.clear();
  glm::vec2 areaLo(0), areaHi(0);
  if (area != nullptr) {
    areaLo = {static_cast<float>(area->x0 - 1), static_cast<float>(area->y0 - 1)};
    areaHi = {static_cast<float>(area->x1 + 1), static_cast<float>(area->y1 + 1)};
  }
  // A cell range, clamped to the grid; NaN reaches across all of it.
  auto cellLo = [](float px, int cells) {
    const float c = px / kCell;
    return c >= 0.0f ? (c < static_cast<float>(cells) ? static_cast<int>(c) : cells - 1) : 0;
  };
  auto cellHi = [](float px, int cells) {
    const float c = px / kCell;
    return c < static_cast<float>(cells) ? (c >= 0.0f ? static_cast<int>(c) : 0) : cells - 1;
  };
  for (size_t q = 0; q < quads; ++q) {
    DrawVertex* corner = &m_vertices[q * 4];
    int program = kRects;
    if (corner[0].mode > 0.5f) {
      program =
          glyphMinification(corner, m_atlasSize) > kSmallGlyphMinification ? kSmallGlyphs : kGlyphs;
      trimGlyph(corner, m_atlasSize, m_atlasPadding);
    }
    glm::vec2 lo = corner[0].pos;
    glm::vec2 hi = corner[0].pos;
    for (int i = 1; i < 4; ++i) {
      lo = glm::min(lo, corner[i].pos);
      hi = glm::max(hi, corner[i].pos);
    }
    if (area != nullptr &&
        (hi.x < areaLo.x || lo.x > areaHi.x || hi.y < areaLo.y || lo.y > areaHi.y)) {
      continue;
    }
    const int x0 = cellLo(lo.x, gridW), x1 = cellHi(hi.x, gridW);
    const int y0 = cellLo(lo.y, gridH), y1 = cellHi(hi.y, gridH);
    int level = 0;
    for (int y = y0; y <= y1; ++y) {
      const int* row = &m_cellLevel[static_cast<size_t>(y) * gridW];
      for (int x = x0; x <= x1; ++x) level = std::max(level, row[x]);
    }
    const int batch = level + (program - level % kPrograms + kPrograms) % kPrograms;
    for (int y = y0; y <= y1; ++y) {
      int* row = &m_cellLevel[static_cast<size_t>(y) * gridW];
      std::fill(row + x0, row + x1 + 1, batch);
    }
    m_quadBatch[q] = batch;
    if (static_cast<size_t>(batch) >= m_batchSize.size()) m_batchSize.resize(batch + 1, 0);
    ++m_batchSize[batch];
  }

  // The quads' indices, batch by batch (a counting sort); neighbouring batches of one program
  // (the ones between them are empty) become one draw.
  m_batches.clear();
  uint32_t first = 0;
  for (size_t b = 0; b < m_batchSize.size(); ++b) {
    const int count = m_batchSize[b];
    m_batchSize[b] = static_cast<int>(first);  // from here on: where the batch starts
    if (count == 0) continue;
    const int program = static_cast<int>(b % kPrograms);
    const auto indexCount = static_cast<uint32_t>(count) * 6;
    if (!m_batches.empty() && m_batches.back().program == program) {
      m_batches.back().indexCount += indexCount;
    } else {
      m_batches.push_back({program, first, indexCount});
    }
    first += indexCount;
  }
  m_indices.resize(first);
  for (size_t q = 0; q < quads; ++q) {
    if (m_quadBatch[q] < 0) continue;
    uint32_t* out = &m_indices[static_cast<size_t>(m_batchSize[m_quadBatch[q]])];
    m_batchSize[m_quadBatch[q]] += 6;
    const auto base = static_cast<uint32_t>(q * 4);
    out[0] = base;
    out[1] = base + 1;
    out[2] = base + 2;
    out[3] = base;
    out[4] = base + 2;
    out[5] = base + 3;
  }
}

RenderStats Renderer::render(const DrawList& list, const OffscreenTarget& target, bool transparent,
                             const PixelRect* area) {
  RenderStats stats;
  if (area != nullptr && area->empty()) return stats;  // nothing changed: the target stays
  glBindFramebuffer(GL_FRAMEBUFFER, target.framebuffer());
  glViewport(0, 0, target.width(), target.height());  // surfaceless EGL has no default viewport
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  if (area != nullptr) {
    // Target row 0 is the picture's top and GL's y = 0 (see batch.vert): no flip.
    glEnable(GL_SCISSOR_TEST);
    glScissor(area->x0, area->y0, area->x1 - area->x0, area->y1 - area->y0);
  } else {
    glDisable(GL_SCISSOR_TEST);
  }
  batchQuads(list, area);
  const glm::vec4 bg = transparent ? glm::vec4(0) : list.background();
  glClearColor(bg.r, bg.g, bg.b, bg.a);
  glClear(GL_COLOR_BUFFER_BIT);
  if (!m_indices.empty()) {
    glEnable(GL_BLEND);
    // Premultiplied alpha: opaque stays opaque, and transparent output keeps correct alpha.
    glBlendFuncSeparate(GL_ONE, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, m_atlas.id());
    glBindVertexArray(m_vao.id());
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo.id());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(m_vertices.size() * sizeof(DrawVertex)),
                 m_vertices.data(), GL_STREAM_DRAW);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER,
                 static_cast<GLsizeiptr>(m_indices.size() * sizeof(uint32_t)), m_indices.data(),
                 GL_STREAM_DRAW);
    int bound = -1;
    for (const Batch& batch : m_batches) {
      if (batch.program != bound) {
        bound = batch.program;
        glUseProgram(m_programs[bound].id());
        glUniform2f(m_targetSizeLocation[bound], static_cast<float>(target.width()),
                    static_cast<float>(target.height()));
      }
      glDrawElements(
          GL_TRIANGLES, static_cast<GLsizei>(batch.indexCount), GL_UNSIGNED_INT,
          reinterpret_cast<const void*>(static_cast<size_t>(batch.firstIndex) * sizeof(uint32_t)));
      ++stats.drawCalls;
    }
    glBindVertexArray(0);
    glUseProgram(0);  // leave no state behind: another renderer (an export) may come and go
    glDisable(GL_BLEND);
  }
  glDisable(GL_SCISSOR_TEST);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  stats.quads = static_cast<int>(m_indices.size() / 6);
  checkErrors("Renderer::render");
  return stats;
}

}  // namespace tfviz::gl
