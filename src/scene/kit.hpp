// SectionKit: what every section shares, so the tutorial speaks one visual language: the title,
// caption, note and calculation slots, named rows of the frame, the palette roles, matrices in one
// style and their cells filled in one call, highlight boxes, presenter stops, rows of items fitted
// to the frame by one rule, acts that clear what they added, and the entry-by-entry product
// stepper of the matmul explainer. CPU only.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "render/palette.hpp"
#include "scene/builder.hpp"
#include "scene/heat.hpp"

namespace tfviz {

// Fixed places in the 1920x1080 design space.
namespace kit {
inline constexpr float kTitleY = 92;  // its ink starts inside the 5% safe margin
inline constexpr float kTitleSize = 56;
inline constexpr float kCaptionY = 164;
inline constexpr float kCaptionSize = 40;
inline constexpr float kContentY = 540;  // centre line of the main content
inline constexpr float kCalcY = 880;     // calculation text under a product
inline constexpr float kNoteY = 975;
inline constexpr float kNoteSize = 34;
inline constexpr float kMatrixFont = 52;
inline constexpr float kMinTextSize = 28;  // 2.6% of the frame height: legible from the back
inline constexpr float kMaxRowWidth =
    1720;  // inside the 5% safe margins (1728), with room to round
inline constexpr float kMaxRowHeight = 620;  // between the caption and the calculation text
inline constexpr float kFaint = 0.35f;       // entries not yet computed
inline constexpr float kSignSize = 64;       // the × and = of SectionKit::layOutProduct

// Named rows of the frame (their y, the centre line), so sections need no literal heights.
enum class Row {
  Title,    // 92: the section title
  Caption,  // 164: the caption under it
  Upper,    // 400: a line of text or a row above the content
  Content,  // 540: the centre line of the main content
  Lower,    // 720: a row or a verdict under the content
  Calc,     // 880: calculation text under a product
  Note,     // 975: the note line at the bottom
};
constexpr float row(Row r) {
  switch (r) {
    case Row::Title:
      return kTitleY;
    case Row::Caption:
      return kCaptionY;
    case Row::Upper:
      return 400;
    case Row::Content:
      return kContentY;
    case Row::Lower:
      return 720;
    case Row::Calc:
      return kCalcY;
    case Row::Note:
      return kNoteY;
  }
  return kContentY;
}
// The centre of a row at x = 960, optionally moved down by dy.
constexpr glm::vec2 at(Row r, float dy = 0) {
  return {960, row(r) + dy};
}

// The one row-fitting rule, for every layout (SectionKit::layOutRow, the matmul explainer's plan):
// the scale (at most 1, or at most `most`) at which items of these natural sizes, `gap` apart, fit
// in maxWidth and maxHeight.
float fitRow(std::span<const glm::vec2> sizes, float gap = 44, float maxWidth = kMaxRowWidth,
             float maxHeight = kMaxRowHeight, float most = 1);

// How SectionKit::layOutRow fits a row: fitRow's limits, and how long visible items glide.
struct RowFit {
  float gap = 44;
  float maxWidth = kMaxRowWidth;
  float maxHeight = kMaxRowHeight;
  float most = 1;  // the largest scale: above 1, small content grows to fill the row
  double seconds = 1.0;
};
// Every entry of `values` as a cell shows it (row-major), for transformCells; hideZeros: blank.
std::vector<std::string> cellTexts(const Eigen::MatrixXd& values, math::NumberFormat format,
                                   bool hideZeros = false);

// How SectionKit::fillCells writes values into a matrix's cells.
struct CellFill {
  std::optional<math::NumberFormat> format;  // default: chosen from the values
  glm::vec4 color = palette::kResult;        // the cells' text colour (and the matrix's after)
  double seconds = 1.5;                      // the whole fill
  double lag = 0.25;                         // laggedStart's lag between cells
  bool hideZeros = false;                    // zeros written as empty cells
  bool recolor = true;     // the matrix (brackets, label) takes `color` when the cells are done
  std::vector<int> cells;  // only these cells (row-major indices); empty: every cell
  // Cells filled on this heat scale too; masked (−∞) entries then get palette::kNote text.
  std::optional<HeatScale> heat;
};

// How SectionKit::boxAround draws a highlight box.
struct BoxStyle {
  glm::vec4 color = palette::kHighlight;
  float pad = 8;  // around the target, in design pixels at the target's scale
  float stroke = 4;
  float radius = 10;
  std::string name = "box";
  double seconds = 0.6;  // drawn (create) over this; 0: placed hidden, shown by the caller
};

// What a presenter stop shows: SectionKit::stop.
struct Stop {
  std::optional<std::string> onScreen;  // the note line: a new text, "" clears it, unset keeps it
  double hold = 1.0;                    // seconds to wait before the beat
};

class Act;

}  // namespace kit

// lhs × rhs = result, laid out on one row.
struct Product {
  ItemId lhs = 0;
  ItemId rhs = 0;
  ItemId result = 0;
  ItemId times = 0;
  ItemId equals = 0;
};

struct StepperOptions {
  glm::vec4 resultColor = palette::kResult;
  std::string beatName = "entry";                   // beats are labelled "entry (i, j)"
  std::optional<math::NumberFormat> operandFormat;  // default: chosen from the operands
  std::optional<math::NumberFormat> resultFormat;   // default: chosen from the product
  int slowEntries = -1;                             // entries at the slow pace; -1: the first row
  double slowPace = 1.0;                            // seconds scale for slow entries
  double fastPace = 0.4;                            // ... and for the last, fastest ones
  float calcY = kit::kCalcY;
};

class SectionKit {
 public:
  explicit SectionKit(SectionBuilder& builder) : m_b(builder) {}

  SectionBuilder& b() { return m_b; }

  // Adds an item through the kit, so open acts (see Act) record it.
  ItemId add(ItemDef def, ItemState state);

  // Text in the kit's style. Sizes below kit::kMinTextSize are raised to it.
  ItemId text(const std::string& s, float size, glm::vec2 pos, glm::vec4 color = palette::kText,
              FontFace face = FontFace::Sans, Align align = Align::Center);
  // The section title at the fixed title position, written.
  ItemId title(const std::string& s);
  // Replaces the caption under the title, or clears it with an empty string. A replacement is
  // one animation: the old caption fades out, then the new one is written in its place; when the
  // two share two words or more, the old one turns into the new
  // (SectionBuilder::transformMatching).
  void caption(const std::string& s);
  // Replaces the note line at the bottom (the same way, faded in), or clears it.
  void note(const std::string& s);
  // Replaces the calculation line at kit::kCalcY (the old one fades, the new one is written), or
  // clears it with an empty string.
  void calc(const std::string& s, float size = 34, FontFace face = FontFace::Sans);
  // Makes an item already on screen the calculation line: the next calc() replaces it.
  void adoptCalc(ItemId id) { m_calc = id; }
  // A presenter stop in one call: the note line (Stop::onScreen), a hold, then the beat.
  void stop(const std::string& label, const std::string& presenterNote, const kit::Stop& s = {});
  // The same with a new on-screen note ("" clears it) and a hold of `hold` seconds.
  void stop(const std::string& label, const std::string& presenterNote, const std::string& onScreen,
            double hold) {
    stop(label, presenterNote, kit::Stop{.onScreen = onScreen, .hold = hold});
  }
  // Fades items in over `seconds`, each `lag` (laggedStart's) after the one before; 0: together.
  void show(const std::vector<ItemId>& items, double seconds = 1.0, double lag = 0.0);
  // An operator sign ("×", "=", "→") in the kit's style, hidden, at the content row.
  ItemId sign(const std::string& s, float size = 56);
  // A text item with a name the tests can find (hidden until shown).
  ItemId namedText(const std::string& name, const std::string& s, float size, glm::vec2 pos,
                   glm::vec4 color = palette::kText);

  // Lines of text, left-aligned inside one block that is centred on x = 960: the first line at
  // height y, the next ones `spacing` below each other. Hidden; returned top to bottom.
  std::vector<ItemId> textBlock(const std::vector<std::string>& lines, float size, float y,
                                float spacing, glm::vec4 color = palette::kText);

  // A matrix in the house style; `placeholder` makes a faint result whose entries show "?".
  ItemId matrix(const Eigen::MatrixXd& values, MatrixStyle style, bool placeholder = false);

  // Writes `values` into the cells of `matrix`, one after another: each cell gets its text, its
  // colour and full opacity (a placeholder's faint "?" turns into the value).
  void fillCells(ItemId matrix, const Eigen::MatrixXd& values, const kit::CellFill& fill = {});
  // The same for one row or one column of the matrix (values: the whole matrix's).
  void fillRow(ItemId matrix, int row, const Eigen::MatrixXd& values, kit::CellFill fill = {});
  void fillColumn(ItemId matrix, int col, const Eigen::MatrixXd& values, kit::CellFill fill = {});
  // One cell's reveal as an animation, to combine with others: text, colour, full opacity.
  Anim revealCell(ItemId matrix, int row, int col, const std::string& text,
                  glm::vec4 color = palette::kResult) const;
  // The cell indices of one row or one column of a matrix (for highlightCells, CellFill::cells).
  std::vector<int> rowCells(ItemId matrix, int row) const;
  std::vector<int> columnCells(ItemId matrix, int col) const;
  // Moves items together by `by` (hidden ones jump, as everything does when seconds is 0).
  void shift(const std::vector<ItemId>& items, glm::vec2 by, double seconds = 0.0);
  // Lights (1) or clears (0) a set of cells of a matrix, together, over `seconds`.
  void highlightCells(ItemId matrix, const std::vector<int>& cells, float amount,
                      double seconds = 0.6);

  // A highlight box around a target item (or a region that overlaps `over`), drawn over
  // style.seconds. Its overlap with the targets is declared.
  ItemId boxAround(ItemId target, const kit::BoxStyle& style = {});
  ItemId boxAround(const Rect& region, const std::vector<ItemId>& over,
                   const kit::BoxStyle& style = {});
  // Moves a box onto another region (padded like boxAround), over `seconds`.
  void moveBox(ItemId box, const Rect& region, double seconds = 0.8, float pad = 8);
  // A box that follows a walk over regions, as an animation to play with others: the first call
  // (box empty) adds it around `region` (style.seconds is ignored) and returns its drawing, the
  // next ones return its move onto the new region.
  Anim walkBox(std::optional<ItemId>& box, const Rect& region, const std::vector<ItemId>& over,
               const kit::BoxStyle& style = {});

  // Several items turning into one: the first by the builder's transform, the others moving and
  // scaling onto `to` while they fade. Every overlap on the way is declared. Play it like any
  // animation (Act::clearInto plays it for an act's items).
  Anim gather(const std::vector<ItemId>& from, ItemId to);

  // Width of an item at scale 1.
  float width(ItemId id) const;
  // The bounds of several items together (of none: an empty Rect).
  Rect boundsOf(const std::vector<ItemId>& items) const;
  // Natural sizes (at scale 1) of what matrix() and text() (in Sans) would add, measured without
  // adding: for planning rows before their items exist.
  glm::vec2 matrixSize(const Eigen::MatrixXd& values, MatrixStyle style,
                       bool placeholder = false) const;
  glm::vec2 textSize(const std::string& s, float size) const;
  // Shrinks an item (instantly) so it is at most maxWidth wide.
  void fitWidth(ItemId id, float maxWidth);
  // Lays items left to right, centred on x = 960 at height y, scaled to fit maxWidth and
  // maxHeight. Hidden items jump there; visible ones glide over `seconds`. Returns the scale.
  float layOutRow(const std::vector<ItemId>& items, float y, float gap = 44,
                  float maxWidth = kit::kMaxRowWidth, float maxHeight = kit::kMaxRowHeight,
                  double seconds = 1.0);
  // The same with the limits in one kit::RowFit, e.g. {.gap = 70, .most = 1.6f} to let a small
  // group grow.
  float layOutRow(const std::vector<ItemId>& items, float y, const kit::RowFit& fit);
  // Items on one row at height y, all at `scale`, bounds `gap` (at scale 1) apart, centred on
  // x = 960: hidden items jump there, visible ones glide over `seconds` (layOutRow's last step).
  void rowAtScale(const std::vector<ItemId>& items, float y, float scale, float gap = 44,
                  double seconds = 1.0);
  // Items side by side at their current scale, bounds `gap` apart, centred on x = 960 at height y
  // (no fitting: for rows the caller has sized).
  void placeRow(const std::vector<ItemId>& items, float y, float gap = 40, double seconds = 0.0);
  // Scales a laid-out group up about its common centre, by at most `most`, staying within
  // maxWidth x maxHeight (layOutRow never scales above 1, so small content can fill the frame).
  void enlarge(const std::vector<ItemId>& items, float most, float maxWidth = 1700,
               float maxHeight = 560, double seconds = 0.0);
  // lhs × rhs = result on one row at height y (the signs are created here).
  Product layOutProduct(ItemId lhs, ItemId rhs, ItemId result, float y = kit::kContentY);
  // The scale layOutProduct will give operands and a result of these natural sizes.
  float productFit(glm::vec2 lhs, glm::vec2 rhs, glm::vec2 result) const;
  // Every entry of p.result, one beat each: row of lhs and column of rhs boxed, the real
  // products written out, the entry turning solid. Slow at first, faster later.
  void stepProduct(const Product& p, const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                   const StepperOptions& options);

  // Fades items out under what is played next (the playhead does not wait for it), so a caption
  // change or the next picture follows at once instead of an empty frame.
  void fadeOutAll(const std::vector<ItemId>& items, double seconds = 0.6);
  // Fades items out together and waits for them to go, so what moves next never crosses them.
  void clear(const std::vector<ItemId>& items, double seconds = 0.6);

 private:
  friend class kit::Act;
  void track(ItemId id);
  ItemId slotText(ItemSlot slot, const std::string& s, float size, float y,
                  glm::vec4 color = palette::kText);
  void replaceSlot(std::optional<ItemId>& slot, Anim arrive, ItemId incoming, double seconds);

  SectionBuilder& m_b;
  std::optional<ItemId> m_caption;
  std::optional<ItemId> m_note;
  std::optional<ItemId> m_calc;
  std::vector<kit::Act*> m_acts;  // open acts, innermost last
};

namespace kit {

// A part of a section that clears up after itself. While an Act is open, every item created
// through its kit (text, matrix, sign, boxAround, add, ...) is recorded; clear() takes all that
// are still visible away in one animation and waits for it, so what comes next never crosses
// them (clearUnder: without waiting, at the end of a part). An act that was not cleared clears
// (fading, waiting) when it ends. Items made with the builder directly, or made before the act,
// join with adopt(); keep() lets one outlive the act.
class Act {
 public:
  explicit Act(SectionKit& kit);
  ~Act() noexcept(false);
  Act(const Act&) = delete;
  Act& operator=(const Act&) = delete;

  enum class Leave { Fade, Shrink };
  void adopt(ItemId id);
  void adopt(const std::vector<ItemId>& ids);
  void keep(ItemId id);
  // The visible items the act would clear now, in creation order.
  std::vector<ItemId> items() const;
  // Everything fades (or shrinks to 60% about its centre while fading) together over `seconds`,
  // with `along` (say, highlights going off on an item that stays) in the same animation. The
  // calculation line goes too if the act wrote it.
  void clear(double seconds = 0.6, Leave how = Leave::Fade, std::vector<Anim> along = {});
  // The same, under what is played next (the playhead does not wait, as with fadeOutAll): for the
  // end of a part, so the next caption or picture follows at once instead of an empty frame.
  void clearUnder(double seconds = 0.6, Leave how = Leave::Fade);
  // Everything turns into `target` (which stays): the first item by a transform, the others
  // moving and scaling onto it while they fade. The overlaps on the way are declared.
  void clearInto(ItemId target, double seconds = 1.0);
  bool open() const { return m_open; }

 private:
  friend class tfviz::SectionKit;
  void close();
  void leave(double seconds, Leave how, std::vector<Anim> along, bool advance);
  SectionKit& m_kit;
  std::vector<ItemId> m_items;
  bool m_open = true;
};

}  // namespace kit

}  // namespace tfviz
