// Matrix products, decomposed entry by entry for the explainer, and the attention numbers of the
// client's notebook with PyTorch's semantics (nn.Linear computes y = x @ weight.T).
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

#include "math/format.hpp"

namespace tfviz::math {

// One entry of C = A * B: C(row, col) = sum_k A(row, k) * B(k, col).
struct MatmulStep {
  int row = 0;
  int col = 0;
  std::vector<double> lhs;  // row `row` of A
  std::vector<double> rhs;  // column `col` of B
  double value = 0;         // the Eigen product's entry
};

// Every entry of A * B in row-major order. A.cols() must equal B.rows().
std::vector<MatmulStep> matmulSteps(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b);

// "1×2 + 0×4 + 0×(−2) = 2": the real products of one entry.
std::string calculationText(const MatmulStep& step, NumberFormat operands, NumberFormat result);

// PyTorch's nn.Linear without bias: x @ weight.T.
Eigen::MatrixXd linear(const Eigen::MatrixXd& x, const Eigen::MatrixXd& weight);

// The notebook's inputs: a token table (one embedding per row, row i = token i), a prompt of
// digits, and the weight matrix `weights` whose transpose is assigned to nn.Linear.weight.
struct AttentionInputs {
  std::string prompt;
  Eigen::MatrixXd tokenTable;  // 10 x d
  Eigen::MatrixXd weights;     // d x d; W_q = W_k = W_v = weights.T (nn.Linear.weight)
};

AttentionInputs notebookInputs();  // prompt "012" and the notebook's table and weights

struct AttentionNumbers {
  std::vector<int> tokens;  // the prompt's digits
  Eigen::MatrixXd hidden;   // tokens x d, rows looked up in the table
  Eigen::MatrixXd wq;       // nn.Linear.weight of the query projection (= weights.T)
  Eigen::MatrixXd wqT;      // the matrix actually multiplied: W_q.T
  Eigen::MatrixXd queries;  // hidden @ W_q.T
  Eigen::MatrixXd keys;     // hidden @ W_k.T (W_k = W_q in the notebook)
  Eigen::MatrixXd keysT;
  Eigen::MatrixXd attention;  // queries @ keys.T
};

// Throws std::invalid_argument on a prompt with non-digits or shapes that do not fit.
AttentionNumbers computeAttention(const AttentionInputs& inputs);

}  // namespace tfviz::math
