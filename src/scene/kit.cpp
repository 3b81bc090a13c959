// SectionKit (see kit.hpp).
#include "scene/kit.hpp"

#include <algorithm>
#include <cmath>

#include "math/matmul.hpp"
#include "scene/layout.hpp"

namespace tfviz {

float kit::fitRow(std::span<const glm::vec2> sizes, float gap, float maxWidth, float maxHeight,
                  float most) {
  std::vector<float> widths;
  float tallest = 0;
  for (const glm::vec2& s : sizes) {
    widths.push_back(s.x);
    tallest = std::max(tallest, s.y);
  }
  // fitScale never enlarges: fitting maxWidth / most and scaling back allows up to `most`.
  float scale = most * fitScale(widths, gap, maxWidth / most);
  if (tallest * scale > maxHeight) scale = maxHeight / tallest;
  return scale;
}

std::vector<std::string> kit::cellTexts(const Eigen::MatrixXd& values, math::NumberFormat format,
                                        bool hideZeros) {
  std::vector<std::string> texts;
  for (Eigen::Index r = 0; r < values.rows(); ++r)
    for (Eigen::Index c = 0; c < values.cols(); ++c)
      texts.push_back(hideZeros && values(r, c) == 0.0 ? std::string()
                                                       : math::formatNumber(values(r, c), format));
  return texts;
}

ItemId SectionKit::add(ItemDef def, ItemState state) {
  const ItemId id = m_b.add(std::move(def), state);
  track(id);
  return id;
}

void SectionKit::track(ItemId id) {
  for (kit::Act* act : m_acts) act->m_items.push_back(id);
}

ItemId SectionKit::text(const std::string& s, float size, glm::vec2 pos, glm::vec4 color,
                        FontFace face, Align align) {
  return add(makeText(s, std::max(size, kit::kMinTextSize), face, align),
             {.pos = pos, .color = color});
}

ItemId SectionKit::sign(const std::string& s, float size) {
  return text(s, size, kit::at(kit::Row::Content));
}

ItemId SectionKit::namedText(const std::string& name, const std::string& s, float size,
                             glm::vec2 pos, glm::vec4 color) {
  ItemDef def = makeText(s, std::max(size, kit::kMinTextSize));
  def.name = name;
  return add(std::move(def), {.pos = pos, .color = color});
}

ItemId SectionKit::slotText(ItemSlot slot, const std::string& s, float size, float y,
                            glm::vec4 color) {
  ItemDef def = makeText(s, std::max(size, kit::kMinTextSize));
  def.slot = slot;
  const ItemId id = m_b.add(std::move(def), {.pos = {960, y}, .color = color});
  fitWidth(id, kit::kMaxRowWidth);
  return id;
}

namespace {

// Whether two lines share enough to turn one into the other word by word: two words or more,
// short ones ("a", "of", "·") not counted, so unrelated captions are replaced, not shuffled.
bool sharesWords(const std::string& a, const std::string& b) {
  std::vector<std::string> left = textWords(a);
  int shared = 0;
  for (const std::string& w : textWords(b)) {
    if (w.size() < 3) continue;
    const auto it = std::find(left.begin(), left.end(), w);
    if (it == left.end()) continue;
    left.erase(it);
    ++shared;
  }
  return shared >= 2;
}

}  // namespace

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
  // A caption that shares words with the last one turns into it: the shared words move to their
  // new places, the others fade out or in ("Step 2 · queries" into "Step 3 · keys").
  if (m_caption && sharesWords(m_b.def(*m_caption).text.text, s)) {
    m_b.play(m_b.transformMatching(*m_caption, id), 1.0);
    m_caption = id;
    return;
  }
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

void SectionKit::calc(const std::string& s, float size, FontFace face) {
  if (s.empty()) {
    if (m_calc) m_b.play(fadeOut(*m_calc), 0.3);
    m_calc.reset();
    return;
  }
  ItemDef def = makeText(s, std::max(size, kit::kMinTextSize), face);
  def.name = "calculation";
  const ItemId id = add(std::move(def), {.pos = kit::at(kit::Row::Calc), .color = palette::kText});
  fitWidth(id, kit::kMaxRowWidth);
  replaceSlot(m_calc, withDuration(write(id), 0.9), id, m_calc ? 1.2 : 0.9);
}

void SectionKit::stop(const std::string& label, const std::string& presenterNote,
                      const kit::Stop& s) {
  if (s.onScreen) note(*s.onScreen);
  if (s.hold > 0) m_b.wait(s.hold);
  m_b.beat(label, presenterNote);
}

std::vector<ItemId> SectionKit::textBlock(const std::vector<std::string>& lines, float size,
                                          float y, float spacing, glm::vec4 color) {
  std::vector<ItemId> items;
  float widest = 0;
  for (const std::string& line : lines) {
    items.push_back(text(line, size, {0, 0}, color, FontFace::Sans, Align::Left));
    widest = std::max(widest, width(items.back()));
  }
  std::vector<Anim> moves;
  for (size_t i = 0; i < items.size(); ++i)
    moves.push_back(moveTo(items[i], {960 - widest / 2, y + spacing * static_cast<float>(i)}));
  if (!moves.empty()) m_b.play(group(std::move(moves)), 0.0);
  return items;
}

void SectionKit::show(const std::vector<ItemId>& items, double seconds, double lag) {
  std::vector<Anim> anims;
  for (ItemId id : items) anims.push_back(fadeIn(id));
  if (anims.empty()) return;
  m_b.play(lag > 0 ? laggedStart(lag, std::move(anims)) : group(std::move(anims)), seconds);
}

Anim SectionKit::revealCell(ItemId matrix, int row, int col, const std::string& text,
                            glm::vec4 color) const {
  const int cell = m_b.cellIndex(matrix, row, col);
  return group({cellText(matrix, cell, text), cellColor(matrix, cell, color),
                cellOpacity(matrix, cell, 1.0f)});
}

void SectionKit::fillCells(ItemId matrix, const Eigen::MatrixXd& values, const kit::CellFill& f) {
  const math::NumberFormat format = f.format.value_or(math::chooseFormat(values));
  std::vector<int> cells = f.cells;
  if (cells.empty())
    for (int c = 0; c < values.size(); ++c) cells.push_back(c);
  const auto cols = static_cast<int>(values.cols());
  std::vector<Anim> anims;
  for (int cell : cells) {
    const double v = values(cell / cols, cell % cols);
    const std::string t = f.hideZeros && v == 0.0 ? std::string() : math::formatNumber(v, format);
    if (!f.heat) {
      anims.push_back(revealCell(matrix, cell / cols, cell % cols, t, f.color));
      continue;
    }
    const glm::vec4 color = std::isinf(v) ? palette::kNote : f.color;
    anims.push_back(group(
        {revealCell(matrix, cell / cols, cell % cols, t, color),
         cellFill(matrix, m_b.cellIndex(matrix, cell / cols, cell % cols), f.heat->fill(v))}));
  }
  if (!anims.empty()) m_b.play(laggedStart(f.lag, std::move(anims)), f.seconds);
  if (f.recolor) m_b.play(recolor(matrix, f.color), 0.3);
}

void SectionKit::fillRow(ItemId matrix, int row, const Eigen::MatrixXd& values, kit::CellFill f) {
  f.cells.clear();
  for (int c = 0; c < values.cols(); ++c)
    f.cells.push_back(row * static_cast<int>(values.cols()) + c);
  fillCells(matrix, values, f);
}

void SectionKit::fillColumn(ItemId matrix, int col, const Eigen::MatrixXd& values,
                            kit::CellFill f) {
  f.cells.clear();
  for (int r = 0; r < values.rows(); ++r)
    f.cells.push_back(r * static_cast<int>(values.cols()) + col);
  fillCells(matrix, values, f);
}

std::vector<int> SectionKit::rowCells(ItemId matrix, int row) const {
  std::vector<int> cells;
  for (int c = 0; c < m_b.def(matrix).matrix.cols; ++c)
    cells.push_back(m_b.cellIndex(matrix, row, c));
  return cells;
}

std::vector<int> SectionKit::columnCells(ItemId matrix, int col) const {
  std::vector<int> cells;
  for (int r = 0; r < m_b.def(matrix).matrix.rows; ++r)
    cells.push_back(m_b.cellIndex(matrix, r, col));
  return cells;
}

void SectionKit::shift(const std::vector<ItemId>& items, glm::vec2 by, double seconds) {
  std::vector<Anim> moves;
  for (ItemId id : items) moves.push_back(moveTo(id, m_b.state(id).pos + by));
  if (!moves.empty()) m_b.play(group(std::move(moves)), seconds);
}

void SectionKit::highlightCells(ItemId matrix, const std::vector<int>& cells, float amount,
                                double seconds) {
  std::vector<Anim> anims;
  for (int c : cells) anims.push_back(cellHighlight(matrix, c, amount));
  if (!anims.empty()) m_b.play(group(std::move(anims)), seconds);
}

ItemId SectionKit::boxAround(ItemId target, const kit::BoxStyle& style) {
  return boxAround(m_b.bounds(target), {target}, style);
}

ItemId SectionKit::boxAround(const Rect& region, const std::vector<ItemId>& over,
                             const kit::BoxStyle& style) {
  ItemDef def = makeBox(style.stroke, style.radius);
  def.name = style.name;
  def.mayOverlap = over;
  const ItemId box = add(std::move(def), {.color = style.color});
  m_b.play(surround(box, region.expanded(style.pad)), 0.0);
  if (style.seconds > 0) m_b.play(create(box), style.seconds);
  return box;
}

void SectionKit::moveBox(ItemId box, const Rect& region, double seconds, float pad) {
  m_b.play(surround(box, region.expanded(pad)), seconds);
}

Anim SectionKit::walkBox(std::optional<ItemId>& box, const Rect& region,
                         const std::vector<ItemId>& over, const kit::BoxStyle& style) {
  if (box) return surround(*box, region.expanded(style.pad));
  kit::BoxStyle hidden = style;
  hidden.seconds = 0;
  box = boxAround(region, over, hidden);
  return create(*box);
}

namespace {

// A matrix in the kit's style: labels and headers legible, a placeholder's entries "?".
ItemDef kitMatrix(const FontAtlas& atlas, const Eigen::MatrixXd& values, MatrixStyle style,
                  bool placeholder) {
  style.labelSize = std::max(style.labelSize, kit::kMinTextSize);
  style.headerSize = std::max(style.headerSize, kit::kMinTextSize);
  if (placeholder) style.placeholder = "?";
  return makeMatrix(atlas, values, style);
}

}  // namespace

glm::vec2 SectionKit::matrixSize(const Eigen::MatrixXd& values, MatrixStyle style,
                                 bool placeholder) const {
  return itemBounds(m_b.atlas(), kitMatrix(m_b.atlas(), values, std::move(style), placeholder),
                    ItemState{})
      .size();
}

glm::vec2 SectionKit::textSize(const std::string& s, float size) const {
  return itemBounds(m_b.atlas(), makeText(s, std::max(size, kit::kMinTextSize)), ItemState{})
      .size();
}

ItemId SectionKit::matrix(const Eigen::MatrixXd& values, MatrixStyle style, bool placeholder) {
  ItemDef def = kitMatrix(m_b.atlas(), values, style, placeholder);
  const ItemId id =
      add(std::move(def), {.color = placeholder ? palette::kPlaceholder : style.color});
  // Entries not yet computed are faint and show "?", never their answer.
  if (placeholder) {
    std::vector<Anim> faint;
    for (int c = 0; c < values.size(); ++c) faint.push_back(cellOpacity(id, c, kit::kFaint));
    m_b.play(group(std::move(faint)), 0.0);
  }
  return id;
}

Anim SectionKit::gather(const std::vector<ItemId>& from, ItemId to) {
  if (from.empty()) return group({});
  std::vector<Anim> parts{m_b.transform(from[0], to)};
  const Rect want = m_b.bounds(to);
  for (size_t i = 1; i < from.size(); ++i) {
    const ItemId id = from[i];
    for (size_t j = 0; j < i; ++j) m_b.allowOverlap(from[j], id);
    m_b.allowOverlap(id, to);
    const Rect r = m_b.bounds(id);
    const float k =
        std::clamp(std::min(want.size().x / r.size().x, want.size().y / r.size().y), 0.05f, 20.0f);
    const ItemState& st = m_b.state(id);
    parts.push_back(group({moveTo(id, want.center() - (r.center() - st.pos) * k),
                           scaleTo(id, st.scale * k), fadeOut(id)}));
  }
  return group(std::move(parts));
}

float SectionKit::width(ItemId id) const {
  return m_b.bounds(id).size().x / m_b.state(id).scale;
}

Rect SectionKit::boundsOf(const std::vector<ItemId>& items) const {
  if (items.empty()) return {};
  Rect all = m_b.bounds(items.front());
  for (ItemId id : items) all = all.united(m_b.bounds(id));
  return all;
}

void SectionKit::fitWidth(ItemId id, float maxWidth) {
  const float w = width(id);
  if (w > maxWidth) m_b.play(scaleTo(id, maxWidth / w), 0.0);
}

float SectionKit::layOutRow(const std::vector<ItemId>& items, float y, float gap, float maxWidth,
                            float maxHeight, double seconds) {
  return layOutRow(items, y,
                   {.gap = gap, .maxWidth = maxWidth, .maxHeight = maxHeight, .seconds = seconds});
}

float SectionKit::layOutRow(const std::vector<ItemId>& items, float y, const kit::RowFit& fit) {
  std::vector<glm::vec2> sizes;
  for (ItemId id : items) sizes.push_back(m_b.bounds(id).size() / m_b.state(id).scale);
  const float scale = kit::fitRow(sizes, fit.gap, fit.maxWidth, fit.maxHeight, fit.most);
  rowAtScale(items, y, scale, fit.gap, fit.seconds);
  return scale;
}

void SectionKit::rowAtScale(const std::vector<ItemId>& items, float y, float scale, float gap,
                            double seconds) {
  std::vector<float> widths;
  for (ItemId id : items) widths.push_back(width(id) * scale);
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
  const Rect all = boundsOf(items);
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
  Product p{lhs, rhs, result, text("×", kit::kSignSize, {0, y}), text("=", kit::kSignSize, {0, y})};
  layOutRow({lhs, p.times, rhs, p.equals, result}, y);
  return p;
}

float SectionKit::productFit(glm::vec2 lhs, glm::vec2 rhs, glm::vec2 result) const {
  const std::vector<glm::vec2> sizes{lhs, textSize("×", kit::kSignSize), rhs,
                                     textSize("=", kit::kSignSize), result};
  return kit::fitRow(sizes);
}

void SectionKit::stepProduct(const Product& p, const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                             const StepperOptions& o) {
  constexpr float kBoxPad = 8;
  std::optional<ItemId> rowBox, colBox;
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
    std::vector<Anim> frame{walkBox(rowBox, rowRect, {p.lhs}, {.pad = 0, .name = "row box"}),
                            walkBox(colBox, colRect, {p.rhs}, {.pad = 0, .name = "column box"}),
                            cellHighlight(p.result, cell, 1.0f)};
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
  std::vector<Anim> tidy;
  if (rowBox) tidy.insert(tidy.end(), {fadeOut(*rowBox), fadeOut(*colBox)});
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

void SectionKit::clear(const std::vector<ItemId>& items, double seconds) {
  std::vector<Anim> anims;
  for (ItemId id : items) anims.push_back(fadeOut(id));
  if (!anims.empty()) m_b.play(group(std::move(anims)), seconds);
}

namespace kit {

// --- Act ----------------------------------------------------------------------------------------

Act::Act(SectionKit& kit) : m_kit(kit) {
  m_kit.m_acts.push_back(this);
}

Act::~Act() noexcept(false) {
  if (m_open) clear();
}

void Act::close() {
  m_open = false;
  std::erase(m_kit.m_acts, this);
}

void Act::adopt(ItemId id) {
  if (std::find(m_items.begin(), m_items.end(), id) == m_items.end()) m_items.push_back(id);
}

void Act::adopt(const std::vector<ItemId>& ids) {
  for (ItemId id : ids) adopt(id);
}

void Act::keep(ItemId id) {
  std::erase(m_items, id);
}

std::vector<ItemId> Act::items() const {
  std::vector<ItemId> out;
  for (ItemId id : m_items)
    if (m_kit.m_b.state(id).opacity > 0 && std::find(out.begin(), out.end(), id) == out.end())
      out.push_back(id);
  return out;
}

void Act::clear(double seconds, Leave how, std::vector<Anim> along) {
  leave(seconds, how, std::move(along), true);
}

void Act::clearUnder(double seconds, Leave how) {
  leave(seconds, how, {}, false);
}

void Act::leave(double seconds, Leave how, std::vector<Anim> along, bool advance) {
  const std::vector<ItemId> gone = items();
  close();
  if (m_kit.m_calc && std::find(gone.begin(), gone.end(), *m_kit.m_calc) != gone.end())
    m_kit.m_calc.reset();
  SectionBuilder& b = m_kit.m_b;
  std::vector<Anim> anims = std::move(along);
  for (ItemId id : gone) {
    if (how == Leave::Fade) {
      anims.push_back(fadeOut(id));
      continue;
    }
    const ItemState& st = b.state(id);
    const glm::vec2 c = b.bounds(id).center();
    constexpr float k = 0.6f;
    anims.push_back(
        group({fadeOut(id), moveTo(id, c + (st.pos - c) * k), scaleTo(id, st.scale * k)}));
  }
  if (!anims.empty()) b.play(group(std::move(anims)), {.runTime = seconds, .advance = advance});
}

void Act::clearInto(ItemId target, double seconds) {
  keep(target);
  const std::vector<ItemId> from = items();
  close();
  if (!from.empty()) m_kit.m_b.play(m_kit.gather(from, target), seconds);
}

}  // namespace kit

}  // namespace tfviz
