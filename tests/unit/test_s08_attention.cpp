// Section 8 (masking and attention): its numbers against the article's, products drawn with the
// shapes section 3 teaches, Kᵀ's column names and the box linking Q's 1 to row ran, and a greedy
// pick that matches the sentence at every beat.
// (The section itself is checked with every other one in test_sections.cpp.)
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <Eigen/Core>

#include "math/tutorial.hpp"
#include "scene/sections/registry.hpp"
#include "scene/sections/s08_attention.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;
using test::row;

TEST_CASE("s08-attention: the feature activities, mask and masked activities") {
  const AttentionSectionNumbers n = attentionSectionNumbers();
  REQUIRE(n.vocab.size() == 13);
  CHECK(n.features.front() == "and, ran");
  CHECK(n.features.back() == "whether, ran");
  // and battery check down find it log out please program ran the whether
  CHECK(n.activities.isApprox(row({1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1})));
  CHECK(n.mask.isApprox(row({0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0})));
  CHECK(n.maskedActivities.isApprox(row({0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})));
  for (const std::string& w : n.vocab) CHECK(w != "run");
}

TEST_CASE("s08-attention: votes go from 5 vs 4 to 1 vs 0") {
  const AttentionSectionNumbers n = attentionSectionNumbers();
  CHECK(n.votes(0) == doctest::Approx(5));  // down
  CHECK(n.votes(1) == doctest::Approx(4));  // please
  CHECK(n.marginPercent == doctest::Approx(25));
  CHECK(n.maskedVotes(0) == doctest::Approx(1));
  CHECK(n.maskedVotes(1) == doctest::Approx(0));
  // Only the battery,ran and program,ran rows of the masked transition matrix remain.
  for (int r = 0; r < 13; ++r) {
    const bool kept = n.vocab[static_cast<size_t>(r)] == "battery" ||
                      n.vocab[static_cast<size_t>(r)] == "program";
    CHECK((n.maskedTransition.row(r).cwiseAbs().sum() > 0) == kept);
  }
  CHECK(n.maskedTransition.row(1).isApprox(row({1, 0})));
  CHECK(n.maskedTransition.row(9).isApprox(row({0, 1})));
  CHECK(n.prediction == "down");
}

TEST_CASE("s08-attention: the one-hot query times Kᵀ pulls out the mask") {
  const AttentionSectionNumbers n = attentionSectionNumbers();
  CHECK(n.query.isApprox(math::oneHot(n.vocab, "ran")));
  CHECK(n.lookup.isApprox(n.mask));
  CHECK(n.keysT.rows() == 13);
  CHECK(n.keysT.cols() == 13);
}

TEST_CASE("s08-attention: the feed-forward products and ReLU") {
  const AttentionSectionNumbers n = attentionSectionNumbers();
  Eigen::MatrixXd w(4, 2);
  w << 1, -1, -1, 1, 1, 1, -1, -1;
  CHECK(n.ffnWeights.isApprox(w));
  CHECK(n.ffnInputs.row(0).isApprox(row({1, 0, 1, 1})));
  CHECK(n.ffnInputs.row(1).isApprox(row({0, 1, 1, 1})));
  CHECK(n.ffnHidden.row(0).isApprox(row({1, -1})));
  CHECK(n.ffnHidden.row(1).isApprox(row({-1, 1})));
  CHECK(n.ffnFeatures.row(0).isApprox(row({1, 0})));
  CHECK(n.ffnFeatures.row(1).isApprox(row({0, 1})));
  // battery sentence votes down, program sentence votes please.
  CHECK(n.ffnVotes.row(0).isApprox(row({1, 0})));
  CHECK(n.ffnVotes.row(1).isApprox(row({0, 1})));
}

namespace {

double beatTime(const SectionScript& script, const std::string& label) {
  for (const Beat& b : script.beats)
    if (b.label == label) return b.time;
  FAIL("no beat '" << label << "'");
  return 0;
}

// The values a matrix item holds, read back from its cells' texts (blank = 0).
Eigen::MatrixXd shownValues(const ItemDef& def, const ItemState& s) {
  Eigen::MatrixXd m(def.matrix.rows, def.matrix.cols);
  for (int r = 0; r < def.matrix.rows; ++r)
    for (int c = 0; c < def.matrix.cols; ++c) {
      const CellState& cell = s.cells.at(static_cast<size_t>(r * def.matrix.cols + c));
      const std::string& t =
          def.matrix.texts[static_cast<size_t>(cell.mix >= 1 ? cell.textB : cell.textA)];
      m(r, c) = t.empty() ? 0.0 : std::stod(t);
    }
  return m;
}

}  // namespace

TEST_CASE("s08-attention: every product on screen has operands shaped as section 3 teaches") {
  const AttentionSectionNumbers n = attentionSectionNumbers();
  const SectionScript script = buildAttentionSection(test::atlas());
  REQUIRE(script.products.size() >= 3);
  bool maskedVotes = false;
  for (const ProductRecord& p : script.products) {
    const MatrixDef& lhs = script.items[p.lhs].matrix;
    const MatrixDef& rhs = script.items[p.rhs].matrix;
    const MatrixDef& res = script.items[p.result].matrix;
    CAPTURE(script.items[p.lhs].name);
    CAPTURE(script.items[p.rhs].name);
    // [a × b] times [b × c] gives [a × c], for the items drawn, not only for the numbers.
    CHECK(lhs.cols == rhs.rows);
    CHECK(res.rows == lhs.rows);
    CHECK(res.cols == rhs.cols);
    CHECK(p.rows == lhs.rows);
    CHECK(p.inner == lhs.cols);
    CHECK(p.cols == rhs.cols);
    // The recorded operands are the Eigen product's, shape for shape.
    const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>
        a(p.a.data(), p.rows, p.inner), b(p.b.data(), p.inner, p.cols);
    if (a.rows() == 1 && a.cols() == 13 && b.cols() == 2) {
      maskedVotes = true;
      CHECK(a.isApprox(n.maskedActivities));
      CHECK(b.isApprox(n.transition));
      CHECK((a * b).isApprox(n.maskedVotes));
    }
  }
  CHECK(maskedVotes);  // the masked activities are a [1 × 13] row times the [13 × 2] table
  // At the masked-transition and infinite-margin beats the row is on screen, not a column.
  for (const char* beat : {"masked transition", "infinite margin"}) {
    CAPTURE(beat);
    const SceneState at = evaluate(script, beatTime(script, beat));
    for (const ProductRecord& p : script.products) {
      if (p.inner != 13 || p.cols != 2) continue;
      CHECK(at.items[p.lhs].opacity == doctest::Approx(1.0));
      CHECK(at.items[p.rhs].opacity == doctest::Approx(1.0));
      CHECK(script.items[p.lhs].matrix.rows == 1);
    }
  }
  // At the end of the product the total shows masked × table, computed by Eigen.
  const SceneState end = evaluate(script, beatTime(script, "infinite margin"));
  for (const ProductRecord& p : script.products) {
    if (p.inner != 13 || p.cols != 2) continue;
    CHECK(shownValues(script.items[p.result], end.items[p.result]).isApprox(n.maskedVotes));
  }
}

TEST_CASE("s08-attention: Kᵀ's columns are named and a box links Q's 1 to row ran") {
  const AttentionSectionNumbers n = attentionSectionNumbers();
  const SectionScript script = buildAttentionSection(test::atlas());
  const ProductRecord* lookup = nullptr;
  for (const ProductRecord& p : script.products)
    if (p.rows == 1 && p.inner == 13 && p.cols == 13) lookup = &p;
  REQUIRE(lookup != nullptr);
  const ItemId keys = lookup->rhs;
  const SceneState at = evaluate(script, beatTime(script, "K transposed"));
  const Rect keysBox = itemBounds(test::atlas(), script.items[keys], at.items[keys]);
  // One column name per column, centred over it, on screen with Kᵀ, none touching another.
  std::vector<Rect> names;
  for (size_t i = 0; i < script.items.size(); ++i) {
    if (script.items[i].name != "Kt column label") continue;
    const int c = static_cast<int>(names.size());
    CAPTURE(c);
    CHECK(script.items[i].text.text == n.vocab[static_cast<size_t>(c)]);
    CHECK(at.items[i].opacity == doctest::Approx(1.0));
    const Rect cell = matrixGeometry(script.items[keys].matrix, at.items[keys]).cell(0, c);
    CHECK(at.items[i].pos.x == doctest::Approx(cell.center().x));
    CHECK(at.items[i].pos.y < keysBox.min.y);  // above Kᵀ
    names.push_back(itemBounds(test::atlas(), script.items[i], at.items[i]));
  }
  REQUIRE(names.size() == 13);
  for (size_t x = 0; x < names.size(); ++x)
    for (size_t y = x + 1; y < names.size(); ++y) CHECK_FALSE(names[x].overlaps(names[y]));

  // The link: a box that starts on Q's 1 and later frames row "ran" of Kᵀ.
  size_t link = script.items.size();
  for (size_t i = 0; i < script.items.size(); ++i)
    if (script.items[i].name == "lookup link") link = i;
  REQUIRE(link < script.items.size());
  const int ran = math::wordIndex(n.vocab, "ran");
  bool onQuery = false, onRow = false;
  for (double t = beatTime(script, "query"); t <= beatTime(script, "QKT lookup"); t += 0.1) {
    const SceneState s = evaluate(script, t);
    if (s.items[link].opacity < 0.5f) continue;
    const Rect box = Rect::fromCenter(s.items[link].pos, s.items[link].size);
    const MatrixGeometry q = matrixGeometry(script.items[lookup->lhs].matrix, s.items[lookup->lhs]);
    const MatrixGeometry k = matrixGeometry(script.items[keys].matrix, s.items[keys]);
    if (box.contains(q.cell(0, ran)) && !onRow) onQuery = true;
    if (onQuery && box.contains(k.cell(ran, 0)) && box.contains(k.cell(ran, 12))) onRow = true;
  }
  CHECK(onQuery);
  CHECK(onRow);
}

TEST_CASE("s08-attention: the greedy pick on screen is the word just appended, at every beat") {
  const SectionScript script = buildAttentionSection(test::atlas());
  for (const char* beat : {"append", "repeat"}) {
    CAPTURE(beat);
    const SceneState at = evaluate(script, beatTime(script, beat));
    std::vector<std::string> picks;
    float rightmost = -1;
    std::string last;
    for (size_t i = 0; i < script.items.size(); ++i) {
      if (at.items[i].opacity < 0.5f) continue;
      if (script.items[i].name == "pick") picks.push_back(script.items[i].text.text);
      if (script.items[i].name == "sentence word" && at.items[i].pos.x > rightmost) {
        rightmost = at.items[i].pos.x;
        last = script.items[i].text.text;
      }
    }
    REQUIRE(picks.size() == 1);
    const std::string tail = "greedy pick: " + last;
    CHECK(picks[0].size() >= tail.size());
    CHECK(picks[0].compare(picks[0].size() - tail.size(), tail.size(), tail) == 0);
  }
  // ... and no pick is shown before the first one is made.
  const SceneState prompt = evaluate(script, beatTime(script, "prompt"));
  for (size_t i = 0; i < script.items.size(); ++i)
    if (script.items[i].name == "pick") CHECK(prompt.items[i].opacity < 0.02f);
}
