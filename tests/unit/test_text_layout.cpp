// Unit tests of text layout: UTF-8 decoding, glyph placement, kerning, scaling, missing characters.
// Pure CPU, no GL.
#include <doctest/doctest.h>

#include <string>

#include "render/text_layout.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

namespace {

constexpr char32_t kFffd = U'\uFFFD';

}  // namespace

TEST_CASE("decodeUtf8: ASCII and multi-byte characters") {
  CHECK(decodeUtf8("") == U"");
  CHECK(decodeUtf8("abc") == U"abc");
  CHECK(decodeUtf8("\xC3\xA9") == U"\u00E9");                        // é, 2 bytes
  CHECK(decodeUtf8("d\xE2\x82\x96") == U"d\u2096");                  // d, subscript k
  CHECK(decodeUtf8("QK\xE1\xB5\x80") == U"QK\u1D40");                // superscript T
  CHECK(decodeUtf8("\xF0\x9F\x98\x80!") == U"\U0001F600!");          // emoji, 4 bytes
  CHECK(decodeUtf8("\xF4\x8F\xBF\xBF") == U"\U0010FFFF");            // highest code point
  CHECK(decodeUtf8("\xEF\xBF\xBD") == std::u32string(1, kFffd));     // a real U+FFFD
  CHECK(decodeUtf8("\xC2\x80\xDF\xBF") == U"\u0080\u07FF");          // 2-byte limits
  CHECK(decodeUtf8("\xE0\xA0\x80\xEF\xBF\xBF") == U"\u0800\uFFFF");  // 3-byte limits
  CHECK(decodeUtf8(std::string_view("a\0b", 3)) == std::u32string(U"a\0b", 3));
}

TEST_CASE("decodeUtf8: invalid bytes become U+FFFD") {
  const std::u32string r(1, kFffd);
  CHECK(decodeUtf8("\x80") == r);  // stray continuation byte
  CHECK(decodeUtf8("a\xBFz") == U"a" + r + U"z");
  CHECK(decodeUtf8("\xFF") == r);                          // never valid
  CHECK(decodeUtf8("\xF5\x80\x80\x80") == r + r + r + r);  // above U+10FFFF lead
  CHECK(decodeUtf8("\xF4\x90\x80\x80") == r + r + r + r);  // above U+10FFFF
  CHECK(decodeUtf8("\xC0\xAF") == r + r);                  // overlong '/'
  CHECK(decodeUtf8("\xC1\xBF") == r + r);                  // overlong
  CHECK(decodeUtf8("\xE0\x80\xAF") == r + r + r);          // overlong, 3 bytes
  CHECK(decodeUtf8("\xF0\x80\x80\xAF") == r + r + r + r);  // overlong, 4 bytes
  CHECK(decodeUtf8("\xED\xA0\x80") == r + r + r);          // UTF-16 surrogate
  CHECK(decodeUtf8("\xE2\x82") == r);                      // truncated at the end
  CHECK(decodeUtf8("\xE2\x82z") == r + U"z");              // truncated before ASCII
  CHECK(decodeUtf8("\xF0\x9F\x98") == r);                  // truncated 4-byte
  CHECK(decodeUtf8("\xC3") == r);                          // lone lead byte at the end
  CHECK(decodeUtf8("\xC3\xC3\xA9") == r + U"\u00E9");      // lead byte interrupted
}

TEST_CASE("layoutText: character indices and blank glyphs") {
  const TextLayout ab = layoutText(test::atlas(), FontFace::Sans, "ab", 24);
  CHECK(ab.charCount == 2);
  REQUIRE(ab.glyphs.size() == 2);
  CHECK(ab.glyphs[0].charIndex == 0);
  CHECK(ab.glyphs[1].charIndex == 1);
  CHECK(ab.glyphs[0].pos.x < ab.glyphs[1].pos.x);

  // Spaces take room but produce no quad; indices count decoded characters, not bytes.
  const TextLayout spaced = layoutText(test::atlas(), FontFace::Sans, "\xC3\xA9 b", 24);
  CHECK(spaced.charCount == 3);
  REQUIRE(spaced.glyphs.size() == 2);
  CHECK(spaced.glyphs[0].charIndex == 0);
  CHECK(spaced.glyphs[1].charIndex == 2);

  const TextLayout empty = layoutText(test::atlas(), FontFace::Sans, "", 24);
  CHECK(empty.charCount == 0);
  CHECK(empty.glyphs.empty());
  CHECK(empty.width == 0);
}

TEST_CASE("layoutText: quads come from the atlas, scaled to the requested size") {
  const FontAtlas& a = test::atlas();
  const float size = 30;
  const float k = size / a.bakePx();
  const TextLayout layout = layoutText(a, FontFace::Sans, "Hp", size);
  REQUIRE(layout.glyphs.size() == 2);
  const GlyphInfo* h = a.glyph(FontFace::Sans, U'H');
  const GlyphInfo* p = a.glyph(FontFace::Sans, U'p');
  const PlacedGlyph& q0 = layout.glyphs[0];
  const PlacedGlyph& q1 = layout.glyphs[1];
  CHECK(q0.pos.x == doctest::Approx(h->offset.x * k));
  CHECK(q0.pos.y == doctest::Approx(h->offset.y * k));
  CHECK(q0.pos.y < 0);  // above the baseline
  CHECK(q0.size.x == doctest::Approx(h->size.x * k));
  CHECK(q0.size.y == doctest::Approx(h->size.y * k));
  CHECK(q0.uv0 == h->uv0);
  CHECK(q0.uv1 == h->uv1);
  const float penP = (h->advance + a.kerning(FontFace::Sans, U'H', U'p')) * k;
  CHECK(q1.pos.x == doctest::Approx(penP + p->offset.x * k));
  CHECK(q1.pos.y + q1.size.y > 0);  // the descender reaches below the baseline
  CHECK(layout.width == doctest::Approx(penP + p->advance * k));
  CHECK(layout.ascent == doctest::Approx(a.metrics(FontFace::Sans).ascent * k));
  CHECK(layout.descent == doctest::Approx(a.metrics(FontFace::Sans).descent * k));
  CHECK(layout.height() == doctest::Approx(size).epsilon(0.01));
}

TEST_CASE("layoutText: width scales linearly with the size") {
  for (FontFace face : {FontFace::Sans, FontFace::Mono}) {
    const char* text =
        "Attention(Q, K, V) = softmax(QK\xE1\xB5\x80/\xE2\x88\x9A"
        "d\xE2\x82\x96)";
    const float w12 = measureText(test::atlas(), face, text, 12);
    const float w24 = measureText(test::atlas(), face, text, 24);
    const float w60 = measureText(test::atlas(), face, text, 60);
    CHECK(w12 > 0);
    CHECK(w24 == doctest::Approx(2 * w12));
    CHECK(w60 == doctest::Approx(5 * w12));
  }
}

TEST_CASE("layoutText: kerning narrows AV in Sans") {
  // Verified: DejaVu Sans kerns A-V (about -2.6 px at 48 px); Mono has no kerning.
  const float size = 48;
  const float a = measureText(test::atlas(), FontFace::Sans, "A", size);
  const float v = measureText(test::atlas(), FontFace::Sans, "V", size);
  const float av = measureText(test::atlas(), FontFace::Sans, "AV", size);
  CHECK(av < a + v);
  const float k = size / test::atlas().bakePx();
  CHECK(av == doctest::Approx(a + v + test::atlas().kerning(FontFace::Sans, U'A', U'V') * k));

  const float ma = measureText(test::atlas(), FontFace::Mono, "A", size);
  const float mv = measureText(test::atlas(), FontFace::Mono, "V", size);
  CHECK(measureText(test::atlas(), FontFace::Mono, "AV", size) == doctest::Approx(ma + mv));
}

TEST_CASE("layoutText: Mono digits line up") {
  const float size = 20;
  const float one = measureText(test::atlas(), FontFace::Mono, "0", size);
  CHECK(measureText(test::atlas(), FontFace::Mono, "0123456789", size) ==
        doctest::Approx(10 * one));
  CHECK(measureText(test::atlas(), FontFace::Mono, "1111111111", size) ==
        doctest::Approx(measureText(test::atlas(), FontFace::Mono, "8888888888", size)));
}

TEST_CASE("measureText equals layoutText width") {
  const char* texts[] = {"",
                         " ",
                         "AVTo Wa",
                         "x\xC2\xB2 + y\xE2\x81\xB8 \xE2\x89\x88 \xE2\x88\x9E",
                         "\xE2\x8A\x99 \xE2\x80\xA2 \xE2\x9C\x93 \xCE\xA3 \xC3\x97 \xE2\x88\x92",
                         "missing \xE4\xB8\x80 and \xFF invalid"};
  for (FontFace face : {FontFace::Sans, FontFace::Mono}) {
    for (const char* text : texts) {
      INFO("text: ", text);
      CHECK(measureText(test::atlas(), face, text, 17) ==
            layoutText(test::atlas(), face, text, 17).width);
    }
  }
}

TEST_CASE("layoutText: a missing character is laid out as '?'") {
  for (FontFace face : {FontFace::Sans, FontFace::Mono}) {
    const TextLayout missing = layoutText(test::atlas(), face, "\xE4\xB8\x80", 32);  // U+4E00
    const TextLayout question = layoutText(test::atlas(), face, "?", 32);
    CHECK(missing.charCount == 1);
    REQUIRE(missing.glyphs.size() == 1);
    REQUIRE(question.glyphs.size() == 1);
    CHECK(missing.glyphs[0].uv0 == question.glyphs[0].uv0);
    CHECK(missing.glyphs[0].uv1 == question.glyphs[0].uv1);
    CHECK(missing.glyphs[0].pos == question.glyphs[0].pos);
    CHECK(missing.glyphs[0].charIndex == 0);
    CHECK(missing.width == question.width);
  }
  // Invalid UTF-8 decodes to U+FFFD, which DejaVu has: drawn as itself, not as '?'.
  const TextLayout invalid = layoutText(test::atlas(), FontFace::Sans, "\xFF", 32);
  REQUIRE(invalid.glyphs.size() == 1);
  CHECK(invalid.glyphs[0].uv0 == test::atlas().glyph(FontFace::Sans, kFffd)->uv0);
}
