// Section "s03-matrix-multiplication": its products are the article's (.8, [.2 .8], [.8 .3])
// and the shape rule holds; the section steps them with the article's compact numbers.
#include <doctest/doctest.h>

#include "scene/sections/registry.hpp"
#include "scene/sections/s03_matrix_multiplication.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;
using test::mat;

TEST_CASE("s03-matrix-multiplication: 1 row x 1 column is the dot product 0.8") {
  const ProductExample e = matrixMultiplicationNumbers().oneByOne;
  CHECK(e.a == mat(1, 4, {0, 0, 1, 0}));
  CHECK(e.b.isApprox(mat(4, 1, {.2, .7, .8, .1})));
  REQUIRE(e.product.rows() == 1);
  REQUIRE(e.product.cols() == 1);
  CHECK(e.product(0, 0) == doctest::Approx(0.8));
}

TEST_CASE("s03-matrix-multiplication: 2 rows x 1 column gives [0.2, 0.8]") {
  const ProductExample e = matrixMultiplicationNumbers().twoByOne;
  CHECK(e.a == mat(2, 4, {1, 0, 0, 0, 0, 0, 1, 0}));
  CHECK(e.product.isApprox(mat(2, 1, {.2, .8})));
}

TEST_CASE("s03-matrix-multiplication: 1 row x 2 columns gives [0.8 0.3]") {
  const ProductExample e = matrixMultiplicationNumbers().oneByTwo;
  CHECK(e.b.isApprox(mat(4, 2, {.2, .9, .7, 0, .8, .3, .1, .4})));
  CHECK(e.product.isApprox(mat(1, 2, {.8, .3})));
}

TEST_CASE(
    "s03-matrix-multiplication: columns of A = rows of B; the result is A's rows x B's cols") {
  const MatrixMultiplicationNumbers n = matrixMultiplicationNumbers();
  for (const ProductExample* e : {&n.oneByOne, &n.twoByOne, &n.oneByTwo}) {
    CHECK(e->a.cols() == e->b.rows());
    CHECK(e->product.rows() == e->a.rows());
    CHECK(e->product.cols() == e->b.cols());
  }
}

TEST_CASE("s03-matrix-multiplication: the stepper writes the real products, five entries") {
  const SectionScript script = buildMatrixMultiplicationSection(test::atlas());
  // The stepper writes the real products in the article's compact style.
  CHECK(test::findText(script, "0·0.2 + 0·0.7 + 1·0.8 + 0·0.1 = 0.8"));
  CHECK(test::findText(script, "1·0.2 + 0·0.7 + 0·0.8 + 0·0.1 = 0.2"));
  CHECK(test::findText(script, "0·0.9 + 0·0 + 1·0.3 + 0·0.4 = 0.3"));
  int entries = 0;
  for (const Beat& b : script.beats)
    if (b.label.find(": entry (") != std::string::npos) ++entries;
  CHECK(entries == 5);  // 1 + 2 + 2 entries
}
