// Section s01-one-hot: a voice assistant must turn sounds into words; words are numbered in a
// vocabulary, then written as one-hot columns, and the sentence "Find my files" becomes a 3 x 3
// matrix of one-hot columns, then, transposed, one one-hot row per word: the convention of every
// later section. Every number shown is computed in oneHotNumbers().
#include "scene/sections/s01_one_hot.hpp"

#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "scene/kit.hpp"
#include "scene/kit/lines.hpp"
#include "scene/kit/marks.hpp"
#include "scene/kit/panel.hpp"
#include "scene/kit/words.hpp"
#include "scene/sections/registry.hpp"

namespace tfviz {

OneHotNumbers oneHotNumbers() {
  OneHotNumbers n;
  n.vocab = {"files", "find", "my"};
  n.sentence = {"find", "my", "files"};
  const auto v = static_cast<Eigen::Index>(n.vocab.size());
  const auto w = static_cast<Eigen::Index>(n.sentence.size());
  n.vocabNumbers.resize(v, 1);
  for (Eigen::Index i = 0; i < v; ++i)
    n.vocabNumbers(i, 0) = math::wordIndex(n.vocab, n.vocab[static_cast<size_t>(i)]) + 1;
  n.sentenceNumbers.resize(1, w);
  for (Eigen::Index j = 0; j < w; ++j)
    n.sentenceNumbers(0, j) = math::wordIndex(n.vocab, n.sentence[static_cast<size_t>(j)]) + 1;
  for (const std::string& word : n.vocab)
    n.wordColumns.push_back(math::oneHot(n.vocab, word).transpose());
  n.sentenceRows = math::oneHotRows(n.vocab, n.sentence);
  n.sentenceMatrix = n.sentenceRows.transpose();
  return n;
}

namespace {

using kit::quoted;
using kit::Row;

class OneHotSection : kit::Section {
 public:
  explicit OneHotSection(const FontAtlas& atlas)
      : Section("s01-one-hot", "One-hot encoding", atlas), m_n(oneHotNumbers()) {}

  SectionScript build() && {
    voiceCommand();
    vocabulary();
    counting();
    oneHotColumns();
    sentenceOrder();
    squeeze();
    readColumns();
    transposeToRows();
    terminology();
    return std::move(*this).finish();
  }

 private:
  // The section's matrices are tiny (3 x 3 at most), so they are shown larger than usual.
  static constexpr float kScale = 1.3f;

  // A matrix in the section's style, hidden, at `at`, larger than usual.
  ItemId matrix(const Eigen::MatrixXd& values, const MatrixStyle& s, glm::vec2 at,
                bool placeholder = false) {
    const ItemId id = m_kit.matrix(values, kit::exampleStyle(s, 40, {}), placeholder);
    m_b.play(group({moveTo(id, at), scaleTo(id, kScale)}), 0.0);
    return id;
  }

  // A sound wave with three bursts, one per spoken word.
  static std::vector<glm::vec2> wave() {
    std::vector<glm::vec2> points;
    for (float x = -230; x <= 230; x += 3) {
      float envelope = 0;
      for (float c : {-150.0f, 0.0f, 150.0f}) envelope += std::exp(-(x - c) * (x - c) / 1500.0f);
      points.push_back({x, -70.0f * envelope * std::sin(x * 0.32f)});
    }
    return points;
  }

  void voiceCommand() {
    m_kit.caption("Goal: a computer that hears a spoken command and writes down its words");
    kit::Act act(m_kit);
    const float y = kit::row(Row::Content), labelY = kit::row(Row::Upper);
    const ItemId sound = kit::curve(m_kit, wave(), {470, y}, palette::kInput);
    const ItemId arrow = kit::line(m_kit, {770, y}, {960, y}, palette::kNote, 5, 26);
    const ItemId words = m_kit.text(quoted("Find my files"), 60, {1360, y});
    m_b.play(
        group({create(sound), fadeIn(m_kit.text("sounds", 36, {470, labelY}, palette::kNote))}),
        1.6);
    m_b.play(create(arrow), 0.8);
    m_b.play(group({write(words), fadeIn(m_kit.text("words", 36, {1360, labelY}, palette::kNote))}),
             1.2);
    m_kit.stop("voice command",
               "We want a voice assistant: sounds in, words out. First, words must become numbers.",
               "Turning one sequence (sounds) into another (words) is called transduction.", 2.0);
    act.clearUnder();
  }

  void vocabulary() {
    m_kit.caption("Every command is built from a vocabulary: the words it may use");
    m_vocab = matrix(m_n.vocabNumbers,
                     {.label = "vocabulary", .color = palette::kInput, .rowLabels = m_n.vocab},
                     {960, 560});
    m_kit.show({m_vocab});
    // Number the words one by one.
    std::vector<Anim> count;
    for (int cell : m_kit.columnCells(m_vocab, 0))
      count.push_back(
          succession({cellHighlight(m_vocab, cell, 1.0f), cellHighlight(m_vocab, cell, 0.0f)}));
    m_b.play(laggedStart(0.6, std::move(count)), 2.0);
    m_kit.stop("vocabulary", "A tiny vocabulary of three words, in alphabetical order.",
               "Alphabetical order, numbered from 1: files = 1, find = 2, my = 3.", 2.0);
  }

  void counting() {
    m_kit.caption("A first idea: replace each word by its number");
    m_sentence = matrix(
        m_n.sentenceNumbers,
        {.label = quoted("Find my files"), .color = palette::kInput, .colLabels = m_n.sentence},
        {1320, 560}, true);
    m_b.play(group({moveTo(m_vocab, {580, 560}), fadeIn(m_sentence)}), 1.0);
    for (int j = 0; j < m_n.sentenceNumbers.cols(); ++j) {
      const int row = math::wordIndex(m_n.vocab, m_n.sentence[static_cast<size_t>(j)]);
      const int from = m_b.cellIndex(m_vocab, row, 0);
      const int to = m_b.cellIndex(m_sentence, 0, j);
      m_b.play(group({cellHighlight(m_vocab, from, 1.0f), cellHighlight(m_sentence, to, 1.0f)}),
               0.5);
      m_kit.fillCells(m_sentence, m_n.sentenceNumbers,
                      {.color = palette::kInput, .seconds = 0.6, .recolor = false, .cells = {to}});
      m_b.wait(0.3);
      m_b.play(group({cellHighlight(m_vocab, from, 0.0f), cellHighlight(m_sentence, to, 0.0f)}),
               0.3);
    }
    m_b.play(recolor(m_sentence, palette::kInput), 0.3);
    m_kit.stop("counting", "Each word is looked up in the vocabulary and replaced by its number.",
               "So " + quoted("Find my files") + " becomes the list of numbers [2, 3, 1].", 2.0);
    m_kit.fadeOutAll({m_vocab, m_sentence});
  }

  void oneHotColumns() {
    m_kit.caption("Better: one-hot vectors, one slot per word and a single 1");
    const float xs[] = {840, 1060, 1280};
    for (size_t i = 0; i < m_n.vocab.size(); ++i)
      m_columns.push_back(matrix(m_n.wordColumns[i],
                                 {.color = palette::kInput, .colLabels = {m_n.vocab[i]}},
                                 {xs[i], 580}));
    // The slot names, once, to the left of the columns.
    const float right = m_b.bounds(m_columns[0]).min.x - 40;
    for (int r = 0; r < static_cast<int>(m_n.vocab.size()); ++r) {
      const float y = m_b.rowBounds(m_columns[0], r).center().y;
      m_slots.push_back(m_kit.text(m_n.vocab[static_cast<size_t>(r)], 40 * kScale, {right, y},
                                   palette::kNote, FontFace::Sans, Align::Right));
    }
    m_kit.show(m_slots, 1.0, 0.4);
    for (size_t i = 0; i < m_columns.size(); ++i) {
      m_kit.show({m_columns[i]}, 0.6);
      m_kit.highlightCells(m_columns[i], {static_cast<int>(i)}, 1.0f, 0.5);
      m_b.wait(0.3);
    }
    m_kit.stop("one-hot vectors",
               "files = [1,0,0], find = [0,1,0], my = [0,0,1]: as many slots as vocabulary words.",
               "Each word lights up its own slot with a 1; every other slot holds 0.", 2.0);
  }

  void sentenceOrder() {
    m_kit.caption("A sentence: the one-hot vectors of its words, in order");
    // Word j of the sentence takes slot j on screen.
    std::vector<Anim> unlight, moves;
    for (size_t j = 0; j < m_n.sentence.size(); ++j) {
      unlight.push_back(cellHighlight(m_columns[j], static_cast<int>(j), 0.0f));
      const ItemId c = m_columns[static_cast<size_t>(math::wordIndex(m_n.vocab, m_n.sentence[j]))];
      moves.push_back(moveTo(c, {m_b.state(m_columns[j]).pos.x, m_b.state(c).pos.y}));
    }
    m_b.play(group(std::move(unlight)), 0.4);
    // The columns trade places, passing through each other on the way.
    kit::allowAll(m_kit, m_columns);
    m_b.play(group(std::move(moves)), 1.4);
    m_kit.stop("sentence order", "The same three columns, rearranged into the sentence's order.",
               quoted("Find my files") + ": the find column, then my, then files.", 2.0);
  }

  void squeeze() {
    m_kit.caption("Squeeze the columns together: the sentence becomes one matrix");
    m_matrix = matrix(m_n.sentenceMatrix,
                      {.label = quoted("Find my files"),
                       .color = palette::kInput,
                       .rowLabels = m_n.vocab,
                       .colLabels = m_n.sentence},
                      {960, 590});
    const MatrixGeometry g = matrixGeometry(m_b.def(m_matrix).matrix, m_b.state(m_matrix));
    std::vector<Anim> moves, swap;
    for (size_t j = 0; j < m_n.sentence.size(); ++j) {
      const auto i = static_cast<size_t>(math::wordIndex(m_n.vocab, m_n.sentence[j]));
      const Rect col = m_b.colBounds(m_matrix, static_cast<int>(j));
      moves.push_back(moveTo(m_columns[i], col.center()));
      swap.push_back(fadeOut(m_columns[i]));
    }
    for (size_t r = 0; r < m_slots.size(); ++r) {
      const float y = m_b.rowBounds(m_matrix, static_cast<int>(r)).center().y;
      moves.push_back(moveTo(m_slots[r], {g.rowLabelRight, y}));
      swap.push_back(fadeOut(m_slots[r]));
    }
    // Columns and slot names settle into the matrix and hand over to it: a transformation.
    kit::allowAll(m_kit, kit::join({m_columns, m_slots, {m_matrix}}));
    m_b.play(group(std::move(moves)), 1.4);
    swap.push_back(fadeIn(m_matrix));
    m_b.play(group(std::move(swap)), 0.8);
    m_kit.stop("sentence matrix",
               "Columns are the sentence's words; rows are the vocabulary's slots.",
               "Three one-hot columns side by side make a 3 × 3 array.", 2.0);
  }

  void readColumns() {
    m_kit.caption("Read down each column: the row holding the 1 names the word");
    m_columnBox = m_kit.boxAround(m_b.colBounds(m_matrix, 0), {m_matrix},
                                  {.name = "column box", .seconds = 0});
    // The box sweeps left to right; each column's 1 stays lit, so the beat shows the whole sweep.
    for (int j = 0; j < m_n.sentenceMatrix.cols(); ++j) {
      int row = 0;
      m_n.sentenceMatrix.col(j).maxCoeff(&row);
      m_litCells.push_back(m_b.cellIndex(m_matrix, row, j));
      m_b.play(group({cellHighlight(m_matrix, m_litCells.back(), 1.0f),
                      kit::boxOnto(m_kit, m_columnBox, m_b.colBounds(m_matrix, j))}),
               0.8);
      m_b.wait(0.7);
    }
    m_kit.stop("read columns", "Each column's 1 sits in the row of its word.",
               "find, my, files: the matrix still says the whole sentence, in order.", 1.5);
  }

  // The bridge to every later section: the same matrix turned on its side, one row per word.
  void transposeToRows() {
    m_kit.caption("From here on, each word is a row: the matrix turned on its side");
    m_kit.fadeOutAll({m_columnBox}, 0.5);
    m_kit.highlightCells(m_matrix, m_litCells, 0.0f, 0.5);
    m_rows = matrix(m_n.sentenceRows,
                    {.label = quoted("Find my files"),
                     .color = palette::kInput,
                     .rowLabels = m_n.sentence,
                     .colLabels = m_n.vocab},
                    {1420, 590});
    // Every entry starts hidden and arrives with its column.
    std::vector<int> all(static_cast<size_t>(m_n.sentenceRows.size()));
    std::iota(all.begin(), all.end(), 0);
    m_b.play(kit::cellsOpacity(m_rows, all, 0.0f), 0.0);
    kit::Act act(m_kit);
    act.adopt(m_matrix);
    const ItemId arrow = kit::line(m_kit, {900, 590}, {1050, 590}, palette::kNote, 5, 26);
    const ItemId arrowLabel = m_kit.text("transpose", 32, {975, 540}, palette::kNote);
    m_b.play(moveTo(m_matrix, {500, 590}), 0.8);
    m_b.play(group({fadeIn(m_rows), create(arrow), fadeIn(arrowLabel)}), 0.8);
    // Column j of the left matrix becomes row j of the right one.
    for (int j = 0; j < static_cast<int>(m_n.sentence.size()); ++j) {
      const std::vector<int> column = m_kit.columnCells(m_matrix, j),
                             row = m_kit.rowCells(m_rows, j);
      m_b.play(group({kit::lightCells(m_matrix, column, 1.0f), kit::lightCells(m_rows, row, 1.0f),
                      kit::cellsOpacity(m_rows, row, 1.0f)}),
               0.6);
      m_b.play(group({kit::lightCells(m_matrix, column, 0.0f), kit::lightCells(m_rows, row, 0.0f)}),
               0.3);
    }
    m_kit.stop(
        "transpose",
        "Transposing swaps rows and columns. Later sections stack one-hot rows, one per word.",
        "Each column becomes a row: find, then my, then files, read top to bottom.", 1.5);
    m_kit.note("");
    act.clear();
    m_matrix = m_rows;
  }

  void terminology() {
    m_kit.caption("Two words used from now on: vector and matrix");
    m_b.play(moveTo(m_matrix, {640, m_b.state(m_matrix).pos.y}), 1.0);
    // A definition, left-aligned right of the matrix: the term's line and a fainter one under
    // it, written as `box` is drawn.
    auto define = [&](ItemId box, const std::string& term, const std::string& gloss, float dy) {
      const glm::vec2 at(1020, m_b.state(m_matrix).pos.y + dy);
      m_b.play(group({create(box),
                      write(m_kit.text(term, 44, at, palette::kText, FontFace::Sans, Align::Left)),
                      fadeIn(m_kit.text(gloss, 34, at + glm::vec2(0, 55), palette::kNote,
                                        FontFace::Sans, Align::Left))}),
               1.2);
    };

    const ItemId rowBox = m_kit.boxAround(m_b.rowBounds(m_matrix, 1), {m_matrix},
                                          {.name = "vector box", .seconds = 0});
    define(rowBox, "vector: a one-dimensional array", "a single row (or column) of numbers", -90);
    m_kit.stop("vector", "One row of the matrix is a vector: one dimension.", {.hold = 2.0});

    const ItemId allBox =
        m_kit.boxAround(m_b.rowBounds(m_matrix, 0).united(m_b.rowBounds(m_matrix, 2)), {m_matrix},
                        {.pad = 22, .radius = 14, .name = "matrix box", .seconds = 0});
    m_b.play(fadeOut(rowBox), 0.4);
    define(allBox, "matrix: a two-dimensional array", "rows and columns of numbers", 55);
    m_kit.stop("matrix", "The whole sentence is a matrix: two dimensions.",
               "From here on: vector = one-dimensional array, matrix = two-dimensional array.",
               2.5);
    m_b.play(fadeOut(allBox), 0.5);
    m_kit.stop("end", "Next: comparing one-hot vectors with the dot product.");
  }

  OneHotNumbers m_n;
  ItemId m_vocab = 0, m_sentence = 0, m_matrix = 0, m_rows = 0, m_columnBox = 0;
  std::vector<int> m_litCells;    // the 1s lit by the column sweep
  std::vector<ItemId> m_columns;  // one-hot column of each vocabulary word
  std::vector<ItemId> m_slots;    // slot names left of the columns
};

}  // namespace

SectionScript buildOneHotSection(const FontAtlas& atlas) {
  return OneHotSection(atlas).build();
}

}  // namespace tfviz
