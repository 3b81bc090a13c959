// Heat scales (src/scene/heat.cpp): fills grow steadily with the value, diverging scales are
// symmetric about 0, masked entries get their own dark fill, and the legend shows the ends.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "render/palette.hpp"
#include "scene/heat.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

namespace {
// Red minus blue: grows from the negative end (blue) to the positive end (red).
float warmth(glm::vec4 c) {
  return c.r - c.b;
}
// Distance from the neutral fill: how strong a colour is.
float strength(glm::vec4 c) {
  const glm::vec4 d = c - palette::kHeatNeutral;
  return std::sqrt(d.r * d.r + d.g * d.g + d.b * d.b);
}
}  // namespace

TEST_CASE("heat: a diverging scale is symmetric about 0 over the finite entries") {
  Eigen::MatrixXd m(2, 2);
  m << 6, -10, -std::numeric_limits<double>::infinity(), 68;
  const HeatScale s = HeatScale::diverging(m);
  CHECK(s.kind == HeatScale::Kind::Diverging);
  CHECK(s.hi == 68);
  CHECK(s.lo == -68);
  CHECK(s.position(34) == doctest::Approx(0.5));
  CHECK(s.position(-68) == doctest::Approx(-1));
  CHECK(s.fill(0) == palette::kHeatNeutral);
  CHECK(s.fill(68) == palette::kHeatPositive);
  CHECK(s.fill(-68) == palette::kHeatNegative);
  CHECK(s.fill(-std::numeric_limits<double>::infinity()) == palette::kMaskedCell);
  CHECK(HeatScale::diverging(Eigen::MatrixXd::Zero(2, 2)).hi == 1);
}

TEST_CASE("heat: fills are monotone in the value") {
  const HeatScale d = HeatScale::diverging(Eigen::MatrixXd::Constant(1, 1, 10));
  float last = -10;
  for (double v = -10; v <= 10; v += 0.5) {
    const float w = warmth(d.fill(v));
    CHECK(w > last);
    last = w;
  }
  const HeatScale s = HeatScale::sequential();
  float lastStrength = -1;
  for (double v = 0; v <= 1.0001; v += 0.05) {
    const float k = strength(s.fill(v));
    CHECK(k > lastStrength);
    lastStrength = k;
  }
  CHECK(s.fill(2) == s.fill(1));  // clamped
  // The masked fill is darker than every heat colour, so "−∞" reads apart from a 0.
  auto luma = [](glm::vec4 c) { return 0.2126f * c.r + 0.7152f * c.g + 0.0722f * c.b; };
  CHECK(luma(palette::kMaskedCell) < luma(palette::kHeatNeutral));
  CHECK(luma(palette::kMaskedCell) < luma(palette::kBackground));
}

TEST_CASE("heat: heatFills is row-major, one fill per entry") {
  Eigen::MatrixXd m(2, 3);
  m << 0, 1, 2, 3, 4, 5;
  const HeatScale s = HeatScale::sequential(0, 5);
  const std::vector<glm::vec4> fills = heatFills(s, m);
  REQUIRE(fills.size() == 6);
  for (int i = 0; i < 6; ++i) CHECK(fills[static_cast<size_t>(i)] == s.fill(i));
}

TEST_CASE("heat: the legend is a strip of fills with the end values beside it") {
  Eigen::MatrixXd m(1, 2);
  m << -10, 68;
  const HeatScale s = HeatScale::diverging(m);
  const HeatLegendDef legend = makeHeatLegend(test::atlas(), s, {}, 52, 40, 9);
  const MatrixDef& def = legend.def.matrix;
  CHECK(def.rows == 9);
  CHECK(def.cols == 1);
  REQUIRE(def.rowLabels.size() == 9);
  CHECK(def.rowLabels.front() == "68");
  CHECK(def.rowLabels[4] == "0");
  CHECK(def.rowLabels.back() ==
        "\xE2\x88\x92"
        "68");
  REQUIRE(legend.fills.size() == 9);
  CHECK(legend.fills.front() == palette::kHeatPositive);
  CHECK(legend.fills.back() == palette::kHeatNegative);
  for (size_t i = 1; i < legend.fills.size(); ++i)
    CHECK(warmth(legend.fills[i]) < warmth(legend.fills[i - 1]));
  for (int t : def.initialText) CHECK(def.texts[static_cast<size_t>(t)].empty());
}
