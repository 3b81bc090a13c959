// Section 8, "Masking and attention": the weak 5-vs-4 vote of section 7, a mask that keeps only
// the features that matter (attention), the rest stop, attention as the QKᵀ lookup, the
// second-order features as a feed-forward block (stepped entry by entry) and greedy completion.
#include "scene/sections/s08_attention.hpp"

#include <algorithm>
#include <cmath>

#include "render/text_layout.hpp"
#include "scene/kit.hpp"
#include "scene/kit/lines.hpp"
#include "scene/kit/marks.hpp"
#include "scene/kit/words.hpp"
#include "scene/sections/registry.hpp"

namespace tfviz {

AttentionSectionNumbers attentionSectionNumbers() {
  AttentionSectionNumbers n;
  n.vocab = {"and", "battery", "check",   "down", "find", "it",     "log",
             "out", "please",  "program", "ran",  "the",  "whether"};
  n.batterySentence = {"check", "the",     "battery", "log", "and",  "find",
                       "out",   "whether", "it",      "ran", "down", "please"};
  n.maskWords = {"battery", "program"};
  n.nextWords = {"down", "please"};
  const auto words = static_cast<Eigen::Index>(n.vocab.size());

  // Section 7's votes: every "X, ran" feature splits .5/.5 between down and please, except
  // battery,ran (down) and program,ran (please); down,ran, please,ran and ran,ran never occur.
  n.transition = Eigen::MatrixXd::Constant(words, 2, 0.5);
  for (const char* never : {"down", "please", "ran"})
    n.transition.row(math::wordIndex(n.vocab, never)).setZero();
  n.transition.row(math::wordIndex(n.vocab, "battery")) << 1, 0;
  n.transition.row(math::wordIndex(n.vocab, "program")) << 0, 1;

  for (const std::string& w : n.vocab) n.features.push_back(w + ", ran");
  // A feature "X, ran" is active when X comes before "ran" in the sentence.
  n.activities = Eigen::RowVectorXd::Zero(words);
  for (const std::string& w : n.batterySentence) {
    if (w == "ran") break;
    n.activities(math::wordIndex(n.vocab, w)) = 1;
  }
  n.votes = n.activities * n.transition;
  n.marginPercent = 100.0 * (n.votes.maxCoeff() / n.votes.minCoeff() - 1.0);

  n.mask = Eigen::RowVectorXd::Zero(words);
  for (const std::string& w : n.maskWords) n.mask(math::wordIndex(n.vocab, w)) = 1;
  n.maskedActivities = n.activities.cwiseProduct(n.mask);
  n.maskedTransition = n.mask.transpose().asDiagonal() * n.transition;
  n.maskedVotes = n.maskedActivities * n.transition;

  n.keysT = Eigen::MatrixXd::Zero(words, words);
  n.keysT.row(math::wordIndex(n.vocab, "ran")) = n.mask;
  n.query = math::oneHot(n.vocab, "ran");
  n.lookup = n.query * n.keysT;

  n.ffnInputWords = {"battery", "program", "ran", "bias"};
  n.ffnFeatureNames = {"battery, ran", "program, ran"};
  n.ffnInputs.resize(2, 4);
  n.ffnInputs << 1, 0, 1, 1,  // battery sentence: battery and ran present, bias input 1
      0, 1, 1, 1;             // program sentence
  n.ffnWeights.resize(4, 2);
  n.ffnWeights << 1, -1,  //
      -1, 1,              //
      1, 1,               //
      -1, -1;             // the bias row b₁
  n.ffnHidden = n.ffnInputs * n.ffnWeights;
  n.ffnFeatures = math::relu(n.ffnHidden);
  n.ffnOutWeights.resize(2, 2);
  n.ffnOutWeights.row(0) = n.transition.row(math::wordIndex(n.vocab, "battery"));
  n.ffnOutWeights.row(1) = n.transition.row(math::wordIndex(n.vocab, "program"));
  n.ffnVotes = n.ffnFeatures * n.ffnOutWeights;

  n.prediction = n.nextWords[static_cast<size_t>(math::argmax(n.maskedVotes))];
  return n;
}

namespace {

using kit::Row;

class AttentionSection : kit::Section {
 public:
  explicit AttentionSection(const FontAtlas& atlas)
      : Section("s08-attention", "Masking and attention", atlas), m_n(attentionSectionNumbers()) {}

  SectionScript build() && {
    weakMargin();
    masking();
    restStop();
    attentionAsMatmul();
    feedForward();
    completion();
    return std::move(*this).finish();
  }

 private:
  // A 13-row column over the features: activities, mask, masked activities.
  static MatrixStyle columnStyle(std::string label, glm::vec4 color,
                                 std::vector<std::string> rows = {}) {
    return {.fontSize = 32,
            .label = std::move(label),
            .color = color,
            .padX = 0.7f,
            .rowHeight = 1.25f,
            .rowLabels = std::move(rows)};
  }
  // The vote table: a column per next word, zeros left blank.
  MatrixStyle tableStyle(std::string label, bool features = false) const {
    MatrixStyle s = columnStyle(std::move(label), palette::kWeight,
                                features ? m_n.features : std::vector<std::string>{});
    s.format = kit::kTenths;
    s.hideZeros = true;
    s.colLabels = m_n.nextWords;
    return s;
  }
  MatrixStyle totalStyle(std::string label) const {
    return {.fontSize = 44,
            .label = std::move(label),
            .color = palette::kResult,
            .colLabels = m_n.nextWords,
            .headerSize = 32};
  }
  // The feed-forward block's matrices, one size, their headers at 28 px.
  static MatrixStyle ffnStyle(std::string label, glm::vec4 color, std::vector<std::string> rows,
                              std::vector<std::string> cols) {
    return {.fontSize = 36,
            .label = std::move(label),
            .color = color,
            .rowLabels = std::move(rows),
            .colLabels = std::move(cols),
            .headerSize = 28};
  }
  Eigen::MatrixXd column(const Eigen::RowVectorXd& v) const { return v.transpose(); }
  // "5 against 4"
  static std::string against(const Eigen::RowVectorXd& v) {
    return math::formatNumber(v(0), {}) + " against " + math::formatNumber(v(1), {});
  }
  // Cell r of a column and row r of the vote table, lit (1) or not (0), one feature after another.
  Anim lightFeatures(ItemId col, ItemId table, float amount) {
    std::vector<Anim> lights;
    for (int r = 0; r < m_n.activities.size(); ++r) {
      if (m_n.activities(r) == 0) continue;
      lights.push_back(cellHighlight(col, r, amount));
      for (int c = 0; c < 2; ++c)
        lights.push_back(cellHighlight(table, m_b.cellIndex(table, r, c), amount));
    }
    return amount > 0 ? laggedStart(0.15, std::move(lights)) : group(std::move(lights));
  }

  void weakMargin() {
    kit::Act act = kit::part(m_kit, "Section 7 got the battery sentence right, but only just");
    m_activities =
        m_kit.matrix(column(m_n.activities), columnStyle("active?", palette::kInput, m_n.features));
    act.keep(m_activities);  // the mask multiplies it next
    const ItemId table = m_kit.matrix(m_n.transition, tableStyle("votes"));
    const ItemId votes = m_kit.matrix(m_n.votes, totalStyle("total"));
    // The totals come in later, at the end of the row.
    kit::GrowingRow row(m_kit, {m_activities, table, m_kit.sign("→"), votes}, kRowY, 70);
    row.grow(2, 1.6, 0.4, 0.0);
    m_kit.stop("features and votes",
               "Recap of section 7: the active features each add their row of votes.",
               "Features \"X, ran\" for: check the battery log and find out whether it ran ...",
               0.6);

    // The active rows of the vote table light up, then the totals appear.
    m_b.play(lightFeatures(m_activities, table, 1.0f), 1.5);
    row.grow(2, 1.0, 0.4);
    m_kit.calc(against(m_n.votes) + ": down leads by only " +
                   math::formatNumber(m_n.marginPercent, {}) + "%. Noise could flip it.",
               38);
    m_kit.stop("weak margin", "4 vs 5 is a thin margin; a real model's noise could lose it.", "",
               1.5);
    // The highlights and the totals go: the mask comes in between.
    act.clear(0.8, kit::Act::Leave::Fade, {lightFeatures(m_activities, table, 0.0f)});
  }

  void masking() {
    kit::Act product =
        kit::part(m_kit, "After \"ran\", only two features matter: battery and program");
    product.adopt(m_activities);
    const ItemId mask = m_kit.matrix(column(m_n.mask), columnStyle("mask", palette::kKey));
    const ItemId masked =
        m_kit.matrix(column(m_n.maskedActivities), columnStyle("masked", palette::kResult), true);
    kit::GrowingRow row(m_kit, {m_activities, m_kit.sign("⊙"), mask, m_kit.sign("="), masked},
                        kRowY, 50, 1);
    row.grow(2, 1.2, 0.3);
    m_kit.stop("mask", "The mask for 'ran': ones at battery and program.",
               "The mask has a 1 for each feature worth keeping and a 0 for the rest.", 1.0);

    row.grow(2, 0.6);
    m_kit.fillCells(masked, column(m_n.maskedActivities), {.seconds = 2.0});
    const int battery = math::wordIndex(m_n.vocab, "battery");
    m_b.play(group({cellHighlight(m_activities, battery, 1.0f), cellHighlight(mask, battery, 1.0f),
                    cellHighlight(masked, battery, 1.0f)}),
             0.6);
    m_kit.stop("masked activities", "Element-wise product: only 'battery, ran' survives.",
               "$\\odot$ multiplies entry by entry: a 0 in the mask switches a feature off.", 1.2);

    // The vote table again, with every row the mask removes emptied. For the product the masked
    // activities are written as what they are, a row: [1 × 13] × [13 × 2] = [1 × 2] (section 3).
    m_kit.caption("Masked, the vote table keeps two rows, and they disagree completely");
    product.clear(0.6);
    kit::Act votesAct(m_kit);
    const ItemId maskedRow = m_kit.matrix(
        m_n.maskedActivities, {.fontSize = 32,
                               .label = "masked  " + kit::shapeText(m_n.maskedActivities),
                               .color = palette::kResult,
                               .padX = 0.3f});
    const ItemId table =
        m_kit.matrix(m_n.transition, tableStyle("votes  " + kit::shapeText(m_n.transition), true));
    const ItemId votes = m_kit.matrix(
        m_n.maskedVotes, totalStyle("total  " + kit::shapeText(m_n.maskedVotes)), true);
    m_b.recordProduct(maskedRow, table, votes, m_n.maskedActivities, m_n.transition, {});
    kit::GrowingRow votesRow(m_kit, {maskedRow, m_kit.sign("×"), table, m_kit.sign("="), votes},
                             kRowY, 50);
    votesRow.grow(3, 1.2, 0.3, 0.0);
    m_b.play(transformCells(table, kit::cellTexts(m_n.maskedTransition, kit::kTenths, true), 0.1),
             1.6);
    m_kit.stop("masked transition", "The masked transition matrix; the masked activities as a row.",
               "A row times the table: entry $i$ of the row weighs row $i$ of the table.", 1.0);

    votesRow.grow(2, 0.6);
    m_b.play(group({cellHighlight(maskedRow, m_b.cellIndex(maskedRow, 0, battery), 1.0f),
                    cellHighlight(table, m_b.cellIndex(table, battery, 0), 1.0f)}),
             0.4);
    m_kit.fillCells(votes, m_n.maskedVotes, {.seconds = 1.0, .lag = 0.5});
    m_kit.calc(against(m_n.maskedVotes) + ": a " + math::formatNumber(m_n.marginPercent, {}) +
                   "% lead has become an infinite one.",
               38);
    m_kit.stop("infinite margin", "What was a 25% weight difference is now infinitely large.", "",
               1.5);
    votesAct.clear(0.8);

    m_kit.caption("");
    kit::Act title(m_kit);
    const ItemId big = m_kit.text("Choosing what to look at is attention", 60,
                                  kit::at(Row::Content, -70), palette::kTitle);
    const ItemId small =
        m_kit.text("The \"attention\" of \"Attention is all you need\" is this selective masking.",
                   36, kit::at(Row::Content, 40), palette::kNote);
    m_kit.fitWidth(small, kit::kMaxRowWidth);
    m_b.play(laggedStart(0.5, {write(big), fadeIn(small)}), 1.8);
    m_kit.stop("attention", "Selective masking is the attention of the paper's title.",
               {.hold = 1.5});
    title.clearUnder(0.6);
  }

  void restStop() {
    kit::Act act = kit::part(m_kit, "Rest stop: this model already sketches a GPT-style decoder");
    const std::vector<std::string> lines = {
        "1.  Computers multiply matrices very fast: write every step as a matmul.",
        "2.  Every step must be differentiable: the weights are learned by backpropagation.",
        "3.  The gradient must be smooth and well behaved, so descent can follow it."};
    const std::vector<ItemId> items = m_kit.textBlock(lines, 38, 280, 76);
    m_kit.note("What comes next is shaped by three practical needs.");
    for (size_t i = 0; i < items.size(); ++i) {
      m_b.play(write(items[i]), 1.2);
      if (i + 1 < items.size())
        m_kit.stop("driver " + std::to_string(i + 1), lines[i], {.hold = 0.8});
    }
    m_b.wait(0.8);

    // Two loss landscapes: cliffs and canyons, rolling hills.
    std::vector<glm::vec2> canyon = {{-300, -60}, {-230, -60}, {-215, 90}, {-150, 90}, {-140, -100},
                                     {-60, -100}, {-50, 110},  {10, 110},  {20, -30},  {120, -30},
                                     {135, 100},  {190, 100},  {200, -80}, {300, -80}};
    const std::vector<glm::vec2> hills = kit::sample(60, [](float t) {
      return glm::vec2(-300 + 600 * t, -60 * std::cos(2.0f * 3.14159265f * t) +
                                           -25 * std::cos(4.0f * 3.14159265f * t));
    });
    const glm::vec2 canyonAt{560, 640}, hillAt{1360, 640};
    const ItemId canyonPath = kit::curve(m_kit, canyon, canyonAt, palette::kResult, 5);
    const ItemId hillPath = kit::curve(m_kit, hills, hillAt, palette::kWeight, 5);
    const ItemId canyonLabel = m_kit.text("Grand Canyon: the gradient misleads", 32,
                                          canyonAt + glm::vec2(0, 160), palette::kNote);
    const ItemId hillLabel = m_kit.text("Rolling hills: the gradient leads down", 32,
                                        hillAt + glm::vec2(0, 160), palette::kNote);
    m_b.play(group({create(canyonPath), create(hillPath), fadeIn(canyonLabel), fadeIn(hillLabel)}),
             1.6);
    // A ball rolls down the hills to the valley floor.
    auto onHill = [&](int i) { return hillAt + hills[static_cast<size_t>(i)] - glm::vec2(0, 18); };
    const ItemId ball = kit::dot(m_kit, onHill(4), 14, palette::kQuery, "ball");
    kit::allowWith(m_kit, ball, {hillPath});
    m_b.play(fadeIn(ball), 0.3);
    std::vector<Anim> roll;
    for (int i = 6; i <= 30; i += 2) roll.push_back(moveTo(ball, onHill(i)));
    m_b.play(succession(std::move(roll)), 1.6);
    m_kit.stop("driver 3", lines[2] + " Grand Canyon vs rolling hills.", {.hold = 1.0});
    m_kit.note("");
    act.clearUnder(0.8);
  }

  void attentionAsMatmul() {
    kit::Act act = kit::part(m_kit, "Every word has its own mask: stack them all into $K^T$");
    // Kᵀ's cells are wide enough for its column names on two staggered lines; the result sits
    // under Kᵀ with the same columns, so the names read for both.
    const ItemId keys = m_kit.matrix(m_n.keysT, {.fontSize = 30,
                                                 .color = palette::kKey,
                                                 .padX = 0.68f,
                                                 .rowHeight = 1.15f,
                                                 .hideZeros = true,
                                                 .rowLabels = m_n.vocab});
    const ItemId query = m_kit.matrix(m_n.query, {.fontSize = 30,
                                                  .label = "$Q$ = one-hot(ran)",
                                                  .color = palette::kQuery,
                                                  .padX = 0.3f,
                                                  .rowHeight = 1.3f});
    const ItemId result =
        m_kit.matrix(m_n.lookup, {.fontSize = 30, .color = palette::kResult, .padX = 0.68f}, true);
    m_b.recordProduct(query, keys, result, m_n.query, m_n.keysT, {});
    const ItemId times = m_kit.sign("×"), equals = m_kit.sign("=");
    const ItemId resultName =
        kit::textFrom(m_kit, Align::Right, "mask for ran", 30, {0, 0}, palette::kResult);
    // Kᵀ's name goes right of it: above it are the column names, below it the result.
    const ItemId keysName = m_kit.text("$K^T$", 44, {0, 0}, palette::kKey);
    const float y = kit::row(Row::Content) - 20;
    m_kit.placeRow({query, times, keys}, y, 36);
    m_b.play(moveTo(keysName, {m_b.bounds(keys).max.x + 50, y}), 0.0);
    // The result row under Kᵀ, column on column, with "mask for ran =" to its left.
    const Rect lastRow = m_b.rowBounds(keys, static_cast<int>(m_n.vocab.size()) - 1);
    const float resultY = lastRow.max.y + 62;
    const float dx = m_b.cellBounds(keys, 0, 0).min.x - m_b.cellBounds(result, 0, 0).min.x;
    m_b.play(moveTo(result, {m_b.state(result).pos.x + dx, resultY}), 0.0);
    const float resultLeft = m_b.bounds(result).min.x;
    m_b.play(group({moveTo(equals, {resultLeft - 44, resultY}),
                    moveTo(resultName, {resultLeft - 90, resultY})}),
             0.0);
    // Column names: even columns on the lower line, odd ones on the upper line. They move with
    // Kᵀ and its name, which is introduced alone, centred, then moves into the product.
    std::vector<ItemId> keysAll{keys, keysName};
    const float gridTop = m_b.cellBounds(keys, 0, 0).min.y;
    for (int c = 0; c < m_n.keysT.cols(); ++c)
      keysAll.push_back(m_kit.namedText(
          "Kt column label", m_n.vocab[static_cast<size_t>(c)], kit::kMinTextSize,
          {m_b.cellBounds(keys, 0, c).center().x, gridTop - (c % 2 == 0 ? 22.0f : 56.0f)},
          palette::kNote));
    const glm::vec2 centreShift{960 - m_b.bounds(keys).center().x, 0};
    m_kit.shift(keysAll, centreShift);
    m_kit.show(keysAll, 1.0);
    const int ran = math::wordIndex(m_n.vocab, "ran");
    m_kit.highlightCells(keys, m_kit.rowCells(keys, ran), 1.0f);
    m_kit.stop("K transposed", "Kᵀ: the masks of every word, one per row. Only ran's is filled.",
               "Row \"ran\" holds the mask used after \"ran\"; the other rows (left empty here) "
               "hold other words' masks.",
               1.2);

    m_kit.shift(keysAll, -centreShift, 0.8);
    m_kit.show({query, times}, 1.0, 0.3);
    const Rect qCell = m_b.cellBounds(query, 0, ran);
    const ItemId ranTag =
        m_kit.text("ran", 30, {qCell.center().x, qCell.max.y + 34}, palette::kQuery);
    m_b.play(fadeIn(ranTag), 0.5);
    m_kit.stop("query", "Q: one-hot of the most recent word, ran.",
               "$Q$ is the one-hot of the most recent word.", 1.0);

    // The link: a box leaves Q's single 1, slides onto row "ran" of Kᵀ (its name included), then
    // down onto the result, which fills with that row.
    std::vector<ItemId> under{query, result, equals, resultName, ranTag, times};
    under.insert(under.end(), keysAll.begin(), keysAll.end());
    const ItemId link =
        m_kit.boxAround(qCell, under, {.pad = 4, .radius = 8, .name = "lookup link"});
    m_b.wait(0.3);
    const MatrixGeometry g = matrixGeometry(m_b.def(keys).matrix, m_b.state(keys));
    const float labelW = measureText(m_b.atlas(), FontFace::Sans, "ran", g.headerSize);
    const Rect ranRow = m_b.rowBounds(keys, ran).expanded(4);
    const Rect ranLabel =
        Rect::fromCenter({g.rowLabelRight - labelW / 2, ranRow.center().y}, {labelW, 1});
    m_kit.moveBox(link, ranRow.united(ranLabel), 1.0, 4);
    m_b.wait(0.3);
    m_kit.show({equals, resultName, result}, 0.6);
    m_kit.moveBox(link, m_b.rowBounds(result, 0), 0.8, 4);
    m_kit.fillCells(result, m_n.lookup, {.seconds = 1.6, .lag = 0.2});
    m_b.play(fadeOut(link), 0.3);
    for (const std::string& w : m_n.maskWords) {
      const int c = math::wordIndex(m_n.vocab, w);
      m_b.play(group({cellHighlight(result, c, 1.0f),
                      cellHighlight(keys, m_b.cellIndex(keys, ran, c), 1.0f)}),
               0.4);
    }
    m_kit.caption("$QK^T$: a lookup table that can be differentiated");
    m_kit.stop("QKT lookup", "The QKᵀ term of the attention equation: a differentiable lookup.",
               "$K$ stores the masks in its columns; transposed, they become rows that the one-hot "
               "$Q$ picks out.",
               1.5);
    m_kit.note("");
    act.clearUnder(0.8);
  }

  void feedForward() {
    kit::Act act = kit::part(m_kit, "The battery,ran and program,ran features, made by a matmul");
    const ItemId x =
        m_kit.matrix(m_n.ffnInputs, ffnStyle("$x$: words present, and a bias input of 1",
                                             palette::kInput, kSentences, m_n.ffnInputWords));
    // Its rows follow x's columns (battery, program, ran, bias), labelled once, on x.
    const ItemId w = m_kit.matrix(
        m_n.ffnWeights,
        ffnStyle("$W_1$, its last row $b_1$", palette::kWeight, {}, m_n.ffnFeatureNames));
    const ItemId h = m_kit.matrix(
        m_n.ffnHidden, ffnStyle("features", palette::kResult, {}, m_n.ffnFeatureNames), true);
    const ItemId times = m_kit.sign("×", 64), equals = m_kit.sign("=", 64);
    m_kit.placeRow({x, times, w, equals, h}, kRowY, 32);
    m_kit.show({x, times, w, equals, h}, 1.6, 0.3);
    m_kit.stop("feature creation", "Rows battery, program, ran, bias; columns the two features.",
               "Each sentence becomes a row: which of battery, program and ran it holds.", 1.0);
    m_kit.note("");
    m_kit.stepProduct({x, w, h, times, equals}, m_n.ffnInputs, m_n.ffnWeights,
                      {.beatName = "feature", .slowEntries = 2});
    m_kit.stop("features computed", "xW₁ + b₁ for both sentences.",
               "battery sentence " + kit::tupleText(m_n.ffnHidden.row(0), {}, "[", "]") +
                   ", program sentence " + kit::tupleText(m_n.ffnHidden.row(1), {}, "[", "]"),
               1.0);

    // ReLU: negatives become 0, leaving one clean feature per sentence.
    m_kit.caption("ReLU keeps the positive part: $\\max(0, x)$");
    m_kit.note("");
    m_kit.fadeOutAll({x, times, w, equals}, 0.6);
    m_b.wait(0.6);
    const float y = kit::row(Row::Content) - 20;
    const ItemId reluArrow = m_kit.text("ReLU →", 44, {960, y});
    const ItemId f =
        m_kit.matrix(m_n.ffnFeatures,
                     ffnStyle("ReLU(features)", palette::kResult, {}, m_n.ffnFeatureNames), true);
    m_kit.placeRow({h, reluArrow, f}, y, 60, 1.0);
    m_b.play(fadeIn(reluArrow), 0.5);
    m_b.play(fadeIn(f), 0.4);
    m_kit.fillCells(f, m_n.ffnFeatures, {.seconds = 1.4, .lag = 0.4});
    m_kit.stop("relu", "ReLU maps [1, −1] to [1, 0] and [−1, 1] to [0, 1].",
               "Each sentence now switches on exactly one feature.", 1.2);

    // Then the selective transition matrix turns features into votes.
    m_kit.caption("Then the masked transition matrix turns features into votes");
    m_kit.note("");
    m_kit.fadeOutAll({h, reluArrow}, 0.5);
    m_b.wait(0.5);
    const ItemId w2 = m_kit.matrix(
        m_n.ffnOutWeights, ffnStyle("$W_2$", palette::kWeight, m_n.ffnFeatureNames, m_n.nextWords));
    const ItemId v =
        m_kit.matrix(m_n.ffnVotes, ffnStyle("votes", palette::kResult, kSentences, m_n.nextWords));
    m_b.recordProduct(f, w2, v, m_n.ffnFeatures, m_n.ffnOutWeights, {});
    const ItemId times2 = m_kit.sign("×", 64), equals2 = m_kit.sign("=", 64);
    m_kit.placeRow({f, times2, w2, equals2, v}, y, 44, 1.0);
    m_kit.show({times2, w2, equals2, v}, 1.4, 0.3);
    const ItemId formula = m_kit.text("$\\mathrm{FFN}(x) = \\max(0, xW_1 + b_1)W_2 + b_2$", 52,
                                      kit::at(Row::Calc, -60), palette::kTitle);
    const ItemId legend = m_kit.text(
        "$x$: word activities   $W_1, b_1$: feature creation   $W_2, b_2$: selective transition "
        "matrix",
        30, kit::at(Row::Calc, 5), palette::kNote);
    m_b.play(write(formula), 1.4);
    m_b.play(fadeIn(legend), 0.6);
    m_kit.stop("ffn", "FFN(x) = max(0, xW₁ + b₁)W₂ + b₂: the second-order model as matmuls.",
               "Feature creation, ReLU, transition: the feed-forward block. It could also learn "
               "battery, program, ran.",
               2.0);
    act.clearUnder(0.7);
    m_kit.note("");
  }

  void completion() {
    m_kit.caption("Completing a sentence: predict, take the top word, append, repeat");
    const float y = kit::row(Row::Content) - 60;
    // The prompt, up to "ran", then the two words the model appends one after the other.
    std::vector<ItemId> words;
    const auto ranAt = std::find(m_n.batterySentence.begin(), m_n.batterySentence.end(), "ran");
    for (auto it = m_n.batterySentence.begin(); it != ranAt + 1; ++it)
      words.push_back(m_kit.namedText("sentence word", *it, 44, {960, y}, palette::kInput));
    const std::string following =
        *(std::find(m_n.batterySentence.begin(), m_n.batterySentence.end(), m_n.prediction) + 1);
    for (const std::string& w : {m_n.prediction, following})
      words.push_back(m_kit.namedText("sentence word", w, 44, {960, y}, palette::kResult));
    kit::GrowingRow sentence(m_kit, words, y, 22);
    sentence.grow(words.size() - 2, 1.6, 0.3, 0.0);  // the prompt starts centred
    m_kit.stop("prompt", "The prompt is fed in (the paper's \"outputs, shifted right\").",
               "The prompt goes in; the model gives a prediction at every position.", 1.0);

    auto pickText = [&](const std::string& s) {
      const ItemId id = m_kit.namedText("pick", s, 38, {960, y + 160});
      m_kit.fitWidth(id, kit::kMaxRowWidth);
      return id;
    };
    const ItemId pick = pickText(
        "Votes after \"ran\": down " + math::formatNumber(m_n.maskedVotes(0), {}) + ", please " +
        math::formatNumber(m_n.maskedVotes(1), {}) + "  →  greedy pick: " + m_n.prediction);
    m_b.play(write(pick), 1.0);
    sentence.grow(1, 0.8, 0.0, 0.6);
    m_kit.stop("append", "Greedy: take the argmax and append it.",
               "Only the last position's prediction is used; the word is appended.", 1.2);

    // The next round: the most recent word is now the one just appended.
    const ItemId pick2 =
        pickText("Next round, after \"" + m_n.prediction + "\"  →  greedy pick: " + following);
    m_b.play(fadeOut(pick), 0.4);
    m_b.play(write(pick2), 1.0);
    sentence.grow(1, 0.8, 0.0, 0.6);
    m_kit.stop(
        "repeat", "Repeat; a causal mask keeps the decoder looking backwards only.",
        "Repeat until the sentence ends. A mask (section 11) keeps the decoder from looking ahead.",
        2.0);
  }

  // The 13-row columns sit a little low, clear of the caption.
  static constexpr float kRowY = kit::row(Row::Content) + 20;
  inline static const std::vector<std::string> kSentences = {"battery sentence",
                                                             "program sentence"};

  AttentionSectionNumbers m_n;
  ItemId m_activities = 0;
};

}  // namespace

SectionScript buildAttentionSection(const FontAtlas& atlas) {
  return AttentionSection(atlas).build();
}

}  // namespace tfviz
