// FontAtlas: signed-distance-field glyphs of the embedded DejaVu fonts (Sans, Sans Mono and the
// DejaVu Math TeX Gyre face for $...$ maths), baked with stb_truetype into one single-channel
// atlas at start-up. CPU only, no GL here (render/gl uploads it).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <glm/vec2.hpp>

namespace tfviz {

// Math is the serif maths face (DejaVu Math TeX Gyre) that text_layout uses between '$' signs;
// items are written in Sans or Mono.
enum class FontFace : uint8_t { Sans = 0, Mono = 1, Math = 2 };
inline constexpr int kFontFaceCount = 3;

// One baked glyph. Lengths are in pixels at the atlas' bake size, y pointing down.
struct GlyphInfo {
  float advance = 0;       // pen advance
  glm::vec2 offset{0, 0};  // top-left corner of the quad relative to the pen on the baseline
  glm::vec2 size{0, 0};    // quad size (0 for blank glyphs such as space)
  glm::vec2 uv0{0, 0};     // atlas texture coordinates of the quad's top-left corner
  glm::vec2 uv1{0, 0};     // ... and bottom-right corner
};

struct FontMetrics {
  float ascent = 0;   // above the baseline, positive, bake px
  float descent = 0;  // below the baseline, positive, bake px
  float lineGap = 0;
};

struct FontAtlasOptions {
  float bakePx = 48;       // glyph size the distance field is computed at
  int padding = 6;         // distance-field spread around each glyph, in bake px
  int atlasWidth = 1024;   // height grows to fit
  std::u32string extra{};  // characters to bake in every face besides its charset
  // Polled between glyphs; once it answers true the remaining glyphs are skipped and the atlas
  // is not to be used (a command stopping on Ctrl-C). Empty: never.
  bool (*cancelled)() = nullptr;
};

class FontAtlas {
 public:
  // Bakes Sans and Mono for requiredCharset() + options.extra, Math for mathCharset() +
  // options.extra. Throws std::runtime_error if a font cannot be read.
  static FontAtlas bake(const FontAtlasOptions& options = {});

  // The characters every tfviz scene may use: printable ASCII, the maths symbols, superscripts,
  // subscripts (d_k needs U+2096) and the few Greek letters the tutorial uses.
  static std::u32string requiredCharset();
  // The characters of the Math face: the ASCII maths draws upright (digits, Latin letters for
  // \mathrm, operators, brackets), the mathematical italic Latin and Greek letters (U+1D434..),
  // upright capital Greek, and the operators, relations and symbols math_markup knows. Only what
  // the maths font has; math_markup falls back to Sans for anything else.
  static std::u32string mathCharset();

  // nullptr when the face has no such glyph in the atlas. A glyph missing from Mono or Math falls
  // back to Sans at bake time, so Mono answers for everything Sans has.
  const GlyphInfo* glyph(FontFace face, char32_t c) const;
  // Kerning between two characters, in bake px (usually negative or zero). Always 0 for Math:
  // maths is spaced by atom classes, not by kerning pairs.
  float kerning(FontFace face, char32_t left, char32_t right) const;
  const FontMetrics& metrics(FontFace face) const { return m_metrics[static_cast<int>(face)]; }

  float bakePx() const { return m_bakePx; }
  int padding() const { return m_padding; }
  int width() const { return m_width; }
  int height() const { return m_height; }
  const std::vector<uint8_t>& pixels() const { return m_pixels; }  // width*height, row 0 on top

 private:
  float m_bakePx = 0;
  int m_padding = 0;
  int m_width = 0;
  int m_height = 0;
  std::vector<uint8_t> m_pixels;
  FontMetrics m_metrics[kFontFaceCount];
  std::unordered_map<char32_t, GlyphInfo> m_glyphs[kFontFaceCount];
  std::unordered_map<uint64_t, float> m_kerning[kFontFaceCount];  // key: left << 32 | right
};

// The raw TrueType files embedded into the binary (assets/fonts).
std::span<const uint8_t> embeddedFontData(FontFace face);

}  // namespace tfviz
