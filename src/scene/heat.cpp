// Heat scales and their legends (see heat.hpp). CPU only.
#include "scene/heat.hpp"

#include <algorithm>
#include <cmath>

#include <glm/common.hpp>

#include "render/palette.hpp"

namespace tfviz {

HeatScale HeatScale::diverging(const Eigen::MatrixXd& values) {
  double extent = 0;
  for (Eigen::Index i = 0; i < values.size(); ++i) {
    const double v = values.data()[i];
    if (std::isfinite(v)) extent = std::max(extent, std::abs(v));
  }
  if (extent == 0) extent = 1;
  return {.kind = Kind::Diverging, .lo = -extent, .hi = extent};
}

HeatScale HeatScale::sequential(double lo, double hi) {
  return {.kind = Kind::Sequential, .lo = lo, .hi = hi > lo ? hi : lo + 1};
}

double HeatScale::position(double v) const {
  if (std::isnan(v)) return 0;
  if (kind == Kind::Diverging) return std::clamp(v / hi, -1.0, 1.0);
  return std::clamp((v - lo) / (hi - lo), 0.0, 1.0);
}

glm::vec4 HeatScale::fill(double v) const {
  if (std::isinf(v) && v < 0) return palette::kMaskedCell;
  const double p = position(v);
  const glm::vec4 end = kind == Kind::Sequential ? palette::kHeatHigh
                        : p < 0                  ? palette::kHeatNegative
                                                 : palette::kHeatPositive;
  return glm::mix(palette::kHeatNeutral, end, static_cast<float>(std::abs(p)));
}

std::vector<glm::vec4> heatFills(const HeatScale& scale, const Eigen::MatrixXd& values) {
  std::vector<glm::vec4> fills;
  for (Eigen::Index r = 0; r < values.rows(); ++r)
    for (Eigen::Index c = 0; c < values.cols(); ++c) fills.push_back(scale.fill(values(r, c)));
  return fills;
}

HeatLegendDef makeHeatLegend(const FontAtlas& atlas, const HeatScale& scale,
                             math::NumberFormat format, float fontSize, float headerSize,
                             int steps) {
  steps = std::max(steps, 2);
  HeatLegendDef out;
  std::vector<std::string> labels(static_cast<size_t>(steps));
  labels.front() = math::formatNumber(scale.hi, format);
  labels.back() = math::formatNumber(scale.lo, format);
  if (scale.kind == HeatScale::Kind::Diverging && steps % 2 == 1)
    labels[static_cast<size_t>(steps / 2)] = "0";
  for (int i = 0; i < steps; ++i) {
    const double t = 1.0 - static_cast<double>(i) / (steps - 1);  // the top is the high end
    out.fills.push_back(scale.fill(scale.lo + t * (scale.hi - scale.lo)));
  }
  // Blank cells (hidden zeros), short and narrow: a strip of colour.
  out.def = makeMatrix(atlas, Eigen::MatrixXd::Zero(steps, 1),
                       {.fontSize = fontSize,
                        .labelSize = headerSize,
                        .padX = 0.32f,
                        .rowHeight = 0.62f,
                        .hideZeros = true,
                        .rowLabels = labels,
                        .headerSize = headerSize});
  return out;
}

ItemId addHeatLegend(SectionBuilder& b, const HeatScale& scale, math::NumberFormat format,
                     float fontSize, float headerSize, const std::string& name, int steps) {
  HeatLegendDef legend = makeHeatLegend(b.atlas(), scale, format, fontSize, headerSize, steps);
  legend.def.name = name;
  // Cells given in the state keep their fills; their (blank) texts come from the definition.
  ItemState state{.color = palette::kNote};
  for (size_t i = 0; i < legend.fills.size(); ++i) {
    const int text = legend.def.matrix.initialText[i];
    state.cells.push_back(
        {.color = palette::kNote, .fill = legend.fills[i], .textA = text, .textB = text});
  }
  return b.add(std::move(legend.def), std::move(state));
}

Anim heatUp(const SectionBuilder& b, ItemId matrix, const Eigen::MatrixXd& values,
            const HeatScale& scale) {
  std::vector<Anim> cells;
  for (int r = 0; r < values.rows(); ++r) {
    for (int c = 0; c < values.cols(); ++c) {
      const int cell = b.cellIndex(matrix, r, c);
      const bool masked = std::isinf(values(r, c));
      cells.push_back(group({cellFill(matrix, cell, scale.fill(values(r, c))),
                             cellColor(matrix, cell, masked ? palette::kNote : palette::kText)}));
    }
  }
  return laggedStart(0.15, std::move(cells));
}

}  // namespace tfviz
