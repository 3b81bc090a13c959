// The Inspector for the matmul explainer: the prompt, the token table, W_q, W_k and W_v in
// editable grids, the attention options, and loading a .npy or CSV file. It edits its own copy;
// the app checks it and, when valid, rebuilds the explainer in place (the animation keeps its
// place); when not, the error shows here and the last good state stays on screen.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

#include "ui/view.hpp"

namespace tfviz::ui {

struct InspectorState {
  std::string prompt;
  Eigen::MatrixXd table;
  Eigen::MatrixXd wq, wk, wv;
  bool hasHidden = false;  // the user's own hidden states replace the prompt
  std::string hiddenSource;
  bool scale = true;
  bool mask = false;
  float temperature = 1.0f;
  std::string loadPath;
  std::vector<const char*> loadKinds;  // the kinds of file it can load (set by the app)
  int loadKind = 0;                    // index into loadKinds
  std::string error;                   // set by the app when an edit was refused
  std::string message;                 // set by the app after a load
};

// Pushes ApplyInspector when anything was edited, LoadTensorFile when Load was pressed.
void drawInspectorPanel(InspectorState& state, std::vector<Command>& out);

}  // namespace tfviz::ui
