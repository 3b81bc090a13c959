// The batch renderer (see renderer.hpp).
#include "render/gl/renderer.hpp"

#include <cstddef>

#include <glad/gl.h>

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

RenderStats Renderer::render(const DrawList& list, const OffscreenTarget& target,
                             bool transparent) {
  RenderStats stats;
  glBindFramebuffer(GL_FRAMEBUFFER, target.framebuffer());
  glViewport(0, 0, target.width(), target.height());  // surfaceless EGL has no default viewport
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glDisable(GL_SCISSOR_TEST);
  const glm::vec4 bg = transparent ? glm::vec4(0) : list.background();
  glClearColor(bg.r, bg.g, bg.b, bg.a);
  glClear(GL_COLOR_BUFFER_BIT);
  if (!list.indices().empty()) {
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
                 static_cast<GLsizeiptr>(list.indices().size() * sizeof(uint32_t)),
                 list.indices().data(), GL_STREAM_DRAW);
    for (const DrawCommand& cmd : list.commands()) {
      glDrawElements(
          GL_TRIANGLES, static_cast<GLsizei>(cmd.indexCount), GL_UNSIGNED_INT,
          reinterpret_cast<const void*>(static_cast<size_t>(cmd.firstIndex) * sizeof(uint32_t)));
      ++stats.drawCalls;
    }
    glBindVertexArray(0);
    glUseProgram(0);  // leave no state behind: another renderer (an export) may come and go
    glDisable(GL_BLEND);
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  stats.quads = static_cast<int>(list.indices().size() / 6);
  checkErrors("Renderer::render");
  return stats;
}

}  // namespace tfviz::gl
