// Panels: text wrapped to a width into a block of lines that never breaks inside a $...$ maths
// span or a [...] shape, a side panel whose paragraphs replace each other, and rows of groups
// (a picture with its labels) fitted to the frame by the kit's one row rule. CPU only.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "scene/kit.hpp"

namespace tfviz::kit {

// A paragraph of a text block: its text and colour. A "\n" in the text starts a new line.
struct Para {
  std::string text;
  glm::vec4 color = palette::kText;
};

// How paragraphs() sets its lines.
struct ParaStyle {
  float size = 30;            // the text size
  float line = 42;            // from one line's centre line to the next
  float paragraph = 20;       // extra room between paragraphs
  Align align = Align::Left;  // Left: lines start at x; Center: lines centred on x
};

// `text` cut into lines at most `width` wide at `size` (the sans face, maths typeset). It breaks
// only at spaces, never inside a $...$ maths span or a [...] shape; "\n" forces a break; a word
// wider than `width` gets a line of its own.
std::vector<std::string> wrapLines(const FontAtlas& atlas, const std::string& text, float size,
                                   float width);

// Paragraphs wrapped to `width`, one text item per line, the first line's centre line at at.y and
// x placed by style.align. Hidden; returned top to bottom.
std::vector<ItemId> paragraphs(SectionKit& k, const std::vector<Para>& paras, glm::vec2 at,
                               float width, const ParaStyle& style = {});

// An explanation panel beside a figure, in the column x .. x + width: each write() replaces what
// it showed (the old lines fade, then the new ones come in one after another).
class Panel {
 public:
  explicit Panel(SectionKit& k, float x = 0, float width = 0) : m_kit(k), m_x(x), m_width(width) {}
  void place(float x, float width) {
    m_x = x;
    m_width = width;
  }
  // Fades the lines shown (0.5 s, waited for), then shows `paras` from height y over `seconds`,
  // line after line. No paragraphs: only clears.
  void write(const std::vector<Para>& paras, float y, double seconds = 1.2);
  // The lines shown now; release() hands them to the caller, who clears them later.
  const std::vector<ItemId>& lines() const { return m_lines; }
  std::vector<ItemId> release() { return std::exchange(m_lines, {}); }

 private:
  SectionKit& m_kit;
  float m_x, m_width;
  std::vector<ItemId> m_lines;
};

// Items that move together as one entry of a row: a picture with its labels.
using Group = std::vector<ItemId>;
// Several groups (or lists of items) as one list, in order.
Group join(const std::vector<Group>& groups);
// A fade-in of every item of a group together, to combine with other animations.
Anim fadeInGroup(const Group& items);

// Groups laid left to right, centred on x = 960 at height y, by the kit's row rule (fitRow: the
// bounds of each group `gap` apart, scaled to fit, never above 1). Each group keeps its items'
// places relative to each other; hidden items jump, visible ones glide over `seconds`. Returns
// the scale.
float layOutGroups(SectionKit& k, const std::vector<Group>& groups, float y, float gap = 40,
                   double seconds = 1.0, float maxWidth = kMaxRowWidth,
                   float maxHeight = kMaxRowHeight);

}  // namespace tfviz::kit
