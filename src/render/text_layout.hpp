// Text layout: UTF-8 decoding, pen advance and kerning from the font, glyph quads in pixels.
// CPU only, no GL here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <glm/vec2.hpp>

#include "render/font_atlas.hpp"

namespace tfviz {

// Decodes UTF-8; invalid sequences become U+FFFD.
std::u32string decodeUtf8(std::string_view text);

struct PlacedGlyph {
  glm::vec2 pos{0, 0};   // top-left corner of the quad, relative to the text origin
  glm::vec2 size{0, 0};  // quad size in px
  glm::vec2 uv0{0, 0};
  glm::vec2 uv1{0, 0};
  int charIndex = 0;  // index of the character in the decoded string (for glyph-by-glyph reveal)
};

// A single line of text laid out at sizePx. The origin is the left end of the baseline, y down:
// glyphs above the baseline have negative y. Blank glyphs (spaces) produce no PlacedGlyph.
struct TextLayout {
  std::vector<PlacedGlyph> glyphs;
  int charCount = 0;  // characters in the string, blank ones included
  float width = 0;    // advance width of the whole line
  float ascent = 0;   // font ascent at sizePx (positive)
  float descent = 0;  // font descent at sizePx (positive)
  float height() const { return ascent + descent; }
};

// Characters missing from the atlas are laid out as '?'.
TextLayout layoutText(const FontAtlas& atlas, FontFace face, std::string_view utf8, float sizePx);
// Width only, without building quads.
float measureText(const FontAtlas& atlas, FontFace face, std::string_view utf8, float sizePx);

}  // namespace tfviz
