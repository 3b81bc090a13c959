// The numbers of section "s05-first-order": three voice commands with how often they are said,
// their vocabulary, and the first-order transition matrix counted from them with Eigen.
// Shared by the section and its unit tests.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

#include "math/tutorial.hpp"

namespace tfviz {

struct FirstOrderCommand {
  std::vector<std::string> words;
  double share = 0;  // how often users say it (the shares add up to 1)
};

struct FirstOrderNumbers {
  std::vector<FirstOrderCommand> commands;
  math::Vocabulary vocab;      // every word of the commands, alphabetical
  Eigen::MatrixXd transition;  // vocab x vocab: row = current word, column = next word
  Eigen::VectorXd rowSums;     // 1 for every word that has a successor, 0 for the last one
  std::string query;           // the word whose successors are looked up ("my")
  Eigen::RowVectorXd queryOneHot;
  Eigen::RowVectorXd next;  // queryOneHot * transition: the distribution of the next word
};

FirstOrderNumbers firstOrderNumbers();

}  // namespace tfviz
