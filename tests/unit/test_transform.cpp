// SectionBuilder::transform, the ReplacementTransform of two placed items: pure in time, from's
// picture turning into to's, their overlap declared.
#include <doctest/doctest.h>

#include "scene/builder.hpp"
#include "scene/layout_audit.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

TEST_CASE("transform: a circle becomes the first of three, in place and in size") {
  SectionBuilder b("t", "T", test::atlas());
  const ItemId circle = b.add(makeSolid(60), {.pos = {960, 540}, .size = {120, 120}});
  const ItemId small = b.add(makeSolid(20), {.pos = {600, 700}, .size = {40, 40}});
  b.play(fadeIn(circle), 0.5);
  const double start = b.now();
  b.play(b.transform(circle, small), 1.0);
  b.beat("end", "note");
  const SectionScript script = std::move(b).finish();

  auto at = [&](double t, ItemId id) { return evaluate(script, t).items[id]; };
  auto box = [&](double t, ItemId id) {
    return itemBounds(test::atlas(), script.items[id], at(t, id));
  };
  // At the start `small` stands where the circle is, as large; at the end the circle has
  // shrunk onto `small`'s place and gone, and `small` is exactly as it was placed.
  const double eps = 1e-4;
  CHECK(box(start + eps, small).center().x == doctest::Approx(960).epsilon(0.01));
  CHECK(box(start + eps, small).size().x == doctest::Approx(120).epsilon(0.02));
  CHECK(at(start + eps, small).opacity < 0.05f);
  CHECK(at(start + eps, circle).opacity > 0.95f);
  const double end = script.duration;
  CHECK(at(end, circle).opacity == 0.0f);
  CHECK(box(end, circle).center().x == doctest::Approx(600).epsilon(0.01));
  CHECK(box(end, circle).size().x == doctest::Approx(40).epsilon(0.02));
  CHECK(at(end, small).opacity == 1.0f);
  CHECK(at(end, small).pos.x == doctest::Approx(600));
  CHECK(at(end, small).scale == doctest::Approx(1));
  // Half way both are on their way, between the two places, and the overlap is declared.
  const Rect mid = box(start + 0.5, circle);
  CHECK(mid.center().x < 960);
  CHECK(mid.center().x > 600);
  CHECK(auditLayout(script, test::atlas()).empty());
}

TEST_CASE("transform: a left-aligned label turns into another label, centre onto centre") {
  SectionBuilder b("t", "T", test::atlas());
  const ItemId a = b.add(makeText("scores", 40, FontFace::Sans, Align::Left), {.pos = {300, 400}});
  const ItemId c = b.add(makeText("attention weights", 40), {.pos = {1200, 600}});
  b.play(fadeIn(a), 0.3);
  const Rect before = b.bounds(a);
  b.play(b.transform(a, c), 1.0);
  const SectionScript script = std::move(b).finish();
  const SceneState end = evaluate(script, script.duration);
  const Rect landed = itemBounds(test::atlas(), script.items[a], end.items[a]);
  const Rect target = itemBounds(test::atlas(), script.items[c], end.items[c]);
  CHECK(landed.center().x == doctest::Approx(target.center().x).epsilon(0.005));
  CHECK(landed.center().y == doctest::Approx(target.center().y).epsilon(0.005));
  CHECK(landed.size().x <= target.size().x + 0.5f);  // fitted: never larger than the target
  CHECK(before.size().x < target.size().x);
  CHECK_THROWS_AS(SectionBuilder("t", "T", test::atlas()).transform(0, 0), std::out_of_range);
}

TEST_CASE(
    "transformMatching: the words two labels share glide over, the rest fade, never over each "
    "other") {
  SectionBuilder b("t", "T", test::atlas());
  const ItemId a = b.add(makeText("Step 2 · the queries", 40), {.pos = {700, 400}});
  const ItemId c = b.add(makeText("Step 3 · the $QK^T$ scores", 48),
                         {.pos = {1100, 600}, .color = {1, 0, 0, 1}});
  b.play(fadeIn(a), 0.3);
  const double start = b.now();
  b.play(b.transformMatching(a, c), 1.0);
  const SectionScript script = std::move(b).finish();
  // Five words of a and six of c (the maths span is one word) were added after a and c.
  REQUIRE(script.items.size() == 2 + 5 + 6);
  auto word = [&](const std::string& text, bool ofTarget) {
    const size_t first = ofTarget ? 7 : 2, last = ofTarget ? 13 : 7;
    for (size_t i = first; i < last; ++i)
      if (script.items[i].text.text == text) return static_cast<ItemId>(i);
    FAIL("no word " << text);
    return ItemId{0};
  };
  CHECK(script.items[word("$QK^T$", true)].text.text == "$QK^T$");
  const ItemId step = word("Step", false), stepThere = word("Step", true);
  const ItemId queries = word("queries", false), scores = word("scores", true);
  const double eps = 1e-3;
  // Just after the start the words stand in for a, each exactly over its place in a's line.
  const SceneState s0 = evaluate(script, start + eps);
  CHECK(s0.items[a].opacity == 0.0f);
  CHECK(s0.items[step].opacity > 0.99f);
  const Rect whole = itemBounds(test::atlas(), script.items[a], s0.items[a]);
  const Rect first = itemBounds(test::atlas(), script.items[step], s0.items[step]);
  CHECK(first.min.x == doctest::Approx(whole.min.x).epsilon(0.001));
  const Rect last = itemBounds(test::atlas(), script.items[queries], s0.items[queries]);
  CHECK(last.max.x == doctest::Approx(whole.max.x).epsilon(0.001));
  // First the lost words fade where they stand, while the shared ones wait.
  const SceneState fading = evaluate(script, start + 0.15);
  CHECK(fading.items[queries].opacity < 0.9f);
  CHECK(fading.items[queries].opacity > 0.1f);
  CHECK(fading.items[step].pos.x == doctest::Approx(s0.items[step].pos.x));
  CHECK(fading.items[scores].opacity == 0.0f);
  // Then the shared word is on its way, the lost one gone, the new one not yet there.
  const SceneState mid = evaluate(script, start + 0.5);
  CHECK(mid.items[step].pos.x > s0.items[step].pos.x);
  CHECK(mid.items[step].pos.x < mid.items[stepThere].pos.x);
  CHECK(mid.items[queries].opacity == 0.0f);
  CHECK(mid.items[scores].opacity == 0.0f);
  CHECK(mid.items[stepThere].opacity == 0.0f);  // a matched word arrives as the moving one
  // Last, the new words fade in around the ones that moved, which stand on their places.
  const SceneState arriving = evaluate(script, start + 0.9);
  CHECK(arriving.items[scores].opacity > 0.1f);
  CHECK(arriving.items[scores].opacity < 0.9f);
  CHECK(arriving.items[step].pos.x == doctest::Approx(arriving.items[stepThere].pos.x));
  // The end: c whole, in its colour, and every word item hidden.
  const SceneState end = evaluate(script, script.duration);
  CHECK(end.items[c].opacity == 1.0f);
  CHECK(end.items[a].opacity == 0.0f);
  for (size_t i = 2; i < script.items.size(); ++i) CHECK(end.items[i].opacity == 0.0f);
  // Just before the end the moved word sits on its place in c, at c's size and colour.
  const SceneState late = evaluate(script, start + 1.0 - eps);
  CHECK(late.items[step].scale == doctest::Approx(1.2f).epsilon(0.01));
  CHECK(late.items[step].color.r == doctest::Approx(1).epsilon(0.01));
  CHECK(late.items[step].color.g == doctest::Approx(0).scale(1).epsilon(0.01));
  CHECK(auditLayout(script, test::atlas()).empty());
}

TEST_CASE("transformMatching: only text items") {
  SectionBuilder b("t", "T", test::atlas());
  const ItemId dot = b.add(makeSolid(20), {.size = {40, 40}});
  const ItemId label = b.add(makeText("x", 40), {});
  CHECK_THROWS_AS(b.transformMatching(dot, label), std::invalid_argument);
  CHECK_THROWS_AS(b.transformMatching(label, label), std::out_of_range);
}
