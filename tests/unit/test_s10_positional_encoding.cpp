// Section 10 (positional encoding): the encoding follows the paper's formula at known points, the
// circle's geometry holds, and the table and the sum are what the section shows.
// (The section itself is checked with every other one in test_sections.cpp.)
#include <doctest/doctest.h>

#include <cmath>

#include "math/tutorial.hpp"
#include "scene/sections/s10_positional_encoding.hpp"

using namespace tfviz;

TEST_CASE("s10-positional-encoding: the formula at known points") {
  const Eigen::MatrixXd pe = math::positionalEncoding(12, 512);
  for (int i = 0; i < 512; i += 2) {
    CHECK(pe(0, i) == doctest::Approx(0.0));      // PE(0, even) = sin 0
    CHECK(pe(0, i + 1) == doctest::Approx(1.0));  // PE(0, odd) = cos 0
  }
  CHECK(pe(1, 0) == doctest::Approx(std::sin(1.0)));
  CHECK(pe(1, 1) == doctest::Approx(std::cos(1.0)));
  CHECK(pe(3, 64) == doctest::Approx(std::sin(3.0 / std::pow(10000.0, 64.0 / 512))));
  // The smooth curves agree with the table at whole positions.
  for (int p = 0; p < 12; ++p)
    for (int d : {0, 1, 64, 65, 128, 129, 511})
      CHECK(positionalEncodingAt(p, d, 512) == doctest::Approx(pe(p, d)));
}

TEST_CASE("s10-positional-encoding: battery's circular wiggle") {
  const PositionalEncodingNumbers n = positionalEncodingNumbers();
  CHECK(n.battery(0) == doctest::Approx(0.2));
  CHECK(n.battery(1) == doctest::Approx(1.0));
  REQUIRE(n.batteryAt.rows() == 6);
  for (int p = 0; p < 6; ++p) {
    // A step of fixed length 1 at angle p.
    CHECK((n.batteryAt.row(p) - n.battery).norm() == doctest::Approx(1.0));
    CHECK(n.wiggle(p, 0) == doctest::Approx(std::sin(p)));
    CHECK(n.wiggle(p, 1) == doctest::Approx(std::cos(p)));
  }
  // Position 0 adds (0, 1): battery moves to (.2, 2.0).
  CHECK(n.batteryAt(0, 0) == doctest::Approx(0.2));
  CHECK(n.batteryAt(0, 1) == doctest::Approx(2.0));
  // Neighbours are close, distant positions far apart, and one pair alone wraps round.
  CHECK(n.nearDistance == doctest::Approx(2 * std::sin(0.5)));
  CHECK(n.farDistance == doctest::Approx(2 * std::sin(1.5)));
  CHECK(n.nearDistance < n.farDistance);
  CHECK(n.wrapDistance < n.nearDistance);
}

TEST_CASE("s10-positional-encoding: pairs turn at different speeds; table and sum") {
  const PositionalEncodingNumbers n = positionalEncodingNumbers();
  REQUIRE(n.pairRate.size() == 3);
  CHECK(n.pairRate[0] == doctest::Approx(1.0));
  CHECK(n.pairRate[1] == doctest::Approx(1.0 / std::pow(10000.0, 0.125)));
  CHECK(n.pairRate[2] == doctest::Approx(0.1));
  REQUIRE(n.table.rows() == 12);
  REQUIRE(n.table.cols() == 6);
  CHECK(n.table(1, 0) == doctest::Approx(std::sin(1.0)));
  CHECK(n.table(11, 5) == doctest::Approx(std::cos(1.1)));
  // Added, not appended: the shape is unchanged.
  CHECK(n.sum.rows() == n.embeddings.rows());
  CHECK(n.sum.cols() == n.embeddings.cols());
  CHECK(n.sum(0, 0) == doctest::Approx(0.2));
  CHECK(n.sum(0, 1) == doctest::Approx(2.0));
  CHECK(n.sum(1, 0) == doctest::Approx(-0.3 + std::sin(1.0)));
}
