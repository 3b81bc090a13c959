// The batch renderer (see renderer.hpp).
#include "render/gl/renderer.hpp"

#include <cstddef>

#include <glad/gl.h>
#include <glm/common.hpp>

namespace tfviz::gl {

Renderer::Renderer(const FontAtlas& atlas) {
  m_program = buildProgram("batch.vert", "batch.frag");
  m_targetSizeLocation = glGetUniformLocation(m_program.id(), "uTargetSize");
  glUseProgram(m_program.id());
  glUniform1i(glGetUniformLocation(m_program.id(), "uAtlas"), 0);
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
  attrib(4, 1, GL_FLOAT, GL_FALSE, offsetof(DrawVertex, mode));
  glBindVertexArray(0);

  GLuint tex = 0;
  glGenTextures(1, &tex);
  m_atlas = Texture(tex);
  glBindTexture(GL_TEXTURE_2D, tex);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, atlas.width(), atlas.height(), 0, GL_RED, GL_UNSIGNED_BYTE,
               atlas.pixels().data());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  checkErrors("Renderer()");
}

namespace {

// The indices of the quads whose corners' bounding box reaches into `area`, in order.
void cullQuads(const DrawList& list, const PixelRect& area, std::vector<uint32_t>& out) {
  out.clear();
  const std::vector<DrawVertex>& v = list.vertices();
  const std::vector<uint32_t>& indices = list.indices();
  const glm::vec2 lo(static_cast<float>(area.x0 - 1), static_cast<float>(area.y0 - 1));
  const glm::vec2 hi(static_cast<float>(area.x1 + 1), static_cast<float>(area.y1 + 1));
  for (size_t q = 0; q + 4 <= v.size(); q += 4) {
    glm::vec2 qlo = v[q].pos;
    glm::vec2 qhi = v[q].pos;
    for (size_t i = 1; i < 4; ++i) {
      qlo = glm::min(qlo, v[q + i].pos);
      qhi = glm::max(qhi, v[q + i].pos);
    }
    if (qhi.x < lo.x || qlo.x > hi.x || qhi.y < lo.y || qlo.y > hi.y) continue;
    const size_t first = q / 4 * 6;
    out.insert(out.end(), indices.begin() + static_cast<std::ptrdiff_t>(first),
               indices.begin() + static_cast<std::ptrdiff_t>(first + 6));
  }
}

}  // namespace

RenderStats Renderer::render(const DrawList& list, const OffscreenTarget& target, bool transparent,
                             const PixelRect* area) {
  RenderStats stats;
  if (area != nullptr && area->empty()) return stats;  // nothing changed: the target stays
  glBindFramebuffer(GL_FRAMEBUFFER, target.framebuffer());
  glViewport(0, 0, target.width(), target.height());  // surfaceless EGL has no default viewport
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  const std::vector<uint32_t>* indices = &list.indices();
  if (area != nullptr) {
    // Target row 0 is the picture's top and GL's y = 0 (see batch.vert): no flip.
    glEnable(GL_SCISSOR_TEST);
    glScissor(area->x0, area->y0, area->x1 - area->x0, area->y1 - area->y0);
    cullQuads(list, *area, m_culled);
    indices = &m_culled;
  } else {
    glDisable(GL_SCISSOR_TEST);
  }
  const glm::vec4 bg = transparent ? glm::vec4(0) : list.background();
  glClearColor(bg.r, bg.g, bg.b, bg.a);
  glClear(GL_COLOR_BUFFER_BIT);
  if (!indices->empty()) {
    glEnable(GL_BLEND);
    // Premultiplied alpha: opaque stays opaque, and transparent output keeps correct alpha.
    glBlendFuncSeparate(GL_ONE, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glUseProgram(m_program.id());
    glUniform2f(m_targetSizeLocation, static_cast<float>(target.width()),
                static_cast<float>(target.height()));
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, m_atlas.id());
    glBindVertexArray(m_vao.id());
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo.id());
    glBufferData(GL_ARRAY_BUFFER,
                 static_cast<GLsizeiptr>(list.vertices().size() * sizeof(DrawVertex)),
                 list.vertices().data(), GL_STREAM_DRAW);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER,
                 static_cast<GLsizeiptr>(indices->size() * sizeof(uint32_t)), indices->data(),
                 GL_STREAM_DRAW);
    if (area != nullptr) {
      glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(indices->size()), GL_UNSIGNED_INT, nullptr);
      ++stats.drawCalls;
    } else {
      for (const DrawCommand& cmd : list.commands()) {
        glDrawElements(
            GL_TRIANGLES, static_cast<GLsizei>(cmd.indexCount), GL_UNSIGNED_INT,
            reinterpret_cast<const void*>(static_cast<size_t>(cmd.firstIndex) * sizeof(uint32_t)));
        ++stats.drawCalls;
      }
    }
    glBindVertexArray(0);
    glUseProgram(0);  // leave no state behind: another renderer (an export) may come and go
    glDisable(GL_BLEND);
  }
  glDisable(GL_SCISSOR_TEST);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  stats.quads = static_cast<int>(indices->size() / 6);
  checkErrors("Renderer::render");
  return stats;
}

}  // namespace tfviz::gl
