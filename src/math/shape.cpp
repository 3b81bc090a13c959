// Shape arithmetic (see shape.hpp).
#include "math/shape.hpp"

#include <stdexcept>

namespace tfviz::math {

MatrixShape matmulShape(const MatrixShape& a, const MatrixShape& b) {
  if (a.cols != b.rows)
    throw std::invalid_argument("matmulShape: " + shapeText(a) + " cannot multiply " +
                                shapeText(b));
  return {a.rows, b.cols, a.rowName, b.colName};
}

MatrixShape concatShape(const std::vector<MatrixShape>& parts, const std::string& colName) {
  if (parts.empty()) throw std::invalid_argument("concatShape: nothing to concatenate");
  MatrixShape out{parts[0].rows, 0, parts[0].rowName, colName};
  for (const MatrixShape& p : parts) {
    if (p.rows != out.rows) throw std::invalid_argument("concatShape: rows differ");
    out.cols += p.cols;
  }
  return out;
}

MatrixShape transposeShape(const MatrixShape& s) {
  return {s.cols, s.rows, s.colName, s.rowName};
}

std::string shapeText(const MatrixShape& s, bool names) {
  if (names) return "[" + s.rowName + " × " + s.colName + "]";
  return "[" + std::to_string(s.rows) + " × " + std::to_string(s.cols) + "]";
}

}  // namespace tfviz::math
