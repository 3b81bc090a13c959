// The numbers of section 12 (the complete architecture): a layer normalisation worked on a small
// vector, the layer counts of the paper and of GPT, and the shapes annotated on the blocks
// (taken from section 11's shape arithmetic).
#pragma once

#include <Eigen/Core>

#include "math/shape.hpp"

namespace tfviz {

struct ArchitectureNumbers {
  // Layer normalisation of one position's vector, step by step.
  Eigen::RowVectorXd normInput;    // [1, 3, 5, 7]
  double inputMean = 0;            // 4
  double inputStd = 0;             // √5 ≈ 2.24 (population standard deviation)
  Eigen::RowVectorXd normCentred;  // input − mean
  Eigen::RowVectorXd normOutput;   // math::layerNormRows(input)
  double outputMean = 0;           // 0
  double outputStd = 0;            // 1

  int paperLayers = 6;  // N in the paper: more layers gave only marginal improvements
  int gptLayers = 12;   // GPT: a 12-layer decoder-only stack

  math::TransformerShapes shapes;  // the sizes and shapes of section 11
};

ArchitectureNumbers architectureNumbers();

}  // namespace tfviz
