// The numbers of section 11 (multi-head attention): the article's sizes and every shape of the
// chain (math::TransformerShapes, which section 12 annotates its blocks with too), a softmax that
// picks one winner, and a toy single head (Q Kᵀ, ÷ √d_k, causal mask, softmax, × V) computed with
// Eigen.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

#include "math/shape.hpp"

namespace tfviz {

// Shape arithmetic lives in math/shape.hpp; the section and its tests use it unqualified.
using math::concatShape;
using math::matmulShape;
using math::MatrixShape;
using math::shapeMaths;
using math::shapeSpan;
using math::shapeText;
using math::transposeShape;

struct MultiHeadNumbers : math::TransformerShapes {
  // Softmax picks a winner: scores of five earlier words and their softmax.
  std::vector<std::string> focusWords;
  Eigen::RowVectorXd focusScores;
  Eigen::RowVectorXd focusWeights;

  // A toy head: n = 4 positions, d_k = d_v = 4.
  Eigen::MatrixXd toyQ, toyK, toyV;
  Eigen::MatrixXd toyScores;   // Q Kᵀ
  double toySqrtDk = 0;        // √4 = 2
  Eigen::MatrixXd toyScaled;   // Q Kᵀ / √d_k
  Eigen::MatrixXd toyMask;     // causalMask(4)
  Eigen::MatrixXd toyMasked;   // scaled + mask (−∞ above the diagonal)
  Eigen::MatrixXd toyWeights;  // softmax of each row: rows sum to 1, zeros above the diagonal
  Eigen::MatrixXd toyRowSums;  // [4 × 1] of ones
  Eigen::MatrixXd toyOut;      // weights · V
  Eigen::MatrixXd mask6;       // causalMask(6), for the picture of the mask
};

MultiHeadNumbers multiHeadNumbers();

}  // namespace tfviz
