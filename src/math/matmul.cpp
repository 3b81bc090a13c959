// Matrix products entry by entry, and the notebook's attention numbers (see matmul.hpp).
#include "math/matmul.hpp"

#include <stdexcept>

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
    text += formatFactor(step.lhs[k], operands) + kTimes + formatFactor(step.rhs[k], operands);
  }
  return text + " = " + formatNumber(step.value, result);
}

Eigen::MatrixXd linear(const Eigen::MatrixXd& x, const Eigen::MatrixXd& weight) {
  if (x.cols() != weight.cols()) throw std::invalid_argument("linear: in_features differ");
  return x * weight.transpose();
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
  in.weights.resize(3, 3);
  in.weights << 2, 1, 1,  //
      4, -6, 0,           //
      -2, 7, 2;
  return in;
}

AttentionNumbers computeAttention(const AttentionInputs& inputs) {
  const Eigen::Index d = inputs.tokenTable.cols();
  if (inputs.prompt.empty()) throw std::invalid_argument("the prompt is empty");
  if (inputs.weights.rows() != d || inputs.weights.cols() != d)
    throw std::invalid_argument("the weights must be d x d with d the embedding size");
  AttentionNumbers out;
  out.hidden.resize(static_cast<Eigen::Index>(inputs.prompt.size()), d);
  for (size_t i = 0; i < inputs.prompt.size(); ++i) {
    const char c = inputs.prompt[i];
    if (c < '0' || c > '9') throw std::invalid_argument("the prompt may hold only digits 0-9");
    const int token = c - '0';
    if (token >= inputs.tokenTable.rows())
      throw std::invalid_argument("the token table has no row for a prompt digit");
    out.tokens.push_back(token);
    out.hidden.row(static_cast<Eigen::Index>(i)) = inputs.tokenTable.row(token);
  }
  out.wq = inputs.weights.transpose();  // w_query.weight.data = weights.T
  out.wqT = out.wq.transpose();
  out.queries = linear(out.hidden, out.wq);
  out.keys = linear(out.hidden, out.wq);  // the notebook shares one weight for q, k and v
  out.keysT = out.keys.transpose();
  out.attention = out.queries * out.keysT;
  return out;
}

}  // namespace tfviz::math
