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

}  // namespace tfviz::math
