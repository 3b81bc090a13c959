// Section 9, "Embeddings": why one-hot vectors do not scale (50,000 words), words as points in
// two dimensions, the embedding as a matmul, de-embedding program back to a score per word, its
// argmax, and softmax turning the scores into probabilities (drawn as bars).
#include "scene/sections/s09_embeddings.hpp"

#include <algorithm>
#include <cmath>

#include "scene/kit.hpp"
#include "scene/registry.hpp"

namespace tfviz {

EmbeddingSectionNumbers embeddingSectionNumbers() {
  EmbeddingSectionNumbers n;
  n.vocabSize = 50000;
  n.pairRows = n.vocabSize * n.vocabSize;
  n.elements = n.pairRows * n.vocabSize;

  n.vocab = {"and", "battery", "check",   "down", "find", "it",     "log",
             "out", "please",  "program", "ran",  "the",  "whether"};
  const auto words = static_cast<Eigen::Index>(n.vocab.size());
  n.embedding = Eigen::MatrixXd::Zero(words, 2);
  n.placed.assign(n.vocab.size(), false);
  auto place = [&](const std::string& w, double x, double y) {
    const int i = math::wordIndex(n.vocab, w);
    n.embedding.row(i) << x, y;
    n.placed[static_cast<size_t>(i)] = true;
    n.placedWords.push_back(w);
  };
  place("battery", 0.2, 1.0);
  place("down", -0.9, -0.8);
  place("out", -0.5, -1.2);
  place("program", -0.3, 1.1);
  n.batteryOneHot = math::oneHot(n.vocab, "battery");
  n.battery = n.batteryOneHot * n.embedding;
  n.program = math::oneHot(n.vocab, "program") * n.embedding;

  n.deEmbedding = Eigen::MatrixXd::Zero(2, words);
  n.deEmbedding.col(math::wordIndex(n.vocab, "program")) << -0.1, 0.9;
  n.programScore = (n.program * n.deEmbedding)(math::wordIndex(n.vocab, "program"));

  n.scores.resize(words);
  // and battery check down find it log out please program ran the whether
  n.scores << -0.7, 0.9, 0.1, -0.2, 0.0, -0.7, 0.8, -0.3, -0.6, 1.0, 0.4, -0.8, 0.0;
  n.best = math::argmax(n.scores);
  n.probabilities = math::softmaxRows(n.scores);
  n.mostLikely = math::argmax(n.probabilities);
  return n;
}

namespace {

const char* const kTimes = "×";  // ×, for shapes
const char* const kDot = " · ";  // " · ", a product of numbers
constexpr math::NumberFormat kTenths{.decimals = 1};

// 125000000000000 -> "125,000,000,000,000"
std::string withCommas(double value) {
  std::string digits = std::to_string(static_cast<long long>(std::llround(value)));
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
    digits.insert(static_cast<size_t>(i), ",");
  return digits;
}

std::string coordinate(double v) {
  return math::formatNumber(v, kTenths);
}

std::string percent(double p, int decimals) {
  return math::formatNumber(100 * p, {.decimals = decimals}) + "%";
}

constexpr float kDotRadius = 11;
constexpr float kRingMargin = 18;  // clear space between a dot's edge and its cluster's ring

}  // namespace

ClusterRing clusterRing(glm::vec2 a, glm::vec2 b, float clearance) {
  ClusterRing r;
  r.centre = (a + b) * 0.5f;
  const glm::vec2 d = b - a;
  const float half = std::sqrt(d.x * d.x + d.y * d.y) * 0.5f;
  r.u = half > 0 ? d / (2 * half) : glm::vec2(1, 0);
  r.v = {-r.u.y, r.u.x};
  r.along = half + clearance + 12;
  // The narrowest ellipse with these ends that holds a circle of radius `clearance` around each
  // end point: every point of those circles satisfies (x/along)² + (y/across)² <= 1.
  r.across = clearance;
  for (int i = 0; i < 360; ++i) {
    const float t = 2 * 3.14159265f * static_cast<float>(i) / 360;
    const float x = half + clearance * std::cos(t);
    const float y = clearance * std::sin(t);
    const float room = 1 - (x / r.along) * (x / r.along);
    if (room > 0) r.across = std::max(r.across, std::abs(y) / std::sqrt(room));
  }
  r.across += 2;  // the polygon's chords cut slightly inside the ellipse
  return r;
}

namespace {

class EmbeddingsSection {
 public:
  explicit EmbeddingsSection(const FontAtlas& atlas)
      : m_b("s09-embeddings", "Embeddings", atlas), m_kit(m_b), m_n(embeddingSectionNumbers()) {}

  SectionScript build() && {
    m_kit.title("Embeddings");
    sizeProblem();
    plot();
    projection();
    deEmbedding();
    softmax();
    return std::move(m_b).finish();
  }

 private:
  ItemId box(ItemId target, const Rect& r) {
    ItemDef def = makeBox(4, 8);
    def.name = "highlight box";
    def.mayOverlap = {target};
    const ItemId id = m_b.add(std::move(def), {.color = palette::kHighlight});
    m_b.play(surround(id, r), 0.0);
    return id;
  }

  void fill(ItemId matrix, const Eigen::MatrixXd& values, math::NumberFormat format,
            glm::vec4 color, double seconds) {
    std::vector<Anim> cells;
    for (int r = 0; r < values.rows(); ++r)
      for (int c = 0; c < values.cols(); ++c) {
        const int cell = m_b.cellIndex(matrix, r, c);
        cells.push_back(group({cellText(matrix, cell, math::formatNumber(values(r, c), format)),
                               cellColor(matrix, cell, color), cellOpacity(matrix, cell, 1.0f)}));
      }
    m_b.play(laggedStart(0.3, std::move(cells)), seconds);
    m_b.play(recolor(matrix, color), 0.3);
  }

  void sizeProblem() {
    m_kit.caption("One-hot vectors grow with the vocabulary");
    const std::string n = withCommas(m_n.vocabSize);
    const ItemId words = m_kit.text("A real vocabulary: $N$ = " + n + " words", 44, {960, 300});
    const ItemId rows = m_kit.text("word pairs (rows): $N^2$ = " + withCommas(m_n.pairRows), 40,
                                   {960, 420}, palette::kInput, FontFace::Mono);
    const ItemId cols =
        m_kit.text("next words (columns): " + n, 40, {960, 500}, palette::kWeight, FontFace::Mono);
    const ItemId elems = m_kit.text(
        withCommas(m_n.pairRows) + " " + kTimes + " " + n + " = " + withCommas(m_n.elements), 40,
        {960, 620}, palette::kResult, FontFace::Mono);
    const ItemId verdict = m_kit.text(
        "about " + withCommas(m_n.elements / 1e12) + " trillion numbers: over 100 trillion", 40,
        {960, 720}, palette::kResult);
    m_b.play(write(words), 1.2);
    m_kit.note("The second-order model of section 6 needs a row for every pair of words.");
    m_b.wait(1.0);
    m_b.beat("vocabulary size", "N = 50,000 words in a realistic vocabulary.");
    m_b.play(laggedStart(0.6, {write(rows), write(cols)}), 2.0);
    m_b.wait(1.0);
    m_b.beat("rows and columns", "2.5 billion rows by 50,000 columns.");
    m_b.play(write(elems), 1.4);
    m_b.play(fadeIn(verdict), 0.8);
    m_kit.note("Far too big to store, and far too many numbers to learn from any amount of data.");
    m_b.wait(1.5);
    m_b.beat("too big", "Over 100 trillion elements, and impossible amounts of training data.");
    m_kit.fadeOutAll({words, rows, cols, elems, verdict}, 0.7);
  }

  void plot() {
    m_kit.caption("Embedding: every word becomes a point in a space of few dimensions");
    m_kit.note("");
    // The plot starts centred and moves left when the remarks on the clusters come in.
    const glm::vec2 origin{960, 540};
    constexpr float kShift = -280;
    constexpr float kUnit = 230;
    constexpr float kHalf = 1.38f * kUnit;
    const ItemId xAxis = m_b.add(makePath({{-kHalf, 0}, {kHalf, 0}}, 3, 18),
                                 {.pos = origin, .color = palette::kNote});
    const ItemId yAxis = m_b.add(makePath({{0, kHalf}, {0, -kHalf}}, 3, 18),
                                 {.pos = origin, .color = palette::kNote});
    m_b.allowOverlap(xAxis, yAxis);
    const ItemId xName = m_kit.text("dimension 1", 30, {origin.x + kHalf, origin.y - 34},
                                    palette::kNote, FontFace::Sans, Align::Right);
    const ItemId yName = m_kit.text("dimension 2", 30, {origin.x + 24, origin.y - kHalf + 6},
                                    palette::kNote, FontFace::Sans, Align::Left);
    m_b.play(group({create(xAxis), create(yAxis), fadeIn(xName), fadeIn(yName)}), 1.2);
    m_kit.note("Instead of 13 one-hot axes, two dimensions: each word gets two numbers.");
    m_b.wait(0.8);
    m_b.beat("axes", "13 one-hot dimensions projected down to 2.");

    // The four words the article places, each a dot with its coordinates.
    std::vector<ItemId> dots, labels;
    auto screen = [&](const Eigen::RowVectorXd& p) {
      return origin + glm::vec2(static_cast<float>(p(0)), -static_cast<float>(p(1))) * kUnit;
    };
    std::vector<Anim> show;
    for (const std::string& w : {std::string("battery"), std::string("program"),
                                 std::string("down"), std::string("out")}) {
      const Eigen::RowVectorXd p = m_n.embedding.row(math::wordIndex(m_n.vocab, w));
      const glm::vec2 at = screen(p);
      ItemDef dotDef = makeSolid(kDotRadius);
      dotDef.name = w + " dot";
      const ItemId dot =
          m_b.add(std::move(dotDef),
                  {.pos = at, .size = {2 * kDotRadius, 2 * kDotRadius}, .color = palette::kInput});
      const bool right = w == "battery";
      const ItemId label = m_kit.text(w + " (" + coordinate(p(0)) + ", " + coordinate(p(1)) + ")",
                                      32, {at.x + (right ? 64.0f : -64.0f), at.y}, palette::kText,
                                      FontFace::Sans, right ? Align::Left : Align::Right);
      dots.push_back(dot);
      labels.push_back(label);
      show.push_back(group({fadeIn(dot), fadeIn(label)}));
    }
    m_b.play(laggedStart(0.7, std::move(show)), 2.4);
    m_b.wait(1.0);
    m_b.beat("words as points",
             "battery (0.2, 1), program (−0.3, 1.1), down (−0.9, −0.8), out "
             "(−0.5, −1.2).");

    // Clusters: rings around neighbours, and what they have in common.
    std::vector<ItemId> plotItems{xAxis, yAxis, xName, yName};
    plotItems.insert(plotItems.end(), dots.begin(), dots.end());
    plotItems.insert(plotItems.end(), labels.begin(), labels.end());
    std::vector<Anim> shift;
    for (ItemId id : plotItems)
      shift.push_back(moveTo(id, m_b.state(id).pos + glm::vec2(kShift, 0)));
    m_b.play(group(std::move(shift)), 1.0);
    // A ring around a cluster's dots, wide enough that every dot lies inside with room to spare.
    auto ring = [&](const std::vector<size_t>& members, const std::string& name, glm::vec4 color) {
      const glm::vec2 a = m_b.state(dots[members.front()]).pos;
      const glm::vec2 b = m_b.state(dots[members.back()]).pos;
      const ClusterRing shape = clusterRing(a, b, kDotRadius + kRingMargin);
      std::vector<glm::vec2> pts;
      for (int i = 0; i < 64; ++i) {
        const float t = 2 * 3.14159265f * static_cast<float>(i) / 64;
        pts.push_back(shape.u * (shape.along * std::cos(t)) +
                      shape.v * (shape.across * std::sin(t)));
      }
      ItemDef def = makePath(std::move(pts), 3, 0, true);
      def.name = "cluster ring: " + name;
      def.mayOverlap = {xAxis, yAxis};
      def.mayOverlap.insert(def.mayOverlap.end(), dots.begin(), dots.end());
      def.mayOverlap.insert(def.mayOverlap.end(), labels.begin(), labels.end());
      return m_b.add(std::move(def), {.pos = shape.centre, .color = color});
    };
    // Clusters of the plotted words only; each cluster's dots take its colour.
    const ItemId parts = ring({0, 1}, "battery, program", palette::kWeight);
    const ItemId preps = ring({2, 3}, "down, out", palette::kKey);
    const float rx = 1130;
    const ItemId r0 = m_kit.text("Similar words land close together:", 34, {rx, 380},
                                 palette::kText, FontFace::Sans, Align::Left);
    auto legend = [&](const std::string& s, float y, glm::vec4 color) {
      ItemDef def = makeText(s, 32, FontFace::Sans, Align::Left);
      def.name = "cluster legend";
      return m_b.add(std::move(def), {.pos = {rx, y}, .color = color});
    };
    const ItemId r1 = legend("battery, program: components", 470, palette::kWeight);
    const ItemId r2 = legend("down, out: prepositions", 540, palette::kKey);
    m_b.play(fadeIn(r0), 0.6);
    m_b.play(group({create(parts), fadeIn(r1), recolor(dots[0], palette::kWeight),
                    recolor(dots[1], palette::kWeight)}),
             1.0);
    m_b.play(group({create(preps), fadeIn(r2), recolor(dots[2], palette::kKey),
                    recolor(dots[3], palette::kKey)}),
             1.0);
    m_kit.note("A good embedding puts words with similar meanings near each other.");
    m_b.wait(1.5);
    m_b.beat("clusters",
             "Components together, prepositions together. The article also puts log with the "
             "components and the verbs check, find, ran near the centre (not plotted here).");
    std::vector<ItemId> all = plotItems;
    all.insert(all.end(), {parts, preps, r0, r1, r2});
    m_kit.fadeOutAll(all, 0.7);
  }

  void projection() {
    m_kit.caption("The projection is one more matrix multiplication");
    m_kit.note("");
    MatrixStyle oneHotStyle{.fontSize = 30,
                            .label = "one-hot(battery)  [1 " + std::string(kTimes) + " 13]",
                            .color = palette::kInput,
                            .padX = 0.3f};
    const ItemId oneHot = m_kit.matrix(m_n.batteryOneHot, oneHotStyle);
    MatrixStyle eStyle{.fontSize = 32,
                       .label = "embedding  [13 " + std::string(kTimes) + " 2]",
                       .color = palette::kWeight,
                       .format = kTenths,
                       .rowHeight = 1.25f,
                       .hideZeros = true,
                       .rowLabels = m_n.vocab};
    const ItemId e = m_kit.matrix(m_n.embedding, eStyle);
    const ItemId result = m_kit.matrix(m_n.battery,
                                       {.fontSize = 40,
                                        .label = "battery  [1 " + std::string(kTimes) + " 2]",
                                        .color = palette::kResult,
                                        .format = kTenths},
                                       true);
    m_b.recordProduct(oneHot, e, result, m_n.batteryOneHot, m_n.embedding, kTenths);
    const ItemId times = m_kit.text(kTimes, 56, {960, 540});
    const ItemId equals = m_kit.text("=", 56, {960, 540});
    m_kit.placeRow({oneHot, times, e, equals, result}, 540, 44);
    m_b.play(laggedStart(0.3, {fadeIn(oneHot), fadeIn(times), fadeIn(e)}), 1.4);
    m_kit.note("Only the four words placed above have numbers; the other rows are left blank.");
    m_b.wait(1.2);
    m_b.beat("embedding matrix", "The [N × 2] = [13 × 2] projection matrix: one row per word.");

    const int battery = math::wordIndex(m_n.vocab, "battery");
    const ItemId b1 = box(oneHot, m_b.cellBounds(oneHot, 0, battery).expanded(4));
    const ItemId b2 = box(e, m_b.rowBounds(e, battery).expanded(4));
    m_b.play(group({create(b1), create(b2), fadeIn(equals), fadeIn(result)}), 0.8);
    fill(result, m_n.battery, kTenths, palette::kResult, 1.0);
    m_kit.note("The 1 of the one-hot picks battery's row: its coordinates (" +
               coordinate(m_n.battery(0)) + ", " + coordinate(m_n.battery(1)) + ").");
    m_b.wait(1.5);
    m_b.beat("projection", "one-hot(battery) × embedding pulls out (0.2, 1).");
    m_kit.caption("Fewer dimensions are cheaper, but they keep less information");
    m_kit.note("Choosing the number of dimensions is a trade-off.");
    m_b.wait(1.5);
    m_b.beat("trade-off", "Fewer dimensions: less compute, some information lost.");
    m_kit.fadeOutAll({oneHot, times, e, equals, result, b1, b2}, 0.7);
  }

  void deEmbedding() {
    m_kit.caption("De-embedding: from a point back to a score for every word");
    m_kit.note("");
    const int program = math::wordIndex(m_n.vocab, "program");
    const ItemId point = m_kit.matrix(
        m_n.program,
        {.fontSize = 36, .label = "program", .color = palette::kInput, .format = kTenths});
    m_de =
        m_kit.matrix(m_n.deEmbedding, {.fontSize = 30,
                                       .label = "de-embedding  [2 " + std::string(kTimes) + " 13]",
                                       .color = palette::kWeight,
                                       .format = kTenths,
                                       .padX = 0.3f,
                                       .hideZeros = true});
    const ItemId times = m_kit.text(kTimes, 52, {960, 290});
    m_kit.placeRow({point, times, m_de}, 290, 40);
    const Rect col = m_b.colBounds(m_de, program);
    const ItemId tag = m_kit.text("program", 28, {col.center().x, col.max.y + 28}, palette::kNote);
    m_b.play(laggedStart(0.3, {fadeIn(point), fadeIn(times), fadeIn(m_de), fadeIn(tag)}), 1.4);
    m_kit.note("The article gives program's column, (" + coordinate(m_n.deEmbedding(0, program)) +
               ", " + coordinate(m_n.deEmbedding(1, program)) +
               "); the other columns are left blank.");
    m_b.wait(1.2);
    m_b.beat("de-embedding matrix", "[2 × 13]: one column per word of the vocabulary.");

    MatrixStyle sStyle{.fontSize = 34,
                       .label = "scores  [1 " + std::string(kTimes) + " 13]",
                       .color = palette::kResult,
                       .format = kTenths,
                       .colLabels = m_n.vocab,
                       .headerSize = 28};
    m_scores = m_kit.matrix(m_n.scores, sStyle, true);
    m_kit.placeRow({m_scores}, 520);
    m_b.play(fadeIn(m_scores), 0.8);
    const ItemId b1 = box(point, m_b.rowBounds(point, 0).expanded(4));
    const ItemId b2 = box(m_de, col.expanded(4));
    m_b.play(group({create(b1), create(b2), cellHighlight(m_scores, program, 1.0f)}), 0.8);
    const math::NumberFormat two{.decimals = 2};
    const ItemId calc = m_kit.text(math::formatFactor(m_n.program(0), kTenths) + kDot +
                                       math::formatFactor(m_n.deEmbedding(0, program), kTenths) +
                                       " + " + math::formatFactor(m_n.program(1), kTenths) + kDot +
                                       math::formatFactor(m_n.deEmbedding(1, program), kTenths) +
                                       " = " + math::formatNumber(m_n.programScore, two) + " ≈ " +
                                       math::formatNumber(m_n.programScore, kTenths),
                                   44, {960, kit::kCalcY}, palette::kText, FontFace::Mono);
    m_b.play(write(calc), 1.2);
    m_b.play(group({cellText(m_scores, program, math::formatNumber(m_n.scores(program), kTenths)),
                    cellColor(m_scores, program, palette::kResult),
                    cellOpacity(m_scores, program, 1.0f)}),
             0.6);
    m_b.wait(1.2);
    m_b.beat("program's score", "program · program's column = 1.02, shown as 1.");

    m_kit.fadeOutAll({b1, b2, calc}, 0.4);
    m_b.play(cellHighlight(m_scores, program, 0.0f), 0.0);
    fill(m_scores, m_n.scores, kTenths, palette::kResult, 2.0);
    m_kit.note("The result is dense: every word gets a score (the article's values).");
    m_b.wait(1.2);
    m_b.beat("scores", "A dense vector: and −0.7, battery 0.9, ... program 1, ... whether 0.");

    m_kit.caption("Argmax: keep the highest score, and program comes back");
    const Rect best = m_b.cellBounds(m_scores, 0, m_n.best).expanded(4);
    m_bestBox = box(m_scores, {{best.min.x, best.min.y - 44}, best.max});
    m_b.play(create(m_bestBox), 0.8);
    m_kit.note("argmax = " + m_n.vocab[static_cast<size_t>(m_n.best)] +
               ": a one-hot again. Picking the top word is the greedy choice.");
    m_b.wait(1.5);
    m_b.beat("argmax", "Argmax turns the dense vector back into a one-hot: program.");
    m_kit.fadeOutAll({point, times, m_de, tag}, 0.6);
  }

  void softmax() {
    m_kit.caption("Softmax turns the scores into probabilities");
    m_kit.note("");
    const ItemId formula = m_kit.text("$\\mathrm{softmax}(x)_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}$",
                                      44, {960, 290}, palette::kTitle);
    m_b.play(write(formula), 1.4);

    // One bar per word, under its column of the scores.
    constexpr float kBase = 850;
    constexpr float kPerUnit = 1400;
    const Rect first = m_b.cellBounds(m_scores, 0, 0);
    const Rect last = m_b.cellBounds(m_scores, 0, static_cast<int>(m_n.scores.size()) - 1);
    const ItemId base = m_b.add(makePath({{first.min.x - 960, 0}, {last.max.x - 960, 0}}, 3),
                                {.pos = {960, kBase + 2}, .color = palette::kNote});
    std::vector<Anim> grow, labels;
    std::vector<ItemId> items{formula, base};
    for (int j = 0; j < m_n.probabilities.size(); ++j) {
      const float x = m_b.cellBounds(m_scores, 0, j).center().x;
      const float h = static_cast<float>(m_n.probabilities(j)) * kPerUnit;
      ItemDef def = makeSolid(4);
      def.name = "bar " + m_n.vocab[static_cast<size_t>(j)];
      def.mayOverlap = {base};
      const glm::vec4 color = j == m_n.mostLikely ? palette::kResult : palette::kInput;
      const ItemId bar =
          m_b.add(std::move(def), {.pos = {x, kBase}, .size = {56, 0}, .color = color});
      m_b.play(fadeIn(bar), 0.0);
      grow.push_back(surround(bar, {{x - 28, kBase - h}, {x + 28, kBase}}));
      const ItemId p =
          m_kit.text(percent(m_n.probabilities(j), 0), 28, {x, kBase + 34}, palette::kNote);
      labels.push_back(fadeIn(p));
      items.push_back(bar);
      items.push_back(p);
    }
    m_b.play(create(base), 0.5);
    m_b.play(laggedStart(0.15, std::move(grow)), 2.0);
    m_b.play(laggedStart(0.15, std::move(labels)), 1.0);
    m_kit.note("Each score $x$ becomes $e^x$, then every one is divided by their sum.");
    m_b.wait(1.5);
    m_b.beat("softmax bars", "Softmax of the 13 scores, drawn as bars.");

    const double sum = m_n.probabilities.sum();
    m_kit.caption("1. It makes a probability distribution: all positive, adding up to 1");
    m_kit.note("Sum of the 13 bars: " + math::formatNumber(sum, {.decimals = 3}));
    m_b.wait(2.0);
    m_b.beat("reason 1", "Softmax makes a probability distribution.");

    const int best = m_n.mostLikely;
    Eigen::RowVectorXd others = m_n.probabilities;
    others(best) = -1;
    const int second = math::argmax(others);
    m_kit.caption("2. It favours a clear winner, yet keeps near-ties in play");
    m_kit.note(m_n.vocab[static_cast<size_t>(best)] + " " + percent(m_n.probabilities(best), 1) +
               " against " + m_n.vocab[static_cast<size_t>(second)] + " " +
               percent(m_n.probabilities(second), 1) + ": close scores stay close.");
    m_b.wait(2.0);
    m_b.beat("reason 2", "Exaggerates a clear winner, keeps near-ties.");

    m_kit.caption("3. It is differentiable, so the model can learn through it");
    m_kit.note("De-embedding (a linear layer) and softmax: the model's output head.");
    m_b.wait(2.5);
    m_b.beat("reason 3", "Differentiable; linear + softmax is the output head.");
  }

  SectionBuilder m_b;
  SectionKit m_kit;
  EmbeddingSectionNumbers m_n;
  ItemId m_de = 0, m_scores = 0, m_bestBox = 0;
};

}  // namespace

SectionScript buildEmbeddingsSection(const FontAtlas& atlas) {
  return EmbeddingsSection(atlas).build();
}

}  // namespace tfviz
