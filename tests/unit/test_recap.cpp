// The closing recap: its blocks write the formulas out in full (the feed-forward block with both
// biases, as section 8 writes it).
// (The section's layout is checked with every other one in test_sections.cpp.)
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "render/math_markup.hpp"
#include "render/palette.hpp"
#include "scene/sections/registry.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;
using test::beatTime;

TEST_CASE("recap: the feed-forward block is the full FFN, max(0, xW1 + b1)W2 + b2") {
  const SectionScript script = buildRecapSection(test::atlas());
  const SceneState at = evaluate(script, beatTime(script, "feed-forward"));
  const std::string b1 = "b_1", b2 = "b_2", w2 = "W_2";
  int found = 0;
  for (size_t i = 0; i < script.items.size(); ++i) {
    const ItemDef& def = script.items[i];
    if (def.kind != ItemKind::Text || def.text.text.rfind("$\\max(0,", 0) != 0) continue;
    ++found;
    const std::string& s = def.text.text;
    CAPTURE(s);
    CHECK(s.find(b1) != std::string::npos);
    // W_2 is followed by the second bias: "... )W_2 + b_2" (the + drawn tight, \!+\!), and the
    // string parses as maths.
    CHECK(validateMathMarkup(s).empty());
    const size_t afterW2 = s.find(w2);
    REQUIRE(afterW2 != std::string::npos);
    const size_t plus = s.find('+', afterW2);
    CHECK(plus != std::string::npos);
    CHECK(s.find(b2, afterW2) > plus);
    CHECK(s.find(b2, afterW2) != std::string::npos);
    CHECK(at.items[i].opacity == doctest::Approx(1.0));
  }
  CHECK(found == 1);
}

TEST_CASE("recap: the pipeline's eight blocks open the section, and light up one by one") {
  const SectionScript script = buildRecapSection(test::atlas());
  std::vector<size_t> blocks;
  for (size_t i = 0; i < script.items.size(); ++i)
    if (script.items[i].name.rfind("block ", 0) == 0) blocks.push_back(i);
  REQUIRE(blocks.size() == 8);
  // At the first stop the whole pipeline is drawn, every block still grey.
  const SceneState first = evaluate(script, beatTime(script, "recap"));
  for (size_t i : blocks) {
    CAPTURE(script.items[i].name);
    CHECK(first.items[i].opacity == doctest::Approx(1.0));
    CHECK(first.items[i].color == palette::kPlaceholder);
  }
  // At the feed-forward stop, the first five blocks are lit and the last three still wait.
  const SceneState ffn = evaluate(script, beatTime(script, "feed-forward"));
  for (size_t k = 0; k < blocks.size(); ++k) {
    CAPTURE(script.items[blocks[k]].name);
    CHECK((ffn.items[blocks[k]].color != palette::kPlaceholder) == (k < 5));
  }
}
