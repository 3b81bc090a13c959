// The kit's lines and moving numbers (src/scene/kit/lines.hpp): the examples' matrix style, items
// written in turn, centred lines, cells lit and shown together, a walking box, and copies of a
// matrix entry that stand on it and fly to a point, around an obstacle when asked.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "scene/kit/lines.hpp"
#include "scene/layout_audit.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

namespace {

bool intersects(const Rect& a, const Rect& b) {
  return a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y;
}

}  // namespace

TEST_CASE("kit lines: the examples' style sets the sizes and the format, and keeps the rest") {
  const MatrixStyle s = kit::exampleStyle({.label = "A", .color = palette::kInput}, 34);
  CHECK(s.fontSize == kit::kMatrixFont);
  CHECK(s.labelSize == 40);
  CHECK(s.headerSize == 34);
  CHECK(s.format.decimals == kit::kTenths.decimals);
  CHECK(s.label == "A");
  CHECK(s.color == palette::kInput);
  CHECK(math::formatNumber(0.8, kit::kTenths) == "0.8");
  CHECK(math::formatNumber(1, kit::kTenths) == "1");
}

TEST_CASE("kit lines: writeLines centres its lines, spaced, and writes them one after another") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  const double start = b.now();
  const std::vector<ItemId> lines =
      kit::writeLines(kit, {"the first line", "a second, longer line", "third"}, 44, 400, 110);
  const double end = b.now();
  CHECK(end - start == doctest::Approx(2.4));
  REQUIRE(lines.size() == 3);
  const SectionScript s = std::move(b).finish();
  for (size_t i = 0; i < lines.size(); ++i) {
    CAPTURE(i);
    const Rect r = test::boundsIn(s, evaluate(s, end), lines[i]);
    CHECK(r.center().x == doctest::Approx(960).epsilon(1e-3));
    CHECK(evaluate(s, end).items[lines[i]].pos.y == doctest::Approx(400 + 110 * i));
    CHECK(evaluate(s, end).items[lines[i]].opacity == doctest::Approx(1.0));
    CHECK(evaluate(s, end).items[lines[i]].reveal == doctest::Approx(1.0));
    CHECK(evaluate(s, start).items[lines[i]].opacity == doctest::Approx(0.0));
  }
  // In turn: early on the first line is under way and the last has not begun.
  const SceneState early = evaluate(s, start + 0.5);
  CHECK(early.items[lines[0]].opacity > 0.99f);
  CHECK(early.items[lines[0]].reveal > 0.0f);
  CHECK(early.items[lines[0]].reveal < 1.0f);
  CHECK(early.items[lines[2]].opacity < 0.01f);
  CHECK(auditLayout(s, test::atlas()).empty());
}

TEST_CASE("kit lines: lightCells and cellsOpacity change only the cells they are given") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  const ItemId m = kit.matrix(test::mat(2, 2, {1, 2, 3, 4}), {});
  b.play(fadeIn(m), 0.3);
  b.play(group({kit::lightCells(m, kit.rowCells(m, 1), 1.0f),
                kit::cellsOpacity(m, kit.columnCells(m, 0), 0.0f)}),
         0.5);
  const double lit = b.now();
  b.play(kit::lightCells(m, {3}, 0.0f), 0.5);
  const SectionScript s = std::move(b).finish();
  const SceneState litState = evaluate(s, lit), endState = evaluate(s, s.duration);
  const std::vector<CellState>& at = litState.items[m].cells;
  CHECK(at[0].highlight == doctest::Approx(0.0));
  CHECK(at[1].highlight == doctest::Approx(0.0));
  CHECK(at[2].highlight == doctest::Approx(1.0));
  CHECK(at[3].highlight == doctest::Approx(1.0));
  CHECK(at[0].opacity == doctest::Approx(0.0));
  CHECK(at[1].opacity == doctest::Approx(1.0));
  CHECK(at[2].opacity == doctest::Approx(0.0));
  CHECK(at[3].opacity == doctest::Approx(1.0));
  const std::vector<CellState>& end = endState.items[m].cells;
  CHECK(end[2].highlight == doctest::Approx(1.0));
  CHECK(end[3].highlight == doctest::Approx(0.0));
}

TEST_CASE("kit lines: boxOnto draws a hidden box on its region, then walks it to the next") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  const ItemId m = kit.matrix(test::mat(3, 2, {1, 2, 3, 4, 5, 6}), {.fontSize = 52});
  b.play(fadeIn(m), 0.3);
  // Made somewhere else, hidden: boxOnto places it.
  const ItemId box = kit.boxAround(b.rowBounds(m, 2), {m}, {.seconds = 0});
  b.play(kit::boxOnto(kit, box, b.rowBounds(m, 0), 6), 0.6);
  const double first = b.now();
  const Rect row0 = b.rowBounds(m, 0).expanded(6), row1 = b.rowBounds(m, 1).expanded(6);
  b.play(kit::boxOnto(kit, box, b.rowBounds(m, 1), 6), 0.6);
  const SectionScript s = std::move(b).finish();
  const SceneState at = evaluate(s, first);
  CHECK(at.items[box].opacity == doctest::Approx(1.0));
  CHECK(at.items[box].reveal == doctest::Approx(1.0));  // drawn, not only faded in
  CHECK(at.items[box].pos.x == doctest::Approx(row0.center().x));
  CHECK(at.items[box].pos.y == doctest::Approx(row0.center().y));
  CHECK(at.items[box].size.y == doctest::Approx(row0.size().y));
  // Half way to the next row it is between the two: it glides, it is not drawn again.
  const SceneState mid = evaluate(s, first + 0.3);
  CHECK(mid.items[box].reveal == doctest::Approx(1.0));
  CHECK(mid.items[box].pos.y > row0.center().y + 1);
  CHECK(mid.items[box].pos.y < row1.center().y - 1);
  const SceneState end = evaluate(s, s.duration);
  CHECK(end.items[box].pos.y == doctest::Approx(row1.center().y));
}

TEST_CASE("kit lines: a cell's copy stands exactly on its entry, in its text, colour and size") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  const Eigen::MatrixXd v = test::mat(2, 2, {0.25, 10, 3, 0.5});
  const ItemId m = kit.matrix(v, {.fontSize = 40, .color = palette::kWeight}, true);
  b.play(group({scaleTo(m, 1.5f), fadeIn(m)}), 0.3);
  kit.fillCells(m, v, {.color = palette::kResult});
  const ItemId copy = kit::copyCell(kit, m, 1, 0);
  const glm::vec2 anchor = kit::cellTextAnchor(b, m, 1, 0);
  const Rect cell = b.cellBounds(m, 1, 0);
  const SectionScript s = std::move(b).finish();
  const ItemDef& def = s.items[copy];
  CHECK(def.kind == ItemKind::Text);
  CHECK(def.text.text == "3");
  CHECK(def.text.face == FontFace::Mono);
  CHECK(def.text.align == Align::Right);
  CHECK(def.text.size == doctest::Approx(40 * 1.5));
  CHECK(def.mayOverlap == std::vector<ItemId>{m});
  const SceneState end = evaluate(s, s.duration);
  CHECK(end.items[copy].opacity == doctest::Approx(0.0));  // hidden until it flies
  CHECK(end.items[copy].color == palette::kResult);
  CHECK(end.items[copy].pos.x == doctest::Approx(anchor.x));
  CHECK(end.items[copy].pos.y == doctest::Approx(cell.center().y));
  // The anchor is inside the cell, right of its middle: numbers are right-aligned.
  CHECK(anchor.x < cell.max.x);
  CHECK(anchor.x > cell.center().x);
}

TEST_CASE("kit lines: a copy flies to its point, appearing first, at the size asked for") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  const ItemId m = kit.matrix(test::mat(1, 2, {4, 7}), {.fontSize = 52});
  b.play(fadeIn(m), 0.3);
  const ItemId copy = kit::copyCell(kit, m, 0, 1);
  const double start = b.now();
  b.play(kit::flyCopy(kit, copy, {700, 880}, {.size = 26}), 1.3);
  const SectionScript s = std::move(b).finish();
  // The first 0.3 of 1.3 it fades in where it stands.
  const SceneState appearing = evaluate(s, start + 0.15);
  CHECK(appearing.items[copy].opacity > 0.1f);
  CHECK(appearing.items[copy].opacity < 0.9f);
  CHECK(appearing.items[copy].pos == evaluate(s, start).items[copy].pos);
  const SceneState end = evaluate(s, s.duration);
  CHECK(end.items[copy].opacity == doctest::Approx(1.0));
  CHECK(end.items[copy].pos.x == doctest::Approx(700));
  CHECK(end.items[copy].pos.y == doctest::Approx(880));
  CHECK(s.items[copy].text.size * end.items[copy].scale == doctest::Approx(26));
}

TEST_CASE("kit lines: a copy flying past an item goes around it, and lands where asked") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  const ItemId from = kit.matrix(test::mat(1, 1, {9}), {.fontSize = 52});
  b.play(moveTo(from, {500, 540}), 0.0);
  // An obstacle right on the straight line from the entry to the landing point.
  const ItemId sign = kit.sign("=", 56);
  b.play(group({fadeIn(from), fadeIn(sign)}), 0.3);
  const ItemId copy = kit::copyCell(kit, from, 0, 0);
  b.play(fadeIn(copy), 0.2);
  const double start = b.now();
  const glm::vec2 to = b.state(copy).pos + glm::vec2(920, 0);
  b.play(kit::flyCopy(kit, copy, to, {.past = sign, .appear = false}), 1.0);
  const SectionScript s = std::move(b).finish();
  const Rect obstacle = test::boundsIn(s, evaluate(s, start), sign);
  bool crossed = false, moved = false;
  for (int i = 0; i <= 100; ++i) {
    const double t = start + i / 100.0;
    const Rect r = test::boundsAt(s, copy, t);
    if (intersects(r, obstacle)) crossed = true;
    if (r.center().x > obstacle.max.x) moved = true;
  }
  CHECK(moved);
  CHECK_FALSE(crossed);
  const SceneState end = evaluate(s, s.duration);
  CHECK(end.items[copy].pos.x == doctest::Approx(to.x));
  CHECK(end.items[copy].pos.y == doctest::Approx(to.y));
  CHECK(end.items[copy].scale == doctest::Approx(1.0));  // no size asked: it keeps its own
}
