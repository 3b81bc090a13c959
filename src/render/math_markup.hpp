// Maths markup in text items: text between '$' signs is typeset as maths in the Math face
// (italic variables, true sub- and superscripts, stacked fractions, radicals), the rest in the
// item's own face. CPU only, no GL here. The syntax is listed in README.md, "Notation".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "render/text_layout.hpp"

namespace tfviz {

// True when the string contains a '$', i.e. when layoutText has to parse it. Strings without one
// take the plain single-face path, unchanged.
bool hasMathMarkup(std::string_view utf8);

// Empty when every '$...$' span of the string parses; otherwise a one-line error naming the
// problem, where it is (character index in the decoded string) and the string. Pure: sections'
// tests call it on every string they show.
std::string validateMathMarkup(std::string_view utf8);

// Lays out a string with maths markup at sizePx: plain runs in `face` (with its kerning), maths in
// FontFace::Math. A span that does not parse is shown literally, '$' signs included. `\$` is a
// literal dollar sign, in text and in maths. The layout's ascent and descent cover the ink of
// fractions, radicals and scripts (at least the text face's own ascent and descent).
TextLayout layoutMathMarkup(const FontAtlas& atlas, FontFace face, std::string_view utf8,
                            float sizePx);

// Every command the markup accepts, without the backslash ("frac", "alpha", ",", ...): for the
// README's list and for tests that lay each one out.
std::vector<std::string> mathMarkupCommands();

// The MATH-table constants of the embedded maths font used by the typesetter, in em (the font's
// em equals the atlas' bake size: its ascent plus descent is 1000 units per 1000-unit em).
// Exposed so a test can compare them with the font file.
struct MathConstants {
  int scriptPercentScaleDown = 80;
  int scriptScriptPercentScaleDown = 65;
  float axisHeight = 0.275f;
  float subscriptShiftDown = 0.277f;
  float subscriptTopMax = 0.330f;
  float subscriptBaselineDropMin = 0.138f;
  float superscriptShiftUp = 0.381f;
  float superscriptShiftUpCramped = 0.312f;
  float superscriptBottomMin = 0.220f;
  float superscriptBaselineDropMax = 0.277f;
  float subSuperscriptGapMin = 0.120f;
  float superscriptBottomMaxWithSubscript = 0.335f;
  float spaceAfterScript = 0.040f;
  float fractionNumeratorShiftUp = 0.403f;
  float fractionNumeratorDisplayStyleShiftUp = 0.635f;
  float fractionDenominatorShiftDown = 0.268f;
  float fractionDenominatorDisplayStyleShiftDown = 0.637f;
  float fractionNumeratorGapMin = 0.096f;
  float fractionNumDisplayStyleGapMin = 0.120f;
  float fractionRuleThickness = 0.064f;
  float fractionDenominatorGapMin = 0.096f;
  float fractionDenomDisplayStyleGapMin = 0.120f;
  float radicalVerticalGap = 0.096f;
  float radicalRuleThickness = 0.052f;
  float radicalExtraAscender = 0.096f;
};
const MathConstants& mathConstants();

}  // namespace tfviz
