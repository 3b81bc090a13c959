// The kit's words: what the sequence-model sections (first order, second order, skips) share.
// A base class holding a section's builder and kit; their numbers (the vocabulary of a few
// weighted sentences, the first-order transitions); words written the same way (joined, quoted,
// shares, thousands commas); a sentence as a row of word items; tables of words and the vectors
// beside them in one style; and words that glide onto a table's headers as it forms. CPU only.
#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "math/tutorial.hpp"
#include "scene/kit.hpp"

namespace tfviz::kit {

// What every section class holds: its builder and its kit, with the title written as the section
// starts. A section derives from it, adds its parts and ends with std::move(*this).finish().
class Section {
 public:
  Section(const Section&) = delete;
  Section& operator=(const Section&) = delete;

 protected:
  Section(std::string id, const std::string& title, const FontAtlas& atlas)
      : m_b(std::move(id), title, atlas), m_kit(m_b) {
    m_kit.title(title);
  }
  SectionScript finish() && { return std::move(m_b).finish(); }

  SectionBuilder m_b;
  SectionKit m_kit;
};

// Every word of the sentences (anything with a `words` list), once each, in alphabetical order.
template <class Sentence>
math::Vocabulary vocabulary(const std::vector<Sentence>& sentences) {
  std::set<std::string> words;
  for (const Sentence& s : sentences) words.insert(s.words.begin(), s.words.end());
  return {words.begin(), words.end()};
}

// Each row divided by its sum, so counts become probabilities; a row of zeros stays zero.
Eigen::MatrixXd normaliseRows(Eigen::MatrixXd counts);

// The first-order transition matrix of weighted sentences (anything with `words` and `share`):
// row = current word, column = next word, each (word, next) pair counted `share` times, every
// row then normalised. A word that nothing follows keeps a row of zeros.
template <class Sentence>
Eigen::MatrixXd transitions(const math::Vocabulary& vocab, const std::vector<Sentence>& sentences) {
  const auto v = static_cast<Eigen::Index>(vocab.size());
  Eigen::MatrixXd counts = Eigen::MatrixXd::Zero(v, v);
  for (const Sentence& s : sentences) {
    for (size_t i = 0; i + 1 < s.words.size(); ++i)
      counts(math::wordIndex(vocab, s.words[i]), math::wordIndex(vocab, s.words[i + 1])) += s.share;
  }
  return normaliseRows(std::move(counts));
}

// The parts with `separator` between them: {"show", "me"} -> "show me".
std::string joined(const std::vector<std::string>& parts, const std::string& separator = " ");
// Words as said aloud, in curly quotes: “show me my files”.
std::string quoted(const std::string& s);
// A share as a whole percentage: 0.4 -> "40%".
std::string percent(double share);
// A whole number with thousands commas: 815730721 -> "815,730,721" (rounded to an integer).
std::string withCommas(double value);

// How wordRow writes a sentence.
struct WordRow {
  float size = 46;
  float gap = 22;  // between words, before any fitting
  glm::vec4 color = palette::kText;
};

// A sentence as one text item per word, laid out as a row centred on x = 960 at height y (fitted
// to the frame like SectionKit::layOutRow). Hidden; returned left to right.
std::vector<ItemId> wordRow(SectionKit& k, const std::vector<std::string>& words, float y,
                            const WordRow& style = {});
// Rows of items fading in: the items of a row `itemLag` after each other, each row `rowLag`
// after the one before (laggedStart's lags). Play it like any animation.
Anim fadeInRows(const std::vector<std::vector<ItemId>>& rows, double rowLag, double itemLag);

// How often each line of a list is said, beside it: one share ("40%") per row of items, in the
// note colour, right-aligned in one column `gap` right of the widest row, at the height of the
// row's first item. Hidden; one per row.
std::vector<ItemId> sharesBeside(SectionKit& k, const std::vector<std::vector<ItemId>>& rows,
                                 const std::vector<double>& shares, float size, float gap);
// The same for weighted sentences (anything with a `share`), one row each, or one line each.
template <class Sentence>
std::vector<ItemId> sharesBeside(SectionKit& k, const std::vector<std::vector<ItemId>>& rows,
                                 const std::vector<Sentence>& sentences, float size, float gap) {
  std::vector<double> shares;
  for (const Sentence& s : sentences) shares.push_back(s.share);
  return sharesBeside(k, rows, shares, size, gap);
}
template <class Sentence>
std::vector<ItemId> sharesBeside(SectionKit& k, const std::vector<ItemId>& lines,
                                 const std::vector<Sentence>& sentences, float size, float gap) {
  std::vector<std::vector<ItemId>> rows;
  for (ItemId id : lines) rows.push_back({id});
  return sharesBeside(k, rows, sentences, size, gap);
}

// A table of words in the house style (transition matrices, votes): entries in the weight colour
// and `format`, rows and columns labelled with words, zeros blank when hideZeros.
MatrixStyle wordTable(std::vector<std::string> rowLabels, std::vector<std::string> colLabels,
                      math::NumberFormat format, std::string label = {}, bool hideZeros = false);

// A definition with a name the tests and the audit report can find, overlapping `over` on
// purpose: m_kit.add(kit::named(makeSolid(4), "dot", {matrix}), {...}).
ItemDef named(ItemDef def, std::string name, std::vector<ItemId> over = {});
// A labelled vector beside or under such a table (row sums, a one-hot, a vote count): `color`
// entries in `format`, its label above it.
MatrixStyle labelled(std::string label, glm::vec4 color, math::NumberFormat format = {});

// Moves an item so the centre of its bounds is at `centre`, over `seconds` (0: at once).
void centreOn(SectionKit& k, ItemId id, glm::vec2 centre, double seconds = 0);
// A box around the cells of one row of a matrix, placed hidden: the caller draws it.
ItemId rowBox(SectionKit& k, ItemId matrix, int row, glm::vec4 color = palette::kHighlight);

// Text items that turn into a matrix's headers: rows[i] into the label of row i, cols[j] into
// the header of column j (fewer items than rows or columns: the first ones).
struct Headers {
  std::vector<ItemId> rows;
  std::vector<ItemId> cols;
};
// A text item gliding onto the label of row `row` (or column `col`) of `matrix`, shrinking to
// the header size. Its overlap with the matrix is declared. Play it with others.
Anim ontoRowLabel(SectionKit& k, ItemId text, ItemId matrix, int row);
Anim ontoColumnLabel(SectionKit& k, ItemId text, ItemId matrix, int col);
// The items glide onto their headers together (with `along`, over `glide` seconds), then the
// hidden matrix fades in around them as they fade out (over `settle`).
void intoHeaders(SectionKit& k, ItemId matrix, const Headers& items, std::vector<Anim> along = {},
                 double glide = 1.0, double settle = 0.8);

}  // namespace tfviz::kit
