// SectionKit's shared helpers (src/scene/kit.hpp): named rows inside the safe area, one row-fitting
// rule, cells filled with their values, boxes around targets, stops, the calculation slot and
// acts that clear what they added.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "scene/kit.hpp"
#include "scene/layout_audit.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

namespace {

// The text a matrix cell shows in a state (textB once the cross-fade is done).
std::string cellShows(const SectionScript& s, const SceneState& st, ItemId m, int cell) {
  const CellState& c = st.items[m].cells[static_cast<size_t>(cell)];
  const int t = c.mix >= 1.0f ? c.textB : c.textA;
  return s.items[m].matrix.texts[static_cast<size_t>(t)];
}

}  // namespace

TEST_CASE("kit: the named rows lie inside the 5% safe area, top to bottom") {
  const std::vector<kit::Row> rows = {kit::Row::Title,   kit::Row::Caption, kit::Row::Upper,
                                      kit::Row::Content, kit::Row::Lower,   kit::Row::Calc,
                                      kit::Row::Note};
  float last = 0;
  for (kit::Row r : rows) {
    CAPTURE(static_cast<int>(r));
    CHECK(kit::row(r) > 1080 * 0.05f);
    CHECK(kit::row(r) < 1080 * 0.95f);
    CHECK(kit::row(r) > last);
    last = kit::row(r);
  }
  CHECK(kit::row(kit::Row::Content) == kit::kContentY);
  CHECK(kit::at(kit::Row::Calc).x == 960);
  CHECK(kit::at(kit::Row::Calc, 10).y == kit::kCalcY + 10);
}

TEST_CASE("kit: fitRow's scale makes the row fit both ways, and never enlarges") {
  const std::vector<glm::vec2> small = {{100, 50}, {200, 80}};
  CHECK(kit::fitRow(small) == 1.0f);
  const std::vector<glm::vec2> wide = {{1000, 100}, {1000, 100}};
  const float s = kit::fitRow(wide, 40, 1720, 620);
  CHECK(s * (2000 + 40) <= doctest::Approx(1720));
  CHECK(s * (2000 + 40) == doctest::Approx(1720));
  const std::vector<glm::vec2> tall = {{100, 1240}};
  CHECK(kit::fitRow(tall, 40, 1720, 620) == doctest::Approx(0.5));
  CHECK(kit::fitRow({}, 40, 1720, 620) == 1.0f);
}

TEST_CASE("kit: layOutRow uses fitRow's scale and keeps the row inside the safe width") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  const ItemId a = kit.matrix(Eigen::MatrixXd::Constant(2, 30, 1.5), {.fontSize = 52});
  const ItemId x = kit.sign("×");
  const ItemId c = kit.matrix(Eigen::MatrixXd::Constant(30, 2, 2.5), {.fontSize = 52});
  std::vector<glm::vec2> sizes;
  for (ItemId id : {a, x, c}) sizes.push_back(b.bounds(id).size());
  const float want = kit::fitRow(sizes);
  CHECK(kit.layOutRow({a, x, c}, kit::row(kit::Row::Content)) == doctest::Approx(want));
  Rect all = b.bounds(a).united(b.bounds(x)).united(b.bounds(c));
  CHECK(all.min.x >= 96);
  CHECK(all.max.x <= 1920 - 96);
}

TEST_CASE("kit: fillCells writes every value, in its colour, and leaves no cell faint") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  const Eigen::MatrixXd v = test::mat(2, 2, {1, 0, 0.25, -2});
  const ItemId m = kit.matrix(v, {.color = palette::kResult}, true);
  kit.layOutRow({m}, kit::row(kit::Row::Content));
  b.play(fadeIn(m), 0.5);
  kit.fillCells(m, v, {.format = math::NumberFormat{.decimals = 2}, .hideZeros = true});
  const SectionScript s = std::move(b).finish();
  const SceneState end = evaluate(s, s.duration);
  const std::vector<std::string> want = {"1", "", "0.25", "−2"};
  for (int cell = 0; cell < 4; ++cell) {
    CAPTURE(cell);
    CHECK(cellShows(s, end, m, cell) == want[static_cast<size_t>(cell)]);
    CHECK(end.items[m].cells[static_cast<size_t>(cell)].opacity == doctest::Approx(1.0f));
    CHECK(end.items[m].cells[static_cast<size_t>(cell)].color == palette::kResult);
  }
  CHECK(end.items[m].color == palette::kResult);
}

TEST_CASE("kit: fillRow and fillColumn fill only their cells") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  const Eigen::MatrixXd v = test::mat(2, 3, {1, 2, 3, 4, 5, 6});
  const ItemId m = kit.matrix(v, {}, true);
  b.play(fadeIn(m), 0.5);
  kit.fillRow(m, 1, v);
  kit.fillColumn(m, 0, v, {.recolor = false});
  const SectionScript s = std::move(b).finish();
  const SceneState end = evaluate(s, s.duration);
  const std::vector<std::string> want = {"1", "?", "?", "4", "5", "6"};
  for (int cell = 0; cell < 6; ++cell) {
    CAPTURE(cell);
    CHECK(cellShows(s, end, m, cell) == want[static_cast<size_t>(cell)]);
  }
}

TEST_CASE("kit: boxAround surrounds its target and may overlap it") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  const ItemId t = kit.text("target", 40, kit::at(kit::Row::Upper));
  b.play(fadeIn(t), 0.3);
  const ItemId box = kit.boxAround(t, {.pad = 10});
  const Rect r = b.bounds(t), outer = b.bounds(box);
  CHECK(outer.min.x <= r.min.x - 9);
  CHECK(outer.max.x >= r.max.x + 9);
  CHECK(outer.min.y <= r.min.y - 9);
  CHECK(outer.max.y >= r.max.y + 9);
  CHECK(b.state(box).opacity > 0);
  const SectionScript s = std::move(b).finish();
  CHECK(s.items[box].mayOverlap == std::vector<ItemId>{t});
  CHECK(auditLayout(s, test::atlas()).empty());
}

TEST_CASE("kit: a stop is one beat with its note, after the note and the hold") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  kit.title("Kit");
  const double before = b.now();
  kit.stop("first", "Presenter: the first stop.", {.onScreen = "On screen", .hold = 1.5});
  const double at = b.now();
  CHECK(at >= before + 1.5);
  kit.stop("second", "Presenter: nothing new on screen.");
  const SectionScript s = std::move(b).finish();
  REQUIRE(s.beats.size() >= 2);
  CHECK(s.beats[0].label == "first");
  CHECK(s.beats[0].note == "Presenter: the first stop.");
  CHECK(s.beats[0].time == doctest::Approx(at));
  CHECK(s.beats[1].label == "second");
  // The on-screen note is visible at the stop.
  const SceneState st = evaluate(s, at);
  int notes = 0;
  for (size_t i = 0; i < s.items.size(); ++i)
    if (s.items[i].slot == ItemSlot::Note && st.items[i].opacity > 0.99f) {
      CHECK(s.items[i].text.text == "On screen");
      ++notes;
    }
  CHECK(notes == 1);
}

TEST_CASE("kit: the calculation slot replaces its text and clears with an empty string") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  kit.calc("1 + 1 = 2");
  const double first = b.now();
  kit.calc("2 + 2 = 4");
  const double second = b.now();
  kit.calc("");
  const SectionScript s = std::move(b).finish();
  std::vector<ItemId> calcs;
  for (size_t i = 0; i < s.items.size(); ++i)
    if (s.items[i].name == "calculation") calcs.push_back(static_cast<ItemId>(i));
  REQUIRE(calcs.size() == 2);
  CHECK(evaluate(s, first).items[calcs[0]].opacity > 0.99f);
  CHECK(evaluate(s, second).items[calcs[0]].opacity < 0.01f);
  CHECK(evaluate(s, second).items[calcs[1]].opacity > 0.99f);
  CHECK(evaluate(s, s.duration).items[calcs[1]].opacity < 0.01f);
  CHECK(evaluate(s, second).items[calcs[1]].pos.y == doctest::Approx(kit::kCalcY));
}

TEST_CASE("kit: an act's items are gone after clear; kept and outside items stay") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  const ItemId before = kit.text("before", 40, kit::at(kit::Row::Upper));
  b.play(fadeIn(before), 0.3);
  std::vector<ItemId> inside;
  ItemId kept = 0, direct = 0;
  {
    kit::Act act(kit);
    inside.push_back(kit.text("a", 40, kit::at(kit::Row::Content)));
    inside.push_back(kit.matrix(test::mat(1, 2, {1, 2}), {}));
    inside.push_back(kit.sign("="));
    kept = kit.text("kept", 40, kit::at(kit::Row::Lower));
    direct = b.add(makeText("direct", 40), {.pos = kit::at(kit::Row::Calc)});
    act.adopt(direct);
    act.keep(kept);
    std::vector<Anim> show{fadeIn(kept), fadeIn(direct)};
    for (ItemId id : inside) show.push_back(fadeIn(id));
    b.play(group(std::move(show)), 0.5);
    CHECK(act.items().size() == inside.size() + 1);
    act.clear(0.6, kit::Act::Leave::Shrink);
    CHECK_FALSE(act.open());
  }
  // A second act clears itself at the end of its scope.
  ItemId scoped = 0;
  {
    kit::Act act(kit);
    scoped = kit.text("scoped", 40, kit::at(kit::Row::Upper, 60));
    b.play(fadeIn(scoped), 0.3);
  }
  const SectionScript s = std::move(b).finish();
  const SceneState end = evaluate(s, s.duration);
  for (ItemId id : inside) CHECK(end.items[id].opacity == doctest::Approx(0.0f));
  CHECK(end.items[direct].opacity == doctest::Approx(0.0f));
  CHECK(end.items[scoped].opacity == doctest::Approx(0.0f));
  CHECK(end.items[kept].opacity == doctest::Approx(1.0f));
  CHECK(end.items[before].opacity == doctest::Approx(1.0f));
}

TEST_CASE("kit: clearInto turns an act's items into the target, which stays") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  kit::Act act(kit);
  const ItemId a = kit.text("a", 40, {700, 540});
  const ItemId c = kit.text("c", 40, {1200, 540});
  const ItemId target = kit.text("a c", 40, {960, 720});
  b.play(group({fadeIn(a), fadeIn(c)}), 0.3);
  act.clearInto(target, 1.0);
  const SectionScript s = std::move(b).finish();
  const SceneState end = evaluate(s, s.duration);
  CHECK(end.items[a].opacity == doctest::Approx(0.0f));
  CHECK(end.items[c].opacity == doctest::Approx(0.0f));
  CHECK(end.items[target].opacity == doctest::Approx(1.0f));
  CHECK(auditLayout(s, test::atlas()).empty());
}
