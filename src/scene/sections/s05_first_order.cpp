// Section "s05-first-order": three voice commands, their 7-word vocabulary, the Markov chain
// drawn as words and arrows, the same chain as a transition matrix filled row by row, the lookup
// one-hot(my) × T, and the Markov property. Every number comes from firstOrderNumbers().
#include "scene/sections/s05_first_order.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "math/matmul.hpp"
#include "scene/kit.hpp"
#include "scene/registry.hpp"
#include "scene/sections/chain_diagram.hpp"

namespace tfviz {

FirstOrderNumbers firstOrderNumbers() {
  FirstOrderNumbers n;
  n.commands = {{{"show", "me", "my", "directories", "please"}, 0.2},
                {{"show", "me", "my", "files", "please"}, 0.3},
                {{"show", "me", "my", "photos", "please"}, 0.5}};
  std::set<std::string> words;
  for (const FirstOrderCommand& c : n.commands) words.insert(c.words.begin(), c.words.end());
  n.vocab.assign(words.begin(), words.end());
  // Count every (current, next) pair, weighted by how often its command is said, then turn each
  // row into probabilities. A word nothing follows keeps a row of zeros.
  const auto v = static_cast<Eigen::Index>(n.vocab.size());
  Eigen::MatrixXd counts = Eigen::MatrixXd::Zero(v, v);
  for (const FirstOrderCommand& c : n.commands) {
    for (size_t i = 0; i + 1 < c.words.size(); ++i) {
      counts(math::wordIndex(n.vocab, c.words[i]), math::wordIndex(n.vocab, c.words[i + 1])) +=
          c.share;
    }
  }
  n.transition = Eigen::MatrixXd::Zero(v, v);
  for (Eigen::Index r = 0; r < v; ++r) {
    const double total = counts.row(r).sum();
    if (total > 0) n.transition.row(r) = counts.row(r) / total;
  }
  n.rowSums = n.transition.rowwise().sum();
  n.query = "my";
  n.queryOneHot = math::oneHot(n.vocab, n.query);
  n.next = n.queryOneHot * n.transition;
  return n;
}

namespace {

constexpr math::NumberFormat kProb{.decimals = 2};  // "0.2", "1", "0"
constexpr float kWordSize = 46;

std::string joined(const std::vector<std::string>& words) {
  std::string s;
  for (const std::string& w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

std::string quoted(const std::string& s) {
  return "“" + s + "”";
}

class FirstOrderSection {
 public:
  explicit FirstOrderSection(const FontAtlas& atlas)
      : m_b("s05-first-order", "First-order sequence model", atlas),
        m_kit(m_b),
        m_n(firstOrderNumbers()) {}

  SectionScript build() && {
    m_kit.title("First-order sequence model");
    commands();
    chain();
    fillMatrix();
    lookup();
    markovProperty();
    return std::move(m_b).finish();
  }

 private:
  int index(const std::string& word) const { return math::wordIndex(m_n.vocab, word); }
  double prob(const std::string& from, const std::string& to) const {
    return m_n.transition(index(from), index(to));
  }

  void commands() {
    m_kit.caption("Three commands for a computer you talk to");
    std::vector<ItemId> lines, shares;
    float widest = 0;
    for (const FirstOrderCommand& c : m_n.commands) {
      lines.push_back(m_kit.text(quoted(joined(c.words)), 50, {0, 0}, palette::kText,
                                 FontFace::Sans, Align::Left));
      widest = std::max(widest, m_kit.width(lines.back()));
      shares.push_back(
          m_kit.text(std::to_string(static_cast<int>(std::lround(c.share * 100))) + "%", 50, {0, 0},
                     palette::kNote, FontFace::Mono, Align::Right));
    }
    // Centred first; when the shares come in, one block: commands left-aligned, shares
    // right-aligned 120 px further on.
    const float blockWidth = widest + 120 + m_kit.width(shares.back());
    const float left = 960 - blockWidth / 2;
    std::vector<Anim> place, writeLines, showShares;
    for (size_t i = 0; i < lines.size(); ++i) {
      const float y = 390 + 95 * static_cast<float>(i);
      place.push_back(moveTo(lines[i], {960 - widest / 2, y}));
      place.push_back(moveTo(shares[i], {left + blockWidth, y}));
      writeLines.push_back(write(lines[i]));
      showShares.push_back(moveTo(lines[i], {left, y}));
      showShares.push_back(fadeIn(shares[i]));
    }
    m_b.play(group(std::move(place)), 0.0);
    m_b.play(laggedStart(0.6, std::move(writeLines)), 2.4);
    m_b.wait(1.5);
    m_b.beat("commands", "Three spoken commands. Each one is a sequence of words.");

    m_b.play(group(std::move(showShares)), 1.2);
    m_kit.note("Photos are asked for half the time, files 30% of the time, directories the rest.");
    m_b.wait(2.5);
    m_b.beat("how often", "The shares will become the probabilities of the chain.");

    m_kit.caption("Their vocabulary: 7 words, in alphabetical order");
    m_kit.note("");
    std::vector<ItemId> vocab;
    for (const std::string& w : m_n.vocab) {
      vocab.push_back(m_kit.text(w, kWordSize, {0, 0}, palette::kInput));
    }
    m_kit.layOutRow(vocab, 760, 64);
    std::vector<Anim> showVocab;
    for (ItemId id : vocab) showVocab.push_back(fadeIn(id));
    m_b.play(laggedStart(0.3, std::move(showVocab)), 1.8);
    m_kit.note("Every command is built from these " + std::to_string(m_n.vocab.size()) + " words.");
    m_b.wait(2.0);
    m_b.beat("vocabulary", "The vocabulary is sorted alphabetically: that order is kept below.");
    std::vector<ItemId> all = lines;
    all.insert(all.end(), shares.begin(), shares.end());
    all.insert(all.end(), vocab.begin(), vocab.end());
    m_kit.fadeOutAll(all, 0.8);
  }

  void chain() {
    m_kit.caption("A Markov chain: arrows lead from each word to the words that may follow it");
    m_kit.note("");
    // The chain as the article draws it, left to right.
    const std::map<std::string, glm::vec2> pos = {
        {"show", {190, 540}},         {"me", {520, 540}},     {"my", {850, 540}},
        {"directories", {1260, 340}}, {"files", {1260, 540}}, {"photos", {1260, 740}},
        {"please", {1700, 540}}};
    const ChainDiagram chain =
        drawChain(m_kit, m_n.vocab, m_n.transition, pos, "show",
                  {.wordSize = kWordSize, .labelAlong = {{"please", 0.35f}}, .format = kProb});
    m_b.wait(1.5);
    m_b.beat("chain", "Follow the arrows to say any of the three commands.");

    // The one real choice: after "my".
    std::string sum;
    for (const ChainEdge& e : chain.edges) {
      if (e.from != m_n.query) continue;
      sum += (sum.empty() ? "" : " + ") + math::formatNumber(prob(e.from, e.to), kProb);
    }
    m_b.play(group(chain.emphasise(m_n.query, palette::kHighlight)), 0.8);
    m_kit.note("After \"my\" the chain branches: " + sum + " = " +
               math::formatNumber(m_n.rowSums(index(m_n.query)), kProb) +
               ". Every other step is certain (1).");
    m_b.wait(3.0);
    m_b.beat("branch", "The probabilities leaving a word always add up to 1.");

    m_chain = chain;  // its words become the rows of T
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
    const MatrixGeometry g = matrixGeometry(m_b.def(m_t).matrix, m_b.state(m_t));
    const float header = m_b.def(m_t).matrix.headerSize * m_b.state(m_t).scale;
    std::vector<Anim> drop, slide, settle{fadeIn(m_t)};
    for (const auto& [word, id] : m_chain.words) {
      const float y = m_b.cellBounds(m_t, index(word), 0).center().y;
      const float scale = header / m_b.def(id).text.size;
      drop.push_back(moveTo(id, {m_b.state(id).pos.x, y}));
      slide.push_back(group({moveTo(id, {g.rowLabelRight - m_kit.width(id) * scale / 2, y}),
                             scaleTo(id, scale), recolor(id, palette::kNote)}));
      settle.push_back(fadeOut(id));
      m_b.allowOverlap(id, m_t);  // it lands on its own row label
    }
    m_b.play(group(std::move(drop)), 0.7);
    m_b.play(group(std::move(slide)), 1.0);
    m_b.play(group(std::move(settle)), 0.8);
  }

  MatrixStyle tStyle() const {
    return {.fontSize = 42,
            .label = "$T$",
            .labelSize = 40,
            .color = palette::kWeight,
            .format = kProb,
            .rowLabels = m_n.vocab,
            .colLabels = m_n.vocab,
            .headerSize = 34};
  }

  void fillMatrix() {
    m_t = m_kit.matrix(m_n.transition, tStyle(), true);
    const Rect r = m_b.bounds(m_t);
    m_b.play(moveTo(m_t, glm::vec2(960, 540) + (m_b.state(m_t).pos - r.center())), 0.0);
    chainIntoMatrix();
    m_kit.note("A row for the current word, a column for the word that comes next.");
    m_b.wait(2.0);
    m_b.beat("empty T", "Rows: the word we are at. Columns: the word that comes next.");

    struct Fill {
      std::vector<std::string> rows;
      std::string note;
    };
    const std::vector<Fill> fills = {
        {{"show", "me"}, "\"show\" is always followed by \"me\", and \"me\" by \"my\"."},
        {{"my"}, "After \"my\": directories 0.2, files 0.3, photos 0.5."},
        {{"directories", "files", "photos"},
         "Each of the three objects is followed by \"please\"."},
        {{"please"}, "Nothing comes after \"please\": its row stays all zero."}};
    std::vector<int> lit;
    for (const Fill& f : fills) {
      std::vector<Anim> cells;
      for (int cell : lit) cells.push_back(cellHighlight(m_t, cell, 0.0f));
      lit.clear();
      for (const std::string& w : f.rows) {
        const int row = index(w);
        for (int c = 0; c < m_n.transition.cols(); ++c) {
          const int cell = m_b.cellIndex(m_t, row, c);
          const double v = m_n.transition(row, c);
          std::vector<Anim> one{cellText(m_t, cell, math::formatNumber(v, kProb)),
                                cellColor(m_t, cell, palette::kWeight),
                                cellOpacity(m_t, cell, 1.0f)};
          if (v != 0 || f.rows.front() == "please") {
            one.push_back(cellHighlight(m_t, cell, 1.0f));
            lit.push_back(cell);
          }
          cells.push_back(group(std::move(one)));
        }
      }
      m_b.play(laggedStart(0.15, std::move(cells)), 1.4);
      m_kit.note(f.note);
      m_b.wait(2.0);
      m_b.beat("row " + f.rows.front(),
               "The row of \"" + f.rows.front() + "\": where the chain's arrows from it lead.");
    }
    std::vector<Anim> off;
    for (int cell : lit) off.push_back(cellHighlight(m_t, cell, 0.0f));
    m_b.play(group(std::move(off)), 0.4);

    // Row sums beside T, rows aligned.
    const ItemId sums = m_kit.matrix(m_n.rowSums, {.fontSize = 42,
                                                   .label = "row sum",
                                                   .labelSize = 34,
                                                   .color = palette::kNote,
                                                   .format = kProb});
    const float gap = 70;
    const Rect tb = m_b.bounds(m_t);
    const Rect sb = m_b.bounds(sums);
    const float total = tb.size().x + gap + sb.size().x;
    const float left = 960 - total / 2;
    const glm::vec2 tPos{left + (m_b.state(m_t).pos.x - tb.min.x), m_b.state(m_t).pos.y};
    m_b.play(moveTo(m_t, tPos), 1.0);
    const glm::vec2 sPos{left + tb.size().x + gap + (m_b.state(sums).pos.x - sb.min.x),
                         m_b.state(m_t).pos.y};
    m_b.play(moveTo(sums, sPos), 0.0);
    m_b.play(fadeIn(sums), 0.8);
    m_kit.note("Every row adds up to 1, except \"please\": no word follows it.");
    m_b.wait(2.5);
    m_b.beat("row sums", "A row of T is a probability distribution over the next word.");
    m_kit.note("");
    m_b.play(fadeOut(sums), 0.6);
  }

  void lookup() {
    m_kit.caption("What comes after \"my\"? Multiply its one-hot vector by $T$");
    // Narrow cells (single digits) so the row one-hot × T fits inside the safe area.
    const ItemId oneHot = m_kit.matrix(m_n.queryOneHot, {.fontSize = 42,
                                                         .label = "one-hot(my)",
                                                         .labelSize = 34,
                                                         .color = palette::kInput,
                                                         .padX = 0.3f});
    const ItemId times = m_kit.text("×", 60, {0, 0});
    const float tScale = 0.85f;
    // The row one-hot × T, centred, with T's grid high enough to leave room for the result.
    const float tY = 485;
    const Rect ob = m_b.bounds(oneHot);
    const float tWidth = m_kit.width(m_t) * tScale;
    const float timesW = m_kit.width(times);
    const float gap = 36;
    const float total = ob.size().x + gap + timesW + gap + tWidth;
    float x = 960 - total / 2;
    m_b.play(moveTo(oneHot, {x + ob.size().x / 2, tY}), 0.0);
    x += ob.size().x + gap;
    m_b.play(moveTo(times, {x + timesW / 2, tY}), 0.0);
    x += timesW + gap;
    const Rect tb = m_b.bounds(m_t);
    const glm::vec2 anchor = (m_b.state(m_t).pos - tb.min) / m_b.state(m_t).scale;
    m_b.play(group({moveTo(m_t, {x + anchor.x * tScale, tY}), scaleTo(m_t, tScale)}), 1.0);
    m_b.play(laggedStart(0.4, {fadeIn(oneHot), fadeIn(times)}), 1.0);
    m_kit.note("A single 1, in the position of \"my\" (the 4th word).");
    m_b.wait(2.0);
    m_b.beat("one-hot", "one-hot(my) has a 1 in the 'my' position and zeros elsewhere.");

    // The 1 selects the "my" row.
    const int q = index(m_n.query);
    ItemDef oneDef = makeBox(4, 8);
    oneDef.name = "one box";
    oneDef.mayOverlap = {oneHot};
    const ItemId oneBox = m_b.add(std::move(oneDef), {.color = palette::kHighlight});
    ItemDef rowDef = makeBox(4, 8);
    rowDef.name = "row box";
    rowDef.mayOverlap = {m_t};
    const ItemId rowBox = m_b.add(std::move(rowDef), {.color = palette::kHighlight});
    m_b.play(group({surround(oneBox, m_b.cellBounds(oneHot, 0, q).expanded(4)),
                    surround(rowBox, m_b.rowBounds(m_t, q).expanded(6))}),
             0.0);
    m_b.play(group({create(oneBox), create(rowBox)}), 1.0);
    m_kit.note("The 1 meets row \"my\" of $T$; every other row is multiplied by 0.");
    m_b.wait(2.0);
    m_b.beat("row picked", "Only the row where the one-hot has its 1 survives the product.");

    // The product, under T and aligned with its columns.
    MatrixStyle rs = tStyle();
    rs.label.clear();
    rs.rowLabels.clear();
    rs.color = palette::kResult;
    const ItemId result = m_kit.matrix(m_n.next, rs, true);
    m_b.recordProduct(oneHot, m_t, result, m_n.queryOneHot, m_n.transition, {.decimals = 1});
    const Rect tGrid = m_b.rowBounds(m_t, static_cast<int>(m_n.vocab.size()) - 1);
    const float resultY = tGrid.max.y + 96 * tScale;
    m_b.play(group({moveTo(result, {m_b.state(m_t).pos.x, resultY}), scaleTo(result, tScale)}),
             0.0);
    const ItemId equals = m_kit.text("=", 60, {tGrid.min.x - 130, resultY});
    m_b.play(laggedStart(0.4, {fadeIn(equals), fadeIn(result)}), 1.0);
    const std::vector<math::MatmulStep> steps = math::matmulSteps(m_n.queryOneHot, m_n.transition);
    ItemDef colDef = makeBox(4, 8);
    colDef.name = "column box";
    colDef.mayOverlap = {m_t, rowBox};
    const ItemId colBox = m_b.add(std::move(colDef), {.color = palette::kQuery});
    m_b.play(surround(colBox, m_b.colBounds(m_t, 0).expanded(4)), 0.0);
    const ItemId calc = m_kit.text(math::calculationText(steps[0], kProb, kProb), 38,
                                   {960, kit::kCalcY}, palette::kText, FontFace::Mono);
    m_kit.fitWidth(calc, kit::kMaxRowWidth);
    m_b.play(group({create(colBox), write(calc)}), 1.4);
    m_b.play(group({cellText(result, 0, math::formatNumber(steps[0].value, kProb)),
                    cellColor(result, 0, palette::kResult), cellOpacity(result, 0, 1.0f),
                    cellHighlight(m_t, m_b.cellIndex(m_t, q, 0), 1.0f)}),
             0.6);
    m_kit.note("First entry: the one-hot times $T$'s first column. Only $1 \\cdot 0.2$ counts.");
    m_b.wait(2.5);
    m_b.beat("first entry", "Row of the one-hot times column 'directories' of T.");

    std::vector<Anim> rest;
    for (size_t k = 1; k < steps.size(); ++k) {
      const int cell = static_cast<int>(k);
      rest.push_back(
          group({cellText(result, cell, math::formatNumber(steps[k].value, kProb)),
                 cellColor(result, cell, palette::kResult), cellOpacity(result, cell, 1.0f),
                 cellHighlight(m_t, m_b.cellIndex(m_t, q, cell), 1.0f)}));
    }
    m_kit.fadeOutAll({colBox, calc}, 0.4);
    m_b.play(laggedStart(0.3, std::move(rest)), 1.6);
    m_kit.note("one-hot(my) times $T$ is simply row \"my\" of $T$: the odds of each next word.");
    m_b.wait(3.0);
    m_b.beat("lookup", "The product looks up a row: the distribution of the next word.");

    m_lookup = {oneHot, times, equals, oneBox, rowBox, m_t};
    m_result = result;
  }

  void markovProperty() {
    // The lookup fades under the caption change, so the result rises into an empty place.
    m_kit.fadeOutAll(m_lookup, 0.8);
    m_kit.note("");
    m_kit.caption("The Markov property");
    m_b.play(group({moveTo(m_result, {960, 390}), scaleTo(m_result, 1.0f)}), 1.0);

    // The result as bars under its own columns.
    const float baseline = 780;
    const float perUnit = 420;
    const Rect first = m_b.cellBounds(m_result, 0, 0);
    const Rect last = m_b.cellBounds(m_result, 0, static_cast<int>(m_n.next.size()) - 1);
    ItemDef lineDef = makePath({{first.min.x, 0}, {last.max.x, 0}}, 3);
    lineDef.name = "bar baseline";
    const ItemId line =
        m_b.add(std::move(lineDef), {.pos = {0, baseline}, .color = palette::kNote});
    m_b.play(create(line), 0.6);
    std::vector<Anim> grow;
    std::vector<ItemId> bars;
    for (int c = 0; c < m_n.next.size(); ++c) {
      if (m_n.next(c) <= 0) continue;
      const Rect cell = m_b.cellBounds(m_result, 0, c);
      const float w = cell.size().x * 0.55f;
      ItemDef def = makeSolid(6);
      def.name = "bar " + m_n.vocab[c];
      def.mayOverlap = {line};
      const ItemId bar =
          m_b.add(std::move(def),
                  {.pos = {cell.center().x, baseline}, .size = {w, 0}, .color = palette::kResult});
      const auto h = static_cast<float>(m_n.next(c)) * perUnit;
      grow.push_back(
          group({fadeIn(bar), surround(bar, Rect{{cell.center().x - w / 2, baseline - h},
                                                 {cell.center().x + w / 2, baseline}})}));
      bars.push_back(bar);
    }
    m_b.play(laggedStart(0.3, std::move(grow)), 1.4);
    m_kit.note("What comes next depends only on the current word.");
    m_b.wait(2.5);
    m_b.beat("distribution", "The looked-up row, drawn as the odds of each next word.");

    const ItemId lesson = m_kit.text("\"show me my\" or just \"my\": the prediction is the same.",
                                     40, {960, 850}, palette::kText);
    m_b.play(write(lesson), 1.4);
    m_kit.note("A first-order model looks back exactly one word: the Markov property.");
    m_b.wait(3.5);
    m_b.beat("markov property", "Everything before the current word is forgotten.");
  }

  SectionBuilder m_b;
  SectionKit m_kit;
  FirstOrderNumbers m_n;
  ChainDiagram m_chain;  // until it becomes T
  ItemId m_t = 0;
  ItemId m_result = 0;
  std::vector<ItemId> m_lookup;
};

}  // namespace

SectionScript buildFirstOrderSection(const FontAtlas& atlas) {
  return FirstOrderSection(atlas).build();
}

}  // namespace tfviz
