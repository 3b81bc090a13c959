// The kit's elided matrices (src/scene/kit/elide.hpp): which rows and columns an axis shows,
// where an entry of the whole tensor lands, the gap marks in the entries' face, headers picked
// to match, and cells changed or heat-coloured with the gaps left alone.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "scene/kit/elide.hpp"
#include "scene/kit/marks.hpp"
#include "scene/script.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;
using kit::kGap;

namespace {

// A rows x cols tensor whose entry (r, c) is r + c / 100.
Eigen::MatrixXd ramp(int rows, int cols) {
  Eigen::MatrixXd m(rows, cols);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) m(r, c) = r + c / 100.0;
  return m;
}

}  // namespace

TEST_CASE("kit elide: an axis is whole when it fits, else its first and last entries") {
  CHECK(kit::elideAxis(4, 6) == std::vector<int>{0, 1, 2, 3});
  CHECK(kit::elideAxis(6, 6) == std::vector<int>{0, 1, 2, 3, 4, 5});
  CHECK(kit::elideAxis(768, 6) == std::vector<int>{0, 1, 2, 3, kGap, 767});
  CHECK(kit::elideAxis(64, 12, 3) == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, kGap, 61, 62, 63});
  CHECK(kit::elideAxis(10, 4, 9) == std::vector<int>{0, kGap, 8, 9});  // tail clamped
  CHECK(kit::elideAxis(0, 5).empty());
}

TEST_CASE("kit elide: kept indices in order, a gap wherever some are skipped") {
  CHECK(kit::keepAxis(10, {7, 2, 3, 2}) == std::vector<int>{kGap, 2, 3, kGap, 7, kGap});
  CHECK(kit::keepAxis(4, {0, 1, 2, 3}) == std::vector<int>{0, 1, 2, 3});
  CHECK(kit::keepAxis(5, {0, 4, 9, -1}) == std::vector<int>{0, kGap, 4});
}

TEST_CASE("kit elide: entries of the whole tensor find their shown cells") {
  const kit::Elision e = kit::Elision::of(10, 100, 5, 4);  // rows 0-2 ⋮ 9; cols 0-1 ⋯ 99
  CHECK(e.rows == std::vector<int>{0, 1, 2, kGap, 9});
  CHECK(e.cols == std::vector<int>{0, 1, kGap, 99});
  CHECK_FALSE(e.isWhole());
  CHECK(e.cell(0, 0) == 0);
  CHECK(e.cell(9, 99) == 4 * 4 + 3);
  CHECK(e.cell(2, 1) == 2 * 4 + 1);
  CHECK(e.cell(5, 0) == -1);
  CHECK(e.cell(0, 50) == -1);
  CHECK(e.rowOf(kGap) == -1);
  CHECK(kit::Elision::whole(3, 2).isWhole());
}

TEST_CASE("kit elide: texts are the numbers, with the marks at the gaps") {
  const kit::Elision e = kit::Elision::of(8, 8, 3, 3);  // rows 0 ⋮ 7, cols 0 ⋯ 7
  const Eigen::MatrixXd m = ramp(8, 8);
  const std::vector<std::string> t = kit::elidedTexts(test::atlas(), m, e, {.decimals = 2});
  const std::string across = kit::acrossMark(test::atlas()), down = kit::downMark(test::atlas());
  CHECK(t == std::vector<std::string>{"0", across, "0.07", down, "", down, "7", across, "7.07"});
  // Either mark is one the monospace face can draw.
  CHECK((across == "\u22EF" || across == "\u2026"));
  CHECK((down == "\u22EE" || down == ":"));
  CHECK(kit::elidedLabels({"a", "b", "c", "d", "e", "f", "g", "h"}, e.rows) ==
        std::vector<std::string>{"a", "", "h"});
  CHECK(kit::elidedLabels({}, e.rows).empty());
  const Eigen::MatrixXd v = kit::elidedValues(m, e);
  CHECK(v.rows() == 3);
  CHECK(v(2, 2) == doctest::Approx(7.07));
  CHECK(v(1, 1) == 0.0);
}

TEST_CASE("kit elide: the matrix item shows the elision, marks in the note colour") {
  SectionBuilder b("elide-test", "Elide", test::atlas());
  SectionKit k(b);
  const Eigen::MatrixXd m = ramp(20, 30);
  const kit::Elision e = kit::Elision::of(20, 30, 5, 5, 2, 1);
  MatrixStyle style{
      .fontSize = 34, .label = "big", .color = palette::kInput, .format = {.decimals = 2}};
  style.rowLabels = kit::numbered("r", 20);
  style.colLabels = kit::numbered("c", 30);
  const glm::vec2 planned = kit::elidedMatrixSize(k, m, style, e);
  const ItemId id = kit::elidedMatrix(k, m, style, e);
  b.play(fadeIn(id), 1.0);
  const Eigen::MatrixXd next = -m;
  b.play(kit::changeElided(k, id, next, e, {.decimals = 2}), 1.0);
  b.play(kit::heatUpElided(id, next, e, HeatScale::diverging(next)), 1.0);
  const SectionScript s = std::move(b).finish();
  const MatrixDef& def = s.items[id].matrix;
  CHECK(def.rows == 5);
  CHECK(def.cols == 5);
  CHECK(def.rowLabels == std::vector<std::string>{"r0", "r1", "", "r18", "r19"});
  CHECK(def.colLabels == std::vector<std::string>{"c0", "c1", "c2", "", "c29"});
  CHECK(test::boundsAt(s, id, 0).size().x == doctest::Approx(planned.x));
  const SceneState start = evaluate(s, 1.0), end = evaluate(s, s.duration);
  CHECK(test::cellText(s, start, id, e.cell(19, 29)) == "19.29");
  CHECK(test::cellText(s, end, id, e.cell(19, 29)) ==
        "\xE2\x88\x92"
        "19.29");
  CHECK(test::cellText(s, end, id, e.cell(1, 2)) ==
        "\xE2\x88\x92"
        "1.02");
  // The gaps keep their marks and colour, and get no fill.
  const int gapCell = 3;  // row 0, the ⋯ column
  CHECK(test::cellText(s, end, id, gapCell) == kit::acrossMark(test::atlas()));
  CHECK(end.items[id].cells[gapCell].color == palette::kNote);
  CHECK(end.items[id].cells[gapCell].fill.a == 0.0f);
  CHECK(end.items[id].cells[0].fill.a > 0.0f);
  CHECK(end.items[id].cells[static_cast<size_t>(e.cell(0, 0))].color == palette::kText);
}

TEST_CASE("kit elide: a placeholder starts faint with '?', its gaps marked, then is filled") {
  SectionBuilder b("elide-test", "Elide", test::atlas());
  SectionKit k(b);
  const kit::Elision e = kit::Elision::of(2, 9, 2, 4);
  const ItemId id = kit::elidedMatrix(k, ramp(2, 9), {.format = {.decimals = 2}}, e, true);
  b.play(fadeIn(id), 0.5);
  b.play(kit::fillElided(k, id, ramp(2, 9), e, {.decimals = 2}, palette::kScore), 1.0);
  const SectionScript s = std::move(b).finish();
  const SceneState st = evaluate(s, 0);
  CHECK(test::cellText(s, st, id, 0) == "?");
  CHECK(st.items[id].cells[0].opacity == doctest::Approx(kit::kFaint));
  CHECK(test::cellText(s, st, id, 2) == kit::acrossMark(test::atlas()));
  CHECK(st.items[id].cells[2].opacity == 1.0f);
  const SceneState end = evaluate(s, s.duration);
  CHECK(test::cellText(s, end, id, e.cell(1, 8)) == "1.08");
  CHECK(end.items[id].cells[static_cast<size_t>(e.cell(1, 8))].opacity == 1.0f);
  CHECK(end.items[id].cells[static_cast<size_t>(e.cell(1, 8))].color == palette::kScore);
  CHECK(end.items[id].color == palette::kScore);
  CHECK(test::cellText(s, end, id, 2) == kit::acrossMark(test::atlas()));
  CHECK(kit::elidedRowCells(e, {1}) == std::vector<int>{4, 5, 7});
}
