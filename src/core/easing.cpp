// Easing functions on [0,1] (see easing.hpp).
#include "core/easing.hpp"

#include <algorithm>
#include <cmath>

namespace tfviz {
namespace {

// Manim's smooth(t, inflection=10): a logistic curve rescaled so that 0 -> 0 and 1 -> 1.
float smooth(float t) {
  constexpr double kInflection = 10.0;
  auto sigmoid = [](double x) { return 1.0 / (1.0 + std::exp(-x)); };
  const double error = sigmoid(-kInflection / 2.0);
  const double v = (sigmoid(kInflection * (t - 0.5)) - error) / (1.0 - 2.0 * error);
  return static_cast<float>(std::clamp(v, 0.0, 1.0));
}

}  // namespace

float applyEase(Ease ease, float t) {
  t = std::clamp(t, 0.0f, 1.0f);
  switch (ease) {
    case Ease::Linear:
      return t;
    case Ease::Smooth:
      return smooth(t);
    case Ease::EaseIn:
      return t * t * t;
    case Ease::EaseOut: {
      const float u = 1.0f - t;
      return 1.0f - u * u * u;
    }
    case Ease::EaseInOut:
      return t < 0.5f ? 4.0f * t * t * t : 1.0f - std::pow(-2.0f * t + 2.0f, 3.0f) / 2.0f;
    case Ease::ThereAndBack:
      return t < 0.5f ? smooth(2.0f * t) : smooth(2.0f - 2.0f * t);
  }
  return t;
}

std::string_view easeName(Ease ease) {
  switch (ease) {
    case Ease::Linear:
      return "linear";
    case Ease::Smooth:
      return "smooth";
    case Ease::EaseIn:
      return "ease-in";
    case Ease::EaseOut:
      return "ease-out";
    case Ease::EaseInOut:
      return "ease-in-out";
    case Ease::ThereAndBack:
      return "there-and-back";
  }
  return "?";
}

}  // namespace tfviz
