// The model section (id "model", after the tutorial): one forward pass of a real trained GPT,
// every number on screen. Words -> token ids -> embedding rows (s04's table lookup) -> plus
// positions (s10) -> in each block: layer norm, q/k/v, each head's attention pattern as a token x
// token heat map, the weighted sum, the MLP, the residual adds -> ln_f -> logits -> softmax -> the
// next word. It ties back to s07-s08: the head that looks back from "ran" learned the mask s08 set
// by hand. Tensors too big to show whole are elided (first and last rows and columns with ⋯) or
// drawn as heat maps. Products shown whole are recorded for provenance. CPU only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "math/gpt.hpp"
#include "scene/script.hpp"

namespace tfviz {

// What the model section explains: a model, its vocabulary and a prompt.
struct ModelInputs {
  std::shared_ptr<const math::GptWeights> weights;  // null: the model shipped with tfviz
  std::vector<std::string> vocab;                   // line i = token i; empty: ids are shown
  std::vector<int> tokens;                          // the prompt, as token ids
  std::string source;                               // where the weights came from, for display
};

// Throws std::invalid_argument (one line) when the tokens do not fit the model.
SectionScript buildModelSection(const FontAtlas& atlas, const ModelInputs& inputs);

}  // namespace tfviz
