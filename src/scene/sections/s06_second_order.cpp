// Section "s06-second-order": two commands that share "ran", the first-order chain and matrix
// that can only guess after "ran", a two-word window that removes the doubt, the second-order
// matrix with a row per word pair, and its price: N² rows. Numbers from secondOrderNumbers().
#include "scene/sections/s06_second_order.hpp"

#include <algorithm>
#include <map>

#include "scene/kit.hpp"
#include "scene/kit/words.hpp"
#include "scene/sections/registry.hpp"
#include "scene/sections/chain_diagram.hpp"

namespace tfviz {

SecondOrderNumbers secondOrderNumbers() {
  SecondOrderNumbers n;
  n.sentences = {{{"check", "whether", "the", "battery", "ran", "down", "please"}, 0.4},
                 {{"check", "whether", "the", "program", "ran", "please"}, 0.6}};
  n.vocab = kit::vocabulary(n.sentences);
  const auto v = static_cast<Eigen::Index>(n.vocab.size());

  // Weighted counts of (word -> next) and ((word, word) -> next), then each row normalised.
  n.firstOrder = kit::transitions(n.vocab, n.sentences);
  Eigen::MatrixXd second = Eigen::MatrixXd::Zero(v * v, v);
  for (const SecondOrderSentence& s : n.sentences) {
    std::vector<Eigen::Index> ids;
    for (const std::string& w : s.words) ids.push_back(math::wordIndex(n.vocab, w));
    for (size_t i = 0; i + 2 < ids.size(); ++i)
      second(ids[i] * v + ids[i + 1], ids[i + 2]) += s.share;
  }
  n.secondOrderAll = kit::normaliseRows(second);

  std::vector<Eigen::Index> used;
  for (Eigen::Index r = 0; r < n.secondOrderAll.rows(); ++r) {
    if (n.secondOrderAll.row(r).sum() == 0) continue;
    used.push_back(r);
    n.pairs.push_back(n.vocab[static_cast<size_t>(r / v)] + " " +
                      n.vocab[static_cast<size_t>(r % v)]);
  }
  n.secondOrder = n.secondOrderAll(used, Eigen::placeholders::all);
  n.pairRows = static_cast<int>(v * v);
  n.emptyPairRows = n.pairRows - static_cast<int>(used.size());
  auto branching = [](const Eigen::MatrixXd& m) {
    int count = 0;
    for (Eigen::Index r = 0; r < m.rows(); ++r) {
      if ((m.row(r).array() > 0).count() > 1) ++count;
    }
    return count;
  };
  n.branchingFirstOrder = branching(n.firstOrder);
  n.branchingSecondOrder = branching(n.secondOrder);
  return n;
}

namespace {

constexpr math::NumberFormat kProb{.decimals = 2};  // "0.4", "1"
constexpr float kWordSize = 46;

class SecondOrderSection : kit::Section {
 public:
  explicit SecondOrderSection(const FontAtlas& atlas)
      : Section("s06-second-order", "Second-order sequence model", atlas),
        m_n(secondOrderNumbers()) {}

  SectionScript build() && {
    sentences();
    firstOrderChain();
    firstOrderMatrix();
    twoWordWindow();
    secondOrderMatrix();
    lesson();
    return std::move(*this).finish();
  }

 private:
  int index(const std::string& word) const { return math::wordIndex(m_n.vocab, word); }

  void sentences() {
    m_kit.caption("Two commands: one is said 40% of the time, the other 60%");
    kit::Act act(m_kit);
    std::vector<std::vector<ItemId>> rows;  // each sentence's words, then its share
    for (size_t i = 0; i < m_n.sentences.size(); ++i)
      rows.push_back(
          kit::wordRow(m_kit, m_n.sentences[i].words, 430 + 150 * static_cast<float>(i)));
    const std::vector<ItemId> shares = kit::sharesBeside(m_kit, rows, m_n.sentences, 46, 60);
    for (size_t i = 0; i < rows.size(); ++i) rows[i].push_back(shares[i]);
    m_b.play(kit::fadeInRows(rows, 0.6, 0.25), 3.0);
    m_kit.stop("sentences", "Battery ran down (40%), program ran (60%).",
               "Both commands share \"ran\"; what follows it depends on the device.", 2.0);

    m_kit.caption("Vocabulary: 8 words, alphabetical");
    m_kit.show(kit::wordRow(m_kit, m_n.vocab, 760, {.gap = 56, .color = palette::kInput}), 1.8,
               0.3);
    m_kit.stop("vocabulary", "Eight words, kept in alphabetical order in every matrix.", "", 1.5);
    act.clearUnder(0.8);
  }

  void firstOrderChain() {
    m_kit.caption("The first-order chain of these commands");
    kit::Act act(m_kit);
    // "check" and "please" stand with their ink inside the 5% safe margin.
    const std::map<std::string, glm::vec2> pos = {{"check", {200, 560}},   {"whether", {430, 560}},
                                                  {"the", {660, 560}},     {"battery", {900, 400}},
                                                  {"program", {900, 720}}, {"ran", {1150, 560}},
                                                  {"down", {1420, 400}},   {"please", {1710, 560}}};
    const ChainDiagram chain = drawChain(m_kit, m_n.vocab, m_n.firstOrder, pos, "check",
                                         {.wordSize = kWordSize,
                                          .arrowGap = 14,
                                          .labelSize = 34,
                                          .labelOffset = 28,
                                          .format = kProb,
                                          .firstSeconds = 0.5,
                                          .layerSeconds = 0.7,
                                          .targetSeconds = 0.4});
    m_kit.stop("chain", "Read the two commands along the arrows.",
               "Each arrow: the chance that one word follows another.", 1.5);

    std::vector<Anim> emphasis = chain.emphasise("ran", palette::kHighlight);
    emphasis.push_back(recolor(chain.words.at("battery"), palette::kQuery));
    emphasis.push_back(recolor(chain.words.at("program"), palette::kQuery));
    m_b.play(group(std::move(emphasis)), 0.8);
    m_kit.stop(
        "uncertain", "Battery means 'down', program means 'please': the chain forgot.",
        "After \"ran\" the chain can only guess (0.4 or 0.6), though the device named earlier "
        "already decided.",
        3.0);

    m_kit.note("");
    act.clearUnder(0.8);
  }

  MatrixStyle matrixStyle(std::string label, std::vector<std::string> rowLabels) const {
    MatrixStyle style =
        kit::wordTable(std::move(rowLabels), m_n.vocab, kProb, std::move(label), true);
    style.fontSize = 40;  // up to nine rows between the caption and the note
    style.labelSize = 36;
    style.headerSize = 32;
    return style;
  }

  void firstOrderMatrix() {
    m_kit.caption("As a first-order transition matrix (empty cells are 0)");
    kit::Act act(m_kit);
    const ItemId t = m_kit.matrix(m_n.firstOrder, matrixStyle("first order", m_n.vocab));
    kit::centreOn(m_kit, t, {960, 530});
    m_b.play(fadeIn(t), 1.0);
    m_b.wait(1.0);
    const ItemId box = kit::rowBox(m_kit, t, index("ran"));
    m_b.play(create(box), 0.8);
    m_kit.stop("first-order matrix",
               "Rows: current word; columns: next word. Row 'ran' must guess.",
               "The \"ran\" row splits 0.4 / 0.6: the matrix only knows the current word.", 2.5);
    m_kit.note("");
    act.clearUnder(0.8);
  }

  void twoWordWindow() {
    m_kit.caption("Second order: predict from the last two words");
    kit::Act act(m_kit);
    for (size_t i = 0; i < m_n.sentences.size(); ++i)
      m_windowWords.push_back(
          kit::wordRow(m_kit, m_n.sentences[i].words, 420 + 220 * static_cast<float>(i)));
    m_b.play(kit::fadeInRows(m_windowWords, 0.7, 0.1), 1.2);

    // A window of two words slides along the battery command; the word after it lights up.
    for (size_t s = 0; s < m_windowWords.size(); ++s) {
      const std::vector<ItemId>& words = m_windowWords[s];
      const std::vector<std::string>& text = m_n.sentences[s].words;
      const auto ranAt = static_cast<size_t>(math::wordIndex(text, "ran"));
      auto window = [&](size_t k) {
        return m_b.bounds(words[k]).united(m_b.bounds(words[k + 1])).expanded(10);
      };
      const size_t first = s == 0 ? 0 : ranAt - 1;
      const ItemId box =
          m_kit.boxAround(window(first), words, {.pad = 0, .name = "window", .seconds = 0});
      m_b.play(group({create(box), recolor(words[first + 2], palette::kResult)}), 0.8);
      for (size_t k = first + 1; k + 1 <= ranAt; ++k) {
        m_b.play(group({surround(box, window(k)), recolor(words[k + 1], palette::kText),
                        recolor(words[k + 2], palette::kResult)}),
                 0.7);
        m_b.wait(0.2);
      }
    }
    auto odds = [&](const std::string& pair, const std::string& next) {
      return math::formatNumber(m_n.secondOrder(math::wordIndex(m_n.pairs, pair), index(next)),
                                kProb);
    };
    m_kit.stop("two words", "With the word before 'ran' in view, the next word is certain.",
               "\"battery ran\" → down (" + odds("battery ran", "down") +
                   "), \"program ran\" → please (" + odds("program ran", "please") +
                   "): no more guessing.",
               3.0);
    m_kit.note("");
    act.clearUnder(0.8);
  }

  void secondOrderMatrix() {
    m_kit.caption("Second-order transition matrix: a row for each pair of words");
    kit::Act act(m_kit);
    // The pairs that occur, then one blank row standing for all the others.
    Eigen::MatrixXd shown =
        Eigen::MatrixXd::Zero(m_n.secondOrder.rows() + 1, m_n.secondOrder.cols());
    shown.topRows(m_n.secondOrder.rows()) = m_n.secondOrder;
    std::vector<std::string> labels = m_n.pairs;
    labels.emplace_back();
    const ItemId t = m_kit.matrix(shown, matrixStyle("second order", labels));
    kit::centreOn(m_kit, t, {960, 535});
    // A vertical ellipsis, drawn as three dots, where the blank row's label would be.
    const MatrixGeometry g = matrixGeometry(m_b.def(t).matrix, m_b.state(t));
    const float rowY = m_b.rowBounds(t, static_cast<int>(labels.size()) - 1).center().y;
    std::vector<ItemId> shownItems{t};
    for (int k = -1; k <= 1; ++k) {
      shownItems.push_back(m_kit.add(kit::named(makeSolid(4), "ellipsis dot", {t}),
                                     {.pos = {g.rowLabelRight - 40, rowY + 14.0f * k},
                                      .size = {8, 8},
                                      .color = palette::kNote}));
    }
    m_kit.show(shownItems, 1.0);
    m_kit.stop("second-order matrix",
               "Rows are pairs of words; only the ones that occur are shown.",
               std::to_string(m_n.pairs.size()) + " pairs occur. The other " +
                   std::to_string(m_n.emptyPairRows) + " of the " + std::to_string(m_n.pairRows) +
                   " possible pairs get all-zero rows (the dots).",
               3.0);

    auto rowOf = [&](const std::string& pair) { return math::wordIndex(m_n.pairs, pair); };
    const ItemId b1 = kit::rowBox(m_kit, t, rowOf("battery ran"));
    const ItemId b2 = kit::rowBox(m_kit, t, rowOf("program ran"));
    m_b.play(group({create(b1), create(b2)}), 0.8);
    m_kit.stop("certain rows", "The ambiguity after 'ran' is gone.",
               "\"battery ran\" and \"program ran\" each lead to one word, with certainty.", 2.5);

    const ItemId b3 = kit::rowBox(m_kit, t, rowOf("whether the"), palette::kQuery);
    m_b.play(group({fadeOut(b1), fadeOut(b2), create(b3)}), 0.8);
    m_kit.stop("one choice", "A genuine 40/60 choice between the two commands.",
               "The one choice left, after \"whether the\": battery 0.4 or program 0.6.", 2.5);
    m_kit.note("");
    act.clearUnder(0.8);
  }

  void lesson() {
    m_kit.caption("More confident, but much larger");
    const int n = static_cast<int>(m_n.vocab.size());
    struct Column {
      float x;
      std::string title, rows, count, guesses;
    };
    const std::vector<Column> columns = {
        {560, "first order", "a row per word", "$N = " + std::to_string(n) + "$ rows",
         std::to_string(m_n.branchingFirstOrder) + " rows must guess"},
        {1360, "second order", "a row per pair of words",
         "$N^2 = " + std::to_string(m_n.pairRows) + "$ rows",
         std::to_string(m_n.branchingSecondOrder) + " row must guess"}};
    std::vector<std::vector<ItemId>> shown;  // each column top to bottom
    for (const Column& c : columns) {
      shown.push_back({m_kit.text(c.title, 50, {c.x, 330}, palette::kWeight),
                       m_kit.text(c.rows, 40, {c.x, 430}), m_kit.text(c.count, 46, {c.x, 530}),
                       m_kit.text(c.guesses, 40, {c.x, 630}, palette::kQuery)});
    }
    m_b.play(kit::fadeInRows(shown, 0.7, 0.4), 3.0);
    m_kit.stop("comparison", "Second order guesses less, but needs a row for every pair.",
               {.hold = 2.0});

    const long long big = 50000;
    const ItemId scale =
        m_kit.text("With " + kit::withCommas(big) + " words: $N^2$ = " +
                       math::formatNumber(static_cast<double>(big * big) / 1e9, {.decimals = 1}) +
                       " billion rows",
                   44, {960, 780}, palette::kResult);
    m_b.play(write(scale), 1.4);
    m_kit.stop("N squared", "Confidence costs size: N² rows for second order.",
               "Each extra word of context multiplies the rows by N again.", 3.5);
  }

  SecondOrderNumbers m_n;
  std::vector<std::vector<ItemId>> m_windowWords;
};

}  // namespace

SectionScript buildSecondOrderSection(const FontAtlas& atlas) {
  return SecondOrderSection(atlas).build();
}

}  // namespace tfviz
