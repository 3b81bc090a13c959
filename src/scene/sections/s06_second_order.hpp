// The numbers of section "s06-second-order": two commands with how often they are said, their
// vocabulary, the first-order transition matrix and the second-order one (a row per pair of
// words), all counted from the commands with Eigen. Shared by the section and its unit tests.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

#include "math/tutorial.hpp"

namespace tfviz {

struct SecondOrderSentence {
  std::vector<std::string> words;
  double share = 0;  // how often it is said (the shares add up to 1)
};

struct SecondOrderNumbers {
  std::vector<SecondOrderSentence> sentences;
  math::Vocabulary vocab;      // alphabetical
  Eigen::MatrixXd firstOrder;  // N x N: row = current word, column = next word
  // Every pair of words (a, b) has row a * N + b: N² rows, most of them all zero.
  Eigen::MatrixXd secondOrderAll;
  // The pairs that do occur, in row order ("battery ran", ...), and their rows.
  std::vector<std::string> pairs;
  Eigen::MatrixXd secondOrder;  // pairs.size() x N
  int pairRows = 0;             // N²
  int emptyPairRows = 0;        // N² - pairs.size()
  int branchingFirstOrder = 0;  // rows with more than one possible next word
  int branchingSecondOrder = 0;
};

SecondOrderNumbers secondOrderNumbers();

}  // namespace tfviz
