// Unit tests of the maths markup: validation messages, the plain path left alone, and the
// geometry of typeset maths (scripts raised and smaller, fractions stacked on the axis, radical
// bars over their radicands, bounds around all ink, reveal order). Pure CPU, no GL.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "render/draw_list.hpp"
#include "render/math_markup.hpp"
#include "render/text_layout.hpp"
#include "scene/build_draw_list.hpp"
#include "scene/builder.hpp"
#include "scene/script.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

namespace {

constexpr float kSize = 48;

// The markup strings the issue asks for, and a few more.
const char* const kExamples[] = {
    "$\\frac{QK^T}{\\sqrt{d_k}}$",
    "$W_q^T$",
    "$x_{i,j}$",
    "$e^{x}$",
    "$d_{model}$",
    "$\\mathrm{softmax}(x)_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}$",
    "$d_{model} = 512$",
    "$e^{-\\infty} = 0$",
    "attention weights $A = \\mathrm{softmax}(S / \\sqrt{d_k})$",
    "$\\alpha \\cdot \\beta \\le \\gamma$, shape $3 \\times 4$",
    "$f(x)$ and $j$",
    "$\\sqrt{\\frac{a}{b}}$",
    "$x^{2^{n}}$",
};

const GlyphInfo& mathGlyph(char32_t c) {
  const GlyphInfo* g = test::atlas().glyph(FontFace::Math, c);
  REQUIRE(g != nullptr);
  return *g;
}

// The placed glyph drawing `g` (matched by atlas position), the n-th one if several.
const PlacedGlyph* find(const TextLayout& layout, const GlyphInfo& g, int n = 0) {
  for (const PlacedGlyph& p : layout.glyphs) {
    if (p.uv0 == g.uv0 && n-- == 0) return &p;
  }
  return nullptr;
}

// A placed glyph's baseline (y down) and its size relative to kSize.
float baseline(const PlacedGlyph& p, const GlyphInfo& g) {
  return p.pos.y - g.offset.y * p.size.y / g.size.y;
}
float scale(const PlacedGlyph& p, const GlyphInfo& g) {
  return p.size.y / g.size.y * test::atlas().bakePx() / kSize;
}

// The ink of a placed glyph: its quad without the distance field's padding (scaled like the
// quad, so a script's or a stretched radical's padding is smaller or larger).
struct Ink {
  float left, top, right, bottom;
};
Ink inkOf(const PlacedGlyph& p, const GlyphInfo& g) {
  const float pad = static_cast<float>(test::atlas().padding());
  const float sx = p.size.x / g.size.x, sy = p.size.y / g.size.y;
  return {p.pos.x + pad * sx, p.pos.y + pad * sy, p.pos.x + p.size.x - pad * sx,
          p.pos.y + p.size.y - pad * sy};
}

// The atlas glyph a placed glyph was drawn from (Math or Sans face), by its atlas position.
const GlyphInfo* sourceOf(const PlacedGlyph& p) {
  for (FontFace face : {FontFace::Math, FontFace::Sans}) {
    for (const std::u32string& set : {FontAtlas::mathCharset(), FontAtlas::requiredCharset()}) {
      for (char32_t c : set) {
        const GlyphInfo* g = test::atlas().glyph(face, c);
        if (g != nullptr && g->size.x > 0 && g->uv0 == p.uv0) return g;
      }
    }
  }
  return nullptr;
}

TextLayout lay(const char* text) {
  return layoutText(test::atlas(), FontFace::Sans, text, kSize);
}

}  // namespace

TEST_CASE("validateMathMarkup: every example parses; plain text needs nothing") {
  for (const char* text : kExamples) {
    INFO(text);
    CHECK(validateMathMarkup(text) == "");
  }
  CHECK(validateMathMarkup("hidden_states @ W_q.T") == "");
  CHECK(validateMathMarkup("costs \\$5, $x$") == "");
  CHECK_FALSE(hasMathMarkup("W_q.T"));
  CHECK(hasMathMarkup("$x$"));
}

TEST_CASE("validateMathMarkup: one-line errors name the problem, the place and the string") {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"cost $5", "unterminated '$' at character 5"},
      {"$\\foo$", "unknown command \\foo at character 1"},
      {"$a}$", "unmatched '}' at character 2"},
      {"$x_{i$", "missing '}' for the '{' at character 3"},
      {"$x^2^3$", "double superscript at character 4"},
      {"$x_1_2$", "double subscript at character 4"},
      {"$\\frac{a}$", "\\frac needs an argument at character 1"},
      {"$x^$", "'^' needs an argument at character 2"},
      {"$\\sqrt[3]{x}$", "\\sqrt[n] is not supported at character 1"},
      {"$\\text x$", "\\text needs {text} at character 1"},
      {"ok $x$ then $\\bad$", "unknown command \\bad at character 13"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const std::string error = validateMathMarkup(c.text);
    CHECK(error.find(c.message) != std::string::npos);
    CHECK(error.rfind("maths markup: ", 0) == 0);
    CHECK(error.find(std::string("\"") + c.text + "\"") != std::string::npos);
    CHECK(error.find('\n') == std::string::npos);
  }
}

TEST_CASE("maths markup: every command lays out without a missing glyph") {
  const GlyphInfo& question = mathGlyph(U'?');
  const GlyphInfo* sansQuestion = test::atlas().glyph(FontFace::Sans, U'?');
  const std::vector<std::string> commands = mathMarkupCommands();
  CHECK(commands.size() > 90);
  for (const std::string& name : commands) {
    const std::string text = "$\\" + name + "{a}{b}$";
    INFO(text);
    CHECK(validateMathMarkup(text) == "");
    const TextLayout layout = lay(text.c_str());
    CHECK(find(layout, question) == nullptr);
    for (const PlacedGlyph& g : layout.glyphs) CHECK(g.uv0 != sansQuestion->uv0);
  }
}

TEST_CASE("maths markup: a string without '$' is laid out exactly as before") {
  const FontAtlas& atlas = test::atlas();
  const char* text = "hidden_states @ W_q.T  Wq\xE1\xB5\xA2";
  const TextLayout layout = layoutText(atlas, FontFace::Mono, text, 30);
  CHECK(layout.rules.empty());
  const float k = 30 / atlas.bakePx();
  CHECK(layout.ascent == atlas.metrics(FontFace::Mono).ascent * k);
  CHECK(layout.descent == atlas.metrics(FontFace::Mono).descent * k);
  const TextExtent e = measureTextExtent(atlas, FontFace::Mono, text, 30);
  CHECK(e.width == layout.width);
  CHECK(e.ascent == layout.ascent);
  CHECK(e.descent == layout.descent);
  CHECK(measureText(atlas, FontFace::Mono, text, 30) == layout.width);
}

TEST_CASE("maths markup: text around the maths keeps its face, kerning and place") {
  const TextLayout plain = lay("attention weights ");
  const TextLayout mixed = lay("attention weights $A$");
  REQUIRE(mixed.glyphs.size() == plain.glyphs.size() + 1);
  for (size_t i = 0; i < plain.glyphs.size(); ++i) {
    CHECK(mixed.glyphs[i].pos == plain.glyphs[i].pos);
    CHECK(mixed.glyphs[i].uv0 == plain.glyphs[i].uv0);
    CHECK(mixed.glyphs[i].charIndex == plain.glyphs[i].charIndex);
  }
  // The A is the maths italic one, right after the text's advance.
  const PlacedGlyph* a = find(mixed, mathGlyph(0x1D434));
  REQUIRE(a != nullptr);
  CHECK(a->pos.x > plain.width - 5);
  CHECK(mixed.charCount == plain.charCount + 1);
  CHECK(mixed.ascent == plain.ascent);  // one letter: no taller than the text's line
  CHECK(mixed.descent == plain.descent);
}

TEST_CASE("maths markup: letters italic, digits, operators and function names upright") {
  const TextLayout x = lay("$x + 2$");
  CHECK(find(x, mathGlyph(0x1D465)) != nullptr);  // italic x
  CHECK(find(x, mathGlyph(U'2')) != nullptr);     // upright 2 of the maths face
  CHECK(find(x, mathGlyph(U'+')) != nullptr);
  const TextLayout h = lay("$h$");
  CHECK(find(h, mathGlyph(0x210E)) != nullptr);  // italic h lives at U+210E
  const TextLayout word = lay("$\\mathrm{softmax}$");
  CHECK(find(word, mathGlyph(U's')) != nullptr);
  CHECK(find(word, mathGlyph(0x1D460)) == nullptr);  // not the italic s
  const TextLayout exp = lay("$\\exp(x)$");
  CHECK(find(exp, mathGlyph(U'e')) != nullptr);
  // A minus, not a hyphen; Greek italic whether named or typed.
  CHECK(find(lay("$a-b$"), mathGlyph(U'−')) != nullptr);
  const TextLayout named = lay("$\\alpha\\beta$");
  const TextLayout typed = lay("$\xCE\xB1\xCE\xB2$");
  REQUIRE(named.glyphs.size() == 2);
  REQUIRE(typed.glyphs.size() == 2);
  CHECK(named.glyphs[0].uv0 == mathGlyph(0x1D6FC).uv0);
  CHECK(typed.glyphs[0].uv0 == named.glyphs[0].uv0);
  CHECK(typed.glyphs[1].pos == named.glyphs[1].pos);
}

TEST_CASE("maths markup: binary operators and relations get their spaces") {
  // a+b is wider than the three glyphs' advances; -a (unary) adds no space after the minus.
  const float k = kSize / test::atlas().bakePx();
  const float advances =
      (mathGlyph(0x1D44E).advance + mathGlyph(U'+').advance + mathGlyph(0x1D44F).advance) * k;
  const TextLayout sum = lay("$a+b$");
  CHECK(sum.width > advances + 2 * (4.0f / 18) * kSize * 0.9f);
  const TextLayout unary = lay("$-a$");
  const PlacedGlyph* minus = find(unary, mathGlyph(U'−'));
  const PlacedGlyph* a = find(unary, mathGlyph(0x1D44E));
  REQUIRE(minus != nullptr);
  REQUIRE(a != nullptr);
  CHECK(inkOf(*a, mathGlyph(0x1D44E)).left - inkOf(*minus, mathGlyph(U'−')).right < 0.15f * kSize);
}

TEST_CASE("maths markup: W_q^T: subscript lowered, superscript raised, both smaller") {
  const TextLayout layout = lay("$W_q^T$");
  const GlyphInfo &gw = mathGlyph(0x1D44A), &gq = mathGlyph(0x1D45E), &gt = mathGlyph(0x1D447);
  const PlacedGlyph* w = find(layout, gw);
  const PlacedGlyph* q = find(layout, gq);
  const PlacedGlyph* t = find(layout, gt);
  REQUIRE(w != nullptr);
  REQUIRE(q != nullptr);
  REQUIRE(t != nullptr);
  CHECK(baseline(*w, gw) == doctest::Approx(0).epsilon(0.01));
  CHECK(scale(*w, gw) == doctest::Approx(1));
  const float script = mathConstants().scriptPercentScaleDown / 100.0f;
  CHECK(scale(*q, gq) == doctest::Approx(script));
  CHECK(scale(*t, gt) == doctest::Approx(script));
  CHECK(baseline(*q, gq) >= mathConstants().subscriptShiftDown * kSize - 0.01f);
  CHECK(-baseline(*t, gt) >= mathConstants().superscriptShiftUp * kSize - 0.01f);
  // Both scripts to the right of W's advance (q tucked in, T after the italic correction).
  CHECK(q->pos.x > w->pos.x);
  CHECK(t->pos.x >= q->pos.x);
  CHECK(inkOf(*t, gt).bottom < inkOf(*q, gq).top);  // no collision between the scripts
  // Reveal slots in source order: W, q, T.
  CHECK(w->charIndex == 0);
  CHECK(q->charIndex == 1);
  CHECK(t->charIndex == 2);
  CHECK(layout.charCount == 3);
}

TEST_CASE("maths markup: scripts nest: e^{x_i} and x_{i,j}") {
  const TextLayout layout = lay("$e^{x_i}$");
  const GlyphInfo &ge = mathGlyph(0x1D452), &gx = mathGlyph(0x1D465), &gi = mathGlyph(0x1D456);
  const PlacedGlyph* e = find(layout, ge);
  const PlacedGlyph* x = find(layout, gx);
  const PlacedGlyph* i = find(layout, gi);
  REQUIRE(e != nullptr);
  REQUIRE(x != nullptr);
  REQUIRE(i != nullptr);
  CHECK(baseline(*x, gx) < -0.3f * kSize);
  CHECK(baseline(*i, gi) > baseline(*x, gx));
  CHECK(scale(*i, gi) == doctest::Approx(mathConstants().scriptScriptPercentScaleDown / 100.0f));
  CHECK(i->pos.x > x->pos.x);
  const TextLayout ij = lay("$x_{i,j}$");
  const PlacedGlyph* i2 = find(ij, gi);
  const PlacedGlyph* j2 = find(ij, mathGlyph(0x1D457));
  REQUIRE(i2 != nullptr);
  REQUIRE(j2 != nullptr);
  CHECK(baseline(*i2, gi) == doctest::Approx(baseline(*j2, mathGlyph(0x1D457))));
  CHECK(baseline(*i2, gi) > 0);
}

TEST_CASE("maths markup: QK^T over sqrt(d_k): numerator, bar, denominator stacked on the axis") {
  const TextLayout layout = lay("$\\frac{QK^T}{\\sqrt{d_k}}$");
  REQUIRE(layout.rules.size() == 2);
  // The fraction bar is the wider rule, centred on the maths axis.
  const PlacedRule bar =
      layout.rules[0].size.x > layout.rules[1].size.x ? layout.rules[0] : layout.rules[1];
  const PlacedRule root =
      layout.rules[0].size.x > layout.rules[1].size.x ? layout.rules[1] : layout.rules[0];
  CHECK(bar.pos.y + bar.size.y * 0.5f == doctest::Approx(-mathConstants().axisHeight * kSize));
  CHECK(bar.size.y == doctest::Approx(mathConstants().fractionRuleThickness * kSize));
  const char32_t numerator[] = {0x1D444, 0x1D43E, 0x1D447};  // Q K T
  const char32_t denominator[] = {U'√', 0x1D451, 0x1D458};   // sqrt d k
  float numLeft = 1e9f, numRight = -1e9f;
  for (char32_t c : numerator) {
    const PlacedGlyph* p = find(layout, mathGlyph(c));
    REQUIRE(p != nullptr);
    const Ink i = inkOf(*p, mathGlyph(c));
    CHECK(i.bottom < bar.pos.y);  // above the bar
    numLeft = std::min(numLeft, i.left);
    numRight = std::max(numRight, i.right);
  }
  for (char32_t c : denominator) {
    const PlacedGlyph* p = find(layout, mathGlyph(c));
    REQUIRE(p != nullptr);
    CHECK(inkOf(*p, mathGlyph(c)).top > bar.pos.y + bar.size.y);  // below the bar
  }
  // Centred: the numerator's ink in the middle of the bar (within a tenth of an em).
  CHECK((numLeft + numRight) * 0.5f ==
        doctest::Approx(bar.pos.x + bar.size.x * 0.5f).epsilon(0.1f * kSize / 100));
  CHECK(numLeft > bar.pos.x);
  CHECK(numRight < bar.pos.x + bar.size.x);
  // The radical's bar belongs below the fraction bar; the bar shows with the first glyph.
  CHECK(root.pos.y > bar.pos.y);
  const PlacedGlyph* q = find(layout, mathGlyph(0x1D444));
  CHECK(bar.charIndex == q->charIndex);
  // Taller than a line of text: the bounds grow to hold the stack.
  const float k = kSize / test::atlas().bakePx();
  CHECK(layout.ascent > test::atlas().metrics(FontFace::Sans).ascent * k);
  CHECK(layout.descent > test::atlas().metrics(FontFace::Sans).descent * k);
}

TEST_CASE("maths markup: a radical's bar starts at the sign and spans the radicand") {
  const TextLayout layout = lay("$\\sqrt{d_k}$");
  REQUIRE(layout.rules.size() == 1);
  const PlacedRule& bar = layout.rules[0];
  const PlacedGlyph* sign = find(layout, mathGlyph(U'√'));
  const PlacedGlyph* d = find(layout, mathGlyph(0x1D451));
  const PlacedGlyph* k = find(layout, mathGlyph(0x1D458));
  REQUIRE(sign != nullptr);
  REQUIRE(d != nullptr);
  REQUIRE(k != nullptr);
  const Ink s = inkOf(*sign, mathGlyph(U'√'));
  const Ink di = inkOf(*d, mathGlyph(0x1D451));
  const Ink ki = inkOf(*k, mathGlyph(0x1D458));
  CHECK(bar.pos.x <= s.right);                               // joins the sign ...
  CHECK(bar.pos.x + bar.size.x >= ki.right);                 // ... and covers d and k
  CHECK(bar.pos.y == doctest::Approx(s.top).epsilon(0.02));  // at the sign's top
  CHECK(bar.pos.y + bar.size.y < di.top);                    // above the radicand
  CHECK(s.right <= di.left + 1);                             // the sign before the radicand
  CHECK(bar.charIndex == sign->charIndex);                   // revealed with the sign
  CHECK(s.bottom >= 0);                                      // the sign reaches the baseline
  // A taller radicand stretches the sign to cover it.
  const TextLayout tall = lay("$\\sqrt{\\frac{a}{b}}$");
  const PlacedGlyph* tallSign = find(tall, mathGlyph(U'√'));
  REQUIRE(tallSign != nullptr);
  CHECK(tallSign->size.y > sign->size.y * 1.3f);
  const PlacedGlyph* b = find(tall, mathGlyph(0x1D44F));
  REQUIRE(b != nullptr);
  CHECK(inkOf(*tallSign, mathGlyph(U'√')).bottom >= inkOf(*b, mathGlyph(0x1D44F)).bottom - 1);
}

TEST_CASE("maths markup: the layout's box holds every glyph's ink and every rule") {
  for (const char* text : kExamples) {
    INFO(text);
    const TextLayout layout = lay(text);
    CHECK_FALSE(layout.glyphs.empty());
    constexpr float kSlack = 0.5f;
    for (const PlacedGlyph& p : layout.glyphs) {
      const GlyphInfo* g = sourceOf(p);
      REQUIRE(g != nullptr);
      const Ink i = inkOf(p, *g);
      CHECK(i.left >= -kSlack);
      CHECK(i.right <= layout.width + kSlack);
      CHECK(i.top >= -layout.ascent - kSlack);
      CHECK(i.bottom <= layout.descent + kSlack);
    }
    for (const PlacedRule& r : layout.rules) {
      CHECK(r.pos.x >= 0);
      CHECK(r.pos.x + r.size.x <= layout.width);
      CHECK(r.pos.y >= -layout.ascent);
      CHECK(r.pos.y + r.size.y <= layout.descent);
    }
    // Every rule reveals with some glyph; slots are within charCount.
    std::set<int> slots;
    for (const PlacedGlyph& p : layout.glyphs) {
      CHECK(p.charIndex >= 0);
      CHECK(p.charIndex < layout.charCount);
      slots.insert(p.charIndex);
    }
    for (const PlacedRule& r : layout.rules) CHECK(slots.count(r.charIndex) == 1);
    // measureText and measureTextExtent agree with the layout.
    const TextExtent e = measureTextExtent(test::atlas(), FontFace::Sans, text, kSize);
    CHECK(e.width == layout.width);
    CHECK(e.ascent == layout.ascent);
    CHECK(e.descent == layout.descent);
  }
}

TEST_CASE("maths markup: literal dollars, unterminated and broken maths shown as written") {
  const GlyphInfo* dollar = test::atlas().glyph(FontFace::Sans, U'$');
  REQUIRE(dollar != nullptr);
  const TextLayout escaped = lay("costs \\$5");
  CHECK(escaped.charCount == 8);
  CHECK(escaped.rules.empty());
  REQUIRE(escaped.glyphs.size() == 7);
  CHECK(escaped.glyphs[5].uv0 == dollar->uv0);
  // Unterminated: the '$' and what follows, in the text face.
  const TextLayout open = lay("a $x");
  CHECK(open.charCount == 4);
  REQUIRE(open.glyphs.size() == 3);
  CHECK(open.glyphs[1].uv0 == dollar->uv0);
  CHECK(open.glyphs[2].uv0 == test::atlas().glyph(FontFace::Sans, U'x')->uv0);
  // Unknown command: the whole span literally, the rest typeset.
  const TextLayout broken = lay("$\\foo$ and $x$");
  CHECK(broken.charCount == 12);
  CHECK(broken.glyphs[0].uv0 == dollar->uv0);
  CHECK(broken.glyphs[1].uv0 == test::atlas().glyph(FontFace::Sans, U'\\')->uv0);
  CHECK(find(broken, mathGlyph(0x1D465)) != nullptr);
  // Nothing crashes on odd input.
  for (const char* text : {"$", "$$", "\\$", "$\\$", "$\\", "${$", "$}$", "$^$", "$_{}$",
                           "$\\frac$", "$\\sqrt$", "$'$", "$\\left$", "\xFF$\xFE$"}) {
    INFO(text);
    const TextLayout layout = lay(text);
    CHECK(layout.width >= 0);
  }
  // An empty span is empty maths.
  CHECK(lay("$$").glyphs.empty());
}

TEST_CASE("maths markup: MATH constants match the embedded font's MATH table") {
  const auto data = embeddedFontData(FontFace::Math);
  auto u16 = [&](size_t at) { return static_cast<int>(data[at] << 8 | data[at + 1]); };
  auto s16 = [&](size_t at) { return static_cast<int16_t>(u16(at)); };
  auto u32 = [&](size_t at) { return static_cast<size_t>(u16(at)) << 16 | u16(at + 2); };
  size_t math = 0;
  size_t head = 0;
  for (int i = 0; i < u16(4); ++i) {
    const size_t rec = 12 + 16 * static_cast<size_t>(i);
    const std::string tag(reinterpret_cast<const char*>(&data[rec]), 4);
    if (tag == "MATH") math = u32(rec + 8);
    if (tag == "head") head = u32(rec + 8);
  }
  REQUIRE(math > 0);
  REQUIRE(head > 0);
  const float em = static_cast<float>(u16(head + 18));  // unitsPerEm
  CHECK(em == 1000);
  const size_t c = math + u16(math + 4);
  // MathValueRecords follow four 16-bit fields; each is 4 bytes (value, device table offset).
  auto value = [&](int index) { return s16(c + 8 + 4 * static_cast<size_t>(index)) / em; };
  const MathConstants& m = mathConstants();
  CHECK(s16(c) == m.scriptPercentScaleDown);
  CHECK(s16(c + 2) == m.scriptScriptPercentScaleDown);
  CHECK(value(1) == doctest::Approx(m.axisHeight));
  CHECK(value(4) == doctest::Approx(m.subscriptShiftDown));
  CHECK(value(5) == doctest::Approx(m.subscriptTopMax));
  CHECK(value(6) == doctest::Approx(m.subscriptBaselineDropMin));
  CHECK(value(7) == doctest::Approx(m.superscriptShiftUp));
  CHECK(value(8) == doctest::Approx(m.superscriptShiftUpCramped));
  CHECK(value(9) == doctest::Approx(m.superscriptBottomMin));
  CHECK(value(10) == doctest::Approx(m.superscriptBaselineDropMax));
  CHECK(value(11) == doctest::Approx(m.subSuperscriptGapMin));
  CHECK(value(12) == doctest::Approx(m.superscriptBottomMaxWithSubscript));
  CHECK(value(13) == doctest::Approx(m.spaceAfterScript));
  CHECK(value(28) == doctest::Approx(m.fractionNumeratorShiftUp));
  CHECK(value(29) == doctest::Approx(m.fractionNumeratorDisplayStyleShiftUp));
  CHECK(value(30) == doctest::Approx(m.fractionDenominatorShiftDown));
  CHECK(value(31) == doctest::Approx(m.fractionDenominatorDisplayStyleShiftDown));
  CHECK(value(32) == doctest::Approx(m.fractionNumeratorGapMin));
  CHECK(value(33) == doctest::Approx(m.fractionNumDisplayStyleGapMin));
  CHECK(value(34) == doctest::Approx(m.fractionRuleThickness));
  CHECK(value(35) == doctest::Approx(m.fractionDenominatorGapMin));
  CHECK(value(36) == doctest::Approx(m.fractionDenomDisplayStyleGapMin));
  CHECK(value(45) == doctest::Approx(m.radicalVerticalGap));
  CHECK(value(47) == doctest::Approx(m.radicalRuleThickness));
  CHECK(value(48) == doctest::Approx(m.radicalExtraAscender));
  // The font's em is the atlas' bake size: ascent + descent of the maths face.
  const FontMetrics& metrics = test::atlas().metrics(FontFace::Math);
  CHECK(metrics.ascent + metrics.descent == doctest::Approx(test::atlas().bakePx()));
}

TEST_CASE("maths markup: drawn rules take the text's colour and reveal with their group") {
  SectionScript script;
  script.items.push_back(makeText("$\\frac{a}{b}$", 40));
  SceneState state;
  state.items.resize(1);
  ItemState& s = state.items[0];
  s.opacity = 0.5f;
  s.color = {1.0f, 0.5f, 0.25f, 1.0f};
  DrawList out;
  auto rects = [&](float reveal) {
    s.reveal = reveal;
    buildDrawList(script, state, test::atlas(), 1920, 1080, out);
    return out.stats().rects;
  };
  CHECK(rects(1.0f) == 1);  // the fraction bar
  CHECK(out.stats().glyphs == 2);
  // The bar's colour: the item's, at its opacity.
  const DrawVertex& v = out.vertices().back();
  CHECK(v.mode == 0.0f);
  CHECK(v.color == packColor({1.0f, 0.5f, 0.25f, 0.5f}));
  // Revealed with the numerator's first glyph: nothing at 0, the bar with 'a' at half.
  CHECK(rects(0.0f) == 0);
  CHECK(out.stats().glyphs == 0);
  CHECK(rects(0.5f) == 1);
  CHECK(out.stats().glyphs == 1);
}
