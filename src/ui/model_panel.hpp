// The model section's inspector: the prompt, typed as words of the model's vocabulary (or token
// ids when the model has none), applied with Enter or the button; the app tokenizes it and, when
// every word is known, runs the model again and rebuilds the section in place. The words the model
// knows are listed, and a refused prompt says which word was unknown; the last good one stays.
#pragma once

#include <string>
#include <vector>

#include "ui/view.hpp"

namespace tfviz::ui {

struct ModelPanelState {
  std::string prompt;              // being edited
  std::string model;               // what is loaded: "toy_gpt.npz (shipped with tfviz), 2 layers"
  std::vector<std::string> vocab;  // the words it knows (empty: ids)
  std::string prediction;          // "next: down (0.93)"
  std::string error;               // set by the app when the prompt was refused
};

// Pushes ApplyModelPrompt when the prompt was submitted.
void drawModelPanel(ModelPanelState& state, std::vector<Command>& out);

}  // namespace tfviz::ui
