// Marks: the small drawings sections make besides text and matrices (dots, lines and arrows,
// curves, rings, text beside a point), added through the kit so that open acts clear them, with
// the overlaps of one drawing's parts declared in one call; the short texts sections write about
// matrices (a shape "[1 × 13]", a point "(0.2, 1)", numbered headers); and the start of a part
// (caption, note cleared, an act). CPU only.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "scene/kit.hpp"

namespace tfviz::kit {

// A filled dot of `radius` centred on pos, hidden; `name` lets tests find it.
ItemId dot(SectionKit& k, glm::vec2 pos, float radius, glm::vec4 color,
           const std::string& name = "dot");
// A straight line from `from` to `to`, hidden; head > 0 makes it an arrow pointing at `to`.
ItemId line(SectionKit& k, glm::vec2 from, glm::vec2 to, glm::vec4 color, float width = 4,
            float head = 0);
// An open polyline through `points` (relative to `at`), hidden: a plot, a landscape.
ItemId curve(SectionKit& k, std::vector<glm::vec2> points, glm::vec2 at, glm::vec4 color,
             float width = 4, const std::string& name = "path");
// The points f(t) for t = 0, 1/count, ..., 1 (count + 1 points, both ends included).
std::vector<glm::vec2> sample(int count, const std::function<glm::vec2(float)>& f);

// A closed ellipse centre + a·cos θ + b·sin θ through `steps` points from θ = 0 (at centre + a),
// hidden, drawn 3 px wide: a ring around a cluster.
ItemId ring(SectionKit& k, glm::vec2 centre, glm::vec2 a, glm::vec2 b, glm::vec4 color,
            const std::string& name, int steps = 64);
// A circle of `radius` (96 points), starting at the top and going clockwise, hidden.
ItemId circle(SectionKit& k, glm::vec2 centre, float radius, glm::vec4 color,
              const std::string& name = "circle");

// Text that starts at pos (Align::Left) or ends there (Align::Right), hidden: axis names, labels
// beside a point, the lines of a legend. A non-empty `name` lets tests find it.
ItemId textFrom(SectionKit& k, Align align, const std::string& s, float size, glm::vec2 pos,
                glm::vec4 color = palette::kText, const std::string& name = "");

// Declares that every two of `items` may overlap: the parts of one drawing.
void allowAll(SectionKit& k, const std::vector<ItemId>& items);
// Declares that `item` may overlap each of `others`.
void allowWith(SectionKit& k, ItemId item, const std::vector<ItemId>& others);

// A row whose items come in a few at a time, left to right, the row staying centred on x = 960
// (SectionKit::placeRow's rule, bounds `gap` apart). The items still to come wait hidden.
class GrowingRow {
 public:
  // The first `shown` items are on screen already.
  GrowingRow(SectionKit& k, std::vector<ItemId> items, float y, float gap, size_t shown = 0)
      : m_kit(k), m_items(std::move(items)), m_y(y), m_gap(gap), m_shown(shown) {}
  // The next `count` items join: the row of those shown so far and the new ones is centred (the
  // shown ones glide over `glide` seconds), then the new ones fade in over `seconds`, `lag` apart.
  void grow(size_t count, double seconds = 1.0, double lag = 0.0, double glide = 0.8);
  // How many items have joined.
  size_t shown() const { return m_shown; }

 private:
  SectionKit& m_kit;
  std::vector<ItemId> m_items;
  float m_y;
  float m_gap;
  size_t m_shown;
};

// Starts a part of a section: its caption, the note line cleared (if one shows), and an act that
// clears what the part adds: `kit::Act act = kit::part(k, "...");`.
[[nodiscard]] Act part(SectionKit& k, const std::string& caption);

// "[1 × 13]": a matrix's shape, rows × columns, as labels and sentences write it.
std::string shapeText(Eigen::Index rows, Eigen::Index cols);
std::string shapeText(const Eigen::MatrixXd& m);
// "(0.2, 1)": a vector's entries in one format (default: chosen from them), between `open` and
// `close` ("[1, −1]" with "[" and "]").
std::string tupleText(const Eigen::RowVectorXd& v, std::optional<math::NumberFormat> format = {},
                      const std::string& open = "(", const std::string& close = ")");

// Row or column headers: `prefix` and each number ("at 0", "at 1", ...; "dim 0", "dim 64", ...);
// the first form numbers 0 to count − 1.
std::vector<std::string> numbered(const std::string& prefix, int count);
std::vector<std::string> numbered(const std::string& prefix, const std::vector<int>& numbers);

}  // namespace tfviz::kit
