// Number formatting for every number on screen, one rule everywhere: rounded to a chosen number of
// decimals, then written with as few digits as that value needs (0.8, 0.25, 1; never ".8",
// "0.80" or "1.0"), always with a leading zero, negatives with a true minus sign (U+2212), never
// "-0".
#pragma once

#include <string>

#include <Eigen/Core>

namespace tfviz::math {

inline constexpr const char* kMinus = "−";  // U+2212 MINUS SIGN
inline constexpr const char* kTimes = "×";  // U+00D7 MULTIPLICATION SIGN: shapes only
inline constexpr const char* kDot = "·";    // U+00B7 MIDDLE DOT: a product of numbers

struct NumberFormat {
  int decimals = 0;  // the precision: digits after the point at most; 0: integers
  bool operator==(const NumberFormat&) const = default;
};

// Integers when every entry is within 1e-9 of an integer, otherwise `decimals` places at most.
NumberFormat chooseFormat(const Eigen::MatrixXd& values, int decimals = 4);

// Infinities print as "∞" and "−∞" (a causal mask), NaN as "NaN".
std::string formatNumber(double value, NumberFormat format);
// A factor inside a product: negative values get parentheses, "(−2)".
std::string formatFactor(double value, NumberFormat format);

}  // namespace tfviz::math
