// Number formatting (see format.hpp).
#include "math/format.hpp"

#include <cmath>
#include <cstdio>

namespace tfviz::math {

NumberFormat chooseFormat(const Eigen::MatrixXd& values, int decimals) {
  for (Eigen::Index i = 0; i < values.size(); ++i) {
    const double v = values.data()[i];
    if (std::abs(v - std::round(v)) > 1e-9) return {.decimals = decimals};
  }
  return {.decimals = 0};
}

std::string formatNumber(double value, NumberFormat format) {
  if (std::isinf(value)) return value > 0 ? "\xE2\x88\x9E" : std::string(kMinus) + "\xE2\x88\x9E";
  if (std::isnan(value)) return "NaN";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", format.decimals, value);
  std::string text = buffer;
  if (text.find('.') != std::string::npos) {  // "0.80" -> "0.8", "1.00" -> "1"
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  if (text.front() != '-') return text;
  // "-0.0000" and "-0" are zero: drop the sign. Otherwise use a true minus sign.
  if (text.find_first_not_of("-0.") == std::string::npos) return text.substr(1);
  return kMinus + text.substr(1);
}

std::string formatFactor(double value, NumberFormat format) {
  std::string text = formatNumber(value, format);
  if (text.rfind(kMinus, 0) == 0) return "(" + text + ")";
  return text;
}

}  // namespace tfviz::math
