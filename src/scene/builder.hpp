// SectionBuilder: authors a section the way Manim does (add, play, wait, beat) and records it
// as an immutable SectionScript. It tracks the state at the authoring playhead so layout code
// can ask where things are. CPU only.
#pragma once

#include <string>

#include <Eigen/Core>

#include "math/format.hpp"
#include "scene/animation.hpp"
#include "scene/script.hpp"

namespace tfviz {

struct MatrixStyle {
  float fontSize = 40;
  std::string label;
  float labelSize = 30;
  glm::vec4 color{1, 1, 1, 1};
  math::NumberFormat format{};
  float padX = 0.55f;       // cell padding on each side, in font sizes
  float rowHeight = 1.45f;  // in font sizes
  // Cells start showing this text instead of their value (a result not yet computed). Empty:
  // cells start with their value.
  std::string placeholder;
  bool hideZeros = false;  // zeros shown as blank cells, as the article's lookup figures do
  std::vector<std::string> rowLabels;  // headers, e.g. the vocabulary
  std::vector<std::string> colLabels;
  float headerSize = 30;
};

// A matrix definition whose cells hold `values` formatted with style.format; cells are wide
// enough for every value and the placeholder. Needs the atlas to measure text.
ItemDef makeMatrix(const FontAtlas& atlas, const Eigen::MatrixXd& values, const MatrixStyle& style);
ItemDef makeText(std::string text, float size, FontFace face = FontFace::Sans,
                 Align align = Align::Center);
ItemDef makeBox(float strokeWidth = 4, float radius = 10, glm::vec4 fill = {0, 0, 0, 0});
// A filled shape in the item's colour: a dot when radius is half the size, else a bar.
ItemDef makeSolid(float radius);
// A polyline through points (relative to the item's position); arrowSize > 0 adds a head.
ItemDef makePath(std::vector<glm::vec2> points, float width = 4, float arrowSize = 0,
                 bool closed = false);

// The words of a text as transformMatching cuts it: spaces separate words, except inside a
// `$...$` span.
std::vector<std::string> textWords(const std::string& text);

// The index in def.matrix.texts of a string, adding it if new.
int internText(MatrixDef& def, const std::string& text);

struct PlayOptions {
  double runTime = 1.0;
  Ease ease = Ease::Smooth;
  // false: the animation runs under what is played next (the playhead stays where it started),
  // as a title writes while the caption arrives. Its end state is what later steps build on.
  bool advance = true;
};

class SectionBuilder {
 public:
  SectionBuilder(std::string id, std::string title, const FontAtlas& atlas);

  // Adds an item, hidden unless `state.opacity` says otherwise; returns its id. Matrix cells get
  // their initial state from the definition (text, colour = state.color) if state.cells is empty.
  ItemId add(ItemDef def, ItemState state);

  // Lays `anim` out from now over options.runTime seconds and advances the playhead.
  void play(const Anim& anim, PlayOptions options = {});
  void play(const Anim& anim, double runTime) { play(anim, PlayOptions{.runTime = runTime}); }
  void wait(double seconds);
  // Declares that a and b overlap on purpose (a box around its target): layout tests allow it.
  void allowOverlap(ItemId a, ItemId b);
  // Manim's ReplacementTransform for any two placed items: `from` moves and scales onto where
  // `to` stands while fading out, and `to` grows out of where `from` stands while fading in, so
  // one picture turns into the next (a circle into the first of three, an arrow into an entry, a
  // label into another). Their overlap is declared here. Play it like any animation.
  Anim transform(ItemId from, ItemId to);
  // Manim's TransformMatchingShapes for two text items: both are cut into words (a `$...$` span
  // stays whole) and paired in order. In three phases, so nothing is drawn over anything: the
  // words only `from` has fade where they stand, the shared ones glide to their places in `to`
  // (its size and colour), the words only `to` has fade in around them; then `to` is shown
  // whole. "Step 2 · the queries" becoming "Step 3 · the keys" keeps "Step", "·" and "the". The
  // words are items added here, hidden before and after. Throws std::invalid_argument unless
  // both are text items.
  Anim transformMatching(ItemId from, ItemId to);
  // Records that `result` shows lhs × rhs (for provenance: clicking an entry explains it).
  void recordProduct(ItemId lhs, ItemId rhs, ItemId result, const Eigen::MatrixXd& a,
                     const Eigen::MatrixXd& b, math::NumberFormat format);
  // Records how entry `cell` (row-major, as shown) of a matrix on screen was computed, for a
  // click on it (provenance) when it is not a recorded product's entry.
  void noteCell(ItemId matrix, int cell, std::string title, std::vector<std::string> terms,
                std::string result);
  // A stop for the presenter at the current time.
  void beat(std::string label, std::string note = {});

  double now() const { return m_now; }
  const FontAtlas& atlas() const { return m_atlas; }
  const ItemDef& def(ItemId id) const { return m_script.items[id]; }
  size_t itemCount() const { return m_script.items.size(); }
  const ItemState& state(ItemId id) const { return m_current[id]; }
  Rect bounds(ItemId id) const;
  // Matrix cells, rows and columns (at the current state), in design space.
  Rect cellBounds(ItemId matrix, int row, int col) const;
  Rect rowBounds(ItemId matrix, int row) const;
  Rect colBounds(ItemId matrix, int col) const;
  int cellIndex(ItemId matrix, int row, int col) const;

  // Finishes the section: a final beat at the end if there is none, clips sorted.
  SectionScript finish() &&;

 private:
  struct Scheduled {
    const Anim* leaf;
    double t0;
    double t1;
  };
  void layOut(const Anim& anim, double start, double scale, std::vector<Scheduled>& out) const;

  const FontAtlas& m_atlas;
  SectionScript m_script;
  std::vector<ItemState> m_current;
  double m_now = 0;
};

}  // namespace tfviz
