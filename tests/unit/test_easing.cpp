// Unit tests of the easing functions (core/easing): end points, monotonicity, clamping, symmetry,
// known values and names. Pure CPU.
#include <doctest/doctest.h>

#include <array>
#include <set>
#include <string>

#include "core/easing.hpp"

using namespace tfviz;

namespace {

constexpr std::array<Ease, 6> kAllEases = {Ease::Linear,  Ease::Smooth,    Ease::EaseIn,
                                           Ease::EaseOut, Ease::EaseInOut, Ease::ThereAndBack};

constexpr std::array<Ease, 5> kMonotonicEases = {Ease::Linear, Ease::Smooth, Ease::EaseIn,
                                                 Ease::EaseOut, Ease::EaseInOut};

constexpr int kSamples = 1000;

}  // namespace

TEST_CASE("easing: every monotonic ease maps 0 to 0 and 1 to 1") {
  for (Ease e : kMonotonicEases) {
    CAPTURE(easeName(e));
    CHECK(applyEase(e, 0.0f) == doctest::Approx(0.0).epsilon(1e-6));
    CHECK(applyEase(e, 1.0f) == doctest::Approx(1.0).epsilon(1e-6));
    CHECK(applyEase(e, 0.0f) >= 0.0f);
    CHECK(applyEase(e, 1.0f) <= 1.0f);
  }
}

TEST_CASE("easing: there-and-back goes 0 -> 1 at the midpoint -> 0") {
  CHECK(applyEase(Ease::ThereAndBack, 0.0f) == doctest::Approx(0.0).epsilon(1e-6));
  CHECK(applyEase(Ease::ThereAndBack, 0.5f) == doctest::Approx(1.0).epsilon(1e-6));
  CHECK(applyEase(Ease::ThereAndBack, 1.0f) == doctest::Approx(0.0).epsilon(1e-6));
  // Rises on the first half, falls on the second, mirror images of each other.
  float prev = applyEase(Ease::ThereAndBack, 0.0f);
  for (int i = 1; i <= kSamples / 2; ++i) {
    const float v = applyEase(Ease::ThereAndBack, static_cast<float>(i) / kSamples);
    CHECK(v >= prev);
    prev = v;
  }
  for (int i = kSamples / 2 + 1; i <= kSamples; ++i) {
    const float v = applyEase(Ease::ThereAndBack, static_cast<float>(i) / kSamples);
    CHECK(v <= prev);
    prev = v;
  }
  for (float t : {0.1f, 0.25f, 0.4f}) {
    CHECK(applyEase(Ease::ThereAndBack, t) ==
          doctest::Approx(applyEase(Ease::ThereAndBack, 1.0f - t)).epsilon(1e-5));
  }
  CHECK(applyEase(Ease::ThereAndBack, 0.25f) ==
        doctest::Approx(applyEase(Ease::Smooth, 0.5f)).epsilon(1e-6));
}

TEST_CASE("easing: monotonic non-decreasing on [0,1] and stays within [0,1]") {
  for (Ease e : kMonotonicEases) {
    CAPTURE(easeName(e));
    float prev = applyEase(e, 0.0f);
    int violations = 0;
    int outOfRange = 0;
    for (int i = 1; i <= kSamples; ++i) {
      const float v = applyEase(e, static_cast<float>(i) / kSamples);
      if (v < prev) ++violations;
      if (v < 0.0f || v > 1.0f) ++outOfRange;
      prev = v;
    }
    CHECK(violations == 0);
    CHECK(outOfRange == 0);
  }
  // Strictly increasing across the middle (not a constant function).
  for (Ease e : kMonotonicEases) {
    CAPTURE(easeName(e));
    CHECK(applyEase(e, 0.6f) > applyEase(e, 0.4f));
  }
}

TEST_CASE("easing: inputs outside [0,1] are clamped") {
  for (Ease e : kAllEases) {
    CAPTURE(easeName(e));
    CHECK(applyEase(e, -0.5f) == applyEase(e, 0.0f));
    CHECK(applyEase(e, -100.0f) == applyEase(e, 0.0f));
    CHECK(applyEase(e, 1.5f) == applyEase(e, 1.0f));
    CHECK(applyEase(e, 100.0f) == applyEase(e, 1.0f));
  }
}

TEST_CASE("easing: smooth is symmetric about the midpoint") {
  CHECK(applyEase(Ease::Smooth, 0.5f) == doctest::Approx(0.5).epsilon(1e-6));
  for (int i = 0; i <= 100; ++i) {
    const float t = static_cast<float>(i) / 100.0f;
    CAPTURE(t);
    CHECK(applyEase(Ease::Smooth, t) + applyEase(Ease::Smooth, 1.0f - t) ==
          doctest::Approx(1.0).epsilon(1e-5));
  }
  // Gentle at both ends: well below linear near 0, well above near 1.
  CHECK(applyEase(Ease::Smooth, 0.1f) < 0.05f);
  CHECK(applyEase(Ease::Smooth, 0.9f) > 0.95f);
}

TEST_CASE("easing: known values of the cubic eases") {
  CHECK(applyEase(Ease::Linear, 0.3f) == doctest::Approx(0.3));
  CHECK(applyEase(Ease::EaseIn, 0.5f) == doctest::Approx(0.125));
  CHECK(applyEase(Ease::EaseOut, 0.5f) == doctest::Approx(0.875));
  CHECK(applyEase(Ease::EaseIn, 0.2f) == doctest::Approx(0.008));
  CHECK(applyEase(Ease::EaseOut, 0.2f) == doctest::Approx(0.488));
  CHECK(applyEase(Ease::EaseInOut, 0.5f) == doctest::Approx(0.5));
  CHECK(applyEase(Ease::EaseInOut, 0.25f) == doctest::Approx(0.0625));
  CHECK(applyEase(Ease::EaseInOut, 0.75f) == doctest::Approx(0.9375));
}

TEST_CASE("easing: names are distinct and non-empty") {
  std::set<std::string> names;
  for (Ease e : kAllEases) {
    const std::string name(easeName(e));
    CHECK_FALSE(name.empty());
    CHECK(name != "?");
    names.insert(name);
  }
  CHECK(names.size() == kAllEases.size());
  CHECK(easeName(Ease::Smooth) == "smooth");
  CHECK(easeName(Ease::ThereAndBack) == "there-and-back");
}
