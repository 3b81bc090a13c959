// The model shipped with tfviz: a small GPT trained by tools/train_model.py on the tutorial's toy
// language (assets/model), compiled into the binary so every command and test has it with no
// file to find. Parsed once, on first use, by the same reader as a user's file.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "math/gpt.hpp"

namespace tfviz::io {

struct ShippedModel {
  std::shared_ptr<const math::GptWeights> weights;
  std::vector<std::string> vocab;
  std::string name;  // "toy_gpt.npz (shipped with tfviz)"
};

const ShippedModel& shippedModel();

// The prompt the model section opens with.
inline constexpr const char* kShippedPrompt = "check the battery log and find out whether it ran";

}  // namespace tfviz::io
