// SectionBuilder and item factories (see builder.hpp).
#include "scene/builder.hpp"

#include <algorithm>
#include <stdexcept>

#include "render/text_layout.hpp"

namespace tfviz {

int internText(MatrixDef& def, const std::string& text) {
  const auto it = std::find(def.texts.begin(), def.texts.end(), text);
  if (it != def.texts.end()) return static_cast<int>(it - def.texts.begin());
  def.texts.push_back(text);
  return static_cast<int>(def.texts.size() - 1);
}

ItemDef makeMatrix(const FontAtlas& atlas, const Eigen::MatrixXd& values,
                   const MatrixStyle& style) {
  ItemDef def{.kind = ItemKind::Matrix};
  MatrixDef& m = def.matrix;
  m.rows = static_cast<int>(values.rows());
  m.cols = static_cast<int>(values.cols());
  m.fontSize = style.fontSize;
  m.label = style.label;
  m.labelSize = style.labelSize;
  def.name = style.label;
  // Texts 0 .. rows*cols-1 are the values in row-major order (duplicates interned once), then
  // the placeholder.
  m.rowLabels = style.rowLabels;
  m.colLabels = style.colLabels;
  m.headerSize = style.headerSize;
  float widest = 0;
  for (int i = 0; i < m.rows; ++i) {
    for (int j = 0; j < m.cols; ++j) {
      const bool blank = style.hideZeros && values(i, j) == 0.0;
      const std::string text =
          blank ? std::string() : math::formatNumber(values(i, j), style.format);
      m.initialText.push_back(internText(m, text));
      widest = std::max(widest, measureText(atlas, FontFace::Mono, text, style.fontSize));
    }
  }
  if (!style.placeholder.empty()) {
    const int index = internText(m, style.placeholder);
    std::fill(m.initialText.begin(), m.initialText.end(), index);
    widest =
        std::max(widest, measureText(atlas, FontFace::Mono, style.placeholder, style.fontSize));
  }
  m.cellSize = {widest + 2 * style.padX * style.fontSize, style.rowHeight * style.fontSize};
  // Column headers must fit over their column.
  for (const std::string& header : style.colLabels) {
    const float w = measureText(atlas, FontFace::Sans, header, style.headerSize);
    m.cellSize.x = std::max(m.cellSize.x, w + 0.5f * style.headerSize);
  }
  m.padX = (m.cellSize.x - widest) * 0.5f / style.fontSize;  // numbers stay centred as a column
  return def;
}

ItemDef makeText(std::string text, float size, FontFace face, Align align) {
  ItemDef def{.kind = ItemKind::Text};
  def.name = text;
  def.text = {.text = std::move(text), .face = face, .size = size, .align = align};
  return def;
}

ItemDef makeBox(float strokeWidth, float radius, glm::vec4 fill) {
  ItemDef def{.kind = ItemKind::Box};
  def.name = "box";
  def.box = {.fill = fill, .strokeWidth = strokeWidth, .radius = radius};
  def.layer = 1;
  return def;
}

ItemDef makeSolid(float radius) {
  ItemDef def{.kind = ItemKind::Box};
  def.name = "shape";
  def.box = {.strokeWidth = 0, .radius = radius, .solid = true};
  return def;
}

ItemDef makePath(std::vector<glm::vec2> points, float width, float arrowSize, bool closed) {
  ItemDef def{.kind = ItemKind::Path};
  def.name = arrowSize > 0 ? "arrow" : "path";
  def.path = {
      .points = std::move(points), .width = width, .closed = closed, .arrowSize = arrowSize};
  return def;
}

SectionBuilder::SectionBuilder(std::string id, std::string title, const FontAtlas& atlas)
    : m_atlas(atlas) {
  m_script.id = std::move(id);
  m_script.title = std::move(title);
}

ItemId SectionBuilder::add(ItemDef def, ItemState state) {
  const auto id = static_cast<ItemId>(m_script.items.size());
  if (def.kind == ItemKind::Matrix && state.cells.empty()) {
    state.cells.resize(static_cast<size_t>(def.matrix.rows * def.matrix.cols));
    for (size_t i = 0; i < state.cells.size(); ++i) {
      CellState& c = state.cells[i];
      c.color = state.color;
      c.textA = c.textB = i < def.matrix.initialText.size() ? def.matrix.initialText[i] : 0;
    }
  }
  m_script.items.push_back(std::move(def));
  m_script.initial.push_back(state);
  m_current.push_back(std::move(state));
  return id;
}

void SectionBuilder::layOut(const Anim& anim, double start, double scale,
                            std::vector<Scheduled>& out) const {
  switch (anim.kind) {
    case Anim::Kind::Leaf:
      out.push_back({&anim, start, start + anim.duration * scale});
      return;
    case Anim::Kind::Group:
      for (const Anim& c : anim.children) layOut(c, start, scale, out);
      return;
    case Anim::Kind::Succession:
      for (const Anim& c : anim.children) {
        layOut(c, start, scale, out);
        start += naturalSpan(c) * scale;
      }
      return;
    case Anim::Kind::Lagged:
      for (const Anim& c : anim.children) {
        layOut(c, start, scale, out);
        start += anim.lag * naturalSpan(c) * scale;
      }
      return;
  }
}

void SectionBuilder::play(const Anim& anim, PlayOptions options) {
  if (options.runTime < 0) throw std::invalid_argument("play: negative run time");
  const double span = naturalSpan(anim);
  const double scale = span > 0 ? options.runTime / span : 0.0;
  std::vector<Scheduled> leaves;
  layOut(anim, m_now, scale, leaves);
  std::stable_sort(leaves.begin(), leaves.end(),
                   [](const Scheduled& a, const Scheduled& b) { return a.t0 < b.t0; });
  // Check every change first, so a play that throws records nothing.
  for (const Scheduled& s : leaves) {
    for (const Change& change : s.leaf->changes) {
      if (change.item >= m_current.size()) throw std::out_of_range("play: unknown item");
      const ItemDef& def = m_script.items[change.item];
      if (isCellProp(change.prop) &&
          (def.kind != ItemKind::Matrix || change.cell < 0 ||
           change.cell >= static_cast<int>(m_current[change.item].cells.size())))
        throw std::out_of_range("play: cell change on " + def.name + " has no such cell");
    }
  }
  for (const Scheduled& s : leaves) {
    for (const Change& change : s.leaf->changes) {
      Clip clip{.item = change.item,
                .cell = change.cell,
                .prop = change.prop,
                .ease = s.leaf->ease.value_or(options.ease),
                .t0 = s.t0,
                .t1 = s.t1};
      clip.from = change.from.value_or(readProp(m_current[change.item], change.prop, change.cell));
      clip.to = change.to;
      if (change.prop == Prop::CellText) {
        const int index = internText(m_script.items[change.item].matrix, change.text);
        clip.to = glm::vec4(static_cast<float>(index), 0, 0, 0);
      }
      applyClip(clip, settledProgress(clip.ease), m_current);
      m_script.clips.push_back(clip);
    }
  }
  if (options.advance) m_now += options.runTime;
}

void SectionBuilder::wait(double seconds) {
  if (seconds < 0) throw std::invalid_argument("wait: negative duration");
  m_now += seconds;
}

void SectionBuilder::beat(std::string label, std::string note) {
  if (!m_script.beats.empty() && m_script.beats.back().time >= m_now - kTimeEpsilon) {
    m_script.beats.back() = {m_now, std::move(label), std::move(note)};  // one stop per instant
    return;
  }
  m_script.beats.push_back({m_now, std::move(label), std::move(note)});
}

void SectionBuilder::recordProduct(ItemId lhs, ItemId rhs, ItemId result, const Eigen::MatrixXd& a,
                                   const Eigen::MatrixXd& b, math::NumberFormat format) {
  ProductRecord r{.lhs = lhs,
                  .rhs = rhs,
                  .result = result,
                  .rows = static_cast<int>(a.rows()),
                  .inner = static_cast<int>(a.cols()),
                  .cols = static_cast<int>(b.cols()),
                  .decimals = format.decimals};
  for (Eigen::Index i = 0; i < a.rows(); ++i)
    for (Eigen::Index k = 0; k < a.cols(); ++k) r.a.push_back(a(i, k));
  for (Eigen::Index k = 0; k < b.rows(); ++k)
    for (Eigen::Index j = 0; j < b.cols(); ++j) r.b.push_back(b(k, j));
  m_script.products.push_back(std::move(r));
}

void SectionBuilder::noteCell(ItemId matrix, int cell, std::string title,
                              std::vector<std::string> terms, std::string result) {
  m_script.cellNotes.push_back({.time = m_now,
                                .item = matrix,
                                .cell = cell,
                                .title = std::move(title),
                                .terms = std::move(terms),
                                .result = std::move(result)});
}

void SectionBuilder::allowOverlap(ItemId a, ItemId b) {
  auto& list = m_script.items.at(a).mayOverlap;
  if (std::find(list.begin(), list.end(), b) == list.end()) list.push_back(b);
}

namespace {

// The position that puts the centre of an item's bounds at `target` once its scale is
// multiplied by `factor` (an item scales about its position, which need not be its centre).
glm::vec2 positionFor(glm::vec2 pos, glm::vec2 center, float factor, glm::vec2 target) {
  return target - (center - pos) * factor;
}

// How much `a` must scale to cover `b` (fitted, so it never overshoots either side).
float fitFactor(const Rect& a, const Rect& b) {
  const glm::vec2 sa = a.size(), sb = b.size();
  float f = 1;
  if (sa.x > 0 && sb.x > 0) f = sb.x / sa.x;
  if (sa.y > 0 && sb.y > 0) f = std::min(f, sb.y / sa.y);
  return std::clamp(f, 0.05f, 20.0f);
}

}  // namespace

Anim SectionBuilder::transform(ItemId from, ItemId to) {
  if (from >= m_current.size() || to >= m_current.size() || from == to)
    throw std::out_of_range("transform: needs two different items");
  allowOverlap(from, to);
  const ItemState& a = m_current[from];
  const ItemState& b = m_current[to];
  const Rect ra = bounds(from), rb = bounds(to);
  // Each item only ever covers the other's box: the outgoing one shrinks or grows to fit inside
  // the target's box, the incoming one starts fitted inside the source's box.
  const float k = fitFactor(ra, rb);
  const float kIn = fitFactor(rb, ra);
  Anim leaf;
  leaf.changes = {
      {.item = from,
       .prop = Prop::Position,
       .to = glm::vec4(positionFor(a.pos, ra.center(), k, rb.center()), 0, 0)},
      {.item = from, .prop = Prop::Scale, .to = glm::vec4(a.scale * k)},
      {.item = from, .prop = Prop::Opacity, .to = glm::vec4(0)},
      {.item = to,
       .prop = Prop::Position,
       .to = glm::vec4(b.pos, 0, 0),
       .from = glm::vec4(positionFor(b.pos, rb.center(), kIn, ra.center()), 0, 0)},
      {.item = to, .prop = Prop::Scale, .to = glm::vec4(b.scale), .from = glm::vec4(b.scale * kIn)},
      {.item = to, .prop = Prop::Opacity, .to = glm::vec4(1), .from = glm::vec4(0)},
  };
  return leaf;
}

namespace {

// A text cut into words: each word's text and the byte offset where it starts. Spaces separate
// words, except inside a `$...$` span (maths keeps its spaces); `\$` is not a delimiter.
struct Word {
  std::string text;
  size_t start = 0;
};

std::vector<Word> splitWords(const std::string& s) {
  std::vector<Word> words;
  bool maths = false;
  size_t start = std::string::npos;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\' && i + 1 < s.size()) {
      if (start == std::string::npos) start = i;
      ++i;  // an escaped character belongs to the word
      continue;
    }
    if (c == '$') maths = !maths;
    if (c == ' ' && !maths) {
      if (start != std::string::npos) words.push_back({s.substr(start, i - start), start});
      start = std::string::npos;
    } else if (start == std::string::npos) {
      start = i;
    }
  }
  if (start != std::string::npos) words.push_back({s.substr(start), start});
  return words;
}

}  // namespace

std::vector<std::string> textWords(const std::string& text) {
  std::vector<std::string> out;
  for (Word& w : splitWords(text)) out.push_back(std::move(w.text));
  return out;
}

Anim SectionBuilder::transformMatching(ItemId from, ItemId to) {
  if (from >= m_current.size() || to >= m_current.size() || from == to)
    throw std::out_of_range("transformMatching: needs two different items");
  if (m_script.items[from].kind != ItemKind::Text || m_script.items[to].kind != ItemKind::Text)
    throw std::invalid_argument("transformMatching: both items must be text");
  allowOverlap(from, to);

  // One hidden item per word, standing exactly where the word is drawn inside its text.
  struct Placed {
    ItemId id;
    std::string text;
  };
  auto cut = [&](ItemId whole) {
    const ItemDef def = m_script.items[whole];  // copies: add() may grow the vectors
    const ItemState state = m_current[whole];
    const glm::vec2 origin = textOrigin(m_atlas, def.text, state);
    const float size = def.text.size * state.scale;
    std::vector<Placed> out;
    for (const Word& w : splitWords(def.text.text)) {
      ItemDef piece = makeText(w.text, def.text.size, def.text.face, Align::Left);
      piece.slot = def.slot;
      piece.name = def.name.empty() ? w.text : def.name + ": " + w.text;
      const float x =
          origin.x + measureText(m_atlas, def.text.face,
                                 std::string_view(def.text.text).substr(0, w.start), size);
      const ItemId id =
          add(std::move(piece),
              {.pos = {x, state.pos.y}, .scale = state.scale, .opacity = 0, .color = state.color});
      out.push_back({id, w.text});
    }
    return out;
  };
  const std::vector<Placed> a = cut(from);
  const std::vector<Placed> b = cut(to);
  // Words pair up in order (the longest common subsequence), so the moving words never pass
  // each other: each gap between two of them goes from its old width to its new one.
  std::vector<int> partner(a.size(), -1);
  std::vector<bool> taken(b.size(), false);
  {
    const size_t n = a.size(), m = b.size();
    std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
    for (size_t i = n; i-- > 0;)
      for (size_t j = m; j-- > 0;)
        lcs[i][j] =
            a[i].text == b[j].text ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    for (size_t i = 0, j = 0; i < n && j < m;) {
      if (a[i].text == b[j].text) {
        partner[i] = static_cast<int>(j);
        taken[j] = true;
        ++i, ++j;
      } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
        ++i;
      } else {
        ++j;
      }
    }
  }
  // The words stand in for the wholes, which are hidden meanwhile.
  for (const Placed& p : a) allowOverlap(p.id, from), allowOverlap(p.id, to);
  for (const Placed& p : b) allowOverlap(p.id, from), allowOverlap(p.id, to);

  // Three phases, one after the other, so no word is ever drawn over another: the words only
  // `from` has fade where they stand, the shared ones glide to their places in `to` (its size
  // and colour), then the words only `to` has fade in around them.
  const float fromOpacity = m_current[from].opacity;
  Anim swapIn;  // instant: the words stand in for `from`
  swapIn.duration = 0;
  swapIn.changes.push_back({.item = from, .prop = Prop::Opacity, .to = glm::vec4(0)});
  for (const Placed& p : a)
    swapIn.changes.push_back({.item = p.id, .prop = Prop::Opacity, .to = glm::vec4(fromOpacity)});
  Anim leave, move, arrive;
  leave.duration = 0.3;
  move.duration = 0.45;
  arrive.duration = 0.25;
  const float size = m_script.items[to].text.size / m_script.items[from].text.size;
  for (size_t i = 0; i < a.size(); ++i) {
    if (partner[i] < 0) {
      leave.changes.push_back({.item = a[i].id, .prop = Prop::Opacity, .to = glm::vec4(0)});
      continue;
    }
    const ItemState& target = m_current[b[static_cast<size_t>(partner[i])].id];
    move.changes.push_back(
        {.item = a[i].id, .prop = Prop::Position, .to = glm::vec4(target.pos, 0, 0)});
    move.changes.push_back(
        {.item = a[i].id, .prop = Prop::Scale, .to = glm::vec4(target.scale * size)});
    move.changes.push_back({.item = a[i].id, .prop = Prop::Color, .to = target.color});
  }
  for (size_t j = 0; j < b.size(); ++j) {
    if (taken[j]) continue;
    arrive.changes.push_back({.item = b[j].id, .prop = Prop::Opacity, .to = glm::vec4(1)});
  }
  Anim swapOut;  // instant: `to` whole again
  swapOut.duration = 0;
  swapOut.changes.push_back({.item = to, .prop = Prop::Opacity, .to = glm::vec4(1)});
  for (const Placed& p : a)
    swapOut.changes.push_back({.item = p.id, .prop = Prop::Opacity, .to = glm::vec4(0)});
  for (const Placed& p : b)
    swapOut.changes.push_back({.item = p.id, .prop = Prop::Opacity, .to = glm::vec4(0)});
  return succession({std::move(swapIn), std::move(leave), std::move(move), std::move(arrive),
                     std::move(swapOut)});
}

Rect SectionBuilder::bounds(ItemId id) const {
  return itemBounds(m_atlas, m_script.items[id], m_current[id]);
}

int SectionBuilder::cellIndex(ItemId matrix, int row, int col) const {
  return row * m_script.items[matrix].matrix.cols + col;
}

Rect SectionBuilder::cellBounds(ItemId matrix, int row, int col) const {
  return matrixGeometry(m_script.items[matrix].matrix, m_current[matrix]).cell(row, col);
}

Rect SectionBuilder::rowBounds(ItemId matrix, int row) const {
  const int cols = m_script.items[matrix].matrix.cols;
  return cellBounds(matrix, row, 0).united(cellBounds(matrix, row, cols - 1));
}

Rect SectionBuilder::colBounds(ItemId matrix, int col) const {
  const int rows = m_script.items[matrix].matrix.rows;
  return cellBounds(matrix, 0, col).united(cellBounds(matrix, rows - 1, col));
}

SectionScript SectionBuilder::finish() && {
  // An instant change holds strictly after its time: one placed at the very end would never be
  // seen, so the section lasts a frame longer.
  for (const Clip& c : m_script.clips) {
    if (c.t1 <= c.t0 && c.t0 >= m_now - kTimeEpsilon) m_now = c.t0 + 1.0 / 120.0;
  }
  m_script.duration = m_now;
  if (m_script.beats.empty() || m_script.beats.back().time < m_now - kTimeEpsilon) {
    m_script.beats.push_back(
        {m_now, "end", "The end of the section: the next key goes on to the next one."});
  }
  std::stable_sort(m_script.clips.begin(), m_script.clips.end(),
                   [](const Clip& a, const Clip& b) { return a.t0 < b.t0; });
  return std::move(m_script);
}

}  // namespace tfviz
