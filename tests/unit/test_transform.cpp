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
