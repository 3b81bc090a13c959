// Section 11 (multi-head attention): the article's sizes, the shape arithmetic of the chain and of
// the heads, the causal mask and the masked softmax of the toy head, rectangles drawn to scale
// that stay readable, the toy's token-by-token matrices labelled by position and heat-coloured
// by value, and a timeline the layout audit passes (one picture turns into the next).
// (The section itself is checked with every other one in test_sections.cpp.)
#include <doctest/doctest.h>

#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <glm/geometric.hpp>

#include "math/tutorial.hpp"
#include "render/palette.hpp"
#include "scene/heat.hpp"
#include "scene/sections/registry.hpp"
#include "scene/sections/s11_multi_head.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

namespace {

// The matrix labelled `label` on screen; fails the test if there is none.
size_t matrix(const SectionScript& script, const std::string& label) {
  const std::optional<size_t> item = test::findMatrix(script, label);
  if (!item) FAIL("no matrix " << label);
  return *item;
}

}  // namespace

TEST_CASE("s11-multi-head: the article's sizes") {
  const MultiHeadNumbers m = multiHeadNumbers();
  CHECK(m.vocab == 13);
  CHECK(m.seqLen == 12);
  CHECK(m.dModel == 512);
  CHECK(m.dK == 64);
  CHECK(m.dV == 64);
  CHECK(m.heads == 8);
  CHECK(m.sqrtDk == doctest::Approx(8.0));
  CHECK(m.concatWidth == 512);  // h · d_v = d_model
  CHECK(m.concatWidth == m.heads * m.dV);
}

TEST_CASE("s11-multi-head: the chain of shapes") {
  const MultiHeadNumbers m = multiHeadNumbers();
  CHECK(shapeText(m.oneHot) == "[12 \xC3\x97 13]");
  CHECK(shapeText(m.embedded) == "[12 \xC3\x97 512]");
  CHECK(shapeText(m.embedded, true) == "[n \xC3\x97 d_model]");
  CHECK(m.encoded == m.embedded);
  CHECK(m.attended == m.embedded);
  CHECK(shapeText(m.logits) == "[12 \xC3\x97 13]");
  CHECK(shapeText(m.logits, true) == "[n \xC3\x97 N]");
  CHECK(m.probabilities == m.logits);
  CHECK(shapeText(m.q) == "[12 \xC3\x97 64]");
  CHECK(shapeText(m.v, true) == "[n \xC3\x97 d_v]");
  CHECK(shapeText(m.scores) == "[12 \xC3\x97 12]");
  CHECK(shapeText(m.headOut) == "[12 \xC3\x97 64]");
  CHECK(shapeText(m.concat) == "[12 \xC3\x97 512]");
  CHECK(shapeText(m.wo) == "[512 \xC3\x97 512]");
  CHECK(m.multiHead == m.embedded);
  CHECK_THROWS_AS(matmulShape(m.q, m.k), std::invalid_argument);  // [12×64]·[12×64]
}

TEST_CASE("s11-multi-head: softmax picks a winner") {
  const MultiHeadNumbers m = multiHeadNumbers();
  CHECK(m.focusWeights.sum() == doctest::Approx(1.0));
  CHECK(math::argmax(m.focusWeights) == 1);  // battery
  CHECK(m.focusWeights(1) > 0.7);
  CHECK(m.focusWeights(2) < 0.2);  // log scored 2.5 of 4 but gets little weight
}

TEST_CASE("s11-multi-head: causal mask and masked softmax") {
  const MultiHeadNumbers m = multiHeadNumbers();
  REQUIRE(m.mask6.rows() == 6);
  for (int r = 0; r < 6; ++r) {
    for (int c = 0; c < 6; ++c) {
      if (c > r) {
        CHECK(std::isinf(m.mask6(r, c)));
        CHECK(m.mask6(r, c) < 0);
      } else {
        CHECK(m.mask6(r, c) == 0.0);
      }
    }
  }
  CHECK(m.toySqrtDk == doctest::Approx(2.0));
  CHECK(m.toyScores(1, 3) == doctest::Approx(6.0));
  CHECK(m.toyScaled(1, 3) == doctest::Approx(3.0));
  for (int r = 0; r < 4; ++r) {
    CHECK(m.toyWeights.row(r).sum() == doctest::Approx(1.0));
    CHECK(m.toyRowSums(r, 0) == doctest::Approx(1.0));
    for (int c = r + 1; c < 4; ++c) CHECK(m.toyWeights(r, c) == 0.0);
    for (int c = 0; c <= r; ++c) CHECK(m.toyWeights(r, c) > 0.0);
  }
  CHECK(m.toyWeights(0, 0) == doctest::Approx(1.0));  // the first position sees only itself
  CHECK(m.toyWeights(1, 1) == doctest::Approx(1.0 / (1.0 + std::exp(-1.0))));
  CHECK(m.toyOut.rows() == 4);
  CHECK(m.toyOut.row(0).isApprox(m.toyV.row(0)));
}

TEST_CASE("s11-multi-head: the to-scale rectangles are bars, not hairlines, and stay to scale") {
  const SectionScript script = buildMultiHeadSection(test::atlas());
  const std::string suffix = " rectangle";
  auto isShape = [&](const ItemDef& def) {
    return def.name.size() > suffix.size() &&
           def.name.compare(def.name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  int seen = 0;
  for (const Beat& beat : script.beats) {
    const SceneState state = evaluate(script, beat.time);
    for (size_t i = 0; i < script.items.size(); ++i) {
      if (!isShape(script.items[i]) || state.items[i].opacity < 0.02f) continue;
      ++seen;
      CAPTURE(beat.label);
      CAPTURE(script.items[i].name);
      const glm::vec2 size = state.items[i].size * state.items[i].scale;
      // At least 20 of 1080 design rows: 13 px in a 720p frame.
      CHECK(size.x >= 20.0f);
      CHECK(size.y >= 20.0f);
    }
  }
  CHECK(seen > 10);
  // The long sides stay to scale: [13 × 512] is 8 times as wide as a head's [12 × 64], and W_O
  // [512 × 512] is square and as wide as the embedding.
  const MultiHeadNumbers m = multiHeadNumbers();
  auto size = [&](const std::string& name) {
    const std::optional<size_t> item = test::findItem(script, name);
    if (!item) FAIL("no item " << name);
    return script.initial[*item].size;
  };
  const glm::vec2 embedding = size("embedding rectangle"), head = size("head 1 rectangle"),
                  wo = size("W_O rectangle");
  CHECK(embedding.x / head.x == doctest::Approx(double(m.embedding.cols) / m.headOut.cols));
  CHECK(wo.x == doctest::Approx(embedding.x));
  CHECK(wo.y / wo.x == doctest::Approx(double(m.wo.rows) / m.wo.cols));
  CHECK(embedding.y >= 20.0f);
}

TEST_CASE("s11-multi-head: the six-position mask turns into the toy's four-position mask") {
  const SectionScript script = buildMultiHeadSection(test::atlas());
  const size_t big = matrix(script, "causal mask, 6 positions"), toy = matrix(script, "mask");
  // Some time after the "causal mask" beat both are on screen, the big one moving onto the toy's
  // place (a transform), and never is the frame left without either before the toy is whole.
  const double from = test::beatTime(script, "causal mask");
  bool both = false, whole = false;
  for (double t = from; t < from + 6 && !whole; t += 1.0 / 30) {
    const SceneState s = evaluate(script, t);
    const float a = s.items[big].opacity, b = s.items[toy].opacity;
    CHECK(std::max(a, b) > 0.02f);
    both = both || (a > 0.2f && b > 0.2f);
    whole = b > 0.999f;
  }
  CHECK(both);
  CHECK(whole);
}

TEST_CASE("s11-multi-head: the toy's token matrices are labelled and heat-coloured by value") {
  // Rows: the query positions, columns: the key positions; fills on the heat scale of the
  // Eigen numbers (diverging for scores, sequential for weights), masked cells grey-black.
  const SectionScript script = buildMultiHeadSection(test::atlas());
  const MultiHeadNumbers m = multiHeadNumbers();
  struct Case {
    std::string label, beat;
    Eigen::MatrixXd values;
    HeatScale scale;
  };
  const HeatScale weights = HeatScale::sequential(0, 1);
  const std::vector<Case> cases = {
      {"scores $QK^T$", "Q K transposed", m.toyScores, HeatScale::diverging(m.toyScores)},
      {"scaled scores", "divide by root d_k", m.toyScaled, HeatScale::diverging(m.toyScaled)},
      {"masked scores", "masked scores", m.toyMasked, HeatScale::diverging(m.toyScaled)},
      {"attention weights", "softmax rows", m.toyWeights, weights},
      {"3Blue1Brown: $K^TQ$", "3Blue1Brown convention", m.toyWeights.transpose(), weights}};
  const std::vector<std::string> positions = {"p0", "p1", "p2", "p3"};
  CHECK(script.items[matrix(script, "mask")].matrix.rowLabels == positions);
  for (const Case& c : cases) {
    CAPTURE(c.label);
    const size_t item = matrix(script, c.label);
    const MatrixDef& def = script.items[item].matrix;
    REQUIRE(def.rows == 4);
    REQUIRE(def.cols == 4);
    CHECK(def.rowLabels == positions);
    CHECK(def.colLabels == positions);
    const SceneState state = evaluate(script, test::beatTime(script, c.beat));
    CHECK(state.items[item].opacity > 0.99f);
    const std::vector<CellState>& cells = state.items[item].cells;
    REQUIRE(cells.size() == 16);
    // How far a fill is from the neutral colour, signed like its side of the scale.
    auto strength = [&](int r, int col) {
      const glm::vec4 d = cells[static_cast<size_t>(r * 4 + col)].fill - palette::kHeatNeutral;
      return (c.values(r, col) < 0 ? -1.0 : 1.0) * std::sqrt(double(glm::dot(d, d)));
    };
    int finite = 0;
    for (int r = 0; r < 4; ++r) {
      for (int col = 0; col < 4; ++col) {
        const double v = c.values(r, col);
        const glm::vec4 fill = cells[static_cast<size_t>(r * 4 + col)].fill;
        const glm::vec4 want = std::isinf(v) ? palette::kMaskedCell : c.scale.fill(v);
        for (int k = 0; k < 4; ++k) CHECK(fill[k] == doctest::Approx(want[k]).epsilon(1e-4));
        if (std::isinf(v)) continue;
        ++finite;
        // Monotone: a larger value never gets a weaker colour than a smaller one.
        for (int r2 = 0; r2 < 4; ++r2) {
          for (int c2 = 0; c2 < 4; ++c2) {
            const double w = c.values(r2, c2);
            if (std::isinf(w) || !(v < w - 1e-9)) continue;
            CHECK(strength(r, col) < strength(r2, c2));
          }
        }
      }
    }
    CHECK(finite >= 10);  // at least the lower triangle
  }
}
