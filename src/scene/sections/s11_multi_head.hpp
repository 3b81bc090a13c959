// The numbers of section 11 (multi-head attention): the article's sizes, every shape of the chain
// computed by shape arithmetic, a softmax that picks one winner, and a toy single head
// (Q Kᵀ, ÷ √d_k, causal mask, softmax, × V) computed with Eigen.
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
using math::shapeText;
using math::transposeShape;

struct MultiHeadNumbers {
  // The article's sizes.
  int vocab = 13;       // N
  int seqLen = 12;      // n
  int dModel = 512;     // d_model
  int dK = 64;          // d_k
  int dV = 64;          // d_v
  int heads = 8;        // h
  double sqrtDk = 0;    // √d_k = 8
  int concatWidth = 0;  // h · d_v = 512

  // The chain of shapes through the model.
  MatrixShape oneHot, embedding, embedded, encoding, encoded, attended, linear, logits,
      probabilities;
  // One head and the heads together.
  MatrixShape wq, wk, wv, q, k, v, kT, scores, headOut, concat, wo, multiHead;

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

// A shape in maths markup without the $ signs, "[12 \times 512]", or with the names of its sizes,
// "[n \times d_{\mathrm{model}}]" (a word in a subscript is upright, "h·d_v" a product).
std::string shapeMaths(const MatrixShape& s, bool names = false);
// The same as a maths span: "$[n \times d_k]$" (section 12 writes its shapes with it too).
std::string shapeSpan(const MatrixShape& s, bool names = false);

}  // namespace tfviz
