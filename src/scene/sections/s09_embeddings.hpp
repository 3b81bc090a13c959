// The numbers of section 9 (embeddings): the size of a one-hot pair model for 50,000 words, the
// article's 2-D word positions, the projection as a matmul, the de-embedded scores of program,
// their argmax and their softmax. Computed with Eigen; unit tests check them against the article.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>
#include <glm/vec2.hpp>

#include "math/tutorial.hpp"

namespace tfviz {

struct EmbeddingSectionNumbers {
  // The size problem: one row per word pair, one column per next word.
  double vocabSize = 0;  // N = 50,000
  double pairRows = 0;   // N² = 2.5 billion
  double elements = 0;   // N² × N, over 100 trillion

  // The toy embedding over section 7's 13 words (alphabetical). The article places four words;
  // the rows of the other nine are unknown and left at 0 (shown blank).
  math::Vocabulary vocab;
  std::vector<std::string> placedWords;  // battery, down, out, program
  Eigen::MatrixXd embedding;             // 13 x 2, the projection matrix
  std::vector<bool> placed;              // per vocabulary word: has a known row
  Eigen::RowVectorXd batteryOneHot;      // 1 x 13
  Eigen::RowVectorXd battery;            // batteryOneHot * embedding = (.2, 1.0)
  Eigen::RowVectorXd program;            // one-hot(program) * embedding = (−.3, 1.1)

  // De-embedding [2 x 13]: the article gives program's column (−.1, .9) only.
  Eigen::MatrixXd deEmbedding;  // zero except program's column
  double programScore = 0;      // program * program's column: 1.02, the article's "1"
  // The article's de-embedded vector for program (the result of the [1x2] x [2x13] product).
  Eigen::RowVectorXd scores;
  int best = 0;                      // argmax of scores: program
  Eigen::RowVectorXd probabilities;  // softmax of scores
  int mostLikely = 0;                // argmax of probabilities: program
};

EmbeddingSectionNumbers embeddingSectionNumbers();

// The ring drawn around a cluster of two dots at a and b (design space): an ellipse centred
// between them with half-axes `along` (on the line a-b, direction u) and `across` (direction v),
// the narrowest that keeps a circle of radius `clearance` around each dot inside.
struct ClusterRing {
  glm::vec2 centre{0, 0};
  glm::vec2 u{1, 0};
  glm::vec2 v{0, 1};
  float along = 0;
  float across = 0;
};
ClusterRing clusterRing(glm::vec2 a, glm::vec2 b, float clearance);

}  // namespace tfviz
