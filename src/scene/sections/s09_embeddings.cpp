// Section 9, "Embeddings": why one-hot vectors do not scale (50,000 words), words as points in
// two dimensions, the embedding as a matmul, de-embedding program back to a score per word, its
// argmax, and softmax turning the scores into probabilities (drawn as bars).
#include "scene/sections/s09_embeddings.hpp"

#include <algorithm>
#include <cmath>

#include "scene/kit.hpp"
#include "scene/kit/lines.hpp"
#include "scene/kit/marks.hpp"
#include "scene/kit/words.hpp"
#include "scene/sections/registry.hpp"

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

using math::kTimes;
const char* const kDot = " · ";  // " · ", a product of numbers

using kit::withCommas;
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

class EmbeddingsSection : kit::Section {
 public:
  explicit EmbeddingsSection(const FontAtlas& atlas)
      : Section("s09-embeddings", "Embeddings", atlas), m_n(embeddingSectionNumbers()) {}

  SectionScript build() && {
    sizeProblem();
    plot();
    projection();
    deEmbedding();
    softmax();
    return std::move(*this).finish();
  }

 private:
  // The highlight boxes of this section: placed hidden, drawn with what they point at.
  static kit::BoxStyle box(double seconds = 0) {
    return {.pad = 4, .radius = 8, .name = "highlight box", .seconds = seconds};
  }

  void sizeProblem() {
    kit::Act act = kit::part(m_kit, "One-hot vectors grow with the vocabulary");
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
    m_kit.stop("vocabulary size", "N = 50,000 words in a realistic vocabulary.",
               "The second-order model of section 6 needs a row for every pair of words.", 1.0);
    m_b.play(laggedStart(0.6, {write(rows), write(cols)}), 2.0);
    m_kit.stop("rows and columns", "2.5 billion rows by 50,000 columns.");
    m_b.play(write(elems), 1.4);
    m_b.play(fadeIn(verdict), 0.8);
    m_kit.stop("too big", "Over 100 trillion elements, and impossible amounts of training data.",
               "Far too big to store, and far too many numbers to learn from any amount of data.",
               1.5);
    act.clearUnder(0.7);
  }

  void plot() {
    kit::Act act =
        kit::part(m_kit, "Embedding: every word becomes a point in a space of few dimensions");
    // The plot starts centred and moves left when the remarks on the clusters come in.
    const glm::vec2 origin{960, 540};
    constexpr float kUnit = 230;
    constexpr float kHalf = 1.38f * kUnit;
    const ItemId xAxis = kit::line(m_kit, origin - glm::vec2(kHalf, 0),
                                   origin + glm::vec2(kHalf, 0), palette::kNote, 3, 18);
    const ItemId yAxis = kit::line(m_kit, origin + glm::vec2(0, kHalf),
                                   origin - glm::vec2(0, kHalf), palette::kNote, 3, 18);
    m_b.allowOverlap(xAxis, yAxis);
    const ItemId xName = kit::textFrom(m_kit, Align::Right, "dimension 1", 30,
                                       {origin.x + kHalf, origin.y - 34}, palette::kNote);
    const ItemId yName = kit::textFrom(m_kit, Align::Left, "dimension 2", 30,
                                       {origin.x + 24, origin.y - kHalf + 6}, palette::kNote);
    m_b.play(group({create(xAxis), create(yAxis), fadeIn(xName), fadeIn(yName)}), 1.2);
    m_kit.stop("axes", "13 one-hot dimensions projected down to 2.",
               "Instead of 13 one-hot axes, two dimensions: each word gets two numbers.", 0.8);

    // The four words the article places, each a dot with its coordinates.
    std::vector<ItemId> dots;
    std::vector<Anim> show;
    for (const std::string w : {"battery", "program", "down", "out"}) {
      const Eigen::RowVectorXd p = m_n.embedding.row(math::wordIndex(m_n.vocab, w));
      const glm::vec2 at =
          origin + glm::vec2(static_cast<float>(p(0)), -static_cast<float>(p(1))) * kUnit;
      dots.push_back(kit::dot(m_kit, at, kDotRadius, palette::kInput, w + " dot"));
      const bool right = w == "battery";
      const ItemId label = kit::textFrom(m_kit, right ? Align::Left : Align::Right,
                                         w + " " + kit::tupleText(p, kit::kTenths), 32,
                                         {at.x + (right ? 64.0f : -64.0f), at.y});
      show.push_back(group({fadeIn(dots.back()), fadeIn(label)}));
    }
    m_b.play(laggedStart(0.7, std::move(show)), 2.4);
    m_kit.stop("words as points",
               "battery (0.2, 1), program (−0.3, 1.1), down (−0.9, −0.8), out "
               "(−0.5, −1.2).");

    // Clusters: rings around neighbours, and what they have in common.
    const std::vector<ItemId> plotItems = act.items();
    m_kit.shift(plotItems, {-280, 0}, 1.0);
    // A ring around a cluster's dots, wide enough that every dot lies inside with room to spare;
    // the cluster's dots take its colour as it is drawn, with its line of the legend.
    auto cluster = [&](size_t a, size_t b, const std::string& name, const std::string& legend,
                       float y, glm::vec4 color) {
      const ClusterRing shape =
          clusterRing(m_b.state(dots[a]).pos, m_b.state(dots[b]).pos, kDotRadius + kRingMargin);
      const ItemId ring = kit::ring(m_kit, shape.centre, shape.u * shape.along,
                                    shape.v * shape.across, color, "cluster ring: " + name);
      kit::allowWith(m_kit, ring, plotItems);
      const ItemId line =
          kit::textFrom(m_kit, Align::Left, legend, 32, {1130, y}, color, "cluster legend");
      m_b.play(
          group({create(ring), fadeIn(line), recolor(dots[a], color), recolor(dots[b], color)}),
          1.0);
    };
    m_b.play(fadeIn(kit::textFrom(m_kit, Align::Left, "Similar words land close together:", 34,
                                  {1130, 380})),
             0.6);
    // Clusters of the plotted words only.
    cluster(0, 1, "battery, program", "battery, program: components", 470, palette::kWeight);
    cluster(2, 3, "down, out", "down, out: prepositions", 540, palette::kKey);
    m_kit.stop("clusters",
               "Components together, prepositions together. The article also puts log with the "
               "components and the verbs check, find, ran near the centre (not plotted here).",
               "A good embedding puts words with similar meanings near each other.", 1.5);
    act.clearUnder(0.7);
  }

  void projection() {
    kit::Act act = kit::part(m_kit, "The projection is one more matrix multiplication");
    const ItemId oneHot = m_kit.matrix(
        m_n.batteryOneHot, {.fontSize = 30,
                            .label = "one-hot(battery)  " + kit::shapeText(m_n.batteryOneHot),
                            .color = palette::kInput,
                            .padX = 0.3f});
    const ItemId e =
        m_kit.matrix(m_n.embedding, {.fontSize = 32,
                                     .label = "embedding  " + kit::shapeText(m_n.embedding),
                                     .color = palette::kWeight,
                                     .format = kit::kTenths,
                                     .rowHeight = 1.25f,
                                     .hideZeros = true,
                                     .rowLabels = m_n.vocab});
    const ItemId result = m_kit.matrix(m_n.battery,
                                       {.fontSize = 40,
                                        .label = "battery  " + kit::shapeText(m_n.battery),
                                        .color = palette::kResult,
                                        .format = kit::kTenths},
                                       true);
    m_b.recordProduct(oneHot, e, result, m_n.batteryOneHot, m_n.embedding, kit::kTenths);
    const ItemId times = m_kit.sign(kTimes);
    const ItemId equals = m_kit.sign("=");
    m_kit.placeRow({oneHot, times, e, equals, result}, kit::kContentY, 44);
    m_kit.show({oneHot, times, e}, 1.4, 0.3);
    m_kit.stop("embedding matrix", "The [N × 2] = [13 × 2] projection matrix: one row per word.",
               "Only the four words placed above have numbers; the other rows are left blank.",
               1.2);

    const int battery = math::wordIndex(m_n.vocab, "battery");
    const ItemId b1 = m_kit.boxAround(m_b.cellBounds(oneHot, 0, battery), {oneHot}, box());
    const ItemId b2 = m_kit.boxAround(m_b.rowBounds(e, battery), {e}, box());
    m_b.play(group({create(b1), create(b2), fadeIn(equals), fadeIn(result)}), 0.8);
    m_kit.fillCells(result, m_n.battery, {.format = kit::kTenths, .seconds = 1.0, .lag = 0.3});
    m_kit.stop("projection", "one-hot(battery) × embedding pulls out (0.2, 1).",
               "The 1 of the one-hot picks battery's row: its coordinates " +
                   kit::tupleText(m_n.battery, kit::kTenths) + ".",
               1.5);
    m_kit.caption("Fewer dimensions are cheaper, but they keep less information");
    m_kit.stop("trade-off", "Fewer dimensions: less compute, some information lost.",
               "Choosing the number of dimensions is a trade-off.", 1.5);
    act.clearUnder(0.7);
  }

  void deEmbedding() {
    kit::Act act = kit::part(m_kit, "De-embedding: from a point back to a score for every word");
    const int program = math::wordIndex(m_n.vocab, "program");
    const ItemId point = m_kit.matrix(
        m_n.program,
        {.fontSize = 36, .label = "program", .color = palette::kInput, .format = kit::kTenths});
    const ItemId de =
        m_kit.matrix(m_n.deEmbedding, {.fontSize = 30,
                                       .label = "de-embedding  " + kit::shapeText(m_n.deEmbedding),
                                       .color = palette::kWeight,
                                       .format = kit::kTenths,
                                       .padX = 0.3f,
                                       .hideZeros = true});
    const ItemId times = m_kit.sign(kTimes, 52);
    m_kit.placeRow({point, times, de}, 290, 40);
    const Rect col = m_b.colBounds(de, program);
    const ItemId tag = m_kit.text("program", 28, {col.center().x, col.max.y + 28}, palette::kNote);
    m_kit.show({point, times, de, tag}, 1.4, 0.3);
    m_kit.stop("de-embedding matrix", "[2 × 13]: one column per word of the vocabulary.",
               "The article gives program's column, " +
                   kit::tupleText(m_n.deEmbedding.col(program).transpose(), kit::kTenths) +
                   "; the other columns are left blank.",
               1.2);

    m_scores = m_kit.matrix(m_n.scores,
                            {.fontSize = 34,
                             .label = "scores  " + kit::shapeText(m_n.scores),
                             .color = palette::kResult,
                             .format = kit::kTenths,
                             .colLabels = m_n.vocab,
                             .headerSize = 28},
                            true);
    act.keep(m_scores);  // softmax reads its columns
    m_kit.placeRow({m_scores}, 520);
    m_b.play(fadeIn(m_scores), 0.8);
    {
      kit::Act step(m_kit);  // the boxes and the sum for program's score
      const ItemId b1 = m_kit.boxAround(m_b.rowBounds(point, 0), {point}, box());
      const ItemId b2 = m_kit.boxAround(col, {de}, box());
      m_b.play(group({create(b1), create(b2), cellHighlight(m_scores, program, 1.0f)}), 0.8);
      const math::NumberFormat two{.decimals = 2};
      m_b.play(
          write(m_kit.text(math::formatFactor(m_n.program(0), kit::kTenths) + kDot +
                               math::formatFactor(m_n.deEmbedding(0, program), kit::kTenths) +
                               " + " + math::formatFactor(m_n.program(1), kit::kTenths) + kDot +
                               math::formatFactor(m_n.deEmbedding(1, program), kit::kTenths) +
                               " = " + math::formatNumber(m_n.programScore, two) + " ≈ " +
                               math::formatNumber(m_n.programScore, kit::kTenths),
                           44, kit::at(kit::Row::Calc), palette::kText, FontFace::Mono)),
          1.2);
      m_b.play(m_kit.revealCell(m_scores, 0, program,
                                math::formatNumber(m_n.scores(program), kit::kTenths)),
               0.6);
      m_kit.stop("program's score", "program · program's column = 1.02, shown as 1.",
                 {.hold = 1.2});
      step.clearUnder(0.4);
    }
    m_b.play(cellHighlight(m_scores, program, 0.0f), 0.0);
    m_kit.fillCells(m_scores, m_n.scores, {.format = kit::kTenths, .seconds = 2.0, .lag = 0.3});
    m_kit.stop("scores", "A dense vector: and −0.7, battery 0.9, ... program 1, ... whether 0.",
               "The result is dense: every word gets a score (the article's values).", 1.2);

    m_kit.caption("Argmax: keep the highest score, and program comes back");
    const Rect best = m_b.cellBounds(m_scores, 0, m_n.best);
    act.keep(m_kit.boxAround({{best.min.x, best.min.y - 44}, best.max}, {m_scores}, box(0.8)));
    m_kit.stop("argmax", "Argmax turns the dense vector back into a one-hot: program.",
               "argmax = " + m_n.vocab[static_cast<size_t>(m_n.best)] +
                   ": a one-hot again. Picking the top word is the greedy choice.",
               1.5);
    act.clearUnder(0.6);
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
    const ItemId base =
        kit::line(m_kit, {first.min.x, kBase + 2}, {last.max.x, kBase + 2}, palette::kNote, 3);
    std::vector<Anim> grow, labels;
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
    }
    m_b.play(create(base), 0.5);
    m_b.play(laggedStart(0.15, std::move(grow)), 2.0);
    m_b.play(laggedStart(0.15, std::move(labels)), 1.0);
    m_kit.stop("softmax bars", "Softmax of the 13 scores, drawn as bars.",
               "Each score $x$ becomes $e^x$, then every one is divided by their sum.", 1.5);

    const double sum = m_n.probabilities.sum();
    m_kit.caption("1. It makes a probability distribution: all positive, adding up to 1");
    m_kit.stop("reason 1", "Softmax makes a probability distribution.",
               "Sum of the 13 bars: " + math::formatNumber(sum, {.decimals = 3}), 2.0);

    const int best = m_n.mostLikely;
    Eigen::RowVectorXd others = m_n.probabilities;
    others(best) = -1;
    const int second = math::argmax(others);
    m_kit.caption("2. It favours a clear winner, yet keeps near-ties in play");
    m_kit.stop("reason 2", "Exaggerates a clear winner, keeps near-ties.",
               m_n.vocab[static_cast<size_t>(best)] + " " + percent(m_n.probabilities(best), 1) +
                   " against " + m_n.vocab[static_cast<size_t>(second)] + " " +
                   percent(m_n.probabilities(second), 1) + ": close scores stay close.",
               2.0);

    m_kit.caption("3. It is differentiable, so the model can learn through it");
    m_kit.stop("reason 3", "Differentiable; linear + softmax is the output head.",
               "De-embedding (a linear layer) and softmax: the model's output head.", 2.5);
  }

  EmbeddingSectionNumbers m_n;
  ItemId m_scores = 0;
};

}  // namespace

SectionScript buildEmbeddingsSection(const FontAtlas& atlas) {
  return EmbeddingsSection(atlas).build();
}

}  // namespace tfviz
