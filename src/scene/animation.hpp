// Animations as data, Manim style: a leaf changes properties of items over its span, and
// group / succession / laggedStart compose them. The builder lays an Anim out in time and turns
// every leaf into clips. CPU only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <glm/vec2.hpp>
#include <glm/vec4.hpp>

#include "core/easing.hpp"
#include "scene/script.hpp"

namespace tfviz {

// One property change. `from` defaults to the property's value when the change starts.
struct Change {
  ItemId item = 0;
  int cell = -1;
  Prop prop = Prop::Opacity;
  glm::vec4 to{0};
  std::optional<glm::vec4> from;
  std::string text;  // CellText: the string the cell turns into
};

struct Anim {
  enum class Kind : uint8_t { Leaf, Group, Succession, Lagged };
  Kind kind = Kind::Leaf;
  std::vector<Change> changes;  // Leaf
  std::vector<Anim> children;   // Group, Succession, Lagged
  double duration = 1.0;        // Leaf: relative length before play() scales it
  double lag = 0.0;             // Lagged: each child starts lag * (one child's span) after the last
  std::optional<Ease> ease;     // Leaf: overrides play()'s ease
};

// Length of an Anim in its own relative time.
double naturalSpan(const Anim& anim);

// ---------------------------------------------------------------------------------------------
// Leaves

Anim fadeIn(ItemId item);
Anim fadeOut(ItemId item);
Anim fadeTo(ItemId item, float opacity);
// Text revealed glyph by glyph.
Anim write(ItemId item);
// A box's outline drawn along its path, then held.
Anim create(ItemId item);
Anim moveTo(ItemId item, glm::vec2 pos);
Anim scaleTo(ItemId item, float scale);
Anim recolor(ItemId item, glm::vec4 color);
// A box moving (and resizing) onto a target rectangle.
Anim surround(ItemId box, const Rect& target);
Anim cellColor(ItemId matrix, int cell, glm::vec4 color);
Anim cellOpacity(ItemId matrix, int cell, float opacity);
Anim cellHighlight(ItemId matrix, int cell, float amount);
Anim cellText(ItemId matrix, int cell, std::string text);
Anim cellFill(ItemId matrix, int cell, glm::vec4 color);
// A matrix turning into another of the same shape, entry by entry in row-major order: each cell
// cross-fades into texts[i], one starting `lag` of an entry's span after the one before.
Anim transformCells(ItemId matrix, const std::vector<std::string>& texts, double lag = 0.25);
// Nothing happens: a pause inside a succession.
Anim pause(double duration);
// Any leaf with a different relative length or ease.
Anim withDuration(Anim anim, double duration);
Anim withEase(Anim anim, Ease ease);

// ---------------------------------------------------------------------------------------------
// Composition

Anim group(std::vector<Anim> children);       // all together
Anim succession(std::vector<Anim> children);  // one after another
Anim laggedStart(double lag, std::vector<Anim> children);

}  // namespace tfviz
