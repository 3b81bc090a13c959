// The palette: one colour per role, shared by every section, so the visual language stays
// consistent (inputs, weights, results, highlights, notes). CPU only.
#pragma once

#include <glm/vec4.hpp>

namespace tfviz::palette {

constexpr glm::vec4 rgb(int r, int g, int b, float a = 1.0f) {
  return {r / 255.0f, g / 255.0f, b / 255.0f, a};
}

inline constexpr glm::vec4 kBackground = rgb(16, 19, 26);
inline constexpr glm::vec4 kText = rgb(236, 239, 244);       // titles, plain text
inline constexpr glm::vec4 kTitle = rgb(242, 201, 76);       // section titles (gold)
inline constexpr glm::vec4 kNote = rgb(150, 160, 175);       // captions and notes (grey)
inline constexpr glm::vec4 kInput = rgb(88, 166, 255);       // inputs: hidden states (blue)
inline constexpr glm::vec4 kWeight = rgb(87, 204, 120);      // weights (green)
inline constexpr glm::vec4 kQuery = rgb(245, 213, 71);       // queries (yellow)
inline constexpr glm::vec4 kKey = rgb(255, 159, 67);         // keys (orange)
inline constexpr glm::vec4 kResult = rgb(255, 99, 99);       // attention scores (red)
inline constexpr glm::vec4 kHighlight = rgb(255, 255, 255);  // outlines around operands
inline constexpr glm::vec4 kHighlightFill = rgb(255, 255, 255, 0.14f);  // cell highlight wash
inline constexpr glm::vec4 kPlaceholder = rgb(120, 128, 140);           // not yet computed entries

}  // namespace tfviz::palette
