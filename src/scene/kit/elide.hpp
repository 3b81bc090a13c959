// Elided matrices: a tensor too big to show whole drawn as some of its rows and columns, with one
// row of ⋮ and one column of ⋯ where the others are left out, every number still at the kit's
// size (the model section's embeddings, activations and attention maps of long prompts). Which
// indices an axis shows, the matrix item with its headers picked to match, where an entry of the
// whole tensor sits in it, and its cells filled, changed or heat-coloured like a whole matrix's.
// CPU only.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

#include "scene/heat.hpp"
#include "scene/kit.hpp"

namespace tfviz::kit {

// In an axis list, the place of the left-out indices (one ⋮ row or ⋯ column).
inline constexpr int kGap = -1;

// The indices an axis of n entries shows, in order: all of them when n <= most, else the first
// most − 1 − tail, a gap, and the last `tail` (tail is clamped so at least one comes first).
std::vector<int> elideAxis(int n, int most, int tail = 1);
// The indices in `keep` (any order, repeats and out-of-range ones dropped) in increasing order,
// with a gap wherever indices are skipped: before the first, between two, after the last.
std::vector<int> keepAxis(int n, std::vector<int> keep);

// Which rows and columns of a rows x cols tensor an elided matrix shows.
struct Elision {
  std::vector<int> rows;  // indices or kGap, in order
  std::vector<int> cols;

  // Nothing left out: every row and column.
  static Elision whole(int rows, int cols);
  // elideAxis on both axes.
  static Elision of(int rows, int cols, int mostRows, int mostCols, int tailRows = 1,
                    int tailCols = 1);
  bool isWhole() const;
  int shownRows() const { return static_cast<int>(rows.size()); }
  int shownCols() const { return static_cast<int>(cols.size()); }
  // Where row r (column c) of the tensor is shown, or -1 when it is left out.
  int rowOf(int r) const;
  int colOf(int c) const;
  // The shown cell (row-major index) of entry (r, c) of the tensor, or -1 when it is left out.
  int cell(int r, int c) const;
};

// The marks for left-out columns and rows, in the monospace face the entries use: "⋯" and "⋮"
// when the atlas has them there, else "…" and ":".
std::string acrossMark(const FontAtlas& atlas);
std::string downMark(const FontAtlas& atlas);

// The entries an elided matrix shows (0 at gaps), and their texts row-major: numbers in `format`
// (zeros blank with hideZeros), the marks at gaps, a gap row crossing a gap column blank.
Eigen::MatrixXd elidedValues(const Eigen::MatrixXd& values, const Elision& e);
std::vector<std::string> elidedTexts(const FontAtlas& atlas, const Eigen::MatrixXd& values,
                                     const Elision& e, math::NumberFormat format,
                                     bool hideZeros = false);
// Headers of the whole tensor (one per row or column, or none) picked for an axis: "" at a gap.
std::vector<std::string> elidedLabels(const std::vector<std::string>& labels,
                                      const std::vector<int>& axis);

// A matrix in the kit's style (SectionKit::matrix) showing the elision's rows and columns of
// `values`; style.rowLabels and style.colLabels are given for the whole tensor (or empty) and
// picked to match. The gap marks are in the note colour. Hidden; `placeholder` starts the shown
// entries as a faint "?".
ItemId elidedMatrix(SectionKit& k, const Eigen::MatrixXd& values, MatrixStyle style,
                    const Elision& e, bool placeholder = false);
// Its natural size (at scale 1), measured without adding it: for planning a row.
glm::vec2 elidedMatrixSize(SectionKit& k, const Eigen::MatrixXd& values, MatrixStyle style,
                           const Elision& e);

// The shown entries of an elided matrix turning into `values` (a tensor of the same shape),
// entry by entry (transformCells' lag); gap cells keep their marks.
Anim changeElided(SectionKit& k, ItemId matrix, const Eigen::MatrixXd& values, const Elision& e,
                  math::NumberFormat format, double lag = 0.05, bool hideZeros = false);
// The shown entries of a placeholder (or any elided matrix) written with `values`, entry after
// entry: text, `color` and full opacity, the matrix itself taking `color` (SectionKit::fillCells
// for an elided matrix). Play it like any animation.
Anim fillElided(SectionKit& k, ItemId matrix, const Eigen::MatrixXd& values, const Elision& e,
                math::NumberFormat format, glm::vec4 color, double lag = 0.1);
// The shown entries turning to their fill on `scale` together (−∞ entries to the masked fill),
// gap cells untouched: heatUp for an elided matrix. Play it like any animation.
Anim heatUpElided(ItemId matrix, const Eigen::MatrixXd& values, const Elision& e,
                  const HeatScale& scale);
// The shown cells of tensor rows `rows` (all their shown columns), for highlightCells.
std::vector<int> elidedRowCells(const Elision& e, const std::vector<int>& rows);

}  // namespace tfviz::kit
