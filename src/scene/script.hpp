// SectionScript: a section built once into an immutable timeline of clips and beats, and
// evaluate(script, t), a pure function of time. CPU only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <glm/vec4.hpp>

#include "core/easing.hpp"
#include "scene/item.hpp"

namespace tfviz {

// What a clip animates. Cell properties address one cell of a matrix.
enum class Prop : uint8_t {
  Position,  // xy
  Size,      // xy (boxes)
  Scale,     // x
  Opacity,   // x
  Color,     // rgba
  Reveal,    // x
  CellOpacity,
  CellColor,
  CellHighlight,
  CellText,  // x: index of the new text; the cell cross-fades into it
  CellFill,  // rgba background
};

bool isCellProp(Prop prop);

// One property of one item going from `from` to `to` over [t0, t1]. A clip with t1 == t0 is an
// instant change that holds for t > t0, so the state exactly at a beat is the state before it.
struct Clip {
  ItemId item = 0;
  int32_t cell = -1;  // row * cols + col for cell properties
  Prop prop = Prop::Opacity;
  Ease ease = Ease::Smooth;
  double t0 = 0;
  double t1 = 0;
  glm::vec4 from{0};
  glm::vec4 to{0};
};

struct Beat {
  double time = 0;
  std::string label;
  std::string note;  // presenter's note for this beat
};

// A product shown on screen, result = lhs × rhs, kept so a click on a result entry can show where
// it comes from (its row and column, and every term).
struct ProductRecord {
  ItemId lhs = 0;
  ItemId rhs = 0;
  ItemId result = 0;
  int rows = 0;           // of the result
  int inner = 0;          // lhs columns = rhs rows
  int cols = 0;           // of the result
  std::vector<double> a;  // lhs values, row-major (rows × inner)
  std::vector<double> b;  // rhs values, row-major (inner × cols)
  int decimals = 0;       // how the section formats the operands
};

// How one entry of a matrix on screen was computed, when it is not an entry of a recorded product
// (a layer norm, a softmax, an elided product's entry, an addition): what clicking it shows.
struct CellNote {
  double time = 0;  // from when it holds (a later note of the same cell replaces it from then on)
  ItemId item = 0;
  int cell = 0;                    // row * cols + col of the matrix as shown
  std::string title;               // "ln_1(x)[3, 5]: row 3 to mean 0 and spread 1, scaled, shifted"
  std::vector<std::string> terms;  // the numbers that go in, one per line
  std::string result;              // "(x − mean) / √(var + 0.00001) · γ + β = 0.42"
};

struct SectionScript {
  std::string id;
  std::string title;
  std::vector<ItemDef> items;
  std::vector<ItemState> initial;  // state of every item at t = 0
  std::vector<Clip> clips;         // sorted by t0, stable in authoring order
  std::vector<Beat> beats;         // sorted by time; the last one is at `duration`
  std::vector<ProductRecord> products;
  std::vector<CellNote> cellNotes;  // in authoring order
  double duration = 0;
};

struct SceneState {
  double time = 0;
  std::vector<ItemState> items;
};

// The state of every item at time t (clamped to [0, duration]). Pure: depends only on its
// arguments, never on earlier calls.
SceneState evaluate(const SectionScript& script, double t);

// Times closer than this count as the same instant (beats, instant clips).
inline constexpr double kTimeEpsilon = 1e-9;

// The progress a clip rests at once it has finished: 1, except for there-and-back (0).
float settledProgress(Ease ease);

// Writes one clip's value at progress p (already eased) into a state. Shared by the builder,
// which tracks the authoring-time state, and by evaluate.
void applyClip(const Clip& clip, float p, std::vector<ItemState>& items);
// The current value of a clip's property, as the `from` of a new clip.
glm::vec4 readProp(const ItemState& state, Prop prop, int cell);

// Beats: index of the last beat at or before t (-1 if none), and of the first beat after t.
int beatIndexAtOrBefore(const SectionScript& script, double t);
int beatIndexAfter(const SectionScript& script, double t);

}  // namespace tfviz
