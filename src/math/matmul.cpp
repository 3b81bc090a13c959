// Matrix products entry by entry, and the notebook's attention numbers (see matmul.hpp).
#include "math/matmul.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "math/tutorial.hpp"

namespace tfviz::math {

std::vector<MatmulStep> matmulSteps(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  if (a.cols() != b.rows()) throw std::invalid_argument("matmulSteps: inner dimensions differ");
  const Eigen::MatrixXd product = a * b;
  std::vector<MatmulStep> steps;
  steps.reserve(static_cast<size_t>(product.size()));
  for (Eigen::Index i = 0; i < product.rows(); ++i) {
    for (Eigen::Index j = 0; j < product.cols(); ++j) {
      MatmulStep step{.row = static_cast<int>(i), .col = static_cast<int>(j)};
      for (Eigen::Index k = 0; k < a.cols(); ++k) {
        step.lhs.push_back(a(i, k));
        step.rhs.push_back(b(k, j));
      }
      step.value = product(i, j);
      steps.push_back(std::move(step));
    }
  }
  return steps;
}

std::string calculationText(const MatmulStep& step, NumberFormat operands, NumberFormat result) {
  std::string text;
  for (size_t k = 0; k < step.lhs.size(); ++k) {
    if (k > 0) text += " + ";
    text += formatFactor(step.lhs[k], operands) + kDot + formatFactor(step.rhs[k], operands);
  }
  return text + " = " + formatNumber(step.value, result);
}

Eigen::MatrixXd linear(const Eigen::MatrixXd& x, const Eigen::MatrixXd& weight) {
  if (x.cols() != weight.cols()) throw std::invalid_argument("linear: in_features differ");
  return x * weight.transpose();
}

namespace {

std::string shape(const Eigen::MatrixXd& m) {
  return std::to_string(m.rows()) + " " + kTimes + " " + std::to_string(m.cols());
}

[[noreturn]] void fail(const std::string& message) {
  throw std::invalid_argument(message);
}

void requireFinite(const Eigen::MatrixXd& m, const std::string& name) {
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      if (!std::isfinite(m(i, j)))
        fail(name + " has a non-finite entry (" + formatNumber(m(i, j), {}) + ") at (" +
             std::to_string(i) + ", " + std::to_string(j) + ")");
    }
  }
}

// A projection weight must be rows x d (rows = -1: any number of rows, at least one).
void requireWeight(const Eigen::MatrixXd& w, const std::string& name, Eigen::Index d,
                   Eigen::Index rows, const std::string& rowsWhy) {
  if (w.cols() != d)
    fail(name + " is " + shape(w) + " but hidden_states has " + std::to_string(d) +
         " columns: " + name + " needs " + std::to_string(d) + " columns");
  if (w.rows() == 0) fail(name + " is " + shape(w) + ": it needs at least one row");
  if (rows >= 0 && w.rows() != rows)
    fail(name + " is " + shape(w) + " but " + rowsWhy + ": " + name + " needs " +
         std::to_string(rows) + " rows");
  requireFinite(w, name);
}

}  // namespace

Eigen::MatrixXd notebookWeights() {
  Eigen::MatrixXd w(3, 3);
  w << 2, 1, 1,  //
      4, -6, 0,  //
      -2, 7, 2;
  return w;
}

AttentionInputs notebookInputs() {
  AttentionInputs in;
  in.prompt = "012";
  in.tokenTable.resize(10, 3);
  in.tokenTable << 1, 0, 0,  //
      -2, 1, 0,              //
      -1, 1, 1,              //
      2, 2, 2,               //
      -1, 0, 0,              //
      -2, -1, 0,             //
      -1, 0, -1,             //
      2, -1, -3,             //
      -1, 0, -3,             //
      -2, 1, 0;
  // w_query.weight.data = weights.T, and the same for the key and value projections.
  in.wq = notebookWeights().transpose();
  in.wk = in.wq;
  in.wv = in.wq;
  return in;
}

AttentionNumbers computeAttention(const AttentionInputs& inputs, const AttentionOptions& options) {
  AttentionNumbers out;
  if (inputs.hidden) {
    const Eigen::MatrixXd& h = *inputs.hidden;
    if (h.rows() == 0 || h.cols() == 0)
      fail("hidden_states is " + shape(h) + ": it needs at least one row and one column");
    requireFinite(h, "hidden_states");
    out.hidden = h;
  } else {
    const Eigen::MatrixXd& table = inputs.tokenTable;
    if (table.cols() == 0) fail("the token table is " + shape(table) + ": it has no columns");
    if (inputs.prompt.empty()) fail("the prompt is empty: it needs at least one digit");
    out.hidden.resize(static_cast<Eigen::Index>(inputs.prompt.size()), table.cols());
    for (size_t i = 0; i < inputs.prompt.size(); ++i) {
      const char c = inputs.prompt[i];
      if (c < '0' || c > '9')
        fail("the prompt may hold only digits 0-9, but character " + std::to_string(i + 1) +
             " is '" + std::string(1, c) + "'");
      const int token = c - '0';
      if (token >= table.rows())
        fail("the token table is " + shape(table) + " but the prompt holds token " +
             std::to_string(token) + ": the table needs " + std::to_string(token + 1) + " rows");
      out.tokens.push_back(token);
      out.hidden.row(static_cast<Eigen::Index>(i)) = table.row(token);
    }
    requireFinite(out.hidden, "hidden_states");
  }
  const Eigen::Index d = out.hidden.cols();
  requireWeight(inputs.wq, "W_q", d, -1, "");
  requireWeight(inputs.wk, "W_k", d, inputs.wq.rows(),
                "W_q has " + std::to_string(inputs.wq.rows()) + " rows (d_k)");
  requireWeight(inputs.wv, "W_v", d, -1, "");
  if (!(options.temperature > 0) || !std::isfinite(options.temperature))
    fail("the temperature is " + formatNumber(options.temperature, {.decimals = 4}) +
         ": it must be a finite number above 0");

  out.wq = inputs.wq;
  out.wk = inputs.wk;
  out.wv = inputs.wv;
  out.wqT = out.wq.transpose();
  out.wkT = out.wk.transpose();
  out.wvT = out.wv.transpose();
  out.queries = linear(out.hidden, out.wq);
  out.keys = linear(out.hidden, out.wk);
  out.keysT = out.keys.transpose();
  out.values = linear(out.hidden, out.wv);
  out.scores = out.queries * out.keysT;
  out.attention = out.scores;
  if (!out.scores.allFinite() || !out.values.allFinite())
    fail("the scores or values overflow: the inputs are too large");
  out.dk = static_cast<int>(out.keys.cols());
  out.scaled = options.scale ? Eigen::MatrixXd(out.scores / std::sqrt(static_cast<double>(out.dk)))
                             : out.scores;
  const int n = static_cast<int>(out.scores.rows());
  out.mask = options.causalMask ? causalMask(n) : Eigen::MatrixXd::Zero(n, n);
  out.masked = out.scaled + out.mask;
  const Eigen::MatrixXd logits = out.masked / options.temperature;
  if ((logits.array().isNaN() || logits.array() == std::numeric_limits<double>::infinity()).any())
    fail("the temperature is too small for these scores: scores / temperature overflow");
  out.weights = softmaxRows(logits);
  out.output = out.weights * out.values;
  return out;
}

}  // namespace tfviz::math
