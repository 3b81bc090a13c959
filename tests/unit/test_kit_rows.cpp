// The kit's row planning and the helpers the matmul explainer gave it (src/scene/kit.hpp): rows
// allowed to grow (kit::RowFit::most), a row at a given scale, sizes measured before adding,
// layOutProduct's fit, heat-coloured cell fills, a box walking over regions, the bounds of a group
// and clear().
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "scene/kit.hpp"
#include "scene/layout_audit.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

TEST_CASE("kit rows: fitRow grows a small row up to `most`, and still fits both ways") {
  const std::vector<glm::vec2> small = {{100, 50}, {200, 80}};
  CHECK(kit::fitRow(small, 40, 1720, 620, 1.6f) == doctest::Approx(1.6f));
  CHECK(kit::fitRow(small, 40, 1720, 620) == 1.0f);  // the default never enlarges
  // Width limits: (1000 + 40) * s = 1200.
  const std::vector<glm::vec2> wide = {{500, 50}, {500, 50}};
  CHECK(kit::fitRow(wide, 40, 1200, 620, 1.6f) == doctest::Approx(1200.0 / 1040.0));
  // Height limits.
  const std::vector<glm::vec2> tall = {{100, 500}};
  CHECK(kit::fitRow(tall, 40, 1720, 600, 1.6f) == doctest::Approx(1.2));
}

TEST_CASE("kit rows: layOutRow with RowFit centres the row, grows it and glides visible items") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  const ItemId m = kit.matrix(test::mat(2, 2, {1, 2, 3, 4}), {.fontSize = 52});
  const ItemId t = kit.text("beside", 40, {0, 0});
  b.play(fadeIn(m), 0.5);  // m is visible and glides; t is hidden and jumps
  const float w = kit.width(m) + 70 + kit.width(t);
  const double before = b.now();
  const float scale = kit.layOutRow({m, t}, 560, {.gap = 70, .most = 1.6f, .seconds = 1.2});
  CHECK(scale == doctest::Approx(1.6f));
  CHECK(b.now() == doctest::Approx(before + 1.2));
  CHECK(b.state(m).scale == doctest::Approx(1.6f));
  CHECK(b.state(t).scale == doctest::Approx(1.6f));
  const Rect all = b.bounds(m).united(b.bounds(t));
  CHECK(all.center().x == doctest::Approx(960).epsilon(0.002));
  CHECK(all.size().x == doctest::Approx(w * 1.6f).epsilon(0.002));
  CHECK(b.bounds(t).min.x - b.bounds(m).max.x == doctest::Approx(70 * 1.6f).epsilon(0.01));
  const SectionScript s = std::move(b).finish();
  // Halfway through the glide m is not there yet; t was there from the start.
  const SceneState mid = evaluate(s, before + 0.6);
  CHECK(mid.items[m].scale < 1.59f);
  CHECK(mid.items[t].scale == doctest::Approx(1.6f));
}

TEST_CASE("kit rows: rowAtScale lays items at the given scale, `gap` apart") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  const ItemId a = kit.text("left", 40, {0, 0});
  const ItemId c = kit.text("right", 40, {0, 0});
  kit.rowAtScale({a, c}, 400, 0.5f, 100, 0.0);
  CHECK(b.state(a).scale == doctest::Approx(0.5f));
  CHECK(b.bounds(c).min.x - b.bounds(a).max.x == doctest::Approx(50).epsilon(0.01));
  CHECK(b.bounds(a).united(b.bounds(c)).center().x == doctest::Approx(960).epsilon(0.002));
  CHECK(b.bounds(a).center().y == doctest::Approx(400).epsilon(0.01));
}

TEST_CASE("kit rows: sizes measured before adding match the added items, and productFit") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  const Eigen::MatrixXd big = Eigen::MatrixXd::Constant(3, 12, 1.25);
  const MatrixStyle style{.fontSize = 52, .label = "lhs", .labelSize = 20};  // raised to 28
  const glm::vec2 lhsSize = kit.matrixSize(big, style);
  const glm::vec2 resSize = kit.matrixSize(big.transpose() * big, {.fontSize = 52}, true);
  const glm::vec2 textSize = kit.textSize("words", 20);
  const ItemId lhs = kit.matrix(big, style);
  const ItemId rhs = kit.matrix(big.transpose(), {.fontSize = 52});
  const ItemId res = kit.matrix(big.transpose() * big, {.fontSize = 52}, true);
  const ItemId words = kit.text("words", 20, {960, 300});
  CHECK(b.bounds(lhs).size().x == doctest::Approx(lhsSize.x));
  CHECK(b.bounds(lhs).size().y == doctest::Approx(lhsSize.y));
  CHECK(b.bounds(res).size().x == doctest::Approx(resSize.x));
  CHECK(b.bounds(words).size().x == doctest::Approx(textSize.x));
  const float want =
      kit.productFit(lhsSize, kit.matrixSize(big.transpose(), {.fontSize = 52}), resSize);
  CHECK(want < 1.0f);
  kit.layOutProduct(lhs, rhs, res);
  CHECK(b.state(lhs).scale == doctest::Approx(want));
  CHECK(b.state(res).scale == doctest::Approx(want));
}

TEST_CASE("kit rows: CellFill::heat fills every cell on the scale, masked entries in grey") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  const double inf = std::numeric_limits<double>::infinity();
  const Eigen::MatrixXd v = test::mat(2, 2, {2, -inf, -1, 0.5});
  const HeatScale heat = HeatScale::diverging(v);
  const ItemId m = kit.matrix(v, {.color = palette::kScore}, true);
  kit.layOutRow({m}, kit::kContentY);
  b.play(fadeIn(m), 0.5);
  kit.fillRow(m, 0, v, {.color = palette::kText, .recolor = false, .heat = heat});
  const SectionScript s = std::move(b).finish();
  const SceneState end = evaluate(s, s.duration);
  const std::vector<CellState>& cells = end.items[m].cells;
  CHECK(cells[0].fill == heat.fill(2));
  CHECK(cells[0].color == palette::kText);
  CHECK(cells[0].opacity == doctest::Approx(1.0f));
  CHECK(cells[1].fill == palette::kMaskedCell);
  CHECK(cells[1].color == palette::kNote);
  CHECK(cells[2].fill.a == 0);  // the other row: not filled
  CHECK(cells[2].opacity == doctest::Approx(kit::kFaint));
  CHECK(end.items[m].color == palette::kPlaceholder);  // recolor = false
}

TEST_CASE("kit rows: walkBox draws one box, then moves it region to region") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  const ItemId m = kit.matrix(test::mat(3, 3, {1, 2, 3, 4, 5, 6, 7, 8, 9}), {.fontSize = 52});
  kit.layOutRow({m}, kit::kContentY);
  b.play(fadeIn(m), 0.5);
  std::optional<ItemId> box;
  b.play(kit.walkBox(box, b.rowBounds(m, 0), {m}, {.pad = 0, .name = "walker"}), 0.8);
  REQUIRE(box);
  const ItemId first = *box;
  CHECK(b.state(first).opacity > 0);
  CHECK(b.bounds(first).center().y == doctest::Approx(b.rowBounds(m, 0).center().y).epsilon(0.01));
  b.play(kit.walkBox(box, b.rowBounds(m, 2), {m}, {.pad = 0, .name = "walker"}), 0.8);
  CHECK(*box == first);  // the same box, moved
  CHECK(b.bounds(first).center().y == doctest::Approx(b.rowBounds(m, 2).center().y).epsilon(0.01));
  const SectionScript s = std::move(b).finish();
  int walkers = 0;
  for (const ItemDef& def : s.items) walkers += def.name == "walker";
  CHECK(walkers == 1);
  CHECK(auditLayout(s, test::atlas()).empty());
}

TEST_CASE("kit rows: boundsOf unites items; clear fades them and waits") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  const ItemId a = kit.text("one", 40, {700, 400});
  const ItemId c = kit.text("two", 40, {1200, 600});
  CHECK(kit.boundsOf({}).empty());
  const Rect both = kit.boundsOf({a, c});
  CHECK(both.min.x == doctest::Approx(b.bounds(a).min.x));
  CHECK(both.max.y == doctest::Approx(b.bounds(c).max.y));
  kit.show({a, c}, 0.5);
  const double before = b.now();
  kit.clear({a, c}, 0.6);
  CHECK(b.now() == doctest::Approx(before + 0.6));
  CHECK(b.state(a).opacity == 0);
  CHECK(b.state(c).opacity == 0);
}
