// SectionKit (see kit.hpp).
#include "scene/kit.hpp"

#include <algorithm>

#include "math/matmul.hpp"
#include "scene/layout.hpp"

namespace tfviz {

ItemId SectionKit::text(const std::string& s, float size, glm::vec2 pos, glm::vec4 color,
                        FontFace face, Align align) {
  return m_b.add(makeText(s, std::max(size, kit::kMinTextSize), face, align),
                 {.pos = pos, .color = color});
}

ItemId SectionKit::slotText(ItemSlot slot, const std::string& s, float size, float y,
                            glm::vec4 color) {
  ItemDef def = makeText(s, std::max(size, kit::kMinTextSize));
  def.slot = slot;
  const ItemId id = m_b.add(std::move(def), {.pos = {960, y}, .color = color});
  fitWidth(id, kit::kMaxRowWidth);
  return id;
}

// The old text leaves first, then the new one arrives in the same place: never drawn over it.
void SectionKit::replaceSlot(std::optional<ItemId>& slot, Anim arrive, ItemId incoming,
                             double seconds) {
  std::vector<Anim> steps;
  if (slot) steps.push_back(withDuration(fadeOut(*slot), 0.35));
  steps.push_back(std::move(arrive));
  slot = incoming;
  m_b.play(succession(std::move(steps)), seconds);
}

ItemId SectionKit::title(const std::string& s) {
  const ItemId id = slotText(ItemSlot::Title, s, kit::kTitleSize, kit::kTitleY, palette::kTitle);
  m_b.play(write(id), {.runTime = 1.2, .advance = false});  // under the caption that follows
  return id;
}

void SectionKit::caption(const std::string& s) {
  if (s.empty()) {
    if (m_caption) m_b.play(fadeOut(*m_caption), 0.35);
    m_caption.reset();
    return;
  }
  const ItemId id = slotText(ItemSlot::Caption, s, kit::kCaptionSize, kit::kCaptionY);
  // A first caption is written quickly, so the picture it introduces comes within a second.
  replaceSlot(m_caption, withDuration(write(id), 0.65), id, m_caption ? 1.0 : 0.65);
}

void SectionKit::note(const std::string& s) {
  if (s.empty()) {
    if (m_note) m_b.play(fadeOut(*m_note), 0.3);
    m_note.reset();
    return;
  }
  const ItemId id = slotText(ItemSlot::Note, s, kit::kNoteSize, kit::kNoteY, palette::kNote);
  replaceSlot(m_note, withDuration(fadeIn(id), 0.25), id, 0.6);
}

ItemId SectionKit::matrix(const Eigen::MatrixXd& values, MatrixStyle style, bool placeholder) {
  style.labelSize = std::max(style.labelSize, kit::kMinTextSize);
  style.headerSize = std::max(style.headerSize, kit::kMinTextSize);
  if (placeholder) style.placeholder = "?";
  ItemDef def = makeMatrix(m_b.atlas(), values, style);
  const ItemId id =
      m_b.add(std::move(def), {.color = placeholder ? palette::kPlaceholder : style.color});
  // Entries not yet computed are faint and show "?", never their answer.
  if (placeholder) {
    std::vector<Anim> faint;
    for (int c = 0; c < values.size(); ++c) faint.push_back(cellOpacity(id, c, kit::kFaint));
    m_b.play(group(std::move(faint)), 0.0);
  }
  return id;
}

float SectionKit::width(ItemId id) const {
  return m_b.bounds(id).size().x / m_b.state(id).scale;
}

void SectionKit::fitWidth(ItemId id, float maxWidth) {
  const float w = width(id);
  if (w > maxWidth) m_b.play(scaleTo(id, maxWidth / w), 0.0);
}

float SectionKit::layOutRow(const std::vector<ItemId>& items, float y, float gap, float maxWidth,
                            float maxHeight, double seconds) {
  std::vector<float> widths;
  float tallest = 0;
  for (ItemId id : items) {
    widths.push_back(width(id));
    tallest = std::max(tallest, m_b.bounds(id).size().y / m_b.state(id).scale);
  }
  float scale = fitScale(widths, gap, maxWidth);
  if (tallest * scale > maxHeight) scale = maxHeight / tallest;
  for (float& w : widths) w *= scale;
  const std::vector<float> xs = rowCenters(widths, gap * scale, 960);
  std::vector<Anim> jumps, glides;
  for (size_t i = 0; i < items.size(); ++i) {
    // Centre each item's bounds (not its anchor) on its slot: labels may make them lopsided.
    const Rect r = m_b.bounds(items[i]);
    const glm::vec2 anchorOffset =
        (m_b.state(items[i]).pos - r.center()) / m_b.state(items[i]).scale;
    const glm::vec2 pos = glm::vec2(xs[i], y) + anchorOffset * scale;
    auto& list = m_b.state(items[i]).opacity > 0 ? glides : jumps;
    list.push_back(group({moveTo(items[i], pos), scaleTo(items[i], scale)}));
  }
  if (!jumps.empty()) m_b.play(group(std::move(jumps)), 0.0);
  if (!glides.empty()) m_b.play(group(std::move(glides)), seconds);
  return scale;
}

void SectionKit::placeRow(const std::vector<ItemId>& items, float y, float gap, double seconds) {
  float total = -gap;
  for (ItemId id : items) total += m_b.bounds(id).size().x + gap;
  float left = 960 - total / 2;
  std::vector<Anim> moves;
  for (ItemId id : items) {
    const Rect r = m_b.bounds(id);
    moves.push_back(moveTo(id, {left + (m_b.state(id).pos.x - r.min.x), y}));
    left += r.size().x + gap;
  }
  m_b.play(group(std::move(moves)), seconds);
}

void SectionKit::enlarge(const std::vector<ItemId>& items, float most, float maxWidth,
                         float maxHeight, double seconds) {
  if (items.empty()) return;
  Rect all = m_b.bounds(items.front());
  for (ItemId id : items) all = all.united(m_b.bounds(id));
  const float k = std::min({most, maxWidth / all.size().x, maxHeight / all.size().y});
  const glm::vec2 c = all.center();
  std::vector<Anim> anims;
  for (ItemId id : items) {
    const ItemState& s = m_b.state(id);
    anims.push_back(group({moveTo(id, c + (s.pos - c) * k), scaleTo(id, s.scale * k)}));
  }
  m_b.play(group(std::move(anims)), seconds);
}

Product SectionKit::layOutProduct(ItemId lhs, ItemId rhs, ItemId result, float y) {
  Product p{lhs, rhs, result, text("×", 64, {0, y}), text("=", 64, {0, y})};
  layOutRow({lhs, p.times, rhs, p.equals, result}, y);
  return p;
}

void SectionKit::stepProduct(const Product& p, const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                             const StepperOptions& o) {
  constexpr float kBoxPad = 8;
  ItemDef rowDef = makeBox(4, 10);
  rowDef.name = "row box";
  rowDef.mayOverlap = {p.lhs};
  ItemDef colDef = makeBox(4, 10);
  colDef.name = "column box";
  colDef.mayOverlap = {p.rhs};
  const ItemId rowBox = m_b.add(std::move(rowDef), {.color = palette::kHighlight});
  const ItemId colBox = m_b.add(std::move(colDef), {.color = palette::kHighlight});
  const math::NumberFormat opFormat = o.operandFormat.value_or(
      math::chooseFormat(a).decimals > 0 ? math::chooseFormat(a) : math::chooseFormat(b));
  const math::NumberFormat resFormat = o.resultFormat.value_or(math::chooseFormat(a * b));
  const std::vector<math::MatmulStep> steps = math::matmulSteps(a, b);
  m_b.recordProduct(p.lhs, p.rhs, p.result, a, b, opFormat);
  const size_t slow =
      o.slowEntries >= 0 ? static_cast<size_t>(o.slowEntries) : static_cast<size_t>(b.cols());
  std::optional<ItemId> calc;
  int lastCell = -1;
  for (size_t k = 0; k < steps.size(); ++k) {
    const math::MatmulStep& s = steps[k];
    // The first entries go slowly; the next ones faster; the rest fastest.
    const double pace =
        k < slow ? o.slowPace : (k < 2 * slow ? (o.slowPace + o.fastPace) / 2 : o.fastPace);
    const Rect rowRect = m_b.rowBounds(p.lhs, s.row).expanded(kBoxPad * m_b.state(p.lhs).scale);
    const Rect colRect = m_b.colBounds(p.rhs, s.col).expanded(kBoxPad * m_b.state(p.rhs).scale);
    const int cell = m_b.cellIndex(p.result, s.row, s.col);
    std::vector<Anim> frame;
    if (k == 0) {
      m_b.play(group({surround(rowBox, rowRect), surround(colBox, colRect)}), 0.0);
      frame.push_back(create(rowBox));
      frame.push_back(create(colBox));
    } else {
      frame.push_back(surround(rowBox, rowRect));
      frame.push_back(surround(colBox, colRect));
    }
    frame.push_back(cellHighlight(p.result, cell, 1.0f));
    if (lastCell >= 0) frame.push_back(cellHighlight(p.result, lastCell, 0.0f));
    if (calc) frame.push_back(fadeOut(*calc));
    m_b.play(group(std::move(frame)), 0.9 * pace);
    const ItemId next = text(math::calculationText(s, opFormat, resFormat), 46, {960, o.calcY},
                             palette::kText, FontFace::Mono);
    fitWidth(next, kit::kMaxRowWidth);
    m_b.play(write(next), 1.2 * pace);
    calc = next;
    m_b.play(group({cellText(p.result, cell, math::formatNumber(s.value, resFormat)),
                    cellColor(p.result, cell, o.resultColor), cellOpacity(p.result, cell, 1.0f)}),
             0.6 * pace);
    m_b.wait(0.3 * pace);
    m_b.beat(o.beatName + " (" + std::to_string(s.row) + ", " + std::to_string(s.col) + ")",
             "Row " + std::to_string(s.row) + " times column " + std::to_string(s.col) + ": " +
                 math::calculationText(s, opFormat, resFormat));
    lastCell = cell;
  }
  std::vector<Anim> tidy{fadeOut(rowBox), fadeOut(colBox)};
  if (calc) tidy.push_back(fadeOut(*calc));
  if (lastCell >= 0) tidy.push_back(cellHighlight(p.result, lastCell, 0.0f));
  tidy.push_back(recolor(p.result, o.resultColor));
  m_b.play(group(std::move(tidy)), 0.6);
}

void SectionKit::fadeOutAll(const std::vector<ItemId>& items, double seconds) {
  std::vector<Anim> anims;
  for (ItemId id : items) anims.push_back(fadeOut(id));
  if (!anims.empty()) m_b.play(group(std::move(anims)), {.runTime = seconds, .advance = false});
}

}  // namespace tfviz
