// Layout helpers (see layout.hpp).
#include "scene/layout.hpp"

#include <algorithm>
#include <numeric>

namespace tfviz {

namespace {
float rowWidth(std::span<const float> widths, float gap) {
  if (widths.empty()) return 0;
  return std::accumulate(widths.begin(), widths.end(), 0.0f) + gap * (widths.size() - 1);
}
}  // namespace

std::vector<float> rowCenters(std::span<const float> widths, float gap, float centerX) {
  std::vector<float> centers;
  float x = centerX - rowWidth(widths, gap) * 0.5f;
  for (float w : widths) {
    centers.push_back(x + w * 0.5f);
    x += w + gap;
  }
  return centers;
}

float fitScale(std::span<const float> widths, float gap, float maxWidth) {
  const float total = rowWidth(widths, gap);
  return total <= maxWidth || total <= 0 ? 1.0f : maxWidth / total;
}

}  // namespace tfviz
