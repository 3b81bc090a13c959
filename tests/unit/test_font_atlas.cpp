// Unit tests of the SDF font atlas: glyph coverage of both faces, atlas packing, metrics, kerning.
// Pure CPU (stb_truetype), no GL.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "render/font_atlas.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

namespace {

constexpr FontFace kFaces[] = {FontFace::Sans, FontFace::Mono};

const char* faceName(FontFace face) {
  return face == FontFace::Sans ? "Sans" : "Mono";
}

struct NamedChar {
  const char* name;
  char32_t c;
};

// The characters the scenes are promised, each named so that a failure says which one is missing.
constexpr NamedChar kPromised[] = {
    {"times U+00D7", U'\u00D7'},         {"middle dot U+00B7", U'\u00B7'},
    {"minus U+2212", U'\u2212'},         {"right arrow U+2192", U'\u2192'},
    {"left arrow U+2190", U'\u2190'},    {"circled dot U+2299", U'\u2299'},
    {"bullet U+2022", U'\u2022'},        {"check mark U+2713", U'\u2713'},
    {"square root U+221A", U'\u221A'},   {"Sigma U+03A3", U'\u03A3'},
    {"n-ary sum U+2211", U'\u2211'},     {"almost equal U+2248", U'\u2248'},
    {"infinity U+221E", U'\u221E'},      {"superscript 2 U+00B2", U'\u00B2'},
    {"superscript 8 U+2078", U'\u2078'}, {"superscript T U+1D40", U'\u1D40'},
    {"subscript k U+2096", U'\u2096'},   {"replacement U+FFFD", U'\uFFFD'},
};

}  // namespace

TEST_CASE("FontAtlas: embedded fonts are TrueType files") {
  for (FontFace face : kFaces) {
    INFO("face ", faceName(face));
    const auto data = embeddedFontData(face);
    REQUIRE(data.size() > 100000);
    CHECK(data[0] == 0x00);
    CHECK(data[1] == 0x01);
    CHECK(data[2] == 0x00);
    CHECK(data[3] == 0x00);
  }
}

TEST_CASE("FontAtlas: every printable ASCII character is baked in both faces") {
  for (FontFace face : kFaces) {
    for (char32_t c = 0x20; c <= 0x7E; ++c) {
      INFO("face ", faceName(face), ", ASCII '", static_cast<char>(c), "'");
      const GlyphInfo* g = test::atlas().glyph(face, c);
      REQUIRE(g != nullptr);
      CHECK(g->advance > 0);
      if (c == U' ') {
        CHECK(g->size.x == 0);
        CHECK(g->size.y == 0);
      } else {
        CHECK(g->size.x > 0);
        CHECK(g->size.y > 0);
      }
    }
  }
}

TEST_CASE("FontAtlas: the promised symbols are baked in both faces") {
  for (FontFace face : kFaces) {
    for (const NamedChar& nc : kPromised) {
      INFO("face ", faceName(face), ", ", nc.name);
      const GlyphInfo* g = test::atlas().glyph(face, nc.c);
      REQUIRE(g != nullptr);
      CHECK(g->advance > 0);
      CHECK(g->size.x > 0);
      CHECK(g->size.y > 0);
      CHECK(FontAtlas::requiredCharset().find(nc.c) != std::u32string::npos);
    }
  }
}

TEST_CASE("FontAtlas: the whole required charset is baked in both faces") {
  const std::u32string charset = FontAtlas::requiredCharset();
  CHECK(charset.size() >= 95 + 60);
  for (FontFace face : kFaces) {
    for (char32_t c : charset) {
      INFO("face ", faceName(face), ", U+", std::to_string(static_cast<uint32_t>(c)), " (decimal)");
      CHECK(test::atlas().glyph(face, c) != nullptr);
    }
  }
  // No duplicates.
  std::u32string sorted = charset;
  std::sort(sorted.begin(), sorted.end());
  CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
}

TEST_CASE("FontAtlas: characters no font has are missing") {
  for (FontFace face : kFaces) {
    INFO("face ", faceName(face));
    CHECK(test::atlas().glyph(face, U'\u4E00') == nullptr);
    CHECK(test::atlas().kerning(face, U'\u4E00', U'A') == 0);
  }
}

TEST_CASE("FontAtlas: the atlas has the requested width and holds distance fields") {
  const FontAtlas& a = test::atlas();
  CHECK(a.width() == FontAtlasOptions{}.atlasWidth);
  CHECK(a.height() > 0);
  CHECK(a.height() % 4 == 0);
  CHECK(a.bakePx() == FontAtlasOptions{}.bakePx);
  CHECK(a.padding() == FontAtlasOptions{}.padding);
  REQUIRE(a.pixels().size() == static_cast<size_t>(a.width()) * a.height());
  const auto inside =
      std::count_if(a.pixels().begin(), a.pixels().end(), [](uint8_t p) { return p >= 128; });
  const auto halo = std::count_if(a.pixels().begin(), a.pixels().end(),
                                  [](uint8_t p) { return p > 0 && p < 128; });
  CHECK(inside > 10000);
  CHECK(halo > 10000);
}

TEST_CASE("FontAtlas: glyph rectangles lie inside the atlas and do not overlap") {
  const FontAtlas& a = test::atlas();
  struct Rect {
    int x0, y0, x1, y1;
    bool operator==(const Rect&) const = default;
  };
  std::vector<Rect> rects;
  for (FontFace face : kFaces) {
    for (char32_t c : FontAtlas::requiredCharset()) {
      const GlyphInfo* g = a.glyph(face, c);
      REQUIRE(g != nullptr);
      if (g->size.x == 0) continue;
      INFO("face ", faceName(face), ", code point ", static_cast<uint32_t>(c));
      CHECK(g->uv0.x >= 0);
      CHECK(g->uv0.y >= 0);
      CHECK(g->uv1.x <= 1);
      CHECK(g->uv1.y <= 1);
      CHECK(g->uv0.x < g->uv1.x);
      CHECK(g->uv0.y < g->uv1.y);
      const Rect r{static_cast<int>(g->uv0.x * a.width() + 0.5f),
                   static_cast<int>(g->uv0.y * a.height() + 0.5f),
                   static_cast<int>(g->uv1.x * a.width() + 0.5f),
                   static_cast<int>(g->uv1.y * a.height() + 0.5f)};
      CHECK(r.x1 - r.x0 == static_cast<int>(g->size.x));
      CHECK(r.y1 - r.y0 == static_cast<int>(g->size.y));
      if (std::find(rects.begin(), rects.end(), r) == rects.end()) rects.push_back(r);
    }
  }
  int overlaps = 0;
  for (size_t i = 0; i < rects.size(); ++i) {
    for (size_t j = i + 1; j < rects.size(); ++j) {
      const Rect& p = rects[i];
      const Rect& q = rects[j];
      if (p.x0 < q.x1 && q.x0 < p.x1 && p.y0 < q.y1 && q.y0 < p.y1) ++overlaps;
    }
  }
  CHECK(overlaps == 0);
}

TEST_CASE("FontAtlas: glyph geometry sits on the baseline") {
  const FontAtlas& a = test::atlas();
  for (FontFace face : kFaces) {
    INFO("face ", faceName(face));
    const GlyphInfo* cap = a.glyph(face, U'H');
    const GlyphInfo* desc = a.glyph(face, U'p');
    REQUIRE(cap != nullptr);
    REQUIRE(desc != nullptr);
    // 'H' rises above the baseline (y down: negative offset) and ends about `padding` below it.
    CHECK(cap->offset.y < -a.bakePx() * 0.5f);
    CHECK(cap->offset.y + cap->size.y == doctest::Approx(a.padding()).epsilon(0.2));
    // 'p' reaches below the baseline.
    CHECK(desc->offset.y + desc->size.y > a.padding() + 5);
  }
}

TEST_CASE("FontAtlas: metrics are positive and scaled to the bake size") {
  for (FontFace face : kFaces) {
    INFO("face ", faceName(face));
    const FontMetrics& m = test::atlas().metrics(face);
    CHECK(m.ascent > 0);
    CHECK(m.descent > 0);
    CHECK(m.lineGap >= 0);
    CHECK(m.ascent + m.descent == doctest::Approx(test::atlas().bakePx()).epsilon(0.01));
  }
}

TEST_CASE("FontAtlas: Mono digits all have the same advance") {
  const GlyphInfo* zero = test::atlas().glyph(FontFace::Mono, U'0');
  REQUIRE(zero != nullptr);
  for (char32_t c = U'1'; c <= U'9'; ++c) {
    INFO("digit ", static_cast<char>(c));
    const GlyphInfo* g = test::atlas().glyph(FontFace::Mono, c);
    REQUIRE(g != nullptr);
    CHECK(g->advance == zero->advance);
  }
  CHECK(test::atlas().glyph(FontFace::Mono, U'i')->advance == zero->advance);
  CHECK(test::atlas().glyph(FontFace::Mono, U'W')->advance == zero->advance);
  // Sans is proportional.
  CHECK(test::atlas().glyph(FontFace::Sans, U'i')->advance <
        test::atlas().glyph(FontFace::Sans, U'W')->advance);
}

TEST_CASE("FontAtlas: Sans kerns the classic pairs, Mono does not kern") {
  const FontAtlas& a = test::atlas();
  CHECK(a.kerning(FontFace::Sans, U'A', U'V') < 0);
  CHECK(a.kerning(FontFace::Sans, U'T', U'o') < 0);
  CHECK(a.kerning(FontFace::Sans, U'V', U'A') < 0);
  CHECK(a.kerning(FontFace::Sans, U'a', U'b') == 0);
  CHECK(a.kerning(FontFace::Mono, U'A', U'V') == 0);
  CHECK(a.kerning(FontFace::Mono, U'T', U'o') == 0);
  // A few px at the 48 px bake size, not a whole glyph.
  CHECK(a.kerning(FontFace::Sans, U'T', U'o') > -a.bakePx() * 0.3f);
}

TEST_CASE("FontAtlas: options change the bake") {
  FontAtlasOptions options;
  options.bakePx = 16;
  options.padding = 3;
  options.atlasWidth = 256;
  options.extra = U"\u03A9\u4E00";  // Omega (in DejaVu) and a CJK ideograph (in neither font)
  const FontAtlas small = FontAtlas::bake(options);
  CHECK(small.width() == 256);
  CHECK(small.height() % 4 == 0);
  CHECK(small.bakePx() == 16);
  CHECK(small.padding() == 3);
  for (FontFace face : kFaces) {
    INFO("face ", faceName(face));
    CHECK(small.glyph(face, U'\u03A9') != nullptr);
    CHECK(small.glyph(face, U'\u4E00') == nullptr);
    CHECK(small.glyph(face, U'\u2096') != nullptr);
    CHECK(test::atlas().glyph(face, U'\u03A9') == nullptr);  // not in the default charset
    // Advances scale with the bake size.
    CHECK(small.glyph(face, U'M')->advance * 3 ==
          doctest::Approx(test::atlas().glyph(face, U'M')->advance).epsilon(0.001));
  }
  FontAtlasOptions noPadding;
  noPadding.padding = 0;
  CHECK_THROWS(FontAtlas::bake(noPadding));
  FontAtlasOptions narrow;
  narrow.bakePx = 16;
  narrow.atlasWidth = 8;  // narrower than a glyph
  CHECK_THROWS(FontAtlas::bake(narrow));
}

TEST_CASE("FontAtlas: the Math face is a TrueType maths font with italic letters, no kerning") {
  const FontAtlas& a = test::atlas();
  const auto data = embeddedFontData(FontFace::Math);
  REQUIRE(data.size() > 100000);
  CHECK(data[0] == 0x00);  // TrueType outlines: stb_truetype's distance fields need them
  CHECK(data[1] == 0x01);
  const std::u32string charset = FontAtlas::mathCharset();
  CHECK(charset.size() >= 190);
  for (char32_t c : charset) {
    INFO("Math, code point ", static_cast<uint32_t>(c));
    const GlyphInfo* g = a.glyph(FontFace::Math, c);
    REQUIRE(g != nullptr);
    CHECK(g->advance > 0);
    if (c != U' ') CHECK(g->size.x > 0);
  }
  // Italic x (U+1D465) and the radical are the maths font's own, not Sans stand-ins.
  for (char32_t c : {U'\U0001D465', U'\u221A', U'\u2211', U'0'}) {
    const GlyphInfo* math = a.glyph(FontFace::Math, c);
    REQUIRE(math != nullptr);
    const GlyphInfo* sans = a.glyph(FontFace::Sans, c);
    if (sans != nullptr) CHECK(math->uv0 != sans->uv0);
  }
  CHECK(a.glyph(FontFace::Sans, U'\U0001D465') == nullptr);  // not baked for text faces
  CHECK(a.kerning(FontFace::Math, U'A', U'V') == 0);
  const FontMetrics& m = a.metrics(FontFace::Math);
  CHECK(m.ascent + m.descent == doctest::Approx(a.bakePx()).epsilon(0.01));
  // A character outside the maths charset is missing from Math (math_markup falls back to Sans).
  CHECK(a.glyph(FontFace::Math, U'\u2713') == nullptr);
}
