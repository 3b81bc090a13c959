// Section "s02-dot-product": its numbers are the article's (5, 1, 0 and .8, with their
// element-wise products), and the section writes out their sums.
#include <doctest/doctest.h>

#include "scene/registry.hpp"
#include "scene/sections/s02_dot_product.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;
using test::row;

TEST_CASE("s02-dot-product: [0,1,1,2] . [1,0,1,2] = 0 + 0 + 1 + 4 = 5") {
  const DotExample e = dotProductNumbers().worked;
  CHECK(e.a == row({0, 1, 1, 2}));
  CHECK(e.b == row({1, 0, 1, 2}));
  CHECK(e.products == row({0, 0, 1, 4}));
  CHECK(e.value == doctest::Approx(5.0));
  CHECK(e.products.sum() == doctest::Approx(e.value));
}

TEST_CASE("s02-dot-product: a one-hot with itself is 1, with another one-hot 0") {
  const DotProductNumbers n = dotProductNumbers();
  CHECK(n.match.a == row({0, 1, 0, 0}));
  CHECK(n.match.b == row({0, 1, 0, 0}));
  CHECK(n.match.products == row({0, 1, 0, 0}));
  CHECK(n.match.value == doctest::Approx(1.0));
  CHECK(n.mismatch.a == row({0, 1, 0, 0}));
  CHECK(n.mismatch.b == row({0, 0, 0, 1}));
  CHECK(n.mismatch.products == row({0, 0, 0, 0}));
  CHECK(n.mismatch.value == doctest::Approx(0.0));
}

TEST_CASE("s02-dot-product: [0,0,1,0] . [.2,.7,.8,.1] looks up .8") {
  const DotExample e = dotProductNumbers().similarity;
  CHECK(e.a == row({0, 0, 1, 0}));
  CHECK(e.b.isApprox(row({.2, .7, .8, .1})));
  CHECK(e.products.isApprox(row({0, 0, .8, 0})));
  CHECK(e.value == doctest::Approx(0.8));
}

TEST_CASE("s02-dot-product: the sums are written out with the article's numbers") {
  const SectionScript script = buildDotProductSection(test::atlas());
  auto hasText = [&](const std::string& s) {
    for (const ItemDef& def : script.items)
      if (def.kind == ItemKind::Text && def.text.text == s) return true;
    return false;
  };
  CHECK(hasText("0 + 0 + 1 + 4 = 5"));
  CHECK(hasText("0 + 1 + 0 + 0 = 1"));
  CHECK(hasText("0 + 0 + 0 + 0 = 0"));
  CHECK(hasText("0 + 0 + .8 + 0 = .8"));
  CHECK(hasText("2 \xC3\x97 2 = 4"));
}
