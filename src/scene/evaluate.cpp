// evaluate(script, t) and the clip arithmetic it shares with the builder (see script.hpp).
#include "scene/script.hpp"

#include <algorithm>
#include <glm/common.hpp>

namespace tfviz {

float settledProgress(Ease ease) {
  return ease == Ease::ThereAndBack ? 0.0f : 1.0f;
}

bool isCellProp(Prop prop) {
  return prop == Prop::CellOpacity || prop == Prop::CellColor || prop == Prop::CellHighlight ||
         prop == Prop::CellText || prop == Prop::CellFill;
}

glm::vec4 readProp(const ItemState& s, Prop prop, int cell) {
  switch (prop) {
    case Prop::Position:
      return {s.pos, 0, 0};
    case Prop::Size:
      return {s.size, 0, 0};
    case Prop::Scale:
      return glm::vec4(s.scale, 0, 0, 0);
    case Prop::Opacity:
      return glm::vec4(s.opacity, 0, 0, 0);
    case Prop::Color:
      return s.color;
    case Prop::Reveal:
      return glm::vec4(s.reveal, 0, 0, 0);
    case Prop::CellOpacity:
      return glm::vec4(s.cells[cell].opacity, 0, 0, 0);
    case Prop::CellColor:
      return s.cells[cell].color;
    case Prop::CellHighlight:
      return glm::vec4(s.cells[cell].highlight, 0, 0, 0);
    case Prop::CellFill:
      return s.cells[cell].fill;
    case Prop::CellText: {
      const CellState& c = s.cells[cell];
      return glm::vec4(static_cast<float>(c.mix >= 1.0f ? c.textB : c.textA), 0, 0, 0);
    }
  }
  return glm::vec4(0);
}

void applyClip(const Clip& clip, float p, std::vector<ItemState>& items) {
  ItemState& s = items[clip.item];
  const glm::vec4 v = glm::mix(clip.from, clip.to, p);
  switch (clip.prop) {
    case Prop::Position:
      s.pos = {v.x, v.y};
      break;
    case Prop::Size:
      s.size = {v.x, v.y};
      break;
    case Prop::Scale:
      s.scale = v.x;
      break;
    case Prop::Opacity:
      s.opacity = v.x;
      break;
    case Prop::Color:
      s.color = v;
      break;
    case Prop::Reveal:
      s.reveal = v.x;
      break;
    case Prop::CellOpacity:
      s.cells[clip.cell].opacity = v.x;
      break;
    case Prop::CellColor:
      s.cells[clip.cell].color = v;
      break;
    case Prop::CellHighlight:
      s.cells[clip.cell].highlight = v.x;
      break;
    case Prop::CellFill:
      s.cells[clip.cell].fill = v;
      break;
    case Prop::CellText: {
      CellState& c = s.cells[clip.cell];
      c.textA = static_cast<int>(clip.from.x);
      c.textB = static_cast<int>(clip.to.x);
      c.mix = p;
      if (p >= 1.0f) c.textA = c.textB;  // settled: both name the new text
      break;
    }
  }
}

SceneState evaluate(const SectionScript& script, double t) {
  t = std::clamp(t, 0.0, script.duration);
  SceneState out{.time = t, .items = script.initial};
  for (const Clip& clip : script.clips) {
    if (clip.t0 > t) break;  // sorted by t0: nothing later has started
    float p;
    if (clip.t1 <= clip.t0) {
      if (t <= clip.t0) continue;  // an instant change holds strictly after its time
      p = settledProgress(clip.ease);
    } else {
      const double u = (t - clip.t0) / (clip.t1 - clip.t0);
      p = u >= 1.0 ? settledProgress(clip.ease) : applyEase(clip.ease, static_cast<float>(u));
    }
    applyClip(clip, p, out.items);
  }
  return out;
}

int beatIndexAtOrBefore(const SectionScript& script, double t) {
  int index = -1;
  for (size_t i = 0; i < script.beats.size(); ++i) {
    if (script.beats[i].time <= t + kTimeEpsilon) index = static_cast<int>(i);
  }
  return index;
}

int beatIndexAfter(const SectionScript& script, double t) {
  for (size_t i = 0; i < script.beats.size(); ++i) {
    if (script.beats[i].time > t + kTimeEpsilon) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace tfviz
