// The numbers of section 8 (masking and attention), computed with Eigen from the article's
// inputs: the "X, ran" feature activities, the mask, the masked votes, the QKᵀ mask lookup and
// the feed-forward (feature creation + ReLU) example. Unit tests check them against the article.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

#include "math/tutorial.hpp"

namespace tfviz {

struct AttentionSectionNumbers {
  // Inputs.
  math::Vocabulary vocab;                    // the 13 words of section 7, alphabetical
  std::vector<std::string> batterySentence;  // "check the battery log ... it ran down please"
  std::vector<std::string> maskWords;        // the features that matter after "ran"
  std::vector<std::string> nextWords;        // the transition columns shown: down, please
  Eigen::MatrixXd transition;                // 13 features "X, ran" x {down, please}: the votes

  // Derived.
  std::vector<std::string> features;    // "and, ran", "battery, ran", ... in vocabulary order
  Eigen::RowVectorXd activities;        // 1 where X comes before "ran" in the battery sentence
  Eigen::RowVectorXd votes;             // activities * transition: down 5, please 4
  double marginPercent = 0;             // how much more the winner gets: 25
  Eigen::RowVectorXd mask;              // 1 at battery and program
  Eigen::RowVectorXd maskedActivities;  // activities ⊙ mask (element-wise)
  Eigen::MatrixXd maskedTransition;     // only the battery,ran and program,ran rows remain
  Eigen::RowVectorXd maskedVotes;       // maskedActivities * transition: down 1, please 0

  // Attention as a matrix multiplication: the masks of every most recent word stacked as the
  // rows of Kᵀ (only ran's mask is known: the other rows are left empty), a one-hot query.
  Eigen::MatrixXd keysT;      // 13 x 13, row w = the mask used when w is the most recent word
  Eigen::RowVectorXd query;   // one-hot(ran)
  Eigen::RowVectorXd lookup;  // query * keysT: ran's mask, pulled out

  // The second-order model as matrix multiplications (the feed-forward block).
  std::vector<std::string> ffnInputWords;    // battery, program, ran, bias
  std::vector<std::string> ffnFeatureNames;  // "battery, ran", "program, ran"
  Eigen::MatrixXd ffnInputs;      // 2 x 4: the battery sentence, the program sentence (+ bias 1)
  Eigen::MatrixXd ffnWeights;     // 4 x 2: W₁ with the bias row b₁ last
  Eigen::MatrixXd ffnHidden;      // ffnInputs * ffnWeights: [1, −1] and [−1, 1]
  Eigen::MatrixXd ffnFeatures;    // ReLU: [1, 0] and [0, 1]
  Eigen::MatrixXd ffnOutWeights;  // W₂: the battery,ran and program,ran rows of the transition
  Eigen::MatrixXd ffnVotes;       // ffnFeatures * W₂: battery → down, program → please

  std::string prediction;  // the greedy pick after "... whether it ran": down
};

AttentionSectionNumbers attentionSectionNumbers();

}  // namespace tfviz
