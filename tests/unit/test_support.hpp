// Shared by the unit tests: one baked font atlas per test process, and small Eigen literals.
#pragma once

#include <initializer_list>

#include <Eigen/Core>

#include "render/font_atlas.hpp"

namespace tfviz::test {

inline const FontAtlas& atlas() {
  static const FontAtlas a = FontAtlas::bake();
  return a;
}

// A rows x cols matrix from its entries in row-major order.
inline Eigen::MatrixXd mat(int rows, int cols, std::initializer_list<double> values) {
  Eigen::MatrixXd m(rows, cols);
  auto it = values.begin();
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) m(i, j) = *it++;
  return m;
}

// A row vector from its entries.
inline Eigen::RowVectorXd row(std::initializer_list<double> values) {
  Eigen::RowVectorXd v(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (double x : values) v(i++) = x;
  return v;
}

}  // namespace tfviz::test
