// Hand-over between sections (see hand_over.hpp).
#include "scene/hand_over.hpp"

#include <unordered_map>

namespace tfviz {

SectionScript handOver(const SectionScript& previous, SectionScript next) {
  const SceneState last = evaluate(previous, previous.duration);
  for (Clip& clip : next.clips) {
    clip.t0 += kHandOverDelay;
    clip.t1 += kHandOverDelay;
  }
  for (Beat& beat : next.beats) beat.time += kHandOverDelay;
  next.duration += kHandOverDelay;

  // The previous items still on screen, renumbered after next's own.
  std::unordered_map<ItemId, ItemId> carried;
  for (size_t i = 0; i < previous.items.size(); ++i) {
    if (last.items[i].opacity < 0.02f) continue;
    carried[static_cast<ItemId>(i)] = static_cast<ItemId>(next.items.size() + carried.size());
  }
  std::vector<Clip> fades;
  for (size_t i = 0; i < previous.items.size(); ++i) {
    const auto found = carried.find(static_cast<ItemId>(i));
    if (found == carried.end()) continue;
    ItemDef def = previous.items[i];
    std::vector<ItemId> overlaps;
    for (ItemId other : def.mayOverlap) {
      if (auto o = carried.find(other); o != carried.end()) overlaps.push_back(o->second);
    }
    def.mayOverlap = std::move(overlaps);
    const ItemState& state = last.items[i];
    fades.push_back(Clip{.item = found->second,
                         .prop = Prop::Opacity,
                         .ease = Ease::Smooth,
                         .t0 = 0,
                         .t1 = kHandOverDelay,
                         .from = glm::vec4(state.opacity),
                         .to = glm::vec4(0)});
    next.items.push_back(std::move(def));
    next.initial.push_back(state);
  }
  // Clips stay sorted by start time: the fades start at 0, before everything of next.
  next.clips.insert(next.clips.begin(), fades.begin(), fades.end());
  return next;
}

void handOverInSequence(std::vector<SectionScript>& scripts) {
  // From the back, so each hand-over reads its predecessor as built (the same last picture).
  for (size_t i = scripts.size(); i-- > 1;)
    scripts[i] = handOver(scripts[i - 1], std::move(scripts[i]));
}

}  // namespace tfviz
