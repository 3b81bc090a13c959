// Heat scales for matrices whose cells are coloured by value: diverging (symmetric about 0, for
// signed scores) and sequential (for weights in [0, 1]); the fill of every cell, and a legend
// that is itself a one-column matrix of fills with the scale's end values beside it. CPU only.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>
#include <glm/vec4.hpp>

#include "scene/builder.hpp"

namespace tfviz {

struct HeatScale {
  enum class Kind { Diverging, Sequential };
  Kind kind = Kind::Sequential;
  double lo = 0;  // the value at the low end (diverging: -hi)
  double hi = 1;  // the value at the high end

  // Symmetric about 0 over the finite entries (an all-zero matrix gets [-1, 1]).
  static HeatScale diverging(const Eigen::MatrixXd& values);
  static HeatScale sequential(double lo = 0, double hi = 1);

  // Where v sits on the scale, clamped: -1..1 (diverging) or 0..1 (sequential).
  double position(double v) const;
  // The fill of a cell holding v: neutral at 0 (diverging) or at lo (sequential), growing
  // steadily towards the end colours; −∞ (a masked entry) gets palette::kMaskedCell.
  glm::vec4 fill(double v) const;
};

// Every cell's fill, row-major.
std::vector<glm::vec4> heatFills(const HeatScale& scale, const Eigen::MatrixXd& values);

// A legend: a `steps` x 1 matrix (high end on top) whose blank cells carry the scale's fills,
// the end values (and 0 when diverging) as row labels. Returns its definition and its cells'
// fills; add it with SectionBuilder::add and show it with the fills set (see addHeatLegend).
struct HeatLegendDef {
  ItemDef def;
  std::vector<glm::vec4> fills;
};
HeatLegendDef makeHeatLegend(const FontAtlas& atlas, const HeatScale& scale,
                             math::NumberFormat format, float fontSize, float headerSize,
                             int steps = 9);
// Every cell of `matrix` (its entries already shown) turning to its fill on `scale`, one after
// another: numbers in the text colour, masked (−∞) ones in the note grey.
Anim heatUp(const SectionBuilder& b, ItemId matrix, const Eigen::MatrixXd& values,
            const HeatScale& scale);

// Adds the legend, hidden, its cells already filled. `name` names the item for tests.
ItemId addHeatLegend(SectionBuilder& b, const HeatScale& scale, math::NumberFormat format,
                     float fontSize, float headerSize, const std::string& name, int steps = 9);

}  // namespace tfviz
