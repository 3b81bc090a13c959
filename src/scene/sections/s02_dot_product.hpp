// The numbers of section s02-dot-product: four dot products of the article, each with its
// element-wise products and their sum. Computed with Eigen so tests can check them.
#pragma once

#include <string>

#include <Eigen/Core>

namespace tfviz {

struct DotExample {
  Eigen::RowVectorXd a;
  Eigen::RowVectorXd b;
  Eigen::RowVectorXd products;  // a ⊙ b, entry by entry
  double value = 0;             // a · b, the sum of the products
};

DotExample dotExample(const Eigen::RowVectorXd& a, const Eigen::RowVectorXd& b);

struct DotProductNumbers {
  DotExample worked;      // [0 1 1 2] · [1 0 1 2] = 5
  DotExample match;       // a one-hot with itself = 1
  DotExample mismatch;    // two different one-hots = 0
  DotExample similarity;  // [0 0 1 0] · [.2 .7 .8 .1] = .8
};

DotProductNumbers dotProductNumbers();

}  // namespace tfviz
