// The numbers of section s03-matrix-multiplication: the article's three small products (one
// row by one column, two rows by one column, one row by two columns). Computed with Eigen.
#pragma once

#include <Eigen/Core>

namespace tfviz {

struct ProductExample {
  Eigen::MatrixXd a;
  Eigen::MatrixXd b;
  Eigen::MatrixXd product;  // a * b
};

struct MatrixMultiplicationNumbers {
  ProductExample oneByOne;  // [0 0 1 0] x [.2 .7 .8 .1]ᵀ = [.8]
  ProductExample twoByOne;  // [[1 0 0 0], [0 0 1 0]] x the same column = [.2 .8]ᵀ
  ProductExample oneByTwo;  // [0 0 1 0] x [[.2 .9] [.7 0] [.8 .3] [.1 .4]] = [.8 .3]
};

MatrixMultiplicationNumbers matrixMultiplicationNumbers();

}  // namespace tfviz
