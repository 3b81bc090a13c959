// A Markov chain of words and arrows (see chain_diagram.hpp).
#include "scene/sections/chain_diagram.hpp"

#include <algorithm>
#include <set>

#include <glm/geometric.hpp>

#include "scene/kit/marks.hpp"

namespace tfviz {

std::vector<Anim> ChainDiagram::emphasise(const std::string& from, glm::vec4 color) const {
  std::vector<Anim> anims;
  for (const ChainEdge& e : edges) {
    if (e.from != from) continue;
    anims.push_back(recolor(e.arrow, color));
    anims.push_back(recolor(e.label, color));
  }
  return anims;
}

std::vector<ItemId> ChainDiagram::items() const {
  std::vector<ItemId> all;
  for (const auto& [word, id] : words) all.push_back(id);
  for (const ChainEdge& e : edges) {
    all.push_back(e.arrow);
    all.push_back(e.label);
  }
  return all;
}

ChainDiagram drawChain(SectionKit& kit, const math::Vocabulary& vocab,
                       const Eigen::MatrixXd& transition,
                       const std::map<std::string, glm::vec2>& places, const std::string& first,
                       const ChainStyle& style) {
  SectionBuilder& b = kit.b();
  ChainDiagram chain;
  for (const auto& [word, p] : places) chain.words[word] = kit.text(word, style.wordSize, p);

  // One arrow per non-zero entry, with its probability written beside it.
  std::vector<ChainEdge>& edges = chain.edges;
  std::vector<ItemId> arrows;
  for (int r = 0; r < transition.rows(); ++r) {
    for (int c = 0; c < transition.cols(); ++c) {
      if (transition(r, c) == 0) continue;
      const std::string& from = vocab[r];
      const std::string& to = vocab[c];
      const Rect a = b.bounds(chain.words.at(from));
      const Rect bb = b.bounds(chain.words.at(to));
      const glm::vec2 start{a.max.x + style.arrowGap, a.center().y};
      const glm::vec2 end{bb.min.x - style.arrowGap, bb.center().y};
      ItemDef def = makePath({{0, 0}, end - start}, 4, 18);
      def.name = "arrow " + from + " to " + to;
      const ItemId arrow = kit.add(std::move(def), {.pos = start, .color = palette::kWeight});
      arrows.push_back(arrow);
      const glm::vec2 dir = glm::normalize(end - start);
      const auto listed = style.labelAlong.find(to);
      const float t = listed == style.labelAlong.end() ? 0.5f : listed->second;
      const glm::vec2 along = start + (end - start) * t;
      const glm::vec2 at = along + glm::vec2(dir.y, -dir.x) * style.labelOffset;
      const ItemId label = kit.text(math::formatNumber(transition(r, c), style.format),
                                    style.labelSize, at, palette::kWeight, FontFace::Mono);
      edges.push_back({from, to, arrow, label});
    }
  }
  kit::allowAll(kit, arrows);
  for (const ChainEdge& e : edges) kit::allowWith(kit, e.label, arrows);
  std::sort(edges.begin(), edges.end(), [&](const ChainEdge& x, const ChainEdge& y) {
    return places.at(x.from).x < places.at(y.from).x;
  });

  // The first word, then each layer of arrows and the new words they reach.
  b.play(fadeIn(chain.words.at(first)), style.firstSeconds);
  std::set<std::string> shown{first};
  for (size_t i = 0; i < edges.size();) {
    size_t j = i;
    std::vector<Anim> arrows, targets;
    while (j < edges.size() && places.at(edges[j].from).x == places.at(edges[i].from).x) {
      arrows.push_back(group({create(edges[j].arrow), fadeIn(edges[j].label)}));
      if (shown.insert(edges[j].to).second) targets.push_back(fadeIn(chain.words.at(edges[j].to)));
      ++j;
    }
    b.play(laggedStart(0.2, std::move(arrows)), style.layerSeconds);
    if (!targets.empty()) b.play(group(std::move(targets)), style.targetSeconds);
    i = j;
  }
  return chain;
}

}  // namespace tfviz
