// The attention matmul explainer (section id "matmul"), built from editable inputs and options:
// the notebook's queries and attention map entry by entry, then scaling, mask, softmax and the
// weighted sum of values.
#pragma once

#include "math/matmul.hpp"
#include "scene/script.hpp"

namespace tfviz {

// Throws std::invalid_argument when the inputs do not make a valid attention computation.
SectionScript buildMatmulSection(const FontAtlas& atlas, const math::AttentionInputs& inputs,
                                 const math::AttentionOptions& options = {});

}  // namespace tfviz
