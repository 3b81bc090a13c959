// Shape arithmetic: matrix shapes with the names of their sizes ("n", "d_model"), multiplied,
// concatenated and transposed without any numbers, as the article's chain of shapes is. CPU only.
#pragma once

#include <string>
#include <vector>

namespace tfviz::math {

// A matrix shape with the names of its sizes.
struct MatrixShape {
  int rows = 0;
  int cols = 0;
  std::string rowName;
  std::string colName;
  bool operator==(const MatrixShape& o) const { return rows == o.rows && cols == o.cols; }
};

// [a.rows × a.cols] · [b.rows × b.cols] = [a.rows × b.cols]; throws std::invalid_argument when
// a.cols != b.rows.
MatrixShape matmulShape(const MatrixShape& a, const MatrixShape& b);
// Side by side (concatenated along the columns): rows must match; columns add up. Throws
// std::invalid_argument when there are no parts or their rows differ.
MatrixShape concatShape(const std::vector<MatrixShape>& parts, const std::string& colName);
// The same shape, transposed.
MatrixShape transposeShape(const MatrixShape& s);
// "[12 × 512]" or, with names, "[n × d_model]".
std::string shapeText(const MatrixShape& s, bool names = false);

// A shape in maths markup without the $ signs, "[12 \times 512]", or with the names of its sizes,
// "[n \times d_{\mathrm{model}}]" (a word in a subscript is upright, "h·d_v" a product).
std::string shapeMaths(const MatrixShape& s, bool names = false);
// The same as a maths span: "$[n \times d_k]$" (sections 11 and 12 write their shapes with it).
std::string shapeSpan(const MatrixShape& s, bool names = false);

// The article's sizes and every shape of the chain through the model, computed by shape
// arithmetic (sections 11 and 12 show them).
struct TransformerShapes {
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
};
TransformerShapes transformerShapes();

}  // namespace tfviz::math
