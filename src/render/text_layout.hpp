// Text layout: UTF-8 decoding, pen advance and kerning from the font, glyph quads in pixels; a
// string with '$' goes through the maths markup (math_markup.hpp). CPU only, no GL here.
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

// A filled rectangle drawn with the text: a fraction bar or a radical's bar (maths markup).
struct PlacedRule {
  glm::vec2 pos{0, 0};   // top-left corner, relative to the text origin
  glm::vec2 size{0, 0};  // px
  int charIndex = 0;     // revealed with the glyph of this index (the first of its group)
};

// A single line of text laid out at sizePx. The origin is the left end of the baseline, y down:
// glyphs above the baseline have negative y. Blank glyphs (spaces) produce no PlacedGlyph.
struct TextLayout {
  std::vector<PlacedGlyph> glyphs;
  std::vector<PlacedRule> rules;  // maths markup only
  int charCount = 0;  // reveal slots: characters of plain text (blank ones included); with maths
                      // markup, the text's characters and the maths' glyphs in source order
  float width = 0;    // advance width of the whole line
  float ascent = 0;   // font ascent at sizePx (positive); with maths, at least the ink's top
  float descent = 0;  // font descent at sizePx (positive); with maths, at least the ink's bottom
  float height() const { return ascent + descent; }
};

// What a line occupies, without its quads (layout fitting, bounds).
struct TextExtent {
  float width = 0;
  float ascent = 0;
  float descent = 0;
};

// Characters missing from the atlas are laid out as '?'.
TextLayout layoutText(const FontAtlas& atlas, FontFace face, std::string_view utf8, float sizePx);
// Width only, without building quads (a string with '$' is typeset to know it).
float measureText(const FontAtlas& atlas, FontFace face, std::string_view utf8, float sizePx);
// Width, ascent and descent as layoutText would answer them.
TextExtent measureTextExtent(const FontAtlas& atlas, FontFace face, std::string_view utf8,
                             float sizePx);

}  // namespace tfviz
