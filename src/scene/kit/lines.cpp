#include "scene/kit/lines.hpp"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>

namespace tfviz::kit {

MatrixStyle exampleStyle(MatrixStyle s, float headerSize, math::NumberFormat format) {
  s.fontSize = kMatrixFont;
  s.labelSize = 40;
  s.headerSize = headerSize;
  s.format = format;
  return s;
}

void write(SectionKit& k, const std::vector<ItemId>& items, double seconds, double lag) {
  std::vector<Anim> anims;
  for (ItemId id : items) anims.push_back(tfviz::write(id));
  if (!anims.empty()) k.b().play(laggedStart(lag, std::move(anims)), seconds);
}

std::vector<ItemId> writeLines(SectionKit& k, const std::vector<std::string>& lines, float size,
                               float y, float spacing, double seconds, glm::vec4 color) {
  std::vector<ItemId> items;
  for (size_t i = 0; i < lines.size(); ++i)
    items.push_back(k.text(lines[i], size, {960, y + spacing * static_cast<float>(i)}, color));
  write(k, items, seconds);
  return items;
}

Anim lightCells(ItemId matrix, const std::vector<int>& cells, float amount) {
  std::vector<Anim> anims;
  for (int c : cells) anims.push_back(cellHighlight(matrix, c, amount));
  return group(std::move(anims));
}

Anim cellsOpacity(ItemId matrix, const std::vector<int>& cells, float opacity) {
  std::vector<Anim> anims;
  for (int c : cells) anims.push_back(cellOpacity(matrix, c, opacity));
  return group(std::move(anims));
}

Anim boxOnto(SectionKit& k, ItemId box, const Rect& region, float pad) {
  const Rect target = region.expanded(pad);
  if (k.b().state(box).opacity > 0) return surround(box, target);
  k.b().play(surround(box, target), 0.0);
  return create(box);
}

glm::vec2 cellTextAnchor(const SectionBuilder& b, ItemId matrix, int row, int col) {
  const Rect cell = b.cellBounds(matrix, row, col);
  const MatrixDef& def = b.def(matrix).matrix;
  return {cell.max.x - def.padX * def.fontSize * b.state(matrix).scale, cell.center().y};
}

ItemId copyCell(SectionKit& k, ItemId matrix, int row, int col) {
  const SectionBuilder& b = k.b();
  const MatrixDef& def = b.def(matrix).matrix;
  const ItemState& s = b.state(matrix);
  const CellState& cell = s.cells[static_cast<size_t>(b.cellIndex(matrix, row, col))];
  const std::string& text =
      def.texts[static_cast<size_t>(cell.mix >= 1.0f ? cell.textB : cell.textA)];
  const ItemId copy = k.text(text, def.fontSize * s.scale, cellTextAnchor(b, matrix, row, col),
                             cell.color, FontFace::Mono, Align::Right);
  k.b().allowOverlap(copy, matrix);
  return copy;
}

Anim flyCopy(SectionKit& k, ItemId copy, glm::vec2 to, const Flight& flight) {
  const SectionBuilder& b = k.b();
  const float from = b.state(copy).scale;
  const float scale = flight.size > 0 ? flight.size / b.def(copy).text.size : from;
  // One glide to `at` (scale `s`) over `seconds`, both changes with the same ease.
  auto glide = [&](glm::vec2 at, float s, double seconds, Ease ease) {
    return group({withDuration(withEase(moveTo(copy, at), ease), seconds),
                  withDuration(withEase(scaleTo(copy, s), ease), seconds)});
  };
  std::vector<Anim> legs;
  if (flight.appear) legs.push_back(withDuration(fadeIn(copy), 0.3));
  if (!flight.past) {
    legs.push_back(group({moveTo(copy, to), scaleTo(copy, scale)}));
    return succession(std::move(legs));
  }
  // A waypoint beside the obstacle, on the straight line's side of it, far enough above or below
  // that the copy clears it.
  const glm::vec2 start = b.state(copy).pos;
  const Rect o = b.bounds(*flight.past);
  const float clear = (o.size().y + b.bounds(copy).size().y) / 2 + 28;
  const float u = std::clamp((o.center().x - start.x) / (to.x - start.x), 0.1f, 0.9f);
  glm::vec2 via = start + (to - start) * u;
  if (std::abs(via.y - o.center().y) < clear)
    via.y = o.center().y + (via.y < o.center().y ? -clear : clear);
  const float d1 = glm::length(via - start), d2 = glm::length(to - via);
  const float share = d1 / (d1 + d2);
  legs.push_back(glide(via, from + (scale - from) * share, share, Ease::EaseIn));
  legs.push_back(glide(to, scale, 1.0 - share, Ease::EaseOut));
  return succession(std::move(legs));
}

}  // namespace tfviz::kit
