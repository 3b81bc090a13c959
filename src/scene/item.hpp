// Scene items (text, matrix, box): their immutable definitions, their animated state, and their
// geometry in the 1920x1080 design space. CPU only, no GL here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <glm/vec2.hpp>
#include <glm/vec4.hpp>

#include "render/draw_list.hpp"
#include "render/font_atlas.hpp"

namespace tfviz {

// The fixed design space every section is authored in; the camera letterboxes it into any target.
inline constexpr float kDesignWidth = 1920.0f;
inline constexpr float kDesignHeight = 1080.0f;

using ItemId = uint32_t;

enum class ItemKind : uint8_t { Text, Matrix, Box, Path };
enum class Align : uint8_t { Left, Center, Right };

struct TextDef {
  std::string text;
  FontFace face = FontFace::Sans;
  float size = 40;  // px in design space
  Align align = Align::Center;
};

// A matrix: cells on a grid, numbers right-aligned in the monospace font, brackets drawn as
// strokes around the whole grid, and an optional label above.
struct MatrixDef {
  int rows = 0;
  int cols = 0;
  std::vector<std::string> texts;  // every string a cell ever shows; cells index into it
  std::vector<int> initialText;    // per cell (row-major): the text shown at the start
  float fontSize = 40;
  glm::vec2 cellSize{0, 0};  // computed by makeMatrix from the widest text
  float padX = 0.55f;        // right inset of the numbers, in font sizes
  std::string label;
  float labelSize = 30;
  // Optional headers (vocabulary words): one per row, right-aligned left of the left bracket,
  // and one per column, centred above it. Drawn in the item's colour at headerSize.
  std::vector<std::string> rowLabels;
  std::vector<std::string> colLabels;
  float headerSize = 30;
  glm::vec4 headerColor{0.59f, 0.63f, 0.69f, 1.0f};
};

struct BoxDef {
  glm::vec4 fill{0, 0, 0, 0};  // multiplied by the item's opacity
  float strokeWidth = 4;
  float radius = 10;
  bool solid = false;  // filled with the item's colour, no outline (dots, bars)
};

// A polyline (or polygon) in design units relative to the item's position, stroked with round
// joints; `reveal` draws it along its length, and an arrow head can finish it.
struct PathDef {
  std::vector<glm::vec2> points;
  float width = 4;
  bool closed = false;
  float arrowSize = 0;  // > 0: an arrow head of this length at the last point
};

// The kit's fixed text places. A frame showing only these (or nothing) below the title is empty:
// the layout audit counts such stretches as dead frames.
enum class ItemSlot : uint8_t { None, Title, Caption, Note };

struct ItemDef {
  ItemKind kind = ItemKind::Text;
  ItemSlot slot = ItemSlot::None;
  std::string name;  // for tests and error messages
  TextDef text;
  MatrixDef matrix;
  BoxDef box;
  PathDef path;
  int layer = 0;                   // drawn in (layer, creation) order
  std::vector<ItemId> mayOverlap;  // items this one overlaps on purpose (a box around a target)
};

struct CellState {
  float opacity = 1;
  glm::vec4 color{1, 1, 1, 1};
  float highlight = 0;         // 0..1, a wash behind the cell
  glm::vec4 fill{0, 0, 0, 0};  // a background colour (heatmaps), under the highlight
  int textA = 0;               // shown text (index into MatrixDef::texts) ...
  int textB = 0;               // ... cross-fading into this one
  float mix = 0;               // 0: textA, 1: textB
};

struct ItemState {
  glm::vec2 pos{kDesignWidth / 2, kDesignHeight / 2};  // centre (text: see Align)
  glm::vec2 size{0, 0};                                // boxes only: full size
  float scale = 1;
  float opacity = 0;  // items start hidden; animations show them
  glm::vec4 color{1, 1, 1, 1};
  float reveal = 1;  // text: glyphs revealed; box: fraction of the outline drawn
  std::vector<CellState> cells;
};

// ---------------------------------------------------------------------------------------------
// Geometry, in design space, for a definition in a given state.

struct MatrixGeometry {
  Rect grid;
  float bracketStroke = 0;
  float bracketArm = 0;
  Rect leftBracket;  // the whole "[" including its arms
  Rect rightBracket;
  glm::vec2 labelCenter{0, 0};
  float labelSize = 0;
  float fontSize = 0;
  glm::vec2 cellSize{0, 0};
  float headerSize = 0;
  float rowLabelRight = 0;  // x where row labels end
  float colLabelY = 0;      // centre line of the column labels
  Rect cell(int row, int col) const;
};

MatrixGeometry matrixGeometry(const MatrixDef& def, const ItemState& state);
// Where a line of text starts: the left end of its baseline. Text is centred vertically on the
// height of its capitals/digits, so numbers sit in the middle of their cells.
glm::vec2 textOrigin(const FontAtlas& atlas, const TextDef& def, const ItemState& state);
Rect textBounds(const FontAtlas& atlas, const TextDef& def, const ItemState& state);
// Height of the digit '0' above the baseline, at size px.
float digitHeight(const FontAtlas& atlas, FontFace face, float size);
// The whole item: glyph line box, matrix with brackets and label, or box outline.
Rect itemBounds(const FontAtlas& atlas, const ItemDef& def, const ItemState& state);

}  // namespace tfviz
