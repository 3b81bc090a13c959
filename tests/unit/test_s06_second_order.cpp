// Section "s06-second-order": its numbers are the article's (first-order 8x8 matrix, the
// word-pair rows of the second-order matrix, N² rows).
// (The section itself is checked with every other one in test_sections.cpp.)
#include <doctest/doctest.h>

#include <algorithm>

#include "scene/sections/registry.hpp"
#include "scene/sections/s06_second_order.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

TEST_CASE("s06-second-order: the vocabulary is the article's 8 words, alphabetical") {
  const SecondOrderNumbers n = secondOrderNumbers();
  const math::Vocabulary expected = {"battery", "check", "down", "please",
                                     "program", "ran",   "the",  "whether"};
  CHECK(n.vocab == expected);
}

TEST_CASE("s06-second-order: the first-order matrix is the article's, rows sum to 1 or 0") {
  const SecondOrderNumbers n = secondOrderNumbers();
  auto at = [&](const char* from, const char* to) {
    return n.firstOrder(math::wordIndex(n.vocab, from), math::wordIndex(n.vocab, to));
  };
  REQUIRE(n.firstOrder.rows() == 8);
  REQUIRE(n.firstOrder.cols() == 8);
  CHECK(at("battery", "ran") == doctest::Approx(1));
  CHECK(at("check", "whether") == doctest::Approx(1));
  CHECK(at("down", "please") == doctest::Approx(1));
  CHECK(at("program", "ran") == doctest::Approx(1));
  CHECK(at("ran", "down") == doctest::Approx(.4));
  CHECK(at("ran", "please") == doctest::Approx(.6));
  CHECK(at("the", "battery") == doctest::Approx(.4));
  CHECK(at("the", "program") == doctest::Approx(.6));
  CHECK(at("whether", "the") == doctest::Approx(1));
  CHECK((n.firstOrder.array() != 0).count() == 9);
  for (int r = 0; r < 8; ++r) {
    CAPTURE(n.vocab[r]);
    CHECK(n.firstOrder.row(r).sum() == doctest::Approx(n.vocab[r] == "please" ? 0.0 : 1.0));
  }
  CHECK(n.branchingFirstOrder == 2);
}

TEST_CASE("s06-second-order: the second-order rows are the article's word pairs") {
  const SecondOrderNumbers n = secondOrderNumbers();
  const std::vector<std::string> pairs = {"battery ran", "check whether", "program ran", "ran down",
                                          "the battery", "the program",   "whether the"};
  REQUIRE(n.pairs == pairs);
  REQUIRE(n.secondOrder.rows() == 7);
  REQUIRE(n.secondOrder.cols() == 8);
  auto at = [&](const char* pair, const char* next) {
    const auto row = std::find(n.pairs.begin(), n.pairs.end(), pair) - n.pairs.begin();
    return n.secondOrder(row, math::wordIndex(n.vocab, next));
  };
  CHECK(at("battery ran", "down") == doctest::Approx(1));
  CHECK(at("check whether", "the") == doctest::Approx(1));
  CHECK(at("program ran", "please") == doctest::Approx(1));
  CHECK(at("the battery", "ran") == doctest::Approx(1));
  CHECK(at("the program", "ran") == doctest::Approx(1));
  CHECK(at("ran down", "please") == doctest::Approx(1));
  CHECK(at("whether the", "battery") == doctest::Approx(.4));
  CHECK(at("whether the", "program") == doctest::Approx(.6));
  CHECK((n.secondOrder.array() != 0).count() == 8);
  for (int r = 0; r < 7; ++r) CHECK(n.secondOrder.row(r).sum() == doctest::Approx(1));
  CHECK(n.branchingSecondOrder == 1);
  // N² rows in all, the rest of them all zero.
  CHECK(n.pairRows == 64);
  CHECK(n.secondOrderAll.rows() == 64);
  CHECK(n.emptyPairRows == 57);
  int zeroRows = 0;
  for (int r = 0; r < 64; ++r) zeroRows += n.secondOrderAll.row(r).isZero() ? 1 : 0;
  CHECK(zeroRows == 57);
}
