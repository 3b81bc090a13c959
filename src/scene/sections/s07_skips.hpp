// The numbers of section "s07-skips": two equally likely commands whose last word depends on a
// word 8 places back, the "X, ran" skip features over the 13-word vocabulary, their vote matrix,
// and each command's vote sums, all computed with Eigen. Shared by the section and its tests.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

#include "math/tutorial.hpp"

namespace tfviz {

struct SkipsSentence {
  std::vector<std::string> words;
  double share = 0;  // how often it is said (the shares add up to 1)
};

struct SkipsNumbers {
  std::vector<SkipsSentence> sentences;  // the program command, then the battery command
  math::Vocabulary vocab;                // alphabetical, 13 words
  std::string current = "ran";           // the word whose successor is predicted
  // The words the two commands differ in ("program", "battery") and how many words the model
  // must see, from there up to "ran", to tell them apart (8).
  std::vector<std::string> deciders;
  int lookBack = 0;
  double eighthOrderRows = 0;  // N^lookBack: rows of a model that looks back that far

  std::vector<std::string> features;       // "and, ran", ... one per vocabulary word
  std::vector<std::string> outcomes;       // the words that ever follow "ran": down, please
  Eigen::MatrixXd votes;                   // features x outcomes; rows of words never seen are 0
  std::vector<Eigen::RowVectorXd> active;  // per sentence: 1 for each word seen before "ran"
  std::vector<Eigen::RowVectorXd> sums;    // per sentence: active * votes
  std::vector<std::string> winners;        // per sentence: the outcome with the most votes
  std::vector<std::string> expected;       // per sentence: the word that really follows "ran"
};

SkipsNumbers skipsNumbers();

}  // namespace tfviz
