// Section 10 (positional encoding): the encoding follows the paper's formula at known points, the
// circle's geometry holds, and the table and the sum are what the section shows.
// Its layout holds over the whole timeline (the audit), and the one-pair circle becomes the first
// of three. Beats are also checked in test_sections.cpp.
#include <doctest/doctest.h>

#include <cmath>

#include <glm/geometric.hpp>

#include "math/tutorial.hpp"
#include "scene/sections/registry.hpp"
#include "scene/sections/s10_positional_encoding.hpp"
#include "unit/test_support.hpp"

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

TEST_CASE("s10-positional-encoding: the one-pair circle becomes the first of three") {
  const SectionScript script = buildPositionalEncodingSection(test::atlas());
  std::vector<ItemId> circles;
  for (size_t i = 0; i < script.items.size(); ++i)
    if (script.items[i].name == "circle") circles.push_back(static_cast<ItemId>(i));
  REQUIRE(circles.size() == 4);  // the one-pair circle, then one per pair of dimensions
  const ItemId big = circles[0], first = circles[1];
  // From the big circle's first appearance until the first of three is fully there, some circle
  // is always on screen, and the big one ends where the first of three stands.
  double shown = -1, last = -1;
  glm::vec2 lastPos{0};
  for (double t = 0; t <= script.duration; t += 1.0 / 30) {
    const SceneState s = evaluate(script, t);
    const float a = s.items[big].opacity, b = s.items[first].opacity;
    if (shown < 0 && a > 0.02f) shown = t;
    if (shown >= 0 && b < 0.999f) {
      CAPTURE(t);
      CHECK(std::max(a, b) > 0.3f);
    }
    if (a > 0.02f) {
      last = t;
      lastPos = s.items[big].pos;
    }
    if (b >= 0.999f) break;
  }
  REQUIRE(shown >= 0);
  REQUIRE(last > shown);
  const glm::vec2 target = evaluate(script, script.duration).items[first].pos;
  const glm::vec2 start = evaluate(script, shown + 0.5).items[big].pos;
  CHECK(glm::length(lastPos - target) < 0.2f * glm::length(start - target));
}
