// Tutorial maths (see tutorial.hpp).
#include "math/tutorial.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace tfviz::math {

int wordIndex(const Vocabulary& vocab, const std::string& word) {
  const auto it = std::find(vocab.begin(), vocab.end(), word);
  if (it == vocab.end()) throw std::invalid_argument("'" + word + "' is not in the vocabulary");
  return static_cast<int>(it - vocab.begin());
}

Eigen::RowVectorXd oneHot(const Vocabulary& vocab, const std::string& word) {
  Eigen::RowVectorXd v = Eigen::RowVectorXd::Zero(static_cast<Eigen::Index>(vocab.size()));
  v(wordIndex(vocab, word)) = 1.0;
  return v;
}

Eigen::MatrixXd oneHotRows(const Vocabulary& vocab, const std::vector<std::string>& words) {
  Eigen::MatrixXd m(static_cast<Eigen::Index>(words.size()),
                    static_cast<Eigen::Index>(vocab.size()));
  for (size_t i = 0; i < words.size(); ++i)
    m.row(static_cast<Eigen::Index>(i)) = oneHot(vocab, words[i]);
  return m;
}

Eigen::MatrixXd softmaxRows(const Eigen::MatrixXd& x) {
  Eigen::MatrixXd out(x.rows(), x.cols());
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const double top = x.row(i).maxCoeff();
    if (!std::isfinite(top)) throw std::invalid_argument("softmax: a row has no finite entry");
    const Eigen::RowVectorXd e = (x.row(i).array() - top).exp().matrix();
    out.row(i) = e / e.sum();
  }
  return out;
}

Eigen::MatrixXd relu(const Eigen::MatrixXd& x) {
  return x.cwiseMax(0.0);
}

Eigen::MatrixXd causalMask(int n) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) m(i, j) = -std::numeric_limits<double>::infinity();
  return m;
}

Eigen::MatrixXd positionalEncoding(int n, int d) {
  Eigen::MatrixXd pe(n, d);
  for (int pos = 0; pos < n; ++pos) {
    for (int i = 0; i < d; ++i) {
      const double rate = std::pow(10000.0, static_cast<double>(2 * (i / 2)) / d);
      pe(pos, i) = (i % 2 == 0) ? std::sin(pos / rate) : std::cos(pos / rate);
    }
  }
  return pe;
}

Eigen::MatrixXd layerNormRows(const Eigen::MatrixXd& x) {
  Eigen::MatrixXd out(x.rows(), x.cols());
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const double mean = x.row(i).mean();
    const Eigen::RowVectorXd centred = x.row(i).array() - mean;
    const double var = centred.squaredNorm() / static_cast<double>(x.cols());
    out.row(i) = centred / std::sqrt(var + 1e-5);
  }
  return out;
}

int argmax(const Eigen::RowVectorXd& row) {
  Eigen::Index index = 0;
  row.maxCoeff(&index);
  return static_cast<int>(index);
}

}  // namespace tfviz::math
