// Animation leaves and composition (see animation.hpp).
#include "scene/animation.hpp"

#include <algorithm>

namespace tfviz {

double naturalSpan(const Anim& anim) {
  switch (anim.kind) {
    case Anim::Kind::Leaf:
      return anim.duration;
    case Anim::Kind::Group: {
      double span = 0;
      for (const Anim& c : anim.children) span = std::max(span, naturalSpan(c));
      return span;
    }
    case Anim::Kind::Succession: {
      double span = 0;
      for (const Anim& c : anim.children) span += naturalSpan(c);
      return span;
    }
    case Anim::Kind::Lagged: {
      double start = 0;
      double end = 0;
      for (const Anim& c : anim.children) {
        const double span = naturalSpan(c);
        end = std::max(end, start + span);
        start += anim.lag * span;
      }
      return end;
    }
  }
  return 0;
}

namespace {

Anim leaf(std::vector<Change> changes, double duration = 1.0, std::optional<Ease> ease = {}) {
  return Anim{
      .kind = Anim::Kind::Leaf, .changes = std::move(changes), .duration = duration, .ease = ease};
}

Change scalar(ItemId item, Prop prop, float to, int cell = -1) {
  return {.item = item, .cell = cell, .prop = prop, .to = glm::vec4(to, 0, 0, 0)};
}

}  // namespace

Anim fadeIn(ItemId item) {
  Change c = scalar(item, Prop::Opacity, 1.0f);
  c.from = glm::vec4(0);
  return leaf({c});
}
Anim fadeOut(ItemId item) {
  return leaf({scalar(item, Prop::Opacity, 0.0f)});
}
Anim fadeTo(ItemId item, float opacity) {
  return leaf({scalar(item, Prop::Opacity, opacity)});
}

Anim write(ItemId item) {
  Change reveal = scalar(item, Prop::Reveal, 1.0f);
  reveal.from = glm::vec4(0);
  return group({leaf({scalar(item, Prop::Opacity, 1.0f)}, 0.0), leaf({reveal}, 1.0, Ease::Linear)});
}

Anim create(ItemId item) {
  return write(item);
}

Anim moveTo(ItemId item, glm::vec2 pos) {
  return leaf({{.item = item, .prop = Prop::Position, .to = glm::vec4(pos, 0, 0)}});
}
Anim scaleTo(ItemId item, float scale) {
  return leaf({scalar(item, Prop::Scale, scale)});
}
Anim recolor(ItemId item, glm::vec4 color) {
  return leaf({{.item = item, .prop = Prop::Color, .to = color}});
}

Anim surround(ItemId box, const Rect& target) {
  return leaf({{.item = box, .prop = Prop::Position, .to = glm::vec4(target.center(), 0, 0)},
               {.item = box, .prop = Prop::Size, .to = glm::vec4(target.size(), 0, 0)}});
}

Anim cellColor(ItemId matrix, int cell, glm::vec4 color) {
  return leaf({{.item = matrix, .cell = cell, .prop = Prop::CellColor, .to = color}});
}
Anim cellOpacity(ItemId matrix, int cell, float opacity) {
  return leaf({scalar(matrix, Prop::CellOpacity, opacity, cell)});
}
Anim cellHighlight(ItemId matrix, int cell, float amount) {
  return leaf({scalar(matrix, Prop::CellHighlight, amount, cell)});
}
Anim cellFill(ItemId matrix, int cell, glm::vec4 color) {
  return leaf({{.item = matrix, .cell = cell, .prop = Prop::CellFill, .to = color}});
}

Anim cellText(ItemId matrix, int cell, std::string text) {
  return leaf({{.item = matrix, .cell = cell, .prop = Prop::CellText, .text = std::move(text)}});
}

Anim transformCells(ItemId matrix, const std::vector<std::string>& texts, double lag) {
  std::vector<Anim> cells;
  for (size_t i = 0; i < texts.size(); ++i)
    cells.push_back(cellText(matrix, static_cast<int>(i), texts[i]));
  return laggedStart(lag, std::move(cells));
}

Anim pause(double duration) {
  return leaf({}, duration);
}

Anim withDuration(Anim anim, double duration) {
  anim.duration = duration;
  return anim;
}
Anim withEase(Anim anim, Ease ease) {
  anim.ease = ease;
  return anim;
}

Anim group(std::vector<Anim> children) {
  return Anim{.kind = Anim::Kind::Group, .children = std::move(children)};
}
Anim succession(std::vector<Anim> children) {
  return Anim{.kind = Anim::Kind::Succession, .children = std::move(children)};
}
Anim laggedStart(double lag, std::vector<Anim> children) {
  return Anim{.kind = Anim::Kind::Lagged, .children = std::move(children), .lag = lag};
}

}  // namespace tfviz
