// The kit's words (scene/kit/words.hpp).
#include "scene/kit/words.hpp"

#include <algorithm>
#include <cmath>

namespace tfviz::kit {

Eigen::MatrixXd normaliseRows(Eigen::MatrixXd counts) {
  for (Eigen::Index r = 0; r < counts.rows(); ++r) {
    const double total = counts.row(r).sum();
    if (total > 0) counts.row(r) /= total;
  }
  return counts;
}

std::string joined(const std::vector<std::string>& parts, const std::string& separator) {
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) s += (i ? separator : "") + parts[i];
  return s;
}

std::string quoted(const std::string& s) {
  return "“" + s + "”";
}

std::string percent(double share) {
  return std::to_string(std::llround(share * 100)) + "%";
}

std::string withCommas(double value) {
  const long long n = std::llround(value);
  std::string digits = std::to_string(n < 0 ? -n : n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
    digits.insert(static_cast<size_t>(i), ",");
  return (n < 0 ? "-" : "") + digits;
}

std::vector<ItemId> wordRow(SectionKit& k, const std::vector<std::string>& words, float y,
                            const WordRow& style) {
  std::vector<ItemId> ids;
  for (const std::string& w : words) ids.push_back(k.text(w, style.size, {0, 0}, style.color));
  k.layOutRow(ids, y, style.gap);
  return ids;
}

Anim fadeInRows(const std::vector<std::vector<ItemId>>& rows, double rowLag, double itemLag) {
  std::vector<Anim> lines;
  for (const std::vector<ItemId>& row : rows) {
    std::vector<Anim> items;
    for (ItemId id : row) items.push_back(fadeIn(id));
    lines.push_back(laggedStart(itemLag, std::move(items)));
  }
  return laggedStart(rowLag, std::move(lines));
}

std::vector<ItemId> sharesBeside(SectionKit& k, const std::vector<std::vector<ItemId>>& rows,
                                 const std::vector<double>& shares, float size, float gap) {
  std::vector<ItemId> ids;
  float right = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    for (ItemId id : rows[i]) right = std::max(right, k.b().bounds(id).max.x);
    ids.push_back(k.text(percent(shares.at(i)), size, {0, k.b().state(rows[i].front()).pos.y},
                         palette::kNote, FontFace::Mono, Align::Right));
  }
  float widest = 0;
  for (ItemId id : ids) widest = std::max(widest, k.width(id));
  k.shift(ids, {right + gap + widest, 0});
  return ids;
}

MatrixStyle wordTable(std::vector<std::string> rowLabels, std::vector<std::string> colLabels,
                      math::NumberFormat format, std::string label, bool hideZeros) {
  return {.fontSize = 42,
          .label = std::move(label),
          .labelSize = 40,
          .color = palette::kWeight,
          .format = format,
          .hideZeros = hideZeros,
          .rowLabels = std::move(rowLabels),
          .colLabels = std::move(colLabels),
          .headerSize = 34};
}

MatrixStyle labelled(std::string label, glm::vec4 color, math::NumberFormat format) {
  return {
      .fontSize = 42, .label = std::move(label), .labelSize = 34, .color = color, .format = format};
}

ItemDef named(ItemDef def, std::string name, std::vector<ItemId> over) {
  def.name = std::move(name);
  def.mayOverlap = std::move(over);
  return def;
}

void centreOn(SectionKit& k, ItemId id, glm::vec2 centre, double seconds) {
  k.shift({id}, centre - k.b().bounds(id).center(), seconds);
}

ItemId rowBox(SectionKit& k, ItemId matrix, int row, glm::vec4 color) {
  return k.boxAround(k.b().rowBounds(matrix, row), {matrix},
                     {.color = color, .pad = 5, .radius = 8, .name = "row box", .seconds = 0});
}

namespace {

// The scale at which a text item is as large as the matrix's headers.
float headerScale(SectionKit& k, ItemId text, ItemId matrix) {
  return k.b().def(matrix).matrix.headerSize * k.b().state(matrix).scale /
         k.b().def(text).text.size;
}

// The text item moved and scaled so that, at `scale`, its left edge is at `left` and its anchor
// line at y (where its position goes depends on how it is aligned).
Anim ontoHeader(SectionKit& k, ItemId text, ItemId matrix, float scale, float left, float y) {
  const float w = k.width(text) * scale;
  const Align align = k.b().def(text).text.align;
  const float x = left + (align == Align::Center ? w / 2 : align == Align::Right ? w : 0);
  k.b().allowOverlap(text, matrix);  // it lands on its own header
  return group({moveTo(text, {x, y}), scaleTo(text, scale)});
}

}  // namespace

Anim ontoRowLabel(SectionKit& k, ItemId text, ItemId matrix, int row) {
  const MatrixGeometry g = matrixGeometry(k.b().def(matrix).matrix, k.b().state(matrix));
  const float scale = headerScale(k, text, matrix);
  return ontoHeader(k, text, matrix, scale, g.rowLabelRight - k.width(text) * scale,
                    k.b().cellBounds(matrix, row, 0).center().y);
}

Anim ontoColumnLabel(SectionKit& k, ItemId text, ItemId matrix, int col) {
  const MatrixGeometry g = matrixGeometry(k.b().def(matrix).matrix, k.b().state(matrix));
  const float scale = headerScale(k, text, matrix);
  const float x = k.b().cellBounds(matrix, 0, col).center().x;
  return ontoHeader(k, text, matrix, scale, x - k.width(text) * scale / 2, g.colLabelY);
}

void intoHeaders(SectionKit& k, ItemId matrix, const Headers& items, std::vector<Anim> along,
                 double glide, double settle) {
  std::vector<Anim> fade{fadeIn(matrix)};
  for (size_t i = 0; i < items.rows.size(); ++i) {
    along.push_back(ontoRowLabel(k, items.rows[i], matrix, static_cast<int>(i)));
    fade.push_back(fadeOut(items.rows[i]));
  }
  for (size_t j = 0; j < items.cols.size(); ++j) {
    along.push_back(ontoColumnLabel(k, items.cols[j], matrix, static_cast<int>(j)));
    fade.push_back(fadeOut(items.cols[j]));
  }
  k.b().play(group(std::move(along)), glide);
  k.b().play(group(std::move(fade)), settle);
}

}  // namespace tfviz::kit
