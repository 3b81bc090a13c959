// The kit's marks (src/scene/kit/marks.hpp): dots, lines, curves and rings added through the kit
// (so acts clear them), overlaps declared for a drawing's parts, and the shape and tuple texts.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "scene/kit/marks.hpp"
#include "scene/script.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

namespace {

bool mayOverlap(const SectionScript& s, ItemId a, ItemId b) {
  const auto& list = s.items[a].mayOverlap;
  return std::find(list.begin(), list.end(), b) != list.end();
}

}  // namespace

TEST_CASE("kit marks: a dot is a hidden solid of its radius, named, where it was put") {
  SectionBuilder b("marks-test", "Marks", test::atlas());
  SectionKit k(b);
  const ItemId d = kit::dot(k, {300, 200}, 11, palette::kInput, "battery dot");
  const ItemId plain = kit::dot(k, {10, 20}, 3, palette::kKey);
  b.play(fadeIn(d), 1.0);
  const SectionScript s = std::move(b).finish();
  CHECK(s.items[d].kind == ItemKind::Box);
  CHECK(s.items[d].box.solid);
  CHECK(s.items[d].box.radius == 11);
  CHECK(s.items[d].name == "battery dot");
  CHECK(s.items[plain].name == "dot");
  const SceneState start = evaluate(s, 0), end = evaluate(s, s.duration);
  CHECK(start.items[d].opacity == 0.0f);
  CHECK(end.items[d].opacity == 1.0f);
  CHECK(end.items[d].pos == glm::vec2(300, 200));
  CHECK(end.items[d].size == glm::vec2(22, 22));
  CHECK(end.items[d].color == palette::kInput);
  CHECK(end.items[plain].opacity == 0.0f);
}

TEST_CASE("kit marks: a line runs from its start to its end; a curve through its points") {
  SectionBuilder b("marks-test", "Marks", test::atlas());
  SectionKit k(b);
  const ItemId arrow = kit::line(k, {100, 500}, {400, 300}, palette::kNote, 3, 18);
  const ItemId wave = kit::curve(k, kit::sample(4, [](float t) { return glm::vec2(100 * t, 0); }),
                                 {560, 240}, palette::kWeight, 5, "wave");
  const SectionScript s = std::move(b).finish();
  const ItemDef& a = s.items[arrow];
  REQUIRE(a.kind == ItemKind::Path);
  REQUIRE(a.path.points.size() == 2);
  const SceneState st = evaluate(s, 0);
  CHECK(st.items[arrow].pos == glm::vec2(100, 500));
  CHECK(st.items[arrow].pos + a.path.points[1] == glm::vec2(400, 300));
  CHECK(a.path.arrowSize == 18);
  CHECK(a.path.width == 3);
  CHECK_FALSE(a.path.closed);
  const ItemDef& w = s.items[wave];
  CHECK(w.name == "wave");
  CHECK(w.path.width == 5);
  REQUIRE(w.path.points.size() == 5);  // both ends included
  CHECK(w.path.points.front() == glm::vec2(0, 0));
  CHECK(w.path.points[2] == glm::vec2(50, 0));
  CHECK(w.path.points.back() == glm::vec2(100, 0));
  CHECK(st.items[wave].pos == glm::vec2(560, 240));
  CHECK(st.items[wave].opacity == 0.0f);
}

TEST_CASE("kit marks: a circle starts at the top; a ring is the ellipse of its two axes") {
  SectionBuilder b("marks-test", "Marks", test::atlas());
  SectionKit k(b);
  const ItemId c = kit::circle(k, {620, 530}, 230, palette::kNote);
  const ItemId r = kit::ring(k, {960, 540}, {100, 0}, {0, 40}, palette::kKey, "cluster ring");
  const SectionScript s = std::move(b).finish();
  const ItemDef& cd = s.items[c];
  CHECK(cd.name == "circle");
  REQUIRE(cd.path.points.size() == 96);
  CHECK(cd.path.closed);
  CHECK(cd.path.points[0].x == doctest::Approx(0).epsilon(1e-4));
  CHECK(cd.path.points[0].y == doctest::Approx(-230));
  CHECK(cd.path.points[24].x == doctest::Approx(230));  // a quarter turn: clockwise on screen
  for (glm::vec2 p : cd.path.points) CHECK(std::hypot(p.x, p.y) == doctest::Approx(230));
  const ItemDef& rd = s.items[r];
  CHECK(rd.name == "cluster ring");
  REQUIRE(rd.path.points.size() == 64);
  for (glm::vec2 p : rd.path.points)
    CHECK((p.x / 100) * (p.x / 100) + (p.y / 40) * (p.y / 40) == doctest::Approx(1));
  CHECK(rd.path.points[0] == glm::vec2(100, 0));
  CHECK(rd.path.width == 3);
  CHECK(evaluate(s, 0).items[r].pos == glm::vec2(960, 540));
}

TEST_CASE("kit marks: open acts clear the marks they made") {
  SectionBuilder b("marks-test", "Marks", test::atlas());
  SectionKit k(b);
  ItemId d = 0, l = 0;
  {
    kit::Act act(k);
    d = kit::dot(k, {300, 300}, 8, palette::kInput);
    l = kit::line(k, {100, 100}, {200, 100}, palette::kNote);
    k.show({d, l}, 0.5);
  }
  const SectionScript s = std::move(b).finish();
  CHECK(evaluate(s, 0.5).items[d].opacity == 1.0f);
  CHECK(evaluate(s, s.duration).items[d].opacity == 0.0f);
  CHECK(evaluate(s, s.duration).items[l].opacity == 0.0f);
}

TEST_CASE("kit marks: allowAll declares every pair once, allowWith one item against others") {
  SectionBuilder b("marks-test", "Marks", test::atlas());
  SectionKit k(b);
  const ItemId a = kit::dot(k, {0, 0}, 4, palette::kInput);
  const ItemId c = kit::dot(k, {0, 0}, 4, palette::kInput);
  const ItemId e = kit::dot(k, {0, 0}, 4, palette::kInput);
  const ItemId f = kit::dot(k, {0, 0}, 4, palette::kInput);
  kit::allowAll(k, {a, c, e});
  kit::allowAll(k, {a, c});  // again: no duplicates
  kit::allowWith(k, f, {a, e});
  const SectionScript s = std::move(b).finish();
  CHECK(mayOverlap(s, a, c));
  CHECK(mayOverlap(s, a, e));
  CHECK(mayOverlap(s, c, e));
  CHECK(s.items[a].mayOverlap.size() == 2);
  CHECK(mayOverlap(s, f, a));
  CHECK(mayOverlap(s, f, e));
  CHECK_FALSE(mayOverlap(s, f, c));
  CHECK(s.items[c].mayOverlap.size() == 1);
}

TEST_CASE("kit marks: shape and tuple texts") {
  CHECK(kit::shapeText(1, 13) == "[1 × 13]");
  CHECK(kit::shapeText(Eigen::MatrixXd::Zero(4, 2)) == "[4 × 2]");
  CHECK(kit::tupleText(test::row({0.2, 1.0}), math::NumberFormat{.decimals = 1}) == "(0.2, 1)");
  CHECK(kit::tupleText(test::row({1, -1}), {}, "[", "]") == "[1, −1]");
  CHECK(kit::tupleText(test::row({2.0}), {}) == "(2)");
}

TEST_CASE("kit marks: textFrom aligns its text at pos, named when asked") {
  SectionBuilder b("marks-test", "Marks", test::atlas());
  SectionKit k(b);
  const ItemId left = kit::textFrom(k, Align::Left, "dimension 2", 30, {500, 300}, palette::kNote);
  const ItemId right = kit::textFrom(k, Align::Right, "legend line", 20, {500, 400}, palette::kKey,
                                     "cluster legend");
  const Rect l = b.bounds(left), r = b.bounds(right);
  CHECK(l.min.x == doctest::Approx(500).epsilon(0.01));
  CHECK(r.max.x == doctest::Approx(500).epsilon(0.01));
  const SectionScript s = std::move(b).finish();
  CHECK(s.items[left].text.align == Align::Left);
  CHECK(s.items[left].name == "dimension 2");
  CHECK(s.items[right].name == "cluster legend");
  CHECK(s.items[right].text.size == kit::kMinTextSize);  // raised to the legible minimum
  const SceneState st = evaluate(s, 0);
  CHECK(st.items[right].color == palette::kKey);
  CHECK(st.items[left].opacity == 0.0f);
}

TEST_CASE("kit marks: a part writes its caption, clears the note and clears what it adds") {
  SectionBuilder b("marks-test", "Marks", test::atlas());
  SectionKit k(b);
  k.note("an old note");
  ItemId d = 0;
  {
    kit::Act act = kit::part(k, "The first part");
    d = kit::dot(k, {300, 300}, 8, palette::kInput);
    k.show({d}, 0.5);
    b.beat("shown");
  }
  const SectionScript s = std::move(b).finish();
  const SceneState shown = evaluate(s, test::beatTime(s, "shown"));
  CHECK(shown.items[d].opacity == 1.0f);
  const std::optional<size_t> note = test::findText(s, "an old note");
  const std::optional<size_t> caption = test::findText(s, "The first part");
  REQUIRE(note.has_value());
  REQUIRE(caption.has_value());
  CHECK(shown.items[*note].opacity == 0.0f);
  CHECK(shown.items[*caption].opacity == 1.0f);
  CHECK(evaluate(s, s.duration).items[d].opacity == 0.0f);
}

TEST_CASE("kit marks: numbered headers") {
  CHECK(kit::numbered("at ", 3) == std::vector<std::string>{"at 0", "at 1", "at 2"});
  CHECK(kit::numbered("pos ", 0).empty());
  CHECK(kit::numbered("dim ", std::vector<int>{0, 1, 64}) ==
        std::vector<std::string>{"dim 0", "dim 1", "dim 64"});
}

TEST_CASE("kit marks: a growing row shows its items a few at a time, staying centred") {
  SectionBuilder b("marks-test", "Marks", test::atlas());
  SectionKit k(b);
  const ItemId a = k.text("first", 40, {960, 540});
  const ItemId c = k.text("second", 40, {960, 540});
  const ItemId e = k.text("third", 40, {960, 540});
  kit::GrowingRow row(k, {a, c, e}, 600, 30);
  row.grow(2, 1.0, 0.0, 0.0);
  CHECK(row.shown() == 2);
  b.beat("two");
  const Rect two = b.bounds(a).united(b.bounds(c));
  CHECK(two.center().x == doctest::Approx(960).epsilon(0.001));
  CHECK(b.bounds(c).min.x - b.bounds(a).max.x == doctest::Approx(30));
  CHECK(b.state(a).pos.y == 600);
  row.grow(5, 0.5);  // more than are left: the rest
  CHECK(row.shown() == 3);
  b.beat("three");
  const Rect three = b.bounds(a).united(b.bounds(e));
  CHECK(three.center().x == doctest::Approx(960).epsilon(0.001));
  const SectionScript s = std::move(b).finish();
  const SceneState atTwo = evaluate(s, test::beatTime(s, "two"));
  CHECK(atTwo.items[a].opacity == 1.0f);
  CHECK(atTwo.items[c].opacity == 1.0f);
  CHECK(atTwo.items[e].opacity == 0.0f);
  CHECK(evaluate(s, test::beatTime(s, "three")).items[e].opacity == 1.0f);
  // The shown ones glided (0.8 s) before the third faded in (0.5 s).
  CHECK(test::beatTime(s, "three") - test::beatTime(s, "two") == doctest::Approx(1.3));
}

TEST_CASE("kit marks: a growing row leaves the items already shown as they are") {
  SectionBuilder b("marks-test", "Marks", test::atlas());
  SectionKit k(b);
  const ItemId a = k.text("shown", 40, {300, 540});
  b.play(fadeIn(a), 1.0);
  const ItemId c = k.text("new", 40, {960, 540});
  kit::GrowingRow row(k, {a, c}, 540, 30, 1);
  const double before = b.now();
  row.grow(1, 0.5, 0.0, 0.8);
  const SectionScript s = std::move(b).finish();
  for (double t = before; t <= before + 1.3; t += 0.05)
    CHECK(evaluate(s, t).items[a].opacity == 1.0f);
  CHECK(evaluate(s, before + 1.3).items[c].opacity == 1.0f);
}
