// Shape arithmetic (math/shape.hpp): products, concatenation, transposition and their text.
#include <doctest/doctest.h>

#include <stdexcept>

#include "math/shape.hpp"

using namespace tfviz::math;

TEST_CASE("shape: a product keeps the outer sizes and their names") {
  const MatrixShape a{12, 13, "n", "N"}, b{13, 512, "N", "d_model"};
  const MatrixShape c = matmulShape(a, b);
  CHECK(c.rows == 12);
  CHECK(c.cols == 512);
  CHECK(shapeText(c) == "[12 × 512]");
  CHECK(shapeText(c, true) == "[n × d_model]");
  CHECK_THROWS_AS(matmulShape(a, a), std::invalid_argument);  // [12×13]·[12×13]
}

TEST_CASE("shape: concatenation adds columns; transposition swaps sizes and names") {
  const MatrixShape head{12, 64, "n", "d_v"};
  const MatrixShape all = concatShape({head, head, head, head, head, head, head, head}, "h·d_v");
  CHECK(all.rows == 12);
  CHECK(all.cols == 512);
  CHECK(shapeText(all, true) == "[n × h·d_v]");
  CHECK_THROWS_AS(concatShape({}, "x"), std::invalid_argument);
  CHECK_THROWS_AS(concatShape({head, MatrixShape{4, 64, "m", "d_v"}}, "x"), std::invalid_argument);
  const MatrixShape t = transposeShape(MatrixShape{12, 64, "n", "d_k"});
  CHECK(shapeText(t) == "[64 × 12]");
  CHECK(shapeText(t, true) == "[d_k × n]");
  CHECK(transposeShape(t) == MatrixShape{12, 64, "n", "d_k"});
}
