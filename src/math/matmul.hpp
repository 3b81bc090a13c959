// Matrix products, decomposed entry by entry for the explainer, and full single-head attention
// with PyTorch's semantics (nn.Linear computes y = x @ weight.T): the notebook's queries and
// attention map, then scaling by √d_k, the causal mask, the row softmax and the weighted sum.
#pragma once

#include <optional>
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

// "1·2 + 0·4 + 0·(−2) = 2": the real products of one entry (× is kept for shapes).
std::string calculationText(const MatmulStep& step, NumberFormat operands, NumberFormat result);

// PyTorch's nn.Linear without bias: x @ weight.T.
Eigen::MatrixXd linear(const Eigen::MatrixXd& x, const Eigen::MatrixXd& weight);

// The inputs of one attention head. hidden_states (n x d) are the prompt's digits looked up in
// the token table (row i = token i), unless `hidden` gives them directly (a user's own hidden
// states, e.g. loaded from a file; the prompt is then ignored). wq, wk, wv are nn.Linear.weight
// of the query, key and value projections: out_features x in_features, i.e. d_k x d, d_k x d
// and d_v x d.
struct AttentionInputs {
  std::string prompt;
  Eigen::MatrixXd tokenTable;  // 10 x d
  std::optional<Eigen::MatrixXd> hidden;
  Eigen::MatrixXd wq, wk, wv;
  std::string hiddenSource;  // where `hidden` came from, for display ("" : "your file")
  // Names of the tokens of `hidden` (row and column labels), one per row; empty: t0, t1, ...
  std::vector<std::string> tokenLabels;
};

// Prompt "012", the notebook's token table, and wq = wk = wv = weights.T (the notebook's
// `w_query.weight.data = weights.T`, shared by the three projections).
AttentionInputs notebookInputs();
// The notebook's `weights` matrix (W_q.T, the matrix actually multiplied).
Eigen::MatrixXd notebookWeights();

struct AttentionOptions {
  bool scale = true;         // divide the scores by √d_k
  bool causalMask = false;   // −∞ above the diagonal: a token sees only itself and earlier ones
  double temperature = 1.0;  // softmax(masked / temperature); must be > 0
};

struct AttentionNumbers {
  std::vector<int> tokens;        // the prompt's digits (empty when hidden states were given)
  Eigen::MatrixXd hidden;         // n x d: the rows looked up in the table, or the given ones
  Eigen::MatrixXd wq, wk, wv;     // nn.Linear.weight of each projection
  Eigen::MatrixXd wqT, wkT, wvT;  // the matrices actually multiplied: W.T
  Eigen::MatrixXd queries;        // hidden @ W_q.T (n x d_k)
  Eigen::MatrixXd keys;           // hidden @ W_k.T (n x d_k)
  Eigen::MatrixXd keysT;
  Eigen::MatrixXd values;     // hidden @ W_v.T (n x d_v)
  Eigen::MatrixXd scores;     // queries @ keys.T (n x n)
  Eigen::MatrixXd attention;  // the same as scores: the notebook's attention_map
  int dk = 0;                 // key size: keys.cols()
  Eigen::MatrixXd scaled;     // scores / √d_k with options.scale, else scores
  Eigen::MatrixXd mask;       // the causal mask (0 / −∞) with options.causalMask, else zeros
  Eigen::MatrixXd masked;     // scaled + mask
  Eigen::MatrixXd weights;    // softmax of each row of masked / temperature
  Eigen::MatrixXd output;     // weights @ values (n x d_v)
};

// Throws std::invalid_argument with a one-line message naming the matrix and the expected and
// actual shapes (e.g. "W_k is 2 × 3 but hidden_states has 4 columns: W_k needs 4 columns"), on a
// prompt with non-digits, a temperature <= 0, or a non-finite value.
AttentionNumbers computeAttention(const AttentionInputs& inputs,
                                  const AttentionOptions& options = {});

}  // namespace tfviz::math
