// Elided matrices (see elide.hpp). CPU only.
#include "scene/kit/elide.hpp"

#include <algorithm>
#include <cmath>

#include "render/text_layout.hpp"

namespace tfviz::kit {

std::vector<int> elideAxis(int n, int most, int tail) {
  std::vector<int> out;
  if (n <= 0) return out;
  if (n <= most || most < 3) {
    for (int i = 0; i < n; ++i) out.push_back(i);
    return out;
  }
  tail = std::clamp(tail, 0, most - 2);
  const int head = most - 1 - tail;
  for (int i = 0; i < head; ++i) out.push_back(i);
  out.push_back(kGap);
  for (int i = n - tail; i < n; ++i) out.push_back(i);
  return out;
}

std::vector<int> keepAxis(int n, std::vector<int> keep) {
  std::erase_if(keep, [n](int i) { return i < 0 || i >= n; });
  std::sort(keep.begin(), keep.end());
  keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
  std::vector<int> out;
  int next = 0;  // the first index not yet passed
  for (int i : keep) {
    if (i > next) out.push_back(kGap);
    out.push_back(i);
    next = i + 1;
  }
  if (next < n) out.push_back(kGap);
  return out;
}

Elision Elision::whole(int rows, int cols) {
  return {elideAxis(rows, rows), elideAxis(cols, cols)};
}

Elision Elision::of(int rows, int cols, int mostRows, int mostCols, int tailRows, int tailCols) {
  return {elideAxis(rows, mostRows, tailRows), elideAxis(cols, mostCols, tailCols)};
}

bool Elision::isWhole() const {
  return std::find(rows.begin(), rows.end(), kGap) == rows.end() &&
         std::find(cols.begin(), cols.end(), kGap) == cols.end();
}

namespace {
int placeOf(const std::vector<int>& axis, int i) {
  if (i < 0) return -1;
  const auto it = std::find(axis.begin(), axis.end(), i);
  return it == axis.end() ? -1 : static_cast<int>(it - axis.begin());
}
}  // namespace

int Elision::rowOf(int r) const {
  return placeOf(rows, r);
}
int Elision::colOf(int c) const {
  return placeOf(cols, c);
}
int Elision::cell(int r, int c) const {
  const int i = rowOf(r), j = colOf(c);
  return i < 0 || j < 0 ? -1 : i * shownCols() + j;
}

std::string acrossMark(const FontAtlas& atlas) {
  return atlas.glyph(FontFace::Mono, U'\u22EF') ? "\u22EF" : "\u2026";
}
std::string downMark(const FontAtlas& atlas) {
  return atlas.glyph(FontFace::Mono, U'\u22EE') ? "\u22EE" : ":";
}

Eigen::MatrixXd elidedValues(const Eigen::MatrixXd& values, const Elision& e) {
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(e.shownRows(), e.shownCols());
  for (int i = 0; i < e.shownRows(); ++i)
    for (int j = 0; j < e.shownCols(); ++j)
      if (e.rows[static_cast<size_t>(i)] != kGap && e.cols[static_cast<size_t>(j)] != kGap)
        out(i, j) = values(e.rows[static_cast<size_t>(i)], e.cols[static_cast<size_t>(j)]);
  return out;
}

std::vector<std::string> elidedTexts(const FontAtlas& atlas, const Eigen::MatrixXd& values,
                                     const Elision& e, math::NumberFormat format, bool hideZeros) {
  const std::string across = acrossMark(atlas), down = downMark(atlas);
  std::vector<std::string> texts;
  for (int r : e.rows) {
    for (int c : e.cols) {
      if (r == kGap && c == kGap)
        texts.emplace_back();
      else if (r == kGap)
        texts.push_back(down);
      else if (c == kGap)
        texts.push_back(across);
      else if (hideZeros && values(r, c) == 0.0)
        texts.emplace_back();
      else
        texts.push_back(math::formatNumber(values(r, c), format));
    }
  }
  return texts;
}

std::vector<std::string> elidedLabels(const std::vector<std::string>& labels,
                                      const std::vector<int>& axis) {
  std::vector<std::string> out;
  if (labels.empty()) return out;
  for (int i : axis)
    out.push_back(i == kGap || i >= static_cast<int>(labels.size())
                      ? std::string()
                      : labels[static_cast<size_t>(i)]);
  return out;
}

namespace {

// The definition: the shown values through the kit's matrix style, then the gap cells' texts.
ItemDef elidedDef(const FontAtlas& atlas, const Eigen::MatrixXd& values, MatrixStyle style,
                  const Elision& e, bool placeholder) {
  style.rowLabels = elidedLabels(style.rowLabels, e.rows);
  style.colLabels = elidedLabels(style.colLabels, e.cols);
  style.labelSize = std::max(style.labelSize, kMinTextSize);
  style.headerSize = std::max(style.headerSize, kMinTextSize);
  if (placeholder) style.placeholder = "?";
  ItemDef def = makeMatrix(atlas, elidedValues(values, e), style);
  const std::vector<std::string> texts =
      elidedTexts(atlas, values, e, style.format, style.hideZeros);
  for (int i = 0; i < e.shownRows(); ++i) {
    for (int j = 0; j < e.shownCols(); ++j) {
      const size_t cell = static_cast<size_t>(i * e.shownCols() + j);
      const bool gap =
          e.rows[static_cast<size_t>(i)] == kGap || e.cols[static_cast<size_t>(j)] == kGap;
      if (gap) def.matrix.initialText[cell] = internText(def.matrix, texts[cell]);
    }
  }
  return def;
}

}  // namespace

ItemId elidedMatrix(SectionKit& k, const Eigen::MatrixXd& values, MatrixStyle style,
                    const Elision& e, bool placeholder) {
  ItemDef def = elidedDef(k.b().atlas(), values, style, e, placeholder);
  const glm::vec4 color = placeholder ? palette::kPlaceholder : style.color;
  ItemState state{.color = color};
  for (int i = 0; i < e.shownRows(); ++i) {
    for (int j = 0; j < e.shownCols(); ++j) {
      const size_t cell = static_cast<size_t>(i * e.shownCols() + j);
      const bool gap =
          e.rows[static_cast<size_t>(i)] == kGap || e.cols[static_cast<size_t>(j)] == kGap;
      CellState cs;
      cs.color = gap ? palette::kNote : color;
      cs.opacity = placeholder && !gap ? kFaint : 1.0f;
      cs.textA = cs.textB = def.matrix.initialText[cell];
      state.cells.push_back(cs);
    }
  }
  return k.add(std::move(def), std::move(state));
}

glm::vec2 elidedMatrixSize(SectionKit& k, const Eigen::MatrixXd& values, MatrixStyle style,
                           const Elision& e) {
  const FontAtlas& atlas = k.b().atlas();
  return itemBounds(atlas, elidedDef(atlas, values, std::move(style), e, false), ItemState{})
      .size();
}

Anim changeElided(SectionKit& k, ItemId matrix, const Eigen::MatrixXd& values, const Elision& e,
                  math::NumberFormat format, double lag, bool hideZeros) {
  const std::vector<std::string> texts = elidedTexts(k.b().atlas(), values, e, format, hideZeros);
  std::vector<Anim> cells;
  for (int i = 0; i < e.shownRows(); ++i)
    for (int j = 0; j < e.shownCols(); ++j)
      if (e.rows[static_cast<size_t>(i)] != kGap && e.cols[static_cast<size_t>(j)] != kGap) {
        const int cell = i * e.shownCols() + j;
        cells.push_back(cellText(matrix, cell, texts[static_cast<size_t>(cell)]));
      }
  return laggedStart(lag, std::move(cells));
}

Anim fillElided(SectionKit& k, ItemId matrix, const Eigen::MatrixXd& values, const Elision& e,
                math::NumberFormat format, glm::vec4 color, double lag) {
  const std::vector<std::string> texts = elidedTexts(k.b().atlas(), values, e, format);
  std::vector<Anim> cells;
  for (int i = 0; i < e.shownRows(); ++i)
    for (int j = 0; j < e.shownCols(); ++j)
      if (e.rows[static_cast<size_t>(i)] != kGap && e.cols[static_cast<size_t>(j)] != kGap) {
        const int cell = i * e.shownCols() + j;
        cells.push_back(group({cellText(matrix, cell, texts[static_cast<size_t>(cell)]),
                               cellColor(matrix, cell, color), cellOpacity(matrix, cell, 1.0f)}));
      }
  return group({laggedStart(lag, std::move(cells)), recolor(matrix, color)});
}

Anim heatUpElided(ItemId matrix, const Eigen::MatrixXd& values, const Elision& e,
                  const HeatScale& scale) {
  std::vector<Anim> cells;
  for (int i = 0; i < e.shownRows(); ++i) {
    for (int j = 0; j < e.shownCols(); ++j) {
      const int r = e.rows[static_cast<size_t>(i)], c = e.cols[static_cast<size_t>(j)];
      if (r == kGap || c == kGap) continue;
      const int cell = i * e.shownCols() + j;
      const bool masked = std::isinf(values(r, c));
      cells.push_back(group({cellFill(matrix, cell, scale.fill(values(r, c))),
                             cellColor(matrix, cell, masked ? palette::kNote : palette::kText)}));
    }
  }
  return group(std::move(cells));
}

std::vector<int> elidedRowCells(const Elision& e, const std::vector<int>& rows) {
  std::vector<int> cells;
  for (int r : rows) {
    const int i = e.rowOf(r);
    if (i < 0) continue;
    for (int j = 0; j < e.shownCols(); ++j)
      if (e.cols[static_cast<size_t>(j)] != kGap) cells.push_back(i * e.shownCols() + j);
  }
  return cells;
}

}  // namespace tfviz::kit
