// Section "s05-first-order": three voice commands, their 7-word vocabulary, the Markov chain
// drawn as words and arrows, the same chain as a transition matrix filled row by row, the lookup
// one-hot(my) × T, and the Markov property. Every number comes from firstOrderNumbers().
#include "scene/sections/s05_first_order.hpp"

#include <algorithm>
#include <map>

#include "math/matmul.hpp"
#include "scene/kit.hpp"
#include "scene/kit/words.hpp"
#include "scene/sections/registry.hpp"
#include "scene/sections/chain_diagram.hpp"

namespace tfviz {

FirstOrderNumbers firstOrderNumbers() {
  FirstOrderNumbers n;
  n.commands = {{{"show", "me", "my", "directories", "please"}, 0.2},
                {{"show", "me", "my", "files", "please"}, 0.3},
                {{"show", "me", "my", "photos", "please"}, 0.5}};
  n.vocab = kit::vocabulary(n.commands);
  // Every (current, next) pair counted as often as its command is said, each row then turned
  // into probabilities. A word nothing follows keeps a row of zeros.
  n.transition = kit::transitions(n.vocab, n.commands);
  n.rowSums = n.transition.rowwise().sum();
  n.query = "my";
  n.queryOneHot = math::oneHot(n.vocab, n.query);
  n.next = n.queryOneHot * n.transition;
  return n;
}

namespace {

using kit::Row;
constexpr math::NumberFormat kProb{.decimals = 2};  // "0.2", "1", "0"
constexpr float kWordSize = 46;

class FirstOrderSection : kit::Section {
 public:
  explicit FirstOrderSection(const FontAtlas& atlas)
      : Section("s05-first-order", "First-order sequence model", atlas), m_n(firstOrderNumbers()) {}

  SectionScript build() && {
    commands();
    chain();
    fillMatrix();
    lookup();
    markovProperty();
    return std::move(*this).finish();
  }

 private:
  int index(const std::string& word) const { return math::wordIndex(m_n.vocab, word); }

  void commands() {
    m_kit.caption("Three commands for a computer you talk to");
    kit::Act act(m_kit);
    // Centred first; when the shares come in, one block: commands left-aligned, shares
    // right-aligned 120 px further on.
    std::vector<std::string> said;
    for (const FirstOrderCommand& c : m_n.commands)
      said.push_back(kit::quoted(kit::joined(c.words)));
    const std::vector<ItemId> lines = m_kit.textBlock(said, 50, 390, 95);
    const std::vector<ItemId> shares = kit::sharesBeside(m_kit, lines, m_n.commands, 50, 120);
    const float dx = 960 - (m_b.bounds(lines[0]).min.x + m_b.bounds(shares[0]).max.x) / 2;
    m_kit.shift(shares, {dx, 0});
    std::vector<Anim> writeLines;
    for (ItemId id : lines) writeLines.push_back(write(id));
    m_b.play(laggedStart(0.6, std::move(writeLines)), 2.4);
    m_kit.stop("commands", "Three spoken commands. Each one is a sequence of words.",
               {.hold = 1.5});

    m_kit.shift(lines, {dx, 0}, 1.2);
    m_kit.show(shares, 0.6);
    m_kit.stop("how often", "The shares will become the probabilities of the chain.",
               "Photos are asked for half the time, files 30% of the time, directories the rest.",
               2.5);

    m_kit.caption("Their vocabulary: 7 words, in alphabetical order");
    m_kit.note("");
    m_kit.show(kit::wordRow(m_kit, m_n.vocab, 760, {.gap = 64, .color = palette::kInput}), 1.8,
               0.3);
    m_kit.stop("vocabulary", "The vocabulary is sorted alphabetically: that order is kept below.",
               "Every command is built from these " + std::to_string(m_n.vocab.size()) + " words.",
               2.0);
    act.clearUnder(0.8);
  }

  void chain() {
    m_kit.caption("A Markov chain: arrows lead from each word to the words that may follow it");
    m_kit.note("");
    // The chain as the article draws it, left to right.
    const std::map<std::string, glm::vec2> pos = {
        {"show", {190, 540}},         {"me", {520, 540}},     {"my", {850, 540}},
        {"directories", {1260, 340}}, {"files", {1260, 540}}, {"photos", {1260, 740}},
        {"please", {1700, 540}}};
    m_chain =
        drawChain(m_kit, m_n.vocab, m_n.transition, pos, "show",
                  {.wordSize = kWordSize, .labelAlong = {{"please", 0.35f}}, .format = kProb});
    m_kit.stop("chain", "Follow the arrows to say any of the three commands.", {.hold = 1.5});

    // The one real choice: after "my".
    std::vector<std::string> terms;
    for (const ChainEdge& e : m_chain.edges) {
      if (e.from == m_n.query)
        terms.push_back(math::formatNumber(m_n.transition(index(e.from), index(e.to)), kProb));
    }
    m_b.play(group(m_chain.emphasise(m_n.query, palette::kHighlight)), 0.8);
    m_kit.stop("branch", "The probabilities leaving a word always add up to 1.",
               "After \"my\" the chain branches: " + kit::joined(terms, " + ") + " = " +
                   math::formatNumber(m_n.rowSums(index(m_n.query)), kProb) +
                   ". Every other step is certain (1).",
               3.0);
  }

  // The chain turns into T: its arrows leave, each word drops to the height of its row, then
  // slides left onto its row label (distinct heights, so no word crosses another), and T forms
  // around them.
  void chainIntoMatrix() {
    std::vector<ItemId> edges;
    for (const ChainEdge& e : m_chain.edges) edges.insert(edges.end(), {e.arrow, e.label});
    m_kit.fadeOutAll(edges, 0.6);
    m_kit.note("");
    m_kit.caption("The same chain as a transition matrix $T$");
    std::vector<Anim> drop, recolour;
    kit::Headers labels;
    for (const auto& [word, id] : m_chain.words) {
      const float y = m_b.cellBounds(m_t, index(word), 0).center().y;
      drop.push_back(moveTo(id, {m_b.state(id).pos.x, y}));
      recolour.push_back(recolor(id, palette::kNote));
      labels.rows.push_back(id);  // the words are in vocabulary order: row by row
    }
    m_b.play(group(std::move(drop)), 0.7);
    kit::intoHeaders(m_kit, m_t, labels, std::move(recolour));
  }

  void fillMatrix() {
    m_t = m_kit.matrix(m_n.transition, kit::wordTable(m_n.vocab, m_n.vocab, kProb, "$T$"), true);
    kit::centreOn(m_kit, m_t, kit::at(Row::Content));
    chainIntoMatrix();
    m_kit.stop("empty T", "Rows: the word we are at. Columns: the word that comes next.",
               "A row for the current word, a column for the word that comes next.", 2.0);

    // T filled a few rows at a time; the entries that carry the rows' probability are lit.
    const std::vector<std::pair<std::vector<std::string>, std::string>> fills = {
        {{"show", "me"}, "\"show\" is always followed by \"me\", and \"me\" by \"my\"."},
        {{"my"}, "After \"my\": directories 0.2, files 0.3, photos 0.5."},
        {{"directories", "files", "photos"},
         "Each of the three objects is followed by \"please\"."},
        {{"please"}, "Nothing comes after \"please\": its row stays all zero."}};
    std::vector<int> lit;
    for (const auto& [rows, note] : fills) {
      m_kit.highlightCells(m_t, lit, 0.0f, 0.3);
      std::vector<int> cells;
      lit.clear();
      for (const std::string& w : rows) {
        for (int c = 0; c < m_n.transition.cols(); ++c) {
          cells.push_back(m_b.cellIndex(m_t, index(w), c));
          if (m_n.transition(index(w), c) != 0 || w == "please") lit.push_back(cells.back());
        }
      }
      m_kit.fillCells(m_t, m_n.transition,
                      {.format = kProb,
                       .color = palette::kWeight,
                       .seconds = 1.4,
                       .lag = 0.15,
                       .recolor = false,
                       .cells = cells});
      m_kit.highlightCells(m_t, lit, 1.0f, 0.4);
      m_kit.stop("row " + rows.front(),
                 "The row of \"" + rows.front() + "\": where the chain's arrows from it lead.",
                 note, 2.0);
    }
    m_kit.highlightCells(m_t, lit, 0.0f, 0.4);

    // Row sums beside T, rows aligned.
    const ItemId sums = m_kit.matrix(m_n.rowSums, kit::labelled("row sum", palette::kNote, kProb));
    m_kit.placeRow({m_t, sums}, m_b.state(m_t).pos.y, 70, 1.0);
    m_kit.show({sums}, 0.8);
    m_kit.stop("row sums", "A row of T is a probability distribution over the next word.",
               "Every row adds up to 1, except \"please\": no word follows it.", 2.5);
    m_kit.note("");
    m_b.play(fadeOut(sums), 0.6);
  }

  void lookup() {
    m_kit.caption("What comes after \"my\"? Multiply its one-hot vector by $T$");
    kit::Act act(m_kit);
    act.adopt(m_t);
    // Narrow cells (single digits) so the row one-hot × T fits inside the safe area; T shrinks,
    // its grid high enough to leave room for the result under it.
    MatrixStyle narrow = kit::labelled("one-hot(my)", palette::kInput);
    narrow.padX = 0.3f;
    const ItemId oneHot = m_kit.matrix(m_n.queryOneHot, narrow);
    const ItemId times = m_kit.sign("×", 60);
    const float tScale = 0.85f;
    m_b.play(scaleTo(m_t, tScale), 0.4);
    m_kit.placeRow({oneHot, times, m_t}, 485, 36, 0.8);
    m_kit.show({oneHot, times}, 1.0, 0.4);
    m_kit.stop("one-hot", "one-hot(my) has a 1 in the 'my' position and zeros elsewhere.",
               "A single 1, in the position of \"my\" (the 4th word).", 2.0);

    // The 1 selects the "my" row.
    const int q = index(m_n.query);
    const ItemId oneBox = m_kit.boxAround(m_b.cellBounds(oneHot, 0, q), {oneHot},
                                          {.pad = 4, .radius = 8, .name = "one box", .seconds = 0});
    const ItemId rowBox = kit::rowBox(m_kit, m_t, q);
    m_b.play(group({create(oneBox), create(rowBox)}), 1.0);
    m_kit.stop("row picked", "Only the row where the one-hot has its 1 survives the product.",
               "The 1 meets row \"my\" of $T$; every other row is multiplied by 0.", 2.0);

    // The product, under T and aligned with its columns.
    MatrixStyle rs = kit::wordTable({}, m_n.vocab, kProb);  // T's columns, no labels
    rs.color = palette::kResult;
    const ItemId result = m_kit.matrix(m_n.next, rs, true);
    act.keep(result);  // it becomes the distribution
    m_b.recordProduct(oneHot, m_t, result, m_n.queryOneHot, m_n.transition, {.decimals = 1});
    const Rect tGrid = m_b.rowBounds(m_t, static_cast<int>(m_n.vocab.size()) - 1);
    const float resultY = tGrid.max.y + 96 * tScale;
    m_b.play(group({moveTo(result, {m_b.state(m_t).pos.x, resultY}), scaleTo(result, tScale)}),
             0.0);
    const ItemId equals = m_kit.text("=", 60, {tGrid.min.x - 130, resultY});
    m_kit.show({equals, result}, 1.0, 0.4);
    const std::vector<math::MatmulStep> steps = math::matmulSteps(m_n.queryOneHot, m_n.transition);
    const ItemId colBox =
        m_kit.boxAround(m_b.colBounds(m_t, 0), {m_t, rowBox},
                        {.color = palette::kQuery, .pad = 4, .radius = 8, .name = "column box"});
    m_kit.calc(math::calculationText(steps[0], kProb, kProb), 38, FontFace::Mono);
    // Entry k of the result, with the entry of row "my" that makes it lit.
    auto entry = [&](int k) {
      return group({m_kit.revealCell(result, 0, k, math::formatNumber(m_n.next(k), kProb)),
                    cellHighlight(m_t, m_b.cellIndex(m_t, q, k), 1.0f)});
    };
    m_b.play(entry(0), 0.6);
    m_kit.stop("first entry", "Row of the one-hot times column 'directories' of T.",
               "First entry: the one-hot times $T$'s first column. Only $1 \\cdot 0.2$ counts.",
               2.5);

    m_kit.fadeOutAll({colBox}, 0.4);
    m_kit.calc("");
    std::vector<Anim> rest;
    for (int k = 1; k < m_n.next.size(); ++k) rest.push_back(entry(k));
    m_b.play(laggedStart(0.3, std::move(rest)), 1.6);
    m_kit.stop("lookup", "The product looks up a row: the distribution of the next word.",
               "one-hot(my) times $T$ is simply row \"my\" of $T$: the odds of each next word.",
               3.0);
    // The lookup fades under the caption change, so the result rises into an empty place.
    act.clearUnder(0.8);
    m_result = result;
  }

  void markovProperty() {
    m_kit.note("");
    m_kit.caption("The Markov property");
    m_b.play(group({moveTo(m_result, kit::at(Row::Upper, -10)), scaleTo(m_result, 1.0f)}), 1.0);

    // The result as bars under its own columns.
    const float baseline = 780;
    const float perUnit = 420;
    const Rect cells = m_b.rowBounds(m_result, 0);
    const ItemId line =
        m_kit.add(kit::named(makePath({{cells.min.x, 0}, {cells.max.x, 0}}, 3), "bar baseline"),
                  {.pos = {0, baseline}, .color = palette::kNote});
    m_b.play(create(line), 0.6);
    std::vector<Anim> grow;
    for (int c = 0; c < m_n.next.size(); ++c) {
      if (m_n.next(c) <= 0) continue;
      const Rect cell = m_b.cellBounds(m_result, 0, c);
      const float w = cell.size().x * 0.55f;
      const ItemId bar = m_kit.add(
          kit::named(makeSolid(6), "bar " + m_n.vocab[c], {line}),
          {.pos = {cell.center().x, baseline}, .size = {w, 0}, .color = palette::kResult});
      const auto h = static_cast<float>(m_n.next(c)) * perUnit;
      grow.push_back(
          group({fadeIn(bar), surround(bar, Rect{{cell.center().x - w / 2, baseline - h},
                                                 {cell.center().x + w / 2, baseline}})}));
    }
    m_b.play(laggedStart(0.3, std::move(grow)), 1.4);
    m_kit.stop("distribution", "The looked-up row, drawn as the odds of each next word.",
               "What comes next depends only on the current word.", 2.5);

    m_b.play(write(m_kit.text("\"show me my\" or just \"my\": the prediction is the same.", 40,
                              {960, 850})),
             1.4);
    m_kit.stop("markov property", "Everything before the current word is forgotten.",
               "A first-order model looks back exactly one word: the Markov property.", 3.5);
  }

  FirstOrderNumbers m_n;
  ChainDiagram m_chain;  // until it becomes T
  ItemId m_t = 0;
  ItemId m_result = 0;
};

}  // namespace

SectionScript buildFirstOrderSection(const FontAtlas& atlas) {
  return FirstOrderSection(atlas).build();
}

}  // namespace tfviz
