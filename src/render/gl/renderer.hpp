// The batch renderer: one program draws rounded rectangles and SDF glyphs from a DrawList into an
// offscreen target, in submission order, merging commands that share state.
#pragma once

#include <vector>

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
  Program m_program;
  VertexArray m_vao;
  Buffer m_vbo;
  Buffer m_ebo;
  Texture m_atlas;
  int m_targetSizeLocation = -1;
  std::vector<uint32_t> m_culled;  // the indices of the quads inside `area`
};

}  // namespace tfviz::gl
