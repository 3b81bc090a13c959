// The small pieces of linear algebra the tutorial sections compute with: one-hot vectors over a
// vocabulary, softmax, ReLU, masks, positional encodings, layer normalisation. Pure, Eigen only.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

namespace tfviz::math {

using Vocabulary = std::vector<std::string>;  // in the article's (alphabetical) order

// Index of a word; throws std::invalid_argument naming the word when it is not there.
int wordIndex(const Vocabulary& vocab, const std::string& word);
// A row vector with a 1 at the word's index.
Eigen::RowVectorXd oneHot(const Vocabulary& vocab, const std::string& word);
// One one-hot row per word.
Eigen::MatrixXd oneHotRows(const Vocabulary& vocab, const std::vector<std::string>& words);

// Softmax of every row: e^x / sum(e^x), computed stably (the row maximum subtracted first).
// Entries of -infinity get probability 0.
Eigen::MatrixXd softmaxRows(const Eigen::MatrixXd& x);
Eigen::MatrixXd relu(const Eigen::MatrixXd& x);

// The decoder's causal mask, n x n: 0 on and below the diagonal, -infinity above it.
Eigen::MatrixXd causalMask(int n);

// The sinusoidal positional encoding of "Attention Is All You Need", n positions x d dims:
// PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d)).
Eigen::MatrixXd positionalEncoding(int n, int d);

// Each row shifted to mean 0 and scaled to standard deviation 1 (population std, epsilon 1e-5).
Eigen::MatrixXd layerNormRows(const Eigen::MatrixXd& x);

// Index of the largest entry of a row vector (the first one on ties).
int argmax(const Eigen::RowVectorXd& row);

}  // namespace tfviz::math
