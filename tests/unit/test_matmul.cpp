// The explainer's numbers against the notebook's PyTorch output (content/matmul.md), the rest of
// attention (scaling, mask, softmax, weighted sum) and its options, input validation, the entry
// decomposition and the on-screen number formatting.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>

#include "math/format.hpp"
#include "math/matmul.hpp"
#include "math/tutorial.hpp"

using namespace tfviz;

namespace {
Eigen::MatrixXd mat(int rows, int cols, std::initializer_list<double> values) {
  Eigen::MatrixXd m(rows, cols);
  auto it = values.begin();
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) m(i, j) = *it++;
  return m;
}

// The message of the std::invalid_argument that computeAttention throws, or "" if none.
std::string errorOf(const math::AttentionInputs& in, const math::AttentionOptions& o = {}) {
  try {
    math::computeAttention(in, o);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

void checkRowsSumToOne(const Eigen::MatrixXd& w) {
  for (int i = 0; i < w.rows(); ++i) CHECK(w.row(i).sum() == doctest::Approx(1.0));
  CHECK((w.array() >= 0).all());
}
}  // namespace

TEST_CASE("matmul: the notebook's 3x3 example matches PyTorch") {
  const math::AttentionNumbers n = math::computeAttention(math::notebookInputs());
  CHECK(n.tokens == std::vector<int>{0, 1, 2});
  CHECK(n.hidden == mat(3, 3, {1, 0, 0, -2, 1, 0, -1, 1, 1}));
  // w_query.weight.data = weights.T, and nn.Linear multiplies by weight.T: W_q.T == weights.
  CHECK(n.wqT == math::notebookWeights());
  CHECK(n.wkT == math::notebookWeights());
  CHECK(n.wvT == math::notebookWeights());
  CHECK(n.queries == mat(3, 3, {2, 1, 1, 0, -8, -2, 0, 0, 1}));
  CHECK(n.keysT == mat(3, 3, {2, 0, 0, 1, -8, 0, 1, -2, 1}));
  CHECK(n.attention == mat(3, 3, {6, -10, 1, -10, 68, -2, 1, -2, 1}));
  CHECK(n.scores == n.attention);
  CHECK(n.values == n.queries);  // the value projection shares the notebook's weights too
  // The Manim scenes' hidden_states @ weights.T would give 24 where PyTorch gives 6.
  CHECK((n.hidden * math::notebookWeights().transpose())(0, 0) != doctest::Approx(6));
}

TEST_CASE("matmul: the rest of attention with the notebook's data (d_k = 3)") {
  const math::AttentionNumbers n = math::computeAttention(math::notebookInputs());
  CHECK(n.dk == 3);
  CHECK(n.scaled.isApprox(n.scores / std::sqrt(3.0)));
  CHECK(n.scaled(0, 0) == doctest::Approx(3.4641).epsilon(1e-4));
  CHECK(n.mask == Eigen::MatrixXd::Zero(3, 3));
  CHECK(n.masked == n.scaled);
  // content/matmul.md: softmax of each row of attention_map / √3, to 4 decimals.
  const Eigen::MatrixXd expected =
      mat(3, 3, {0.9471, 0.0001, 0.0528, 0.0000, 1.0000, 0.0000, 0.4594, 0.0813, 0.4594});
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      CAPTURE(i);
      CAPTURE(j);
      CHECK(math::formatNumber(n.weights(i, j), {.decimals = 4}) ==
            math::formatNumber(expected(i, j), {.decimals = 4}));
    }
  }
  checkRowsSumToOne(n.weights);
  CHECK(n.weights.isApprox(math::softmaxRows(n.scores / std::sqrt(3.0))));
  // The weighted sum: output = weights @ values, and row 0 by hand from its weights.
  CHECK(n.output.isApprox(n.weights * n.values));
  const Eigen::RowVectorXd row0 = n.weights(0, 0) * n.values.row(0) +
                                  n.weights(0, 1) * n.values.row(1) +
                                  n.weights(0, 2) * n.values.row(2);
  CHECK(n.output.row(0).isApprox(row0));
  CHECK(math::formatNumber(n.output(0, 0), {.decimals = 4}) == "1.8942");
  CHECK(math::formatNumber(n.output(1, 1), {.decimals = 4}) ==
        "\xE2\x88\x92"
        "8");
}

TEST_CASE("matmul: attention options: no scaling, causal mask, temperature") {
  const math::AttentionInputs in = math::notebookInputs();
  const math::AttentionNumbers plain = math::computeAttention(in);

  const math::AttentionNumbers raw = math::computeAttention(in, {.scale = false});
  CHECK(raw.scaled == raw.scores);
  CHECK(raw.weights.isApprox(math::softmaxRows(raw.scores)));
  CHECK(raw.weights(0, 0) > plain.weights(0, 0));  // unscaled scores are spikier
  checkRowsSumToOne(raw.weights);

  const math::AttentionNumbers masked = math::computeAttention(in, {.causalMask = true});
  CHECK(masked.mask == math::causalMask(3));
  CHECK(std::isinf(masked.masked(0, 1)));
  CHECK(masked.masked(0, 1) < 0);
  CHECK(masked.masked(1, 0) == doctest::Approx(plain.scaled(1, 0)));
  for (int i = 0; i < 3; ++i)
    for (int j = i + 1; j < 3; ++j) CHECK(masked.weights(i, j) == 0.0);
  checkRowsSumToOne(masked.weights);
  CHECK(masked.weights(0, 0) == doctest::Approx(1.0));  // token 0 sees only itself
  CHECK(masked.output.row(0).isApprox(masked.values.row(0)));
  CHECK(masked.output.isApprox(masked.weights * masked.values));
  // Row 2 sees everything: the same as without the mask.
  CHECK(masked.weights.row(2).isApprox(plain.weights.row(2)));

  const math::AttentionNumbers warm = math::computeAttention(in, {.temperature = 2.0});
  const math::AttentionNumbers cold = math::computeAttention(in, {.temperature = 0.5});
  checkRowsSumToOne(warm.weights);
  checkRowsSumToOne(cold.weights);
  CHECK(warm.weights.isApprox(math::softmaxRows(plain.scaled / 2.0)));
  for (int i = 0; i < 3; ++i) {
    // Temperature 2 flattens each row (a lower peak), 0.5 sharpens it.
    CHECK(warm.weights.row(i).maxCoeff() <= plain.weights.row(i).maxCoeff() + 1e-12);
    CHECK(cold.weights.row(i).maxCoeff() >= plain.weights.row(i).maxCoeff() - 1e-12);
  }
  CHECK(warm.weights(0, 0) < plain.weights(0, 0));
  CHECK(warm.weights(0, 2) > plain.weights(0, 2));
}

TEST_CASE("matmul: separate W_q, W_k, W_v (out_features x in_features) and given hidden states") {
  math::AttentionInputs in = math::notebookInputs();
  in.wq = mat(2, 3, {1, 0, 0, 0, 1, 0});  // d_k = 2
  in.wk = mat(2, 3, {0, 0, 1, 1, 1, 1});
  in.wv = mat(4, 3, {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1});  // d_v = 4
  const math::AttentionNumbers n = math::computeAttention(in);
  CHECK(n.dk == 2);
  CHECK(n.wkT == in.wk.transpose());
  CHECK(n.queries == n.hidden * in.wq.transpose());
  CHECK(n.keys == n.hidden * in.wk.transpose());
  CHECK(n.values == n.hidden * in.wv.transpose());
  CHECK(n.values.rows() == 3);
  CHECK(n.values.cols() == 4);
  CHECK(n.scores == n.queries * n.keys.transpose());
  CHECK(n.scaled.isApprox(n.scores / std::sqrt(2.0)));
  CHECK(n.output.rows() == 3);
  CHECK(n.output.cols() == 4);
  CHECK(n.output.isApprox(n.weights * n.values));
  // hidden_states [[1,0,0], ...]: query 0 = (1, 0); keys = (z, x+y+z) per token.
  CHECK(n.queries.row(0) == mat(1, 2, {1, 0}));
  CHECK(n.keys == mat(3, 2, {0, 1, 0, -1, 1, 1}));

  // The user's own hidden states replace the lookup; the prompt is ignored.
  math::AttentionInputs own = math::notebookInputs();
  own.prompt = "";
  own.hidden = mat(2, 3, {0.5, -1, 2, 1, 1, 1});
  const math::AttentionNumbers m = math::computeAttention(own);
  CHECK(m.tokens.empty());
  CHECK(m.hidden == *own.hidden);
  CHECK(m.queries.isApprox(*own.hidden * math::notebookWeights()));
  CHECK(m.weights.rows() == 2);
  checkRowsSumToOne(m.weights);
}

TEST_CASE("matmul: bad inputs are named with their shapes") {
  const std::string times = " \xC3\x97 ";
  math::AttentionInputs in = math::notebookInputs();
  in.hidden = Eigen::MatrixXd::Ones(3, 4);
  in.wk = Eigen::MatrixXd::Ones(2, 3);
  in.wq = Eigen::MatrixXd::Ones(2, 4);
  in.wv = Eigen::MatrixXd::Ones(2, 4);
  CHECK(errorOf(in) ==
        "W_k is 2" + times + "3 but hidden_states has 4 columns: W_k needs 4 columns");
  in.wk = Eigen::MatrixXd::Ones(3, 4);
  CHECK(errorOf(in) == "W_k is 3" + times + "4 but W_q has 2 rows (d_k): W_k needs 2 rows");
  in.wk = Eigen::MatrixXd::Ones(2, 4);
  in.wv = Eigen::MatrixXd::Ones(5, 3);
  CHECK(errorOf(in) ==
        "W_v is 5" + times + "3 but hidden_states has 4 columns: W_v needs 4 columns");
  in.wv = Eigen::MatrixXd::Ones(5, 4);
  CHECK(errorOf(in).empty());
  in.wq = Eigen::MatrixXd::Ones(1, 3);
  CHECK(errorOf(in) ==
        "W_q is 1" + times + "3 but hidden_states has 4 columns: W_q needs 4 columns");
  in.wq = Eigen::MatrixXd::Ones(2, 4);

  CHECK(errorOf(in, {.temperature = 0}) ==
        "the temperature is 0: it must be a finite number above 0");
  CHECK(!errorOf(in, {.temperature = -1}).empty());
  CHECK(!errorOf(in, {.temperature = std::nan("")}).empty());

  in.hidden->operator()(1, 2) = std::numeric_limits<double>::quiet_NaN();
  CHECK(errorOf(in) == "hidden_states has a non-finite entry (NaN) at (1, 2)");
  in.hidden = Eigen::MatrixXd(0, 4);
  CHECK(errorOf(in).rfind("hidden_states is 0" + times + "4", 0) == 0);

  math::AttentionInputs prompt = math::notebookInputs();
  prompt.wq(0, 1) = std::numeric_limits<double>::infinity();
  CHECK(errorOf(prompt) == "W_q has a non-finite entry (\xE2\x88\x9E) at (0, 1)");
  prompt = math::notebookInputs();
  prompt.prompt = "01a";
  CHECK(errorOf(prompt) == "the prompt may hold only digits 0-9, but character 3 is 'a'");
  prompt.prompt = "";
  CHECK(errorOf(prompt) == "the prompt is empty: it needs at least one digit");
  prompt.prompt = "07";
  prompt.tokenTable = prompt.tokenTable.topRows(5).eval();
  CHECK(errorOf(prompt) ==
        "the token table is 5" + times + "3 but the prompt holds token 7: the table needs 8 rows");
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
        "0.059");
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
        "1\xC2\xB7"
        "2 + 0\xC2\xB7"
        "4 + 0\xC2\xB7(\xE2\x88\x92"
        "2) = 2");
  CHECK(math::calculationText(steps[4], ints, ints) ==
        "(\xE2\x88\x92"
        "2)\xC2\xB7"
        "1 + 1\xC2\xB7(\xE2\x88\x92"
        "6) + 0\xC2\xB7"
        "7 = \xE2\x88\x92"
        "8");
  const auto scores = math::matmulSteps(n.queries, n.keysT);
  CHECK(math::calculationText(scores[0], ints, ints) ==
        "2\xC2\xB7"
        "2 + 1\xC2\xB7"
        "1 + 1\xC2\xB7"
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

TEST_CASE("format: one rule: fewest digits, leading zero, true minus, no negative zero") {
  CHECK(math::chooseFormat(mat(1, 2, {1, -2})).decimals == 0);
  CHECK(math::chooseFormat(mat(1, 2, {1, 0.5})).decimals == 4);
  CHECK(math::formatNumber(-10, {}) ==
        "\xE2\x88\x92"
        "10");
  CHECK(math::formatNumber(68, {}) == "68");
  CHECK(math::formatNumber(-0.0, {}) == "0");
  CHECK(math::formatNumber(-0.00001, {.decimals = 4}) == "0");
  CHECK(math::formatNumber(0.5, {.decimals = 2}) == "0.5");
  CHECK(math::formatNumber(0.25, {.decimals = 4}) == "0.25");
  CHECK(math::formatNumber(0.94712, {.decimals = 4}) == "0.9471");
  CHECK(math::formatNumber(0.126, {.decimals = 2}) == "0.13");
  CHECK(math::formatFactor(-2, {}) ==
        "(\xE2\x88\x92"
        "2)");
  CHECK(math::formatFactor(3, {}) == "3");
  CHECK(math::formatNumber(-std::numeric_limits<double>::infinity(), {}) ==
        "\xE2\x88\x92\xE2\x88\x9E");
  CHECK(math::formatNumber(std::numeric_limits<double>::infinity(), {}) == "\xE2\x88\x9E");
  CHECK(math::formatNumber(0.8, {.decimals = 2}) == "0.8");
  CHECK(math::formatNumber(-0.30, {.decimals = 2}) ==
        "\xE2\x88\x92"
        "0.3");
  CHECK(math::formatNumber(1.0, {.decimals = 2}) == "1");
}
