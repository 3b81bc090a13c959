// The numbers of section s01-one-hot: the vocabulary {files, find, my}, the sentence "Find my
// files" as word numbers, as one-hot columns and, transposed, as one-hot rows. Computed with
// Eigen so tests can check them.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

#include "math/tutorial.hpp"

namespace tfviz {

struct OneHotNumbers {
  math::Vocabulary vocab;             // files, find, my (alphabetical)
  std::vector<std::string> sentence;  // find, my, files
  Eigen::MatrixXd vocabNumbers;       // vocab.size() x 1: each word's number, counting from 1
  Eigen::MatrixXd sentenceNumbers;    // 1 x words: "Find my files" = [2 3 1]
  std::vector<Eigen::MatrixXd> wordColumns;  // one-hot column of each vocabulary word
  Eigen::MatrixXd sentenceMatrix;            // vocab x words: one one-hot column per word
  Eigen::MatrixXd sentenceRows;  // words x vocab: the transpose, one one-hot row per word
};

OneHotNumbers oneHotNumbers();

}  // namespace tfviz
