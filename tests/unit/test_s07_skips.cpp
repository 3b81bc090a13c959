// Section "s07-skips": its numbers are the article's (13 "X, ran" features, their votes, the
// sums 4 vs 5 and 5 vs 4).
// Its layout holds over the whole timeline (the audit); beats are also checked in test_sections.cpp.
#include <doctest/doctest.h>

#include "scene/sections/registry.hpp"
#include "scene/sections/s07_skips.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

TEST_CASE("s07-skips: the vocabulary is the article's 13 words, alphabetical") {
  const SkipsNumbers n = skipsNumbers();
  const math::Vocabulary expected = {"and", "battery", "check",   "down", "find", "it",     "log",
                                     "out", "please",  "program", "ran",  "the",  "whether"};
  CHECK(n.vocab == expected);
  REQUIRE(n.features.size() == 13);
  CHECK(n.features.front() == "and, ran");
  CHECK(n.features.back() == "whether, ran");
}

TEST_CASE("s07-skips: the deciding word is 8 words back, an 8th-order model needs N^8 rows") {
  const SkipsNumbers n = skipsNumbers();
  CHECK(n.deciders == std::vector<std::string>{"program", "battery"});
  CHECK(n.lookBack == 8);
  CHECK(n.eighthOrderRows == doctest::Approx(815730721.0));
}

TEST_CASE("s07-skips: the vote matrix is the article's") {
  const SkipsNumbers n = skipsNumbers();
  CHECK(n.outcomes == std::vector<std::string>{"down", "please"});
  REQUIRE(n.votes.rows() == 13);
  REQUIRE(n.votes.cols() == 2);
  for (int r = 0; r < 13; ++r) {
    const std::string& w = n.vocab[r];
    CAPTURE(w);
    if (w == "battery") {
      CHECK(n.votes(r, 0) == doctest::Approx(1));
      CHECK(n.votes(r, 1) == doctest::Approx(0));
    } else if (w == "program") {
      CHECK(n.votes(r, 0) == doctest::Approx(0));
      CHECK(n.votes(r, 1) == doctest::Approx(1));
    } else if (w == "down" || w == "please" || w == "ran") {
      CHECK(n.votes.row(r).isZero());
    } else {
      CHECK(n.votes(r, 0) == doctest::Approx(.5));
      CHECK(n.votes(r, 1) == doctest::Approx(.5));
    }
  }
}

TEST_CASE("s07-skips: the votes are 4 vs 5 and 5 vs 4, and the right word wins") {
  const SkipsNumbers n = skipsNumbers();
  REQUIRE(n.sums.size() == 2);
  // The program command: down 4, please 5.
  CHECK(n.sums[0](0) == doctest::Approx(4));
  CHECK(n.sums[0](1) == doctest::Approx(5));
  // The battery command: down 5, please 4.
  CHECK(n.sums[1](0) == doctest::Approx(5));
  CHECK(n.sums[1](1) == doctest::Approx(4));
  CHECK(n.active[0].sum() == doctest::Approx(9));  // the 9 distinct words before "ran"
  CHECK(n.active[0](math::wordIndex(n.vocab, "program")) == 1);
  CHECK(n.active[0](math::wordIndex(n.vocab, "battery")) == 0);
  CHECK(n.winners == std::vector<std::string>{"please", "down"});
  CHECK(n.winners == n.expected);
}
