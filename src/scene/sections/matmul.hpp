// The attention matmul explainer (section id "matmul"), built from editable inputs.
#pragma once

#include "math/matmul.hpp"
#include "scene/script.hpp"

namespace tfviz {

// Throws std::invalid_argument when the inputs do not make a valid attention computation.
SectionScript buildMatmulSection(const FontAtlas& atlas, const math::AttentionInputs& inputs);

}  // namespace tfviz
