// Shape arithmetic (see shape.hpp).
#include "math/shape.hpp"

#include <cmath>
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

// A size's name as maths markup: "d_model" is d with the upright word model, "h·d_v" a product.
namespace {

std::string nameMaths(const std::string& name) {
  std::string out;
  for (size_t i = 0; i < name.size();) {
    if (name.compare(i, 7, "d_model") == 0) {
      out += "d_{\\mathrm{model}}";
      i += 7;
    } else if (name.compare(i, 2, "·") == 0) {
      out += " \\cdot ";
      i += 2;
    } else {
      out += name[i++];
    }
  }
  return out;
}

}  // namespace

std::string shapeMaths(const MatrixShape& s, bool names) {
  if (names) return "[" + nameMaths(s.rowName) + " \\times " + nameMaths(s.colName) + "]";
  return "[" + std::to_string(s.rows) + " \\times " + std::to_string(s.cols) + "]";
}

std::string shapeSpan(const MatrixShape& s, bool names) {
  return std::string("$") + shapeMaths(s, names) + "$";
}

TransformerShapes transformerShapes() {
  TransformerShapes m;
  m.sqrtDk = std::sqrt(static_cast<double>(m.dK));
  m.oneHot = {m.seqLen, m.vocab, "n", "N"};
  m.embedding = {m.vocab, m.dModel, "N", "d_model"};
  m.embedded = matmulShape(m.oneHot, m.embedding);
  m.encoding = {m.seqLen, m.dModel, "n", "d_model"};
  if (!(m.encoding == m.embedded)) throw std::logic_error("positional encoding must match");
  m.encoded = m.embedded;  // added: the same shape
  m.attended = m.encoded;  // attention layers keep [n × d_model]
  m.linear = {m.dModel, m.vocab, "d_model", "N"};
  m.logits = matmulShape(m.attended, m.linear);
  m.probabilities = m.logits;  // softmax works row by row

  m.wq = {m.dModel, m.dK, "d_model", "d_k"};
  m.wk = m.wq;
  m.wv = {m.dModel, m.dV, "d_model", "d_v"};
  m.q = matmulShape(m.encoded, m.wq);
  m.k = matmulShape(m.encoded, m.wk);
  m.v = matmulShape(m.encoded, m.wv);
  m.kT = transposeShape(m.k);
  m.scores = matmulShape(m.q, m.kT);
  m.headOut = matmulShape(m.scores, m.v);
  m.concat =
      concatShape(std::vector<MatrixShape>(static_cast<size_t>(m.heads), m.headOut), "h·d_v");
  m.concatWidth = m.concat.cols;
  m.wo = {m.concat.cols, m.dModel, m.concat.colName, "d_model"};
  m.multiHead = matmulShape(m.concat, m.wo);
  return m;
}

}  // namespace tfviz::math
