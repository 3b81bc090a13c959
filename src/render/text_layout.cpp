// Text layout: UTF-8 decoding and single-line placement of atlas glyphs (pen advance, kerning),
// scaled from the atlas' bake size to the requested pixel size.
#include "render/text_layout.hpp"

#include "render/math_markup.hpp"

namespace tfviz {

namespace {

constexpr char32_t kReplacement = U'\uFFFD';

// Walks the decoded line, calling onGlyph(glyph, penX, charIndex) for each character drawn, and
// returns the final pen x (the line's advance width). k scales bake px to output px.
template <class OnGlyph>
float walkLine(const FontAtlas& atlas, FontFace face, const std::u32string& chars, float k,
               OnGlyph&& onGlyph) {
  const GlyphInfo* fallback = atlas.glyph(face, U'?');
  float penX = 0;
  char32_t prev = 0;
  for (size_t i = 0; i < chars.size(); ++i) {
    char32_t c = chars[i];
    const GlyphInfo* g = atlas.glyph(face, c);
    if (!g) {
      c = U'?';
      g = fallback;
    }
    if (i > 0) penX += atlas.kerning(face, prev, c) * k;
    if (g) {
      onGlyph(*g, penX, static_cast<int>(i));
      penX += g->advance * k;
    }
    prev = c;
  }
  return penX;
}

}  // namespace

std::u32string decodeUtf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80) {
      out += static_cast<char32_t>(b0);
      ++i;
      continue;
    }
    // Lead byte: sequence length, the bits it carries, and the allowed range of the second byte
    // (narrowed to rule out overlong forms, surrogates and code points above U+10FFFF).
    int length = 0;
    char32_t cp = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      length = 2;
      cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      length = 3;
      cp = b0 & 0x0F;
      if (b0 == 0xE0) lo = 0xA0;
      if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      length = 4;
      cp = b0 & 0x07;
      if (b0 == 0xF0) lo = 0x90;
      if (b0 == 0xF4) hi = 0x8F;
    } else {  // stray continuation byte, C0/C1 (overlong) or F5..FF
      out += kReplacement;
      ++i;
      continue;
    }
    // A broken sequence becomes one U+FFFD; decoding resumes at the byte that broke it.
    size_t j = i + 1;
    bool valid = true;
    for (int k = 1; k < length; ++k, ++j) {
      if (j >= n) {
        valid = false;
        break;
      }
      const auto b = static_cast<unsigned char>(text[j]);
      if (b < lo || b > hi) {
        valid = false;
        break;
      }
      cp = cp << 6 | (b & 0x3F);
      lo = 0x80;
      hi = 0xBF;
    }
    out += valid ? cp : kReplacement;
    i = j;
  }
  return out;
}

TextLayout layoutText(const FontAtlas& atlas, FontFace face, std::string_view utf8, float sizePx) {
  if (hasMathMarkup(utf8)) return layoutMathMarkup(atlas, face, utf8, sizePx);
  const std::u32string chars = decodeUtf8(utf8);
  TextLayout layout;
  layout.charCount = static_cast<int>(chars.size());
  if (!(atlas.bakePx() > 0)) return layout;  // not baked

  const float k = sizePx / atlas.bakePx();
  const FontMetrics& metrics = atlas.metrics(face);
  layout.ascent = metrics.ascent * k;
  layout.descent = metrics.descent * k;
  layout.glyphs.reserve(chars.size());
  layout.width = walkLine(atlas, face, chars, k, [&](const GlyphInfo& g, float penX, int index) {
    if (g.size.x <= 0 || g.size.y <= 0) return;  // blank
    PlacedGlyph placed;
    placed.pos = {penX + g.offset.x * k, g.offset.y * k};
    placed.size = g.size * k;
    placed.uv0 = g.uv0;
    placed.uv1 = g.uv1;
    placed.charIndex = index;
    layout.glyphs.push_back(placed);
  });
  return layout;
}

float measureText(const FontAtlas& atlas, FontFace face, std::string_view utf8, float sizePx) {
  if (!(atlas.bakePx() > 0)) return 0;
  if (hasMathMarkup(utf8)) return layoutMathMarkup(atlas, face, utf8, sizePx).width;
  return walkLine(atlas, face, decodeUtf8(utf8), sizePx / atlas.bakePx(),
                  [](const GlyphInfo&, float, int) {});
}

TextExtent measureTextExtent(const FontAtlas& atlas, FontFace face, std::string_view utf8,
                             float sizePx) {
  if (!(atlas.bakePx() > 0)) return {};
  if (hasMathMarkup(utf8)) {
    const TextLayout layout = layoutMathMarkup(atlas, face, utf8, sizePx);
    return {layout.width, layout.ascent, layout.descent};
  }
  const float k = sizePx / atlas.bakePx();
  const FontMetrics& metrics = atlas.metrics(face);
  return {measureText(atlas, face, utf8, sizePx), metrics.ascent * k, metrics.descent * k};
}

}  // namespace tfviz
