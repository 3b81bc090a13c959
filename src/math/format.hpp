// Number formatting for on-screen matrices and calculation text: integers as integers, decimals
// at a chosen precision, negatives with a true minus sign (U+2212), never "-0".
#pragma once

#include <string>

#include <Eigen/Core>

namespace tfviz::math {

inline constexpr const char* kMinus = "\xE2\x88\x92";  // U+2212 MINUS SIGN
inline constexpr const char* kTimes = "\xC3\x97";      // U+00D7 MULTIPLICATION SIGN: shapes only
inline constexpr const char* kDot = "\xC2\xB7";        // U+00B7 MIDDLE DOT: a product of numbers

struct NumberFormat {
  int decimals = 0;      // 0: integers
  bool compact = false;  // the article's style: trailing zeros dropped, ".8" for 0.8, "1" for 1.0
  bool operator==(const NumberFormat&) const = default;
};

// Integers when every entry is within 1e-9 of an integer, otherwise `decimals` places.
NumberFormat chooseFormat(const Eigen::MatrixXd& values, int decimals = 4);

// Infinities print as "∞" and "−∞" (a causal mask), NaN as "NaN".
std::string formatNumber(double value, NumberFormat format);
// A factor inside a product: negative values get parentheses, "(−2)".
std::string formatFactor(double value, NumberFormat format);

}  // namespace tfviz::math
