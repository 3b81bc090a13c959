// The explainer's numbers against the notebook's PyTorch output (content/matmul.md), the entry
// decomposition and the on-screen number formatting.
#include <doctest/doctest.h>

#include <limits>

#include "math/format.hpp"
#include "math/matmul.hpp"

using namespace tfviz;

namespace {
Eigen::MatrixXd mat(int rows, int cols, std::initializer_list<double> values) {
  Eigen::MatrixXd m(rows, cols);
  auto it = values.begin();
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) m(i, j) = *it++;
  return m;
}
}  // namespace

TEST_CASE("matmul: the notebook's 3x3 example matches PyTorch") {
  const math::AttentionNumbers n = math::computeAttention(math::notebookInputs());
  CHECK(n.tokens == std::vector<int>{0, 1, 2});
  CHECK(n.hidden == mat(3, 3, {1, 0, 0, -2, 1, 0, -1, 1, 1}));
  // w_query.weight.data = weights.T, and nn.Linear multiplies by weight.T: W_q.T == weights.
  CHECK(n.wqT == math::notebookInputs().weights);
  CHECK(n.queries == mat(3, 3, {2, 1, 1, 0, -8, -2, 0, 0, 1}));
  CHECK(n.keysT == mat(3, 3, {2, 0, 0, 1, -8, 0, 1, -2, 1}));
  CHECK(n.attention == mat(3, 3, {6, -10, 1, -10, 68, -2, 1, -2, 1}));
  // The Manim scenes' hidden_states @ weights.T would give 24 where PyTorch gives 6.
  CHECK((n.hidden * math::notebookInputs().weights.transpose())(0, 0) != doctest::Approx(6));
}

TEST_CASE("matmul: the notebook's 2-d decimal example matches PyTorch to 4 decimals") {
  const Eigen::MatrixXd hidden = mat(3, 2, {-0.083, 0.147, 0.029, 0.008, -0.204, 0.132});
  const Eigen::MatrixXd weight = mat(2, 2, {-0.381, -0.354, 0.407, -0.601}).transpose();
  const Eigen::MatrixXd out = math::linear(hidden, weight);
  const Eigen::MatrixXd torch = mat(3, 2, {0.0915, -0.0590, -0.0078, -0.0151, 0.1314, -0.0071});
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 2; ++j)
      CHECK(out(i, j) == doctest::Approx(torch(i, j)).epsilon(0).scale(1).epsilon(5e-5));
  CHECK(math::formatNumber(out(0, 0), {.decimals = 4}) == "0.0915");
  CHECK(math::formatNumber(out(0, 1), {.decimals = 4}) ==
        "\xE2\x88\x92"
        "0.0590");
}

TEST_CASE("matmul: entry steps sum to the Eigen product, with the notebook's calculation text") {
  const math::AttentionNumbers n = math::computeAttention(math::notebookInputs());
  const auto steps = math::matmulSteps(n.hidden, n.wqT);
  REQUIRE(steps.size() == 9);
  for (const auto& s : steps) {
    double sum = 0;
    for (size_t k = 0; k < s.lhs.size(); ++k) sum += s.lhs[k] * s.rhs[k];
    CHECK(sum == doctest::Approx(n.queries(s.row, s.col)));
    CHECK(s.value == doctest::Approx(sum));
  }
  const math::NumberFormat ints{};
  CHECK(math::calculationText(steps[0], ints, ints) ==
        "1\xC3\x97"
        "2 + 0\xC3\x97"
        "4 + 0\xC3\x97(\xE2\x88\x92"
        "2) = 2");
  CHECK(math::calculationText(steps[4], ints, ints) ==
        "(\xE2\x88\x92"
        "2)\xC3\x97"
        "1 + 1\xC3\x97(\xE2\x88\x92"
        "6) + 0\xC3\x97"
        "7 = \xE2\x88\x92"
        "8");
  const auto scores = math::matmulSteps(n.queries, n.keysT);
  CHECK(math::calculationText(scores[0], ints, ints) ==
        "2\xC3\x97"
        "2 + 1\xC3\x97"
        "1 + 1\xC3\x97"
        "1 = 6");
  CHECK_THROWS_AS(math::matmulSteps(n.hidden, Eigen::MatrixXd(2, 2)), std::invalid_argument);
}

TEST_CASE("matmul: other prompts and bad inputs") {
  math::AttentionInputs in = math::notebookInputs();
  in.prompt = "9370";
  const math::AttentionNumbers n = math::computeAttention(in);
  CHECK(n.hidden.rows() == 4);
  CHECK(n.hidden.row(1) == in.tokenTable.row(3));
  CHECK(n.attention.rows() == 4);
  CHECK(n.attention.isApprox(n.queries * n.queries.transpose()));
  in.prompt = "01a";
  CHECK_THROWS_AS(math::computeAttention(in), std::invalid_argument);
  in.prompt = "";
  CHECK_THROWS_AS(math::computeAttention(in), std::invalid_argument);
}

TEST_CASE("format: integers, decimals, true minus, no negative zero") {
  CHECK(math::chooseFormat(mat(1, 2, {1, -2})).decimals == 0);
  CHECK(math::chooseFormat(mat(1, 2, {1, 0.5})).decimals == 4);
  CHECK(math::formatNumber(-10, {}) ==
        "\xE2\x88\x92"
        "10");
  CHECK(math::formatNumber(68, {}) == "68");
  CHECK(math::formatNumber(-0.0, {}) == "0");
  CHECK(math::formatNumber(-0.00001, {.decimals = 4}) == "0.0000");
  CHECK(math::formatNumber(0.5, {.decimals = 2}) == "0.50");
  CHECK(math::formatFactor(-2, {}) ==
        "(\xE2\x88\x92"
        "2)");
  CHECK(math::formatFactor(3, {}) == "3");
  CHECK(math::formatNumber(-std::numeric_limits<double>::infinity(), {}) == "\xE2\x88\x92\xE2\x88\x9E");
  CHECK(math::formatNumber(std::numeric_limits<double>::infinity(), {}) == "\xE2\x88\x9E");
  CHECK(math::formatNumber(0.8, {.decimals = 2, .compact = true}) == ".8");
  CHECK(math::formatNumber(-0.30, {.decimals = 2, .compact = true}) == "\xE2\x88\x92.3");
  CHECK(math::formatNumber(1.0, {.decimals = 2, .compact = true}) == "1");
}
