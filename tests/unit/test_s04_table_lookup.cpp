// Section "s04-table-lookup": A (one-hot rows, ones in columns 1, 4, 3) times B pulls out rows
// 1, 4 and 3 of B; the stepper shows the article's numbers and the product ends on screen.
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>

#include "math/format.hpp"
#include "math/matmul.hpp"
#include "scene/sections/registry.hpp"
#include "scene/sections/s04_table_lookup.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;
using test::mat;

TEST_CASE("s04-table-lookup: A and B are the article's, and AB = [0.2 0.9; 0.1 0.4; 0.8 0.3]") {
  const TableLookupNumbers n = tableLookupNumbers();
  CHECK(n.a == mat(3, 4, {1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0}));
  CHECK(n.b.isApprox(mat(4, 2, {.2, .9, .7, 0, .8, .3, .1, .4})));
  CHECK(n.product.isApprox(mat(3, 2, {.2, .9, .1, .4, .8, .3})));
}

TEST_CASE("s04-table-lookup: each one-hot row of A pulls out rows 1, 4, 3 of B, in order") {
  const TableLookupNumbers n = tableLookupNumbers();
  CHECK(n.pickedRows == std::vector<int>{1, 4, 3});
  for (int i = 0; i < 3; ++i) {
    CAPTURE(i);
    CHECK(n.a.row(i).sum() == doctest::Approx(1.0));
    CHECK(n.product.row(i).isApprox(n.b.row(n.pickedRows[static_cast<size_t>(i)] - 1)));
  }
}

TEST_CASE("s04-table-lookup: the first entry reads 1x.2 + 0x.7 + 0x.8 + 0x.1 = 0.2") {
  const TableLookupNumbers n = tableLookupNumbers();
  const std::vector<math::MatmulStep> steps = math::matmulSteps(n.a, n.b);
  REQUIRE(steps.size() == 6);
  const math::NumberFormat compact{.decimals = 1};
  CHECK(math::calculationText(steps[0], compact, compact) ==
        "1\xC2\xB7"
        "0.2 + 0\xC2\xB7"
        "0.7 + 0\xC2\xB7"
        "0.8 + 0\xC2\xB7"
        "0.1 = 0.2");
}

TEST_CASE("s04-table-lookup: the section steps six entries and shows AB") {
  const SectionScript script = buildTableLookupSection(test::atlas());

  CHECK(test::findText(script, "1·0.2 + 0·0.7 + 0·0.8 + 0·0.1 = 0.2"));

  int entries = 0;
  std::vector<std::string> picks;
  for (const Beat& b : script.beats) {
    if (b.label.rfind("entry (", 0) == 0) ++entries;
    if (b.label.find(" picks ") != std::string::npos) picks.push_back(b.label);
  }
  CHECK(entries == 6);
  CHECK(picks == std::vector<std::string>{"row 1 of A picks row 1 of B",
                                          "row 2 of A picks row 4 of B",
                                          "row 3 of A picks row 3 of B"});
  // Once stepped, the product item shows the article's numbers, read back from the item.
  const SceneState state = evaluate(script, test::beatTime(script, "product done"));
  const std::optional<size_t> ab = test::findItem(script, "AB", ItemKind::Matrix);
  REQUIRE(ab);
  const char* expected[] = {"0.2", "0.9", "0.1", "0.4", "0.8", "0.3"};
  for (int c = 0; c < 6; ++c) {
    CHECK(test::cellText(script, state, *ab, c) == expected[c]);
    CHECK(state.items[*ab].cells[static_cast<size_t>(c)].opacity == doctest::Approx(1.0));
  }
}

TEST_CASE("s04-table-lookup: each picked row of B flies into AB's row and becomes its entries") {
  const SectionScript script = buildTableLookupSection(test::atlas());
  const TableLookupNumbers n = tableLookupNumbers();
  const std::optional<size_t> found = test::findItem(script, "AB", ItemKind::Matrix);
  REQUIRE(found);
  const size_t ab = *found;
  // The flying entries: texts declared to land on AB, in the order they were made.
  std::vector<size_t> copies;
  for (size_t i = 0; i < script.items.size(); ++i) {
    const auto& may = script.items[i].mayOverlap;
    if (script.items[i].kind == ItemKind::Text &&
        std::find(may.begin(), may.end(), static_cast<ItemId>(ab)) != may.end())
      copies.push_back(i);
  }
  REQUIRE(copies.size() == static_cast<size_t>(n.a.rows() * n.b.cols()));
  const math::NumberFormat compact{.decimals = 1};
  int row = 0;
  for (const Beat& beat : script.beats) {
    if (beat.label.find(" picks ") == std::string::npos) continue;
    CAPTURE(beat.label);
    REQUIRE(row < n.a.rows());
    const int k = n.pickedRows[static_cast<size_t>(row)] - 1;
    const SceneState state = evaluate(script, beat.time);
    const ItemState& abState = state.items[ab];
    const MatrixDef& abDef = script.items[ab].matrix;
    const MatrixGeometry g = matrixGeometry(abDef, abState);
    for (int c = 0; c < n.b.cols(); ++c) {
      const size_t copy = copies[static_cast<size_t>(row * n.b.cols() + c)];
      // The copy carries B's entry and stands where AB draws the same number, now solid again.
      CHECK(script.items[copy].text.text == math::formatNumber(n.b(k, c), compact));
      const Rect cell = g.cell(row, c);
      const glm::vec2 anchor(cell.max.x - abDef.padX * abDef.fontSize * abState.scale,
                             cell.center().y);
      CHECK(state.items[copy].pos.x == doctest::Approx(anchor.x).epsilon(1e-4));
      CHECK(state.items[copy].pos.y == doctest::Approx(anchor.y).epsilon(1e-4));
      CHECK(state.items[copy].opacity == doctest::Approx(0.0));
      CHECK(abState.cells[static_cast<size_t>(row * n.b.cols() + c)].opacity ==
            doctest::Approx(1.0));
    }
    ++row;
  }
  CHECK(row == n.a.rows());
}
