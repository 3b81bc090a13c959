// The kit's lines and moving numbers, for the small worked examples (s01-s04 and after): the
// examples' matrix style, several items written in turn, centred lines written one after another,
// cells lit or shown together as one animation, a box walking from region to region, and copies of
// a matrix entry that fly to where the number is needed next. (Arrows and declared overlaps:
// kit/marks.hpp.) CPU only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scene/kit.hpp"

namespace tfviz::kit {

// The article's numbers in the small examples: "0.8", "1", "0".
inline constexpr math::NumberFormat kTenths{.decimals = 1};

// The worked examples' matrix style (a few entries, shown large): the kit's matrix font, labels
// at 40 and headers at `headerSize`, numbers in `format`.
MatrixStyle exampleStyle(MatrixStyle s, float headerSize = 40, math::NumberFormat format = kTenths);

// Writes items (Manim's Write) over `seconds`, each starting `lag` (laggedStart's) after the one
// before.
void write(SectionKit& k, const std::vector<ItemId>& items, double seconds = 2.4, double lag = 0.6);

// Lines of text centred on x = 960, the first at height y and each next one `spacing` lower,
// written in turn (kit::write, over `seconds`). Returned top to bottom.
std::vector<ItemId> writeLines(SectionKit& k, const std::vector<std::string>& lines, float size,
                               float y, float spacing, double seconds = 2.4,
                               glm::vec4 color = palette::kText);

// Lights (1) or clears (0) cells of a matrix together, as one animation to combine with others
// (SectionKit::highlightCells plays it alone).
Anim lightCells(ItemId matrix, const std::vector<int>& cells, float amount);
// Shows (1) or hides (0) the entries of cells of a matrix together, as one animation.
Anim cellsOpacity(ItemId matrix, const std::vector<int>& cells, float opacity);

// Brings a highlight box (made by SectionKit::boxAround with seconds = 0) onto `region`, padded
// by `pad`, as one animation to combine with others: a hidden box jumps there now and the
// animation draws it (create); a shown one glides there (surround). A box walking over the rows
// or columns of a matrix, one step per call.
Anim boxOnto(SectionKit& k, ItemId box, const Rect& region, float pad = 8);

// Where a matrix draws the text of cell (row, col) now: right-aligned, its padding inside the
// cell's right edge, centred on the cell's height. A right-aligned text placed here covers the
// entry exactly.
glm::vec2 cellTextAnchor(const SectionBuilder& b, ItemId matrix, int row, int col);

// A copy of the number that cell (row, col) of `matrix` shows now, in the cell's colour and
// size, standing exactly on it (right-aligned at cellTextAnchor). Hidden; declared to overlap the
// matrix it lifts off.
ItemId copyCell(SectionKit& k, ItemId matrix, int row, int col);

// How flyCopy moves a copy.
struct Flight {
  float size = 0;              // the text size it lands at; 0: it keeps its size
  std::optional<ItemId> past;  // an item on the way that it goes around (above or below)
  bool appear = true;          // it first fades in where it stands (0.3 of a 1.0 glide)
};

// A copy (any text item) flying so that its anchor lands on `to`: it appears (Flight::appear),
// then glides, its text turning to Flight::size. Around Flight::past it goes through a waypoint
// beside that item, with room to spare, speeding up on the first leg and slowing down on the
// second (their times in proportion to their lengths). Play it like any animation.
Anim flyCopy(SectionKit& k, ItemId copy, glm::vec2 to, const Flight& flight = {});

}  // namespace tfviz::kit
