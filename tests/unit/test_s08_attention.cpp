// Section 8 (masking and attention): its numbers against the article's.
// (The section itself is checked with every other one in test_sections.cpp.)
#include <doctest/doctest.h>

#include "math/tutorial.hpp"
#include "scene/sections/s08_attention.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;
using test::row;

TEST_CASE("s08-attention: the feature activities, mask and masked activities") {
  const AttentionSectionNumbers n = attentionSectionNumbers();
  REQUIRE(n.vocab.size() == 13);
  CHECK(n.features.front() == "and, ran");
  CHECK(n.features.back() == "whether, ran");
  // and battery check down find it log out please program ran the whether
  CHECK(n.activities.isApprox(row({1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1})));
  CHECK(n.mask.isApprox(row({0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0})));
  CHECK(n.maskedActivities.isApprox(row({0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})));
  for (const std::string& w : n.vocab) CHECK(w != "run");
}

TEST_CASE("s08-attention: votes go from 5 vs 4 to 1 vs 0") {
  const AttentionSectionNumbers n = attentionSectionNumbers();
  CHECK(n.votes(0) == doctest::Approx(5));  // down
  CHECK(n.votes(1) == doctest::Approx(4));  // please
  CHECK(n.marginPercent == doctest::Approx(25));
  CHECK(n.maskedVotes(0) == doctest::Approx(1));
  CHECK(n.maskedVotes(1) == doctest::Approx(0));
  // Only the battery,ran and program,ran rows of the masked transition matrix remain.
  for (int r = 0; r < 13; ++r) {
    const bool kept = n.vocab[static_cast<size_t>(r)] == "battery" ||
                      n.vocab[static_cast<size_t>(r)] == "program";
    CHECK((n.maskedTransition.row(r).cwiseAbs().sum() > 0) == kept);
  }
  CHECK(n.maskedTransition.row(1).isApprox(row({1, 0})));
  CHECK(n.maskedTransition.row(9).isApprox(row({0, 1})));
  CHECK(n.prediction == "down");
}

TEST_CASE("s08-attention: the one-hot query times Kᵀ pulls out the mask") {
  const AttentionSectionNumbers n = attentionSectionNumbers();
  CHECK(n.query.isApprox(math::oneHot(n.vocab, "ran")));
  CHECK(n.lookup.isApprox(n.mask));
  CHECK(n.keysT.rows() == 13);
  CHECK(n.keysT.cols() == 13);
}

TEST_CASE("s08-attention: the feed-forward products and ReLU") {
  const AttentionSectionNumbers n = attentionSectionNumbers();
  Eigen::MatrixXd w(4, 2);
  w << 1, -1, -1, 1, 1, 1, -1, -1;
  CHECK(n.ffnWeights.isApprox(w));
  CHECK(n.ffnInputs.row(0).isApprox(row({1, 0, 1, 1})));
  CHECK(n.ffnInputs.row(1).isApprox(row({0, 1, 1, 1})));
  CHECK(n.ffnHidden.row(0).isApprox(row({1, -1})));
  CHECK(n.ffnHidden.row(1).isApprox(row({-1, 1})));
  CHECK(n.ffnFeatures.row(0).isApprox(row({1, 0})));
  CHECK(n.ffnFeatures.row(1).isApprox(row({0, 1})));
  // battery sentence votes down, program sentence votes please.
  CHECK(n.ffnVotes.row(0).isApprox(row({1, 0})));
  CHECK(n.ffnVotes.row(1).isApprox(row({0, 1})));
}
