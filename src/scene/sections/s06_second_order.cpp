// Section "s06-second-order": two commands that share "ran", the first-order chain and matrix
// that can only guess after "ran", a two-word window that removes the doubt, the second-order
// matrix with a row per word pair, and its price: N² rows. Numbers from secondOrderNumbers().
#include "scene/sections/s06_second_order.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "scene/kit.hpp"
#include "scene/registry.hpp"
#include "scene/sections/chain_diagram.hpp"

namespace tfviz {

SecondOrderNumbers secondOrderNumbers() {
  SecondOrderNumbers n;
  n.sentences = {{{"check", "whether", "the", "battery", "ran", "down", "please"}, 0.4},
                 {{"check", "whether", "the", "program", "ran", "please"}, 0.6}};
  std::set<std::string> words;
  for (const SecondOrderSentence& s : n.sentences) words.insert(s.words.begin(), s.words.end());
  n.vocab.assign(words.begin(), words.end());
  const auto v = static_cast<Eigen::Index>(n.vocab.size());

  // Weighted counts of (word -> next) and ((word, word) -> next), then each row normalised.
  Eigen::MatrixXd first = Eigen::MatrixXd::Zero(v, v);
  Eigen::MatrixXd second = Eigen::MatrixXd::Zero(v * v, v);
  for (const SecondOrderSentence& s : n.sentences) {
    std::vector<Eigen::Index> ids;
    for (const std::string& w : s.words) ids.push_back(math::wordIndex(n.vocab, w));
    for (size_t i = 0; i + 1 < ids.size(); ++i) first(ids[i], ids[i + 1]) += s.share;
    for (size_t i = 0; i + 2 < ids.size(); ++i)
      second(ids[i] * v + ids[i + 1], ids[i + 2]) += s.share;
  }
  auto normalise = [](Eigen::MatrixXd m) {
    for (Eigen::Index r = 0; r < m.rows(); ++r) {
      const double total = m.row(r).sum();
      if (total > 0) m.row(r) /= total;
    }
    return m;
  };
  n.firstOrder = normalise(first);
  n.secondOrderAll = normalise(second);

  std::vector<Eigen::Index> used;
  for (Eigen::Index r = 0; r < n.secondOrderAll.rows(); ++r) {
    if (n.secondOrderAll.row(r).sum() == 0) continue;
    used.push_back(r);
    n.pairs.push_back(n.vocab[static_cast<size_t>(r / v)] + " " +
                      n.vocab[static_cast<size_t>(r % v)]);
  }
  n.secondOrder.resize(static_cast<Eigen::Index>(used.size()), v);
  for (size_t i = 0; i < used.size(); ++i) {
    n.secondOrder.row(static_cast<Eigen::Index>(i)) = n.secondOrderAll.row(used[i]);
  }
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

std::string percent(double share) {
  return std::to_string(static_cast<int>(std::lround(share * 100))) + "%";
}

class SecondOrderSection {
 public:
  explicit SecondOrderSection(const FontAtlas& atlas)
      : m_b("s06-second-order", "Second-order sequence model", atlas),
        m_kit(m_b),
        m_n(secondOrderNumbers()) {}

  SectionScript build() && {
    m_kit.title("Second-order sequence model");
    sentences();
    firstOrderChain();
    firstOrderMatrix();
    twoWordWindow();
    secondOrderMatrix();
    lesson();
    return std::move(m_b).finish();
  }

 private:
  int index(const std::string& word) const { return math::wordIndex(m_n.vocab, word); }

  // A sentence as one text item per word, centred on y (hidden).
  std::vector<ItemId> sentenceWords(const std::vector<std::string>& words, float y) {
    std::vector<ItemId> ids;
    for (const std::string& w : words) ids.push_back(m_kit.text(w, kWordSize, {0, 0}));
    m_kit.layOutRow(ids, y, 22);
    return ids;
  }

  void sentences() {
    m_kit.caption("Two commands: one is said 40% of the time, the other 60%");
    kit::Act act(m_kit);
    std::vector<Anim> show;
    for (size_t i = 0; i < m_n.sentences.size(); ++i) {
      const float y = 430 + 150 * static_cast<float>(i);
      std::vector<ItemId> words = sentenceWords(m_n.sentences[i].words, y);
      const ItemId share =
          m_kit.text(percent(m_n.sentences[i].share), 46, {m_b.bounds(words.back()).max.x + 90, y},
                     palette::kNote, FontFace::Mono);
      std::vector<Anim> line;
      for (ItemId w : words) line.push_back(fadeIn(w));
      line.push_back(fadeIn(share));
      show.push_back(laggedStart(0.25, std::move(line)));
    }
    m_b.play(laggedStart(0.6, std::move(show)), 3.0);
    m_kit.stop("sentences", "Battery ran down (40%), program ran (60%).",
               "Both commands share \"ran\"; what follows it depends on the device.", 2.0);

    m_kit.caption("Vocabulary: 8 words, alphabetical");
    std::vector<ItemId> vocab;
    for (const std::string& w : m_n.vocab)
      vocab.push_back(m_kit.text(w, kWordSize, {0, 0}, palette::kInput));
    m_kit.layOutRow(vocab, 760, 56);
    m_kit.show(vocab, 1.8, 0.3);
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
    return {.fontSize = 40,
            .label = std::move(label),
            .labelSize = 36,
            .color = palette::kWeight,
            .format = kProb,
            .hideZeros = true,
            .rowLabels = std::move(rowLabels),
            .colLabels = m_n.vocab,
            .headerSize = 32};
  }

  // Centres an item's bounds on (960, y), instantly.
  void centre(ItemId id, float y) {
    m_kit.shift({id}, glm::vec2(960, y) - m_b.bounds(id).center());
  }

  // A box around one row of a matrix, placed hidden: the caller draws it.
  ItemId rowBox(ItemId matrix, int row, glm::vec4 color) {
    return m_kit.boxAround(
        m_b.rowBounds(matrix, row), {matrix},
        {.color = color, .pad = 5, .radius = 8, .name = "row box", .seconds = 0});
  }

  void firstOrderMatrix() {
    m_kit.caption("As a first-order transition matrix (empty cells are 0)");
    kit::Act act(m_kit);
    const ItemId t = m_kit.matrix(m_n.firstOrder, matrixStyle("first order", m_n.vocab));
    centre(t, 530);
    m_b.play(fadeIn(t), 1.0);
    m_b.wait(1.0);
    const ItemId box = rowBox(t, index("ran"), palette::kHighlight);
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
    std::vector<Anim> show;
    for (size_t i = 0; i < m_n.sentences.size(); ++i) {
      const float y = 420 + 220 * static_cast<float>(i);
      std::vector<ItemId> words = sentenceWords(m_n.sentences[i].words, y);
      for (ItemId w : words) show.push_back(fadeIn(w));
      m_windowWords.push_back(words);
    }
    m_b.play(laggedStart(0.1, std::move(show)), 1.2);

    // A window of two words slides along the battery command; the word after it lights up.
    for (size_t s = 0; s < m_windowWords.size(); ++s) {
      const std::vector<ItemId>& words = m_windowWords[s];
      const std::vector<std::string>& text = m_n.sentences[s].words;
      const size_t ranAt =
          static_cast<size_t>(std::find(text.begin(), text.end(), "ran") - text.begin());
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
    const int bRow = index("battery") * static_cast<int>(m_n.vocab.size()) + index("ran");
    const int pRow = index("program") * static_cast<int>(m_n.vocab.size()) + index("ran");
    m_kit.stop("two words", "With the word before 'ran' in view, the next word is certain.",
               "\"battery ran\" → down (" +
                   math::formatNumber(m_n.secondOrderAll(bRow, index("down")), kProb) +
                   "), \"program ran\" → please (" +
                   math::formatNumber(m_n.secondOrderAll(pRow, index("please")), kProb) +
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
    centre(t, 535);
    // A vertical ellipsis, drawn as three dots, where the blank row's label would be.
    const MatrixGeometry g = matrixGeometry(m_b.def(t).matrix, m_b.state(t));
    const float rowY = m_b.rowBounds(t, static_cast<int>(labels.size()) - 1).center().y;
    std::vector<ItemId> shownItems{t};
    for (int k = -1; k <= 1; ++k) {
      ItemDef def = makeSolid(4);
      def.name = "ellipsis dot";
      def.mayOverlap = {t};
      shownItems.push_back(
          m_kit.add(std::move(def), {.pos = {g.rowLabelRight - 40, rowY + 14.0f * k},
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

    auto rowOf = [&](const std::string& pair) {
      return static_cast<int>(std::find(m_n.pairs.begin(), m_n.pairs.end(), pair) -
                              m_n.pairs.begin());
    };
    const ItemId b1 = rowBox(t, rowOf("battery ran"), palette::kHighlight);
    const ItemId b2 = rowBox(t, rowOf("program ran"), palette::kHighlight);
    m_b.play(group({create(b1), create(b2)}), 0.8);
    m_kit.stop("certain rows", "The ambiguity after 'ran' is gone.",
               "\"battery ran\" and \"program ran\" each lead to one word, with certainty.", 2.5);

    const ItemId b3 = rowBox(t, rowOf("whether the"), palette::kQuery);
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
    std::vector<Anim> show;
    for (const Column& c : columns) {
      const ItemId title = m_kit.text(c.title, 50, {c.x, 330}, palette::kWeight);
      const ItemId rows = m_kit.text(c.rows, 40, {c.x, 430}, palette::kText);
      const ItemId count = m_kit.text(c.count, 46, {c.x, 530}, palette::kText);
      const ItemId guesses = m_kit.text(c.guesses, 40, {c.x, 630}, palette::kQuery);
      show.push_back(
          laggedStart(0.4, {fadeIn(title), fadeIn(rows), fadeIn(count), fadeIn(guesses)}));
    }
    m_b.play(laggedStart(0.7, std::move(show)), 3.0);
    m_kit.stop("comparison", "Second order guesses less, but needs a row for every pair.",
               {.hold = 2.0});

    const long long big = 50000;
    const ItemId scale =
        m_kit.text("With 50,000 words: $N^2$ = " +
                       math::formatNumber(static_cast<double>(big * big) / 1e9, {.decimals = 1}) +
                       " billion rows",
                   44, {960, 780}, palette::kResult);
    m_b.play(write(scale), 1.4);
    m_kit.stop("N squared", "Confidence costs size: N² rows for second order.",
               "Each extra word of context multiplies the rows by N again.", 3.5);
  }

  SectionBuilder m_b;
  SectionKit m_kit;
  SecondOrderNumbers m_n;
  std::vector<std::vector<ItemId>> m_windowWords;
};

}  // namespace

SectionScript buildSecondOrderSection(const FontAtlas& atlas) {
  return SecondOrderSection(atlas).build();
}

}  // namespace tfviz
