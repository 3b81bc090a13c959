// Section 8, "Masking and attention": the weak 5-vs-4 vote of section 7, a mask that keeps only
// the features that matter (attention), the rest stop, attention as the QKᵀ lookup, the
// second-order features as a feed-forward block (stepped entry by entry) and greedy completion.
#include "scene/sections/s08_attention.hpp"

#include <algorithm>
#include <cmath>

#include "render/text_layout.hpp"
#include "scene/kit.hpp"
#include "scene/registry.hpp"

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

const char* const kTimes = "×";  // ×
const char* const kOdot = "⊙";   // ⊙
const char* const kArrow = "→";  // →
constexpr math::NumberFormat kTenths{.decimals = 1};

std::vector<std::string> cellTexts(const Eigen::MatrixXd& m, math::NumberFormat format,
                                   bool hideZeros) {
  std::vector<std::string> texts;
  for (Eigen::Index r = 0; r < m.rows(); ++r)
    for (Eigen::Index c = 0; c < m.cols(); ++c)
      texts.push_back(hideZeros && m(r, c) == 0.0 ? std::string()
                                                  : math::formatNumber(m(r, c), format));
  return texts;
}

// "[1 × 13]": a shape, rows × columns.
std::string shape(int rows, int cols) {
  return "[" + std::to_string(rows) + " " + kTimes + " " + std::to_string(cols) + "]";
}

// "[1, −1]"
std::string bracketed(const Eigen::RowVectorXd& v) {
  std::string s = "[";
  for (Eigen::Index i = 0; i < v.size(); ++i)
    s += (i > 0 ? ", " : "") + math::formatNumber(v(i), math::chooseFormat(v));
  return s + "]";
}

class AttentionSection {
 public:
  explicit AttentionSection(const FontAtlas& atlas)
      : m_b("s08-attention", "Masking and attention", atlas),
        m_kit(m_b),
        m_n(attentionSectionNumbers()) {}

  SectionScript build() && {
    m_kit.title("Masking and attention");
    weakMargin();
    masking();
    restStop();
    attentionAsMatmul();
    feedForward();
    completion();
    return std::move(m_b).finish();
  }

 private:
  ItemId sign(const char* s, float size = 56) { return m_kit.text(s, size, {960, 540}); }

  ItemId verdict(const std::string& s, glm::vec4 color = palette::kText, float y = 900) {
    const ItemId id = m_kit.text(s, 38, {960, y}, color);
    m_kit.fitWidth(id, kit::kMaxRowWidth);
    return id;
  }

  // A 13-row column over the features: activities, mask, masked activities.
  MatrixStyle columnStyle(std::string label, glm::vec4 color) const {
    MatrixStyle s{.fontSize = 32, .label = std::move(label), .color = color};
    s.rowHeight = 1.25f;
    s.padX = 0.7f;
    return s;
  }

  Eigen::MatrixXd column(const Eigen::RowVectorXd& v) const { return v.transpose(); }

  void weakMargin() {
    m_kit.caption("Section 7 got the battery sentence right, but only just");
    MatrixStyle actStyle = columnStyle("active?", palette::kInput);
    actStyle.rowLabels = m_n.features;
    m_activities = m_kit.matrix(column(m_n.activities), actStyle);
    MatrixStyle tStyle = columnStyle("votes", palette::kWeight);
    tStyle.format = kTenths;
    tStyle.hideZeros = true;
    tStyle.colLabels = m_n.nextWords;
    m_transition = m_kit.matrix(m_n.transition, tStyle);
    const ItemId votes = m_kit.matrix(m_n.votes, {.fontSize = 44,
                                                  .label = "total",
                                                  .color = palette::kResult,
                                                  .colLabels = m_n.nextWords,
                                                  .headerSize = 32});
    const ItemId arrow = sign(kArrow);
    m_kit.placeRow({m_activities, m_transition}, 560, 70);
    m_kit.placeRow({arrow, votes}, 560, 70);  // out of sight until the totals come in
    m_b.play(laggedStart(0.4, {fadeIn(m_activities), fadeIn(m_transition)}), 1.6);
    m_kit.note("Features \"X, ran\" for: check the battery log and find out whether it ran ...");
    m_b.wait(0.6);
    m_b.beat("features and votes",
             "Recap of section 7: the active features each add their row of votes.");

    // The active rows of the vote table light up, then the totals appear.
    std::vector<Anim> lights;
    for (int r = 0; r < m_n.activities.size(); ++r) {
      if (m_n.activities(r) == 0) continue;
      lights.push_back(cellHighlight(m_activities, r, 1.0f));
      for (int c = 0; c < 2; ++c)
        lights.push_back(cellHighlight(m_transition, m_b.cellIndex(m_transition, r, c), 1.0f));
    }
    m_b.play(laggedStart(0.15, std::move(lights)), 1.5);
    m_kit.placeRow({m_activities, m_transition, arrow, votes}, 560, 70, 0.8);
    m_b.play(laggedStart(0.4, {fadeIn(arrow), fadeIn(votes)}), 1.0);
    const ItemId weak =
        verdict(math::formatNumber(m_n.votes(0), {}) + " against " +
                    math::formatNumber(m_n.votes(1), {}) + ": down leads by only " +
                    math::formatNumber(m_n.marginPercent, {}) + "%. Noise could flip it.",
                palette::kText);
    m_b.play(write(weak), 1.2);
    m_kit.note("");
    m_b.wait(1.5);
    m_b.beat("weak margin", "4 vs 5 is a thin margin; a real model's noise could lose it.");

    // Clear the highlights and the totals: the mask comes in between.
    std::vector<Anim> off;
    for (int r = 0; r < m_n.activities.size(); ++r) {
      off.push_back(cellHighlight(m_activities, r, 0.0f));
      for (int c = 0; c < 2; ++c)
        off.push_back(cellHighlight(m_transition, m_b.cellIndex(m_transition, r, c), 0.0f));
    }
    off.push_back(fadeOut(arrow));
    off.push_back(fadeOut(votes));
    off.push_back(fadeOut(weak));
    off.push_back(fadeOut(m_transition));
    m_b.play(group(std::move(off)), 0.8);
  }

  void masking() {
    m_kit.caption("After \"ran\", only two features matter: battery and program");
    const ItemId mask = m_kit.matrix(column(m_n.mask), columnStyle("mask", palette::kKey));
    const ItemId masked =
        m_kit.matrix(column(m_n.maskedActivities), columnStyle("masked", palette::kResult), true);
    const ItemId odot = sign(kOdot);
    const ItemId equals = sign("=");
    m_kit.placeRow({equals, masked}, 560, 50);  // out of sight for now
    m_kit.placeRow({m_activities, odot, mask}, 560, 50, 0.8);
    m_b.play(laggedStart(0.3, {fadeIn(odot), fadeIn(mask)}), 1.2);
    m_kit.note("The mask has a 1 for each feature worth keeping and a 0 for the rest.");
    m_b.wait(1.0);
    m_b.beat("mask", "The mask for 'ran': ones at battery and program.");

    m_kit.placeRow({m_activities, odot, mask, equals, masked}, 560, 50, 0.8);
    m_b.play(group({fadeIn(equals), fadeIn(masked)}), 0.6);
    std::vector<Anim> fill;
    const std::vector<std::string> texts = cellTexts(column(m_n.maskedActivities), {}, false);
    for (int r = 0; r < m_n.maskedActivities.size(); ++r) {
      fill.push_back(group({cellText(masked, r, texts[static_cast<size_t>(r)]),
                            cellColor(masked, r, palette::kResult), cellOpacity(masked, r, 1.0f)}));
    }
    m_b.play(laggedStart(0.25, std::move(fill)), 2.0);
    m_b.play(recolor(masked, palette::kResult), 0.3);
    const int battery = math::wordIndex(m_n.vocab, "battery");
    m_b.play(group({cellHighlight(m_activities, battery, 1.0f), cellHighlight(mask, battery, 1.0f),
                    cellHighlight(masked, battery, 1.0f)}),
             0.6);
    m_kit.note("$\\odot$ multiplies entry by entry: a 0 in the mask switches a feature off.");
    m_b.wait(1.2);
    m_b.beat("masked activities", "Element-wise product: only 'battery, ran' survives.");

    // The vote table again, with every row the mask removes emptied. For the product the masked
    // activities are written as what they are, a row: [1 × 13] × [13 × 2] = [1 × 2] (section 3).
    m_kit.caption("Masked, the vote table keeps two rows, and they disagree completely");
    m_kit.fadeOutAll({m_activities, odot, mask, equals, masked}, 0.6);
    m_b.wait(0.6);  // the new row takes the old picture's place
    const ItemId maskedRow = m_kit.matrix(m_n.maskedActivities, {.fontSize = 32,
                                                                 .label = "masked  " + shape(1, 13),
                                                                 .color = palette::kResult,
                                                                 .padX = 0.3f});
    MatrixStyle tStyle = columnStyle("votes  " + shape(13, 2), palette::kWeight);
    tStyle.format = kTenths;
    tStyle.hideZeros = true;
    tStyle.rowLabels = m_n.features;
    tStyle.colLabels = m_n.nextWords;
    const ItemId table = m_kit.matrix(m_n.transition, tStyle);
    const ItemId votes = m_kit.matrix(m_n.maskedVotes,
                                      {.fontSize = 44,
                                       .label = "total  " + shape(1, 2),
                                       .color = palette::kResult,
                                       .colLabels = m_n.nextWords,
                                       .headerSize = 32},
                                      true);
    m_b.recordProduct(maskedRow, table, votes, m_n.maskedActivities, m_n.transition, {});
    const ItemId times = sign(kTimes);
    const ItemId equals2 = sign("=");
    m_kit.placeRow({maskedRow, times, table, equals2, votes}, 560, 50);
    m_kit.placeRow({maskedRow, times, table}, 560, 50);
    m_b.play(laggedStart(0.3, {fadeIn(maskedRow), fadeIn(times), fadeIn(table)}), 1.2);
    m_b.play(transformCells(table, cellTexts(m_n.maskedTransition, kTenths, true), 0.1), 1.6);
    m_kit.note("A row times the table: entry $i$ of the row weighs row $i$ of the table.");
    m_b.wait(1.0);
    m_b.beat("masked transition", "The masked transition matrix; the masked activities as a row.");

    m_kit.placeRow({maskedRow, times, table, equals2, votes}, 560, 50, 0.8);
    m_b.play(group({fadeIn(equals2), fadeIn(votes)}), 0.6);
    std::vector<Anim> fill2;
    for (int c = 0; c < 2; ++c) {
      fill2.push_back(group({cellText(votes, c, math::formatNumber(m_n.maskedVotes(c), {})),
                             cellColor(votes, c, palette::kResult), cellOpacity(votes, c, 1.0f)}));
    }
    fill2.push_back(cellHighlight(maskedRow, m_b.cellIndex(maskedRow, 0, battery), 1.0f));
    fill2.push_back(cellHighlight(table, m_b.cellIndex(table, battery, 0), 1.0f));
    m_b.play(laggedStart(0.5, std::move(fill2)), 1.0);
    m_b.play(recolor(votes, palette::kResult), 0.3);
    const ItemId strong =
        verdict(math::formatNumber(m_n.maskedVotes(0), {}) + " against " +
                math::formatNumber(m_n.maskedVotes(1), {}) + ": a " +
                math::formatNumber(m_n.marginPercent, {}) + "% lead has become an infinite one.");
    m_b.play(write(strong), 1.2);
    m_kit.note("");
    m_b.wait(1.5);
    m_b.beat("infinite margin", "What was a 25% weight difference is now infinitely large.");

    m_kit.fadeOutAll({maskedRow, times, table, equals2, votes, strong}, 0.8);
    m_b.wait(0.8);
    m_kit.caption("");
    const ItemId big =
        m_kit.text("Choosing what to look at is attention", 60, {960, 470}, palette::kTitle);
    const ItemId small =
        m_kit.text("The \"attention\" of \"Attention is all you need\" is this selective masking.",
                   36, {960, 580}, palette::kNote);
    m_kit.fitWidth(small, kit::kMaxRowWidth);
    m_b.play(laggedStart(0.5, {write(big), fadeIn(small)}), 1.8);
    m_b.wait(1.5);
    m_b.beat("attention", "Selective masking is the attention of the paper's title.");
    m_kit.fadeOutAll({big, small}, 0.6);
  }

  void restStop() {
    m_kit.caption("Rest stop: this model already sketches a GPT-style decoder");
    const std::vector<std::string> lines = {
        "1.  Computers multiply matrices very fast: write every step as a matmul.",
        "2.  Every step must be differentiable: the weights are learned by backpropagation.",
        "3.  The gradient must be smooth and well behaved, so descent can follow it."};
    std::vector<ItemId> items;
    float widest = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
      const ItemId id = m_kit.text(lines[i], 38, {0, 280 + 76 * static_cast<float>(i)},
                                   palette::kText, FontFace::Sans, Align::Left);
      widest = std::max(widest, m_kit.width(id));
      items.push_back(id);
    }
    // One block, left-aligned inside, centred on the frame.
    for (size_t i = 0; i < items.size(); ++i)
      m_b.play(moveTo(items[i], {960 - widest / 2, 280 + 76 * static_cast<float>(i)}), 0.0);
    m_kit.note("What comes next is shaped by three practical needs.");
    for (size_t i = 0; i < items.size(); ++i) {
      m_b.play(write(items[i]), 1.2);
      m_b.wait(0.8);
      if (i + 1 < items.size()) m_b.beat("driver " + std::to_string(i + 1), lines[i]);
    }

    // Two loss landscapes: cliffs and canyons, rolling hills.
    std::vector<glm::vec2> canyon = {{-300, -60}, {-230, -60}, {-215, 90}, {-150, 90}, {-140, -100},
                                     {-60, -100}, {-50, 110},  {10, 110},  {20, -30},  {120, -30},
                                     {135, 100},  {190, 100},  {200, -80}, {300, -80}};
    std::vector<glm::vec2> hills;
    for (int i = 0; i <= 60; ++i) {
      const float t = static_cast<float>(i) / 60.0f;
      hills.push_back({-300 + 600 * t, -60 * std::cos(2.0f * 3.14159265f * t) +
                                           -25 * std::cos(4.0f * 3.14159265f * t)});
    }
    const ItemId canyonPath =
        m_b.add(makePath(canyon, 5), {.pos = {560, 640}, .color = palette::kResult});
    const ItemId hillPath =
        m_b.add(makePath(hills, 5), {.pos = {1360, 640}, .color = palette::kWeight});
    const ItemId canyonLabel =
        m_kit.text("Grand Canyon: the gradient misleads", 32, {560, 800}, palette::kNote);
    const ItemId hillLabel =
        m_kit.text("Rolling hills: the gradient leads down", 32, {1360, 800}, palette::kNote);
    m_b.play(group({create(canyonPath), create(hillPath), fadeIn(canyonLabel), fadeIn(hillLabel)}),
             1.6);
    // A ball rolls down the hills to the valley floor.
    ItemDef ballDef = makeSolid(14);
    ballDef.name = "ball";
    ballDef.mayOverlap = {hillPath};
    const glm::vec2 hillOrigin{1360, 640};
    auto onHill = [&](int i) {
      return hillOrigin + hills[static_cast<size_t>(i)] - glm::vec2(0, 18);
    };
    const ItemId ball =
        m_b.add(std::move(ballDef), {.pos = onHill(4), .size = {28, 28}, .color = palette::kQuery});
    m_b.play(fadeIn(ball), 0.3);
    std::vector<Anim> roll;
    for (int i = 6; i <= 30; i += 2) roll.push_back(moveTo(ball, onHill(i)));
    m_b.play(succession(std::move(roll)), 1.6);
    m_b.wait(1.0);
    m_b.beat("driver 3", lines[2] + " Grand Canyon vs rolling hills.");
    items.insert(items.end(), {canyonPath, hillPath, canyonLabel, hillLabel, ball});
    m_kit.fadeOutAll(items, 0.8);
    m_kit.note("");
  }

  void attentionAsMatmul() {
    m_kit.caption("Every word has its own mask: stack them all into $K^T$");
    // Kᵀ's cells are wide enough for its column names on two staggered lines; the result sits
    // under Kᵀ with the same columns, so the names read for both.
    MatrixStyle kStyle{.fontSize = 30,
                       .color = palette::kKey,
                       .padX = 0.68f,
                       .rowHeight = 1.15f,
                       .hideZeros = true,
                       .rowLabels = m_n.vocab};
    const ItemId keys = m_kit.matrix(m_n.keysT, kStyle);
    MatrixStyle vStyle{.fontSize = 30, .color = palette::kQuery, .padX = 0.3f, .rowHeight = 1.3f};
    vStyle.label = "$Q$ = one-hot(ran)";
    const ItemId query = m_kit.matrix(m_n.query, vStyle);
    MatrixStyle rStyle{.fontSize = 30, .color = palette::kResult, .padX = 0.68f};
    const ItemId result = m_kit.matrix(m_n.lookup, rStyle, true);
    m_b.recordProduct(query, keys, result, m_n.query, m_n.keysT, {});
    const ItemId times = sign(kTimes);
    const ItemId equals = sign("=");
    const ItemId resultName =
        m_kit.text("mask for ran", 30, {0, 0}, palette::kResult, FontFace::Sans, Align::Right);
    // Kᵀ's name goes right of it: above it are the column names, below it the result.
    const ItemId keysName = m_kit.text("$K^T$", 44, {0, 0}, palette::kKey);
    m_kit.placeRow({query, times, keys}, 520, 36);
    const glm::vec2 keysPos = m_b.state(keys).pos;
    m_b.play(moveTo(keysName, {m_b.bounds(keys).max.x + 50, 520}), 0.0);
    // The result row under Kᵀ, column on column, with "mask for ran =" to its left.
    const Rect lastRow = m_b.rowBounds(keys, static_cast<int>(m_n.vocab.size()) - 1);
    const float resultY = lastRow.max.y + 62;
    const float dx = m_b.cellBounds(keys, 0, 0).min.x - m_b.cellBounds(result, 0, 0).min.x;
    m_b.play(moveTo(result, {m_b.state(result).pos.x + dx, resultY}), 0.0);
    const float resultLeft = m_b.bounds(result).min.x;
    m_b.play(group({moveTo(equals, {resultLeft - 44, resultY}),
                    moveTo(resultName, {resultLeft - 90, resultY})}),
             0.0);
    // Column names: even columns on the lower line, odd ones on the upper line.
    std::vector<ItemId> colNames;
    const float gridTop = m_b.cellBounds(keys, 0, 0).min.y;
    for (int c = 0; c < m_n.keysT.cols(); ++c) {
      const float x = m_b.cellBounds(keys, 0, c).center().x;
      ItemDef def = makeText(m_n.vocab[static_cast<size_t>(c)], kit::kMinTextSize);
      def.name = "Kt column label";
      colNames.push_back(
          m_b.add(std::move(def),
                  {.pos = {x, gridTop - (c % 2 == 0 ? 22.0f : 56.0f)}, .color = palette::kNote}));
    }
    // Kᵀ is introduced alone, centred; it moves into the product afterwards.
    const float centreShift = 960 - m_b.bounds(keys).center().x;
    colNames.push_back(keysName);  // moves with Kᵀ like its column names
    std::vector<Anim> centre{moveTo(keys, keysPos + glm::vec2(centreShift, 0))};
    for (ItemId id : colNames)
      centre.push_back(moveTo(id, m_b.state(id).pos + glm::vec2(centreShift, 0)));
    m_b.play(group(std::move(centre)), 0.0);
    std::vector<Anim> showKeys{fadeIn(keys)};
    for (ItemId id : colNames) showKeys.push_back(fadeIn(id));
    m_b.play(group(std::move(showKeys)), 1.0);
    const int ran = math::wordIndex(m_n.vocab, "ran");
    std::vector<Anim> rowLight;
    for (int c = 0; c < m_n.keysT.cols(); ++c)
      rowLight.push_back(cellHighlight(keys, m_b.cellIndex(keys, ran, c), 1.0f));
    m_b.play(group(std::move(rowLight)), 0.6);
    m_kit.note(
        "Row \"ran\" holds the mask used after \"ran\"; the other rows (left empty "
        "here) hold other words' masks.");
    m_b.wait(1.2);
    m_b.beat("K transposed", "Kᵀ: the masks of every word, one per row. Only ran's is filled.");

    std::vector<Anim> back{moveTo(keys, keysPos)};
    for (ItemId id : colNames)
      back.push_back(moveTo(id, m_b.state(id).pos - glm::vec2(centreShift, 0)));
    m_b.play(group(std::move(back)), 0.8);
    m_b.play(laggedStart(0.3, {fadeIn(query), fadeIn(times)}), 1.0);
    const Rect qCell = m_b.cellBounds(query, 0, ran);
    const ItemId ranTag =
        m_kit.text("ran", 30, {qCell.center().x, qCell.max.y + 34}, palette::kQuery);
    m_b.play(fadeIn(ranTag), 0.5);
    m_kit.note("$Q$ is the one-hot of the most recent word.");
    m_b.wait(1.0);
    m_b.beat("query", "Q: one-hot of the most recent word, ran.");

    // The link: a box leaves Q's single 1, slides onto row "ran" of Kᵀ (its name included), then
    // down onto the result, which fills with that row.
    ItemDef linkDef = makeBox(4, 8);
    linkDef.name = "lookup link";
    linkDef.mayOverlap = {query, keys, result, equals, resultName, ranTag};
    linkDef.mayOverlap.insert(linkDef.mayOverlap.end(), colNames.begin(), colNames.end());
    const ItemId link = m_b.add(std::move(linkDef), {.color = palette::kHighlight});
    m_b.allowOverlap(link, times);
    m_b.play(surround(link, qCell.expanded(4)), 0.0);
    m_b.play(create(link), 0.6);
    m_b.wait(0.3);
    const Rect ranRow = m_b.rowBounds(keys, ran).expanded(4);
    const MatrixGeometry g = matrixGeometry(m_b.def(keys).matrix, m_b.state(keys));
    const float labelW = measureText(m_b.atlas(), FontFace::Sans, "ran", g.headerSize);
    const Rect ranLabel =
        Rect::fromCenter({g.rowLabelRight - labelW / 2, ranRow.center().y}, {labelW, 1});
    m_b.play(surround(link, ranRow.united(ranLabel).expanded(4)), 1.0);
    m_b.wait(0.3);
    m_b.play(group({fadeIn(equals), fadeIn(resultName), fadeIn(result)}), 0.6);
    m_b.play(surround(link, m_b.rowBounds(result, 0).expanded(4)), 0.8);
    std::vector<Anim> fill;
    const std::vector<std::string> texts = cellTexts(m_n.lookup, {}, false);
    for (int c = 0; c < m_n.lookup.size(); ++c) {
      fill.push_back(group({cellText(result, c, texts[static_cast<size_t>(c)]),
                            cellColor(result, c, palette::kResult), cellOpacity(result, c, 1.0f)}));
    }
    m_b.play(laggedStart(0.2, std::move(fill)), 1.6);
    m_b.play(group({recolor(result, palette::kResult), fadeOut(link)}), 0.3);
    std::vector<ItemId> tags{ranTag};
    for (const std::string& w : m_n.maskWords) {
      const int c = math::wordIndex(m_n.vocab, w);
      m_b.play(group({cellHighlight(result, c, 1.0f),
                      cellHighlight(keys, m_b.cellIndex(keys, ran, c), 1.0f)}),
               0.4);
    }
    m_kit.caption("$QK^T$: a lookup table that can be differentiated");
    m_kit.note(
        std::string("$K$ stores the masks in its columns; transposed, they become rows "
                    "that the one-hot $Q$ picks out."));
    m_b.wait(1.5);
    m_b.beat("QKT lookup", "The QKᵀ term of the attention equation: a differentiable lookup.");
    std::vector<ItemId> all{keys, query, result, times, equals, resultName};
    all.insert(all.end(), tags.begin(), tags.end());
    all.insert(all.end(), colNames.begin(), colNames.end());
    m_kit.fadeOutAll(all, 0.8);
    m_kit.note("");
  }

  void feedForward() {
    m_kit.caption("The battery,ran and program,ran features, made by a matmul");
    MatrixStyle xStyle{.fontSize = 36,
                       .label = "$x$: words present, and a bias input of 1",
                       .color = palette::kInput};
    xStyle.rowLabels = {"battery sentence", "program sentence"};
    xStyle.colLabels = m_n.ffnInputWords;
    xStyle.headerSize = 28;
    const ItemId x = m_kit.matrix(m_n.ffnInputs, xStyle);
    MatrixStyle wStyle{
        .fontSize = 36, .label = "$W_1$, its last row $b_1$", .color = palette::kWeight};
    // Its rows follow x's columns (battery, program, ran, bias), labelled once, on x.
    wStyle.colLabels = m_n.ffnFeatureNames;
    wStyle.headerSize = 28;
    const ItemId w = m_kit.matrix(m_n.ffnWeights, wStyle);
    MatrixStyle hStyle{.fontSize = 36, .label = "features", .color = palette::kResult};
    hStyle.colLabels = m_n.ffnFeatureNames;
    hStyle.headerSize = 28;
    const ItemId h = m_kit.matrix(m_n.ffnHidden, hStyle, true);
    const ItemId times = sign(kTimes, 64);
    const ItemId equals = sign("=", 64);
    m_kit.placeRow({x, times, w, equals, h}, 560, 32);
    m_b.play(laggedStart(0.3, {fadeIn(x), fadeIn(times), fadeIn(w), fadeIn(equals), fadeIn(h)}),
             1.6);
    m_kit.note("Each sentence becomes a row: which of battery, program and ran it holds.");
    m_b.wait(1.0);
    m_b.beat("feature creation", "Rows battery, program, ran, bias; columns the two features.");
    m_kit.note("");
    m_kit.stepProduct({x, w, h, times, equals}, m_n.ffnInputs, m_n.ffnWeights,
                      {.beatName = "feature", .slowEntries = 2});
    m_kit.note("battery sentence " + bracketed(m_n.ffnHidden.row(0)) + ", program sentence " +
               bracketed(m_n.ffnHidden.row(1)));
    m_b.wait(1.0);
    m_b.beat("features computed", "xW₁ + b₁ for both sentences.");

    // ReLU: negatives become 0, leaving one clean feature per sentence.
    m_kit.caption("ReLU keeps the positive part: $\\max(0, x)$");
    m_kit.note("");
    m_kit.fadeOutAll({x, times, w, equals}, 0.6);
    m_b.wait(0.6);
    const ItemId reluArrow = m_kit.text(std::string("ReLU ") + kArrow, 44, {960, 520});
    MatrixStyle fStyle = hStyle;
    fStyle.label = "ReLU(features)";
    const ItemId f = m_kit.matrix(m_n.ffnFeatures, fStyle, true);
    m_kit.placeRow({h, reluArrow, f}, 520, 60, 1.0);
    m_b.play(fadeIn(reluArrow), 0.5);
    m_b.play(fadeIn(f), 0.4);
    std::vector<Anim> fill;
    const std::vector<std::string> texts = cellTexts(m_n.ffnFeatures, {}, false);
    for (int c = 0; c < m_n.ffnFeatures.size(); ++c)
      fill.push_back(group({cellText(f, c, texts[static_cast<size_t>(c)]),
                            cellColor(f, c, palette::kResult), cellOpacity(f, c, 1.0f)}));
    m_b.play(laggedStart(0.4, std::move(fill)), 1.4);
    m_b.play(recolor(f, palette::kResult), 0.3);
    m_kit.note("Each sentence now switches on exactly one feature.");
    m_b.wait(1.2);
    m_b.beat("relu", "ReLU maps [1, −1] to [1, 0] and [−1, 1] to [0, 1].");

    // Then the selective transition matrix turns features into votes.
    m_kit.caption("Then the masked transition matrix turns features into votes");
    m_kit.note("");
    m_kit.fadeOutAll({h, reluArrow}, 0.5);
    m_b.wait(0.5);
    MatrixStyle w2Style{.fontSize = 36, .label = "$W_2$", .color = palette::kWeight};
    w2Style.rowLabels = m_n.ffnFeatureNames;
    w2Style.colLabels = m_n.nextWords;
    const ItemId w2 = m_kit.matrix(m_n.ffnOutWeights, w2Style);
    MatrixStyle vStyle{.fontSize = 36, .label = "votes", .color = palette::kResult};
    vStyle.rowLabels = {"battery sentence", "program sentence"};
    vStyle.colLabels = m_n.nextWords;
    const ItemId v = m_kit.matrix(m_n.ffnVotes, vStyle);
    m_b.recordProduct(f, w2, v, m_n.ffnFeatures, m_n.ffnOutWeights, {});
    const ItemId times2 = sign(kTimes, 64);
    const ItemId equals2 = sign("=", 64);
    m_kit.placeRow({f, times2, w2, equals2, v}, 520, 44, 1.0);
    m_b.play(laggedStart(0.3, {fadeIn(times2), fadeIn(w2), fadeIn(equals2), fadeIn(v)}), 1.4);
    const ItemId formula = m_kit.text("$\\mathrm{FFN}(x) = \\max(0, xW_1 + b_1)W_2 + b_2$", 52,
                                      {960, 820}, palette::kTitle);
    const ItemId legend = m_kit.text(
        "$x$: word activities   $W_1, b_1$: feature creation   "
        "$W_2, b_2$: selective transition matrix",
        30, {960, 885}, palette::kNote);
    m_b.play(write(formula), 1.4);
    m_b.play(fadeIn(legend), 0.6);
    m_kit.note(
        "Feature creation, ReLU, transition: the feed-forward block. It could also learn "
        "battery, program, ran.");
    m_b.wait(2.0);
    m_b.beat("ffn", "FFN(x) = max(0, xW₁ + b₁)W₂ + b₂: the second-order model as matmuls.");
    m_kit.fadeOutAll({f, times2, w2, equals2, v, formula, legend}, 0.7);
    m_kit.note("");
  }

  // A text item with a name the tests can find ("pick", "sentence word").
  ItemId namedText(const std::string& name, const std::string& s, float size, glm::vec2 pos,
                   glm::vec4 color) {
    ItemDef def = makeText(s, std::max(size, kit::kMinTextSize));
    def.name = name;
    return m_b.add(std::move(def), {.pos = pos, .color = color});
  }

  void completion() {
    m_kit.caption("Completing a sentence: predict, take the top word, append, repeat");
    std::vector<ItemId> words;
    std::vector<std::string> prompt(
        m_n.batterySentence.begin(),
        std::find(m_n.batterySentence.begin(), m_n.batterySentence.end(), "ran") + 1);
    for (const std::string& w : prompt)
      words.push_back(namedText("sentence word", w, 44, {960, 480}, palette::kInput));
    const ItemId next =
        namedText("sentence word", m_n.prediction, 44, {960, 480}, palette::kResult);
    const auto after =
        std::find(m_n.batterySentence.begin(), m_n.batterySentence.end(), m_n.prediction);
    const std::string following = *(after + 1);
    const ItemId last = namedText("sentence word", following, 44, {960, 480}, palette::kResult);
    std::vector<ItemId> all = words;
    all.push_back(next);
    all.push_back(last);
    m_kit.placeRow(all, 480, 22);  // where the words end up; the prompt starts centred
    m_kit.placeRow(words, 480, 22);
    std::vector<Anim> show;
    for (ItemId id : words) show.push_back(fadeIn(id));
    m_b.play(laggedStart(0.3, std::move(show)), 1.6);
    m_kit.note("The prompt goes in; the model gives a prediction at every position.");
    m_b.wait(1.0);
    m_b.beat("prompt", "The prompt is fed in (the paper's \"outputs, shifted right\").");

    auto pickText = [&](const std::string& s) {
      const ItemId id = namedText("pick", s, 38, {960, 640}, palette::kText);
      m_kit.fitWidth(id, kit::kMaxRowWidth);
      return id;
    };
    const ItemId pick =
        pickText("Votes after \"ran\": down " + math::formatNumber(m_n.maskedVotes(0), {}) +
                 ", please " + math::formatNumber(m_n.maskedVotes(1), {}) + "  " + kArrow +
                 "  greedy pick: " + m_n.prediction);
    m_b.play(write(pick), 1.0);
    std::vector<ItemId> withNext = words;
    withNext.push_back(next);
    m_kit.placeRow(withNext, 480, 22, 0.6);
    m_b.play(fadeIn(next), 0.8);
    m_kit.note("Only the last position's prediction is used; the word is appended.");
    m_b.wait(1.2);
    m_b.beat("append", "Greedy: take the argmax and append it.");

    // The next round: the most recent word is now the one just appended.
    const ItemId pick2 = pickText("Next round, after \"" + m_n.prediction + "\"  " + kArrow +
                                  "  greedy pick: " + following);
    m_b.play(group({fadeOut(pick)}), 0.4);
    m_b.play(write(pick2), 1.0);
    m_kit.placeRow(all, 480, 22, 0.6);
    m_b.play(fadeIn(last), 0.8);
    m_kit.note(
        "Repeat until the sentence ends. A mask (section 11) keeps the decoder from "
        "looking ahead.");
    m_b.wait(2.0);
    m_b.beat("repeat", "Repeat; a causal mask keeps the decoder looking backwards only.");
  }

  SectionBuilder m_b;
  SectionKit m_kit;
  AttentionSectionNumbers m_n;
  ItemId m_activities = 0, m_transition = 0;
};

}  // namespace

SectionScript buildAttentionSection(const FontAtlas& atlas) {
  return AttentionSection(atlas).build();
}

}  // namespace tfviz
