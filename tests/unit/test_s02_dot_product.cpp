// Section "s02-dot-product": its numbers are the article's (5, 1, 0 and .8, with their
// element-wise products), and the section writes out their sums.
#include <doctest/doctest.h>

#include <algorithm>

#include "scene/sections/registry.hpp"
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

TEST_CASE("s02-dot-product: [0,0,1,0] . [0.2,0.7,0.8,0.1] looks up 0.8") {
  const DotExample e = dotProductNumbers().similarity;
  CHECK(e.a == row({0, 0, 1, 0}));
  CHECK(e.b.isApprox(row({.2, .7, .8, .1})));
  CHECK(e.products.isApprox(row({0, 0, .8, 0})));
  CHECK(e.value == doctest::Approx(0.8));
}

TEST_CASE("s02-dot-product: the sums are written out with the article's numbers") {
  const SectionScript script = buildDotProductSection(test::atlas());
  CHECK(test::findText(script, "0 + 0 + 1 + 4 = 5"));
  CHECK(test::findText(script, "0 + 1 + 0 + 0 = 1"));
  CHECK(test::findText(script, "0 + 0 + 0 + 0 = 0"));
  CHECK(test::findText(script, "0 + 0 + 0.8 + 0 = 0.8"));
  CHECK(test::findText(script, "2 \xC2\xB7 2 = 4"));  // a product of numbers: the middle dot
}

TEST_CASE("s02-dot-product: the products land on their terms of the written-out sum") {
  // Each flying product is a text declared to overlap the sum line it lands on; when it has
  // landed, it stands on its own term of that line, in the line's size.
  const SectionScript script = buildDotProductSection(test::atlas());
  const SceneState end = evaluate(script, script.duration);
  int landed = 0;
  for (size_t s = 0; s < script.items.size(); ++s) {
    const ItemDef& line = script.items[s];
    if (line.kind != ItemKind::Text || line.text.text.find(" + ") == std::string::npos) continue;
    const Rect lineBox = test::boundsIn(script, end, s);
    for (size_t c = 0; c < script.items.size(); ++c) {
      const ItemDef& copy = script.items[c];
      const auto& may = copy.mayOverlap;
      if (copy.kind != ItemKind::Text ||
          std::find(may.begin(), may.end(), static_cast<ItemId>(s)) == may.end())
        continue;
      // The total flies on into a · b; the terms stay on the line.
      const Rect box = test::boundsIn(script, end, c);
      if (box.center().y < lineBox.min.y) continue;
      CAPTURE(line.text.text);
      CAPTURE(copy.text.text);
      CHECK(box.center().y == doctest::Approx(lineBox.center().y).epsilon(1e-3));
      CHECK(box.min.x >= lineBox.min.x - 0.5f);
      CHECK(box.max.x <= lineBox.max.x + 0.5f);
      CHECK(copy.text.size * end.items[c].scale == doctest::Approx(line.text.size));
      ++landed;
    }
  }
  CHECK(landed == 16);  // four products in each of the four examples
}
