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

// The attention explainer's matrices, one role each (issue 9): values, the raw, scaled and
// masked scores, the attention weights (the softmax output) and the head's output.
inline constexpr glm::vec4 kValue = rgb(190, 140, 255);           // values (violet)
inline constexpr glm::vec4 kScore = rgb(255, 99, 99);             // raw scores, Q K^T (red)
inline constexpr glm::vec4 kScaledScore = rgb(255, 121, 198);     // scores / sqrt(d_k) (pink)
inline constexpr glm::vec4 kMaskedScore = rgb(255, 160, 122);     // scores + causal mask (coral)
inline constexpr glm::vec4 kAttentionWeight = rgb(64, 224, 208);  // softmax output (turquoise)
inline constexpr glm::vec4 kOutput = rgb(125, 220, 255);          // attention output (sky)
// Heat-map cell fills under white numbers: a diverging scale for signed scores (blue below 0,
// red above), a sequential one for weights in [0, 1], and a neutral dark fill for masked (-inf)
// entries, darker than any heat colour.
inline constexpr glm::vec4 kHeatNeutral = rgb(44, 48, 58);
inline constexpr glm::vec4 kHeatNegative = rgb(38, 92, 206);
inline constexpr glm::vec4 kHeatPositive = rgb(196, 48, 56);
inline constexpr glm::vec4 kHeatHigh = rgb(18, 150, 136);
inline constexpr glm::vec4 kMaskedCell = rgb(6, 7, 10);

}  // namespace tfviz::palette
