// Section "s01-one-hot": its numbers are the article's (vocabulary {files, find, my}, "Find my
// files" = [2, 3, 1], one-hot columns), and the section ends on the sentence matrix.
#include <doctest/doctest.h>

#include "scene/registry.hpp"
#include "scene/sections/s01_one_hot.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

TEST_CASE("s01-one-hot: the vocabulary is {files, find, my}, numbered 1, 2, 3") {
  const OneHotNumbers n = oneHotNumbers();
  CHECK(n.vocab == math::Vocabulary{"files", "find", "my"});
  CHECK(n.sentence == std::vector<std::string>{"find", "my", "files"});
  Eigen::MatrixXd numbers(3, 1);
  numbers << 1, 2, 3;
  CHECK(n.vocabNumbers == numbers);
}

TEST_CASE("s01-one-hot: \"Find my files\" counts as [2, 3, 1]") {
  const OneHotNumbers n = oneHotNumbers();
  Eigen::MatrixXd expected(1, 3);
  expected << 2, 3, 1;
  CHECK(n.sentenceNumbers == expected);
}

TEST_CASE("s01-one-hot: one-hot columns of files, find and my") {
  const OneHotNumbers n = oneHotNumbers();
  REQUIRE(n.wordColumns.size() == 3);
  Eigen::MatrixXd files(3, 1), find(3, 1), my(3, 1);
  files << 1, 0, 0;
  find << 0, 1, 0;
  my << 0, 0, 1;
  CHECK(n.wordColumns[0] == files);
  CHECK(n.wordColumns[1] == find);
  CHECK(n.wordColumns[2] == my);
  for (const Eigen::MatrixXd& c : n.wordColumns) CHECK(c.sum() == doctest::Approx(1.0));
}

TEST_CASE("s01-one-hot: the sentence matrix has one one-hot column per word (find, my, files)") {
  const OneHotNumbers n = oneHotNumbers();
  Eigen::MatrixXd expected(3, 3);
  // clang-format off
  expected << 0, 0, 1,   // files
              1, 0, 0,   // find
              0, 1, 0;   // my
  // clang-format on
  CHECK(n.sentenceMatrix == expected);
  for (int j = 0; j < 3; ++j) {
    CAPTURE(j);
    CHECK(n.sentenceMatrix.col(j).sum() == doctest::Approx(1.0));
    // Column j is word j's one-hot, and the row of its 1 is the word's number minus one.
    Eigen::Index row = 0;
    n.sentenceMatrix.col(j).maxCoeff(&row);
    CHECK(row + 1 == static_cast<Eigen::Index>(n.sentenceNumbers(0, j)));
  }
}

TEST_CASE("s01-one-hot: the final matrix is on screen at the end, with its word headers") {
  const SectionScript script = buildOneHotSection(test::atlas());
  const SceneState end = evaluate(script, script.duration);
  bool found = false;
  for (size_t i = 0; i < script.items.size(); ++i) {
    const ItemDef& def = script.items[i];
    if (def.kind != ItemKind::Matrix || def.matrix.rows != 3 || def.matrix.cols != 3) continue;
    found = true;
    CHECK(def.matrix.colLabels == std::vector<std::string>{"find", "my", "files"});
    CHECK(def.matrix.rowLabels == std::vector<std::string>{"files", "find", "my"});
    CHECK(end.items[i].opacity == doctest::Approx(1.0));
  }
  CHECK(found);
}
