// Section 9 (embeddings): its numbers against the article's.
// (The section itself is checked with every other one in test_sections.cpp.)
#include <doctest/doctest.h>

#include <cmath>

#include "math/tutorial.hpp"
#include "scene/sections/s09_embeddings.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;
using test::row;

TEST_CASE("s09-embeddings: a one-hot pair model for 50,000 words has over 100 trillion elements") {
  const EmbeddingSectionNumbers n = embeddingSectionNumbers();
  CHECK(n.vocabSize == 50000);
  CHECK(n.pairRows == doctest::Approx(2.5e9));
  CHECK(n.elements == doctest::Approx(50000.0 * 50000.0 * 50000.0));
  CHECK(n.elements > 1e14);
}

TEST_CASE("s09-embeddings: the word positions and the projection matmul") {
  const EmbeddingSectionNumbers n = embeddingSectionNumbers();
  REQUIRE(n.vocab.size() == 13);
  CHECK(n.embedding.row(math::wordIndex(n.vocab, "battery")).isApprox(row({0.2, 1.0})));
  CHECK(n.embedding.row(math::wordIndex(n.vocab, "program")).isApprox(row({-0.3, 1.1})));
  CHECK(n.embedding.row(math::wordIndex(n.vocab, "down")).isApprox(row({-0.9, -0.8})));
  CHECK(n.embedding.row(math::wordIndex(n.vocab, "out")).isApprox(row({-0.5, -1.2})));
  CHECK(n.embedding.rows() == 13);
  CHECK(n.embedding.cols() == 2);
  CHECK(n.battery.isApprox(row({0.2, 1.0})));
  CHECK(n.program.isApprox(row({-0.3, 1.1})));
  int placed = 0;
  for (bool p : n.placed) placed += p ? 1 : 0;
  CHECK(placed == 4);
}

TEST_CASE("s09-embeddings: de-embedding program, argmax and softmax") {
  const EmbeddingSectionNumbers n = embeddingSectionNumbers();
  CHECK(n.deEmbedding.rows() == 2);
  CHECK(n.deEmbedding.cols() == 13);
  CHECK(n.programScore == doctest::Approx(1.02));
  REQUIRE(n.scores.size() == 13);
  CHECK(n.scores.isApprox(
      row({-0.7, 0.9, 0.1, -0.2, 0.0, -0.7, 0.8, -0.3, -0.6, 1.0, 0.4, -0.8, 0.0})));
  CHECK(n.vocab[static_cast<size_t>(n.best)] == "program");
  CHECK(n.probabilities.sum() == doctest::Approx(1.0));
  CHECK((n.probabilities.array() > 0).all());
  CHECK(n.vocab[static_cast<size_t>(n.mostLikely)] == "program");
  // e^x / sum e^x, by hand for program.
  CHECK(n.probabilities(9) == doctest::Approx(std::exp(1.0) / n.scores.array().exp().sum()));
}
