// Dots, lines, curves and rings through the kit, and the short texts about matrices (see
// marks.hpp). CPU only.
#include "scene/kit/marks.hpp"

#include <algorithm>
#include <cmath>

namespace tfviz::kit {

namespace {
constexpr float kTurn = 2.0f * 3.14159265f;
}

ItemId dot(SectionKit& k, glm::vec2 pos, float radius, glm::vec4 color, const std::string& name) {
  ItemDef def = makeSolid(radius);
  def.name = name;
  return k.add(std::move(def), {.pos = pos, .size = {2 * radius, 2 * radius}, .color = color});
}

ItemId line(SectionKit& k, glm::vec2 from, glm::vec2 to, glm::vec4 color, float width, float head) {
  return k.add(makePath({{0, 0}, to - from}, width, head), {.pos = from, .color = color});
}

ItemId curve(SectionKit& k, std::vector<glm::vec2> points, glm::vec2 at, glm::vec4 color,
             float width, const std::string& name) {
  ItemDef def = makePath(std::move(points), width);
  def.name = name;
  return k.add(std::move(def), {.pos = at, .color = color});
}

std::vector<glm::vec2> sample(int count, const std::function<glm::vec2(float)>& f) {
  std::vector<glm::vec2> points;
  for (int i = 0; i <= count; ++i) points.push_back(f(static_cast<float>(i) / count));
  return points;
}

ItemId ring(SectionKit& k, glm::vec2 centre, glm::vec2 a, glm::vec2 b, glm::vec4 color,
            const std::string& name, int steps) {
  std::vector<glm::vec2> points;
  for (int i = 0; i < steps; ++i) {
    const float t = kTurn * static_cast<float>(i) / static_cast<float>(steps);
    points.push_back(a * std::cos(t) + b * std::sin(t));
  }
  ItemDef def = makePath(std::move(points), 3, 0, true);
  def.name = name;
  return k.add(std::move(def), {.pos = centre, .color = color});
}

ItemId circle(SectionKit& k, glm::vec2 centre, float radius, glm::vec4 color,
              const std::string& name) {
  return ring(k, centre, {0, -radius}, {radius, 0}, color, name, 96);
}

ItemId textFrom(SectionKit& k, Align align, const std::string& s, float size, glm::vec2 pos,
                glm::vec4 color, const std::string& name) {
  ItemDef def = makeText(s, std::max(size, kMinTextSize), FontFace::Sans, align);
  if (!name.empty()) def.name = name;
  return k.add(std::move(def), {.pos = pos, .color = color});
}

void allowAll(SectionKit& k, const std::vector<ItemId>& items) {
  for (size_t i = 0; i < items.size(); ++i)
    for (size_t j = i + 1; j < items.size(); ++j) k.b().allowOverlap(items[i], items[j]);
}

void allowWith(SectionKit& k, ItemId item, const std::vector<ItemId>& others) {
  for (ItemId o : others) k.b().allowOverlap(item, o);
}

void GrowingRow::grow(size_t count, double seconds, double lag, double glide) {
  const size_t end = std::min(m_shown + count, m_items.size());
  const std::vector<ItemId> row(m_items.begin(), m_items.begin() + static_cast<long>(end));
  m_kit.placeRow(row, m_y, m_gap, glide);
  m_kit.show({row.begin() + static_cast<long>(m_shown), row.end()}, seconds, lag);
  m_shown = end;
}

Act part(SectionKit& k, const std::string& caption) {
  k.caption(caption);
  k.note("");
  return Act(k);
}

std::string shapeText(Eigen::Index rows, Eigen::Index cols) {
  return "[" + std::to_string(rows) + " " + math::kTimes + " " + std::to_string(cols) + "]";
}

std::string shapeText(const Eigen::MatrixXd& m) {
  return shapeText(m.rows(), m.cols());
}

std::string tupleText(const Eigen::RowVectorXd& v, std::optional<math::NumberFormat> format,
                      const std::string& open, const std::string& close) {
  const math::NumberFormat f = format.value_or(math::chooseFormat(v));
  std::string s = open;
  for (Eigen::Index i = 0; i < v.size(); ++i)
    s += (i > 0 ? ", " : "") + math::formatNumber(v(i), f);
  return s + close;
}

std::vector<std::string> numbered(const std::string& prefix, int count) {
  std::vector<std::string> labels;
  for (int i = 0; i < count; ++i) labels.push_back(prefix + std::to_string(i));
  return labels;
}

std::vector<std::string> numbered(const std::string& prefix, const std::vector<int>& numbers) {
  std::vector<std::string> labels;
  for (int i : numbers) labels.push_back(prefix + std::to_string(i));
  return labels;
}

}  // namespace tfviz::kit
