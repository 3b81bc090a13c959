// A Markov chain drawn as the article draws it: the words at given places, an arrow for every
// non-zero entry of a transition matrix with its probability written along it, revealed layer
// by layer from left to right. Shared by s05-first-order and s06-second-order. CPU only.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "math/tutorial.hpp"
#include "scene/kit.hpp"

namespace tfviz {

struct ChainStyle {
  float wordSize = 46;
  float arrowGap = 16;  // between a word's bounds and the ends of its arrows
  float labelSize = 36;
  float labelOffset = 30;  // from an arrow to its label, on the arrow's upper side
  // Where along its arrow a label sits (0: the start, 1: the end), by the arrow's target word;
  // halfway for targets not listed.
  std::map<std::string, float> labelAlong;
  math::NumberFormat format{.decimals = 2};  // "0.2", "1"
  double firstSeconds = 0.6;                                  // the first word fading in
  double layerSeconds = 0.9;                                  // each layer of arrows
  double targetSeconds = 0.5;                                 // the words a layer of arrows reaches
};

struct ChainEdge {
  std::string from, to;
  ItemId arrow = 0;
  ItemId label = 0;
};

struct ChainDiagram {
  std::map<std::string, ItemId> words;
  std::vector<ChainEdge> edges;  // left to right, by the place of the word they leave

  // Recolours the arrows leaving `from`, and their labels.
  std::vector<Anim> emphasise(const std::string& from, glm::vec4 color) const;
  // The words, then every arrow with its label.
  std::vector<ItemId> items() const;
};

// Draws the chain of `transition` (row: current word, column: next word, both in vocab's order)
// with each word centred on its place, then reveals it: `first`, then every layer of arrows
// (those leaving words at the same x) followed by the words they reach. Arrows and labels may
// overlap each other; words never do.
ChainDiagram drawChain(SectionKit& kit, const math::Vocabulary& vocab,
                       const Eigen::MatrixXd& transition,
                       const std::map<std::string, glm::vec2>& places, const std::string& first,
                       const ChainStyle& style = {});

}  // namespace tfviz
