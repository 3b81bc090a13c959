// Section "s01-one-hot": its numbers are the article's (vocabulary {files, find, my}, "Find my
// files" = [2, 3, 1], one-hot columns), the column sweep is on screen at its beat, and the section
// ends on the transposed matrix, one one-hot row per word, as every later section writes it.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "math/format.hpp"
#include "scene/sections/registry.hpp"
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

TEST_CASE("s01-one-hot: the sentence rows are the transpose, one one-hot row per word") {
  const OneHotNumbers n = oneHotNumbers();
  CHECK(n.sentenceRows == n.sentenceMatrix.transpose());
  for (int i = 0; i < 3; ++i) {
    CAPTURE(i);
    Eigen::Index col = 0;
    n.sentenceRows.row(i).maxCoeff(&col);
    CHECK(n.vocab[static_cast<size_t>(col)] == n.sentence[static_cast<size_t>(i)]);
  }
}

TEST_CASE("s01-one-hot: at the column sweep's beat the box and every swept 1 are on screen") {
  const OneHotNumbers n = oneHotNumbers();
  const SectionScript script = buildOneHotSection(test::atlas());
  const SceneState at = evaluate(script, test::beatTime(script, "read columns"));
  const std::optional<size_t> box = test::findItem(script, "column box");
  CHECK(box);
  if (box) CHECK(at.items[*box].opacity == doctest::Approx(1.0));
  bool matrix = false;
  for (size_t i = 0; i < script.items.size(); ++i) {
    const ItemDef& def = script.items[i];
    const ItemState& s = at.items[i];
    if (def.kind != ItemKind::Matrix || def.matrix.colLabels != n.sentence ||
        def.matrix.rows != 3 || s.opacity < 0.99f)
      continue;
    matrix = true;
    // Every column's 1 is lit: the sweep is still on screen when the presenter stops.
    for (int j = 0; j < 3; ++j) {
      Eigen::Index row = 0;
      n.sentenceMatrix.col(j).maxCoeff(&row);
      const auto cell = static_cast<size_t>(row * 3 + j);
      CHECK(s.cells[cell].highlight == doctest::Approx(1.0));
      CHECK(s.cells[cell].opacity == doctest::Approx(1.0));
      CHECK(test::cellText(script, at, i, static_cast<int>(cell)) == "1");
    }
  }
  CHECK(matrix);
}

TEST_CASE("s01-one-hot: the section ends on one-hot rows, one per word, as later sections use") {
  const OneHotNumbers n = oneHotNumbers();
  const SectionScript script = buildOneHotSection(test::atlas());
  const SceneState end = evaluate(script, script.duration);
  int visible = 0;
  for (size_t i = 0; i < script.items.size(); ++i) {
    const ItemDef& def = script.items[i];
    if (def.kind != ItemKind::Matrix || end.items[i].opacity < 0.02f) continue;
    ++visible;
    CHECK(def.matrix.rowLabels == std::vector<std::string>{"find", "my", "files"});
    CHECK(def.matrix.colLabels == std::vector<std::string>{"files", "find", "my"});
    CHECK(end.items[i].opacity == doctest::Approx(1.0));
    REQUIRE(def.matrix.rows == 3);
    REQUIRE(def.matrix.cols == 3);
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c)
        CHECK(test::cellText(script, end, i, r * 3 + c) ==
              math::formatNumber(n.sentenceRows(r, c), {}));
  }
  CHECK(visible == 1);  // the columns are gone: only the rows remain
  // The transpose is said on screen.
  CHECK(test::findText(script, "transpose"));
}
