// Easing functions: each maps progress on [0,1] to [0,1] (there-and-back returns to 0).
// Pure functions of their argument; inputs outside [0,1] are clamped.
#pragma once

#include <cstdint>
#include <string_view>

namespace tfviz {

enum class Ease : uint8_t {
  Linear,
  Smooth,        // Manim's smooth: a sigmoid, gentle at both ends
  EaseIn,        // cubic, starts slow
  EaseOut,       // cubic, ends slow
  EaseInOut,     // cubic, slow at both ends
  ThereAndBack,  // smooth out to 1 at the midpoint and back to 0
};

float applyEase(Ease ease, float t);
std::string_view easeName(Ease ease);

}  // namespace tfviz
