// Section "s07-skips": two commands whose last word depends on a word 8 places back, why an
// eighth-order model explodes, the "X, ran" skip features, their votes drawn as arrows and as a
// matrix, and each command's vote sums. Every number comes from skipsNumbers().
#include "scene/sections/s07_skips.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "scene/kit.hpp"
#include "scene/kit/marks.hpp"
#include "scene/kit/words.hpp"
#include "scene/sections/registry.hpp"

namespace tfviz {

SkipsNumbers skipsNumbers() {
  SkipsNumbers n;
  n.sentences = {
      {{"check", "the", "program", "log", "and", "find", "out", "whether", "it", "ran", "please"},
       0.5},
      {{"check", "the", "battery", "log", "and", "find", "out", "whether", "it", "ran", "down",
        "please"},
       0.5}};
  n.vocab = kit::vocabulary(n.sentences);
  const auto v = static_cast<Eigen::Index>(n.vocab.size());
  auto ranAt = [&](const SkipsSentence& s) {
    return static_cast<size_t>(math::wordIndex(s.words, n.current));
  };

  // Where the commands part ways, and how far back from "ran" that is.
  const SkipsSentence& a = n.sentences[0];
  const SkipsSentence& b = n.sentences[1];
  size_t split = 0;
  while (split < a.words.size() && split < b.words.size() && a.words[split] == b.words[split])
    ++split;
  n.deciders = {a.words[split], b.words[split]};
  n.lookBack = static_cast<int>(ranAt(a) - split + 1);
  n.eighthOrderRows = std::pow(static_cast<double>(v), n.lookBack);

  // Feature "X, ran": X was seen somewhere before "ran". Count, weighted by how often each
  // command is said, which word follows "ran"; then normalise every feature's row.
  Eigen::MatrixXd full = Eigen::MatrixXd::Zero(v, v);
  for (const SkipsSentence& s : n.sentences) {
    const size_t at = ranAt(s);
    const Eigen::Index next = math::wordIndex(n.vocab, s.words[at + 1]);
    std::set<std::string> seen(s.words.begin(), s.words.begin() + static_cast<long>(at));
    for (const std::string& x : seen) full(math::wordIndex(n.vocab, x), next) += s.share;
  }
  full = kit::normaliseRows(full);
  std::vector<Eigen::Index> cols;
  for (Eigen::Index c = 0; c < v; ++c) {
    if (full.col(c).sum() > 0) {
      cols.push_back(c);
      n.outcomes.push_back(n.vocab[static_cast<size_t>(c)]);
    }
  }
  n.votes = full(Eigen::placeholders::all, cols);
  for (const std::string& w : n.vocab) n.features.push_back(w + ", " + n.current);

  for (const SkipsSentence& s : n.sentences) {
    Eigen::RowVectorXd active = Eigen::RowVectorXd::Zero(v);
    const size_t at = ranAt(s);
    for (size_t i = 0; i < at; ++i) active(math::wordIndex(n.vocab, s.words[i])) = 1;
    n.active.push_back(active);
    n.sums.push_back(active * n.votes);
    n.winners.push_back(n.outcomes[static_cast<size_t>(math::argmax(n.sums.back()))]);
    n.expected.push_back(s.words[at + 1]);
  }
  return n;
}

namespace {

constexpr math::NumberFormat kVote{.decimals = 2};  // "0.5", "1", "4"
constexpr float kWordSize = 44;
constexpr float kFeatureSize = 38;
constexpr float kFeatureY = 640;

class SkipsSection : kit::Section {
 public:
  explicit SkipsSection(const FontAtlas& atlas)
      : Section("s07-skips", "Second-order model with skips", atlas), m_n(skipsNumbers()) {}

  SectionScript build() && {
    sentences();
    features();
    voting();
    matrix();
    return std::move(*this).finish();
  }

 private:
  size_t ranAt(size_t sentence) const {
    return static_cast<size_t>(math::wordIndex(m_n.sentences[sentence].words, m_n.current));
  }

  void sentences() {
    m_kit.caption("Two commands, equally likely");
    for (size_t s = 0; s < m_n.sentences.size(); ++s)
      m_words.push_back(kit::wordRow(m_kit, m_n.sentences[s].words,
                                     390 + 210 * static_cast<float>(s),
                                     {.size = kWordSize, .gap = 20}));
    m_b.play(kit::fadeInRows(m_words, 0.6, 0.2), 3.0);
    m_marks.emplace(m_kit);  // the marks and the battery command, until the features come
    m_marks->adopt(m_words[1]);
    m_kit.stop("sentences", "Half the time each. The word after 'ran' differs.",
               "After \"ran\" comes \"please\" for the program, \"down\" for the battery.", 2.5);

    // The word that decides, and how far back it is.
    std::vector<Anim> marks;
    for (size_t s = 0; s < m_words.size(); ++s) {
      const auto decider =
          static_cast<size_t>(math::wordIndex(m_n.sentences[s].words, m_n.deciders[s]));
      const Rect from = m_b.bounds(m_words[s][decider]);
      const Rect to = m_b.bounds(m_words[s][ranAt(s)]);
      const float y = std::max(from.max.y, to.max.y) + 6;
      const float w = to.max.x - from.min.x;
      const ItemId bracket =
          m_kit.add(kit::named(makePath({{0, 0}, {0, 16}, {w, 16}, {w, 0}}, 4), "span bracket"),
                    {.pos = {from.min.x, y}, .color = palette::kQuery});
      const ItemId label = m_kit.text(std::to_string(m_n.lookBack) + " words", 34,
                                      {from.min.x + w / 2, y + 48}, palette::kQuery);
      marks.push_back(
          group({recolor(m_words[s][decider], palette::kQuery),
                 recolor(m_words[s][ranAt(s)], palette::kQuery), create(bracket), fadeIn(label)}));
    }
    m_b.play(laggedStart(0.5, std::move(marks)), 1.8);
    m_kit.stop("8 words back", "The deciding word is far from 'ran'.",
               "To know what follows \"ran\", the model must look " + std::to_string(m_n.lookBack) +
                   " words back, to \"" + m_n.deciders[0] + "\" or \"" + m_n.deciders[1] + "\".",
               3.0);

    const int vocab = static_cast<int>(m_n.vocab.size());
    const ItemId rows =
        m_kit.text("An eighth-order model: $N^{" + std::to_string(m_n.lookBack) +
                       "} = " + std::to_string(vocab) + "^{" + std::to_string(m_n.lookBack) +
                       "}$ = " + kit::withCommas(m_n.eighthOrderRows) + " rows",
                   48, {960, 820}, palette::kResult);
    m_b.play(write(rows), 1.6);
    m_kit.stop("explosion", "N to the 8th rows: far too many to fill or store.",
               "Even with " + std::to_string(vocab) +
                   " words, a row for every 8-word history is hopeless.",
               3.0);
  }

  // A copy of `word` drops out of the sentence, glides above its slot in the feature row and
  // drops in where the word begins the pair "word, ran", which forms around it (the copy
  // cross-fades into the pair, glyphs on glyphs). The path keeps clear of every other word.
  Anim joinPair(ItemId word, ItemId pair) {
    const ItemDef& wordDef = m_b.def(word);
    const ItemState& ws = m_b.state(word);
    const Rect wb = m_b.bounds(word);
    const Rect pb = m_b.bounds(pair);
    // It leaves from the word itself and lands in the pair it joins.
    const ItemId copy = m_b.add(
        kit::named(makeText(wordDef.text.text, wordDef.text.size, wordDef.text.face, Align::Left),
                   wordDef.text.text + " (flying)", {word, pair}),
        {.pos = {wb.min.x, ws.pos.y}, .scale = ws.scale, .color = palette::kText});
    const float landScale = m_b.state(pair).scale * kFeatureSize / wordDef.text.size;
    const float below = wb.max.y + 0.6f * wb.size().y;  // just out of the sentence
    const float above = pb.min.y - 0.9f * pb.size().y;  // just above the feature row
    return succession({
        withDuration(fadeIn(copy), 0.01),
        withDuration(moveTo(copy, {wb.min.x, below}), 0.25),
        withDuration(group({moveTo(copy, {pb.min.x, above}), scaleTo(copy, landScale),
                            recolor(copy, palette::kInput)}),
                     0.45),
        withDuration(moveTo(copy, {pb.min.x, m_b.state(pair).pos.y}), 0.25),
        withDuration(group({fadeOut(copy), fadeIn(pair)}), 0.3),
    });
  }

  void features() {
    m_kit.caption("The trick: pair \"ran\" with each earlier word, in any order");
    m_kit.note("");
    // Keep the program command; features appear under it, one per word before "ran".
    std::vector<Anim> plain;
    for (ItemId id : m_words[0]) plain.push_back(recolor(id, palette::kText));
    m_marks->clear(0.8, kit::Act::Leave::Fade, std::move(plain));
    kit::Act act(m_kit);
    act.adopt(m_words[0]);

    const size_t at = ranAt(0);
    std::vector<std::string> pairs;
    for (size_t i = 0; i < at; ++i) pairs.push_back(m_n.sentences[0].words[i] + ", " + m_n.current);
    // One row of features under the sentence, in the sentence's order, so no word's flight
    // crosses another feature.
    const std::vector<ItemId> feats = kit::wordRow(
        m_kit, pairs, kFeatureY, {.size = kFeatureSize, .gap = 40, .color = palette::kInput});
    m_b.play(recolor(m_words[0][at], palette::kQuery), 0.4);
    std::vector<Anim> fly;
    for (size_t i = 0; i < at; ++i) fly.push_back(joinPair(m_words[0][i], feats[i]));
    // The next word leaves the sentence while the last one drops into its place: at most two in
    // flight, in bands that never meet.
    m_b.play(laggedStart(0.56, std::move(fly)), 5.0);
    m_kit.stop("features", "Skips: pairs of 'ran' with every earlier word, order discarded.",
               "Each feature only says \"this word came before ran\": " +
                   std::to_string(feats.size()) + " features for this command.",
               3.0);
    m_kit.note("");
    act.clearUnder(0.8);
  }

  void voting() {
    m_kit.caption("13 words, 13 features: each one votes for the word after \"ran\"");
    const int n = static_cast<int>(m_n.features.size());
    const float spacing = 46;
    const float y0 = 545 - spacing * static_cast<float>(n - 1) / 2;
    std::vector<ItemId>& labels = m_voteLabels;
    std::vector<Anim> showLabels;
    for (int i = 0; i < n; ++i) {
      const bool votes = m_n.votes.row(i).sum() > 0;
      labels.push_back(m_kit.text(
          m_n.features[static_cast<size_t>(i)], 32, {690, y0 + spacing * static_cast<float>(i)},
          votes ? palette::kInput : palette::kNote, FontFace::Sans, Align::Right));
      showLabels.push_back(votes ? fadeIn(labels.back()) : fadeTo(labels.back(), 0.6f));
    }
    std::vector<ItemId>& targets = m_voteTargets;
    for (size_t k = 0; k < m_n.outcomes.size(); ++k)
      targets.push_back(m_kit.text(m_n.outcomes[k], 52,
                                   {1310, 545 + (static_cast<float>(k) - 0.5f) * 300},
                                   palette::kText, FontFace::Sans, Align::Left));
    m_b.play(laggedStart(0.15, std::move(showLabels)), 1.6);
    m_kit.show(targets, 0.6);

    // An arrow per non-zero vote, thicker for stronger votes.
    std::vector<ItemId>& arrows = m_voteArrows;
    std::vector<Anim> light, heavy;
    for (int i = 0; i < n; ++i) {
      const Rect src = m_b.bounds(labels[static_cast<size_t>(i)]);
      for (size_t k = 0; k < m_n.outcomes.size(); ++k) {
        const double v = m_n.votes(i, static_cast<Eigen::Index>(k));
        if (v <= 0) continue;
        const Rect dst = m_b.bounds(targets[k]);
        const glm::vec2 start{src.max.x + 18, src.center().y};
        const glm::vec2 end{dst.min.x - 22, dst.center().y + (static_cast<float>(i) - 6) * 3};
        const float width = 1.5f + 8.0f * static_cast<float>(v * v);
        arrows.push_back(m_kit.add(
            kit::named(makePath({{0, 0}, end - start}, width, v >= 1 ? 22 : 14),
                       "vote " + m_n.features[static_cast<size_t>(i)] + " to " + m_n.outcomes[k]),
            {.pos = start, .color = v >= 1 ? palette::kQuery : palette::kWeight}));
        (v >= 1 ? heavy : light).push_back(create(arrows.back()));
      }
    }
    kit::allowAll(m_kit, arrows);
    m_b.play(laggedStart(0.08, std::move(light)), 2.0);
    m_kit.stop("weak votes", "Shared words cannot tell the commands apart.",
               "Words found in both commands split their vote: 0.5 for down, 0.5 for please.", 2.5);

    m_b.play(laggedStart(0.4, std::move(heavy)), 1.2);
    m_kit.stop("strong votes",
               "The two deciding features vote with full weight; down, please and ran never "
               "appear before 'ran', so they do not vote.",
               "\"battery, ran\" votes 1 for down; \"program, ran\" votes 1 for please.", 3.0);
    m_kit.note("");
  }

  void matrix() {
    m_kit.fadeOutAll(m_voteArrows, 0.6);  // under the caption change
    m_kit.caption("The same votes as a matrix: a row per feature (empty cells are 0)");
    MatrixStyle style = kit::wordTable(m_n.features, m_n.outcomes, kVote, {}, true);
    style.fontSize = 36;  // thirteen rows, a little closer
    style.rowHeight = 1.28f;
    const ItemId t = m_kit.matrix(m_n.votes, style);
    kit::centreOn(m_kit, t, {960, 545});
    // The vote picture turns into the matrix: every feature slides onto its row label and each
    // outcome onto its column header, then the matrix forms around them.
    kit::intoHeaders(m_kit, t, {.rows = m_voteLabels, .cols = m_voteTargets}, {}, 1.2);
    m_kit.stop("vote matrix", "Thirteen feature rows, one column per possible next word.",
               "Rows of the words that never come before \"ran\" stay empty.", 2.5);

    // Each command: light up the rows of its active features and add them up.
    const int rows = static_cast<int>(m_n.votes.rows());
    const int cols = static_cast<int>(m_n.votes.cols());
    m_kit.shift({t}, {-260, 0}, 0.8);  // room for the sums
    ItemId equals = 0;
    std::optional<kit::Act> step;  // one command's sums, additions and verdict
    for (size_t s = 0; s < m_n.sentences.size(); ++s) {
      const std::vector<std::string>& words = m_n.sentences[s].words;
      m_kit.caption(kit::quoted(kit::joined({words.begin(), words.begin() + ranAt(s) + 1}) + " …"));
      std::vector<Anim> light;
      for (int i = 0; i < rows; ++i) {
        const bool on = m_n.active[s](i) > 0;
        for (int cell : m_kit.rowCells(t, i)) {
          light.push_back(cellHighlight(t, cell, on ? 1.0f : 0.0f));
          light.push_back(cellOpacity(t, cell, on ? 1.0f : 0.3f));
        }
      }
      if (step) step->clear(0.5);
      step.emplace(m_kit);
      m_b.play(group(std::move(light)), 1.0);
      m_kit.stop("active rows " + std::to_string(s + 1),
                 "Only the rows of words that occurred before 'ran' count.",
                 "Active features: the words seen before \"ran\". Add up their rows.", 2.5);

      // The sums, with the additions written out.
      MatrixStyle added = kit::labelled("votes: the lit rows added", palette::kResult, kVote);
      added.colLabels = m_n.outcomes;
      const ItemId sums = m_kit.matrix(m_n.sums[s], added);
      kit::centreOn(m_kit, sums, {1450, 380});
      if (equals == 0) {
        equals = m_kit.text("→", 60, {m_b.bounds(t).max.x + 80, m_b.state(sums).pos.y});
        step->keep(equals);
        m_b.play(fadeIn(equals), 0.4);
      }
      std::vector<Anim> write1;
      for (int c = 0; c < cols; ++c) {
        std::vector<std::string> terms;
        for (int i = 0; i < rows; ++i) {
          if (m_n.active[s](i) != 0) terms.push_back(math::formatNumber(m_n.votes(i, c), kVote));
        }
        const ItemId calc = m_kit.text(
            m_n.outcomes[static_cast<size_t>(c)] + ": " + kit::joined(terms, "+") + " = " +
                math::formatNumber(m_n.sums[s](c), kVote),
            34, {1450, 560 + 70 * static_cast<float>(c)}, palette::kText, FontFace::Mono);
        m_kit.fitWidth(calc, 740);  // centred at 1450: ends inside the safe area (1824)
        write1.push_back(write(calc));
      }
      m_b.play(group({fadeIn(sums), laggedStart(0.5, std::move(write1))}), 2.0);
      const std::string& win = m_n.winners[s];
      const ItemId verdict = m_kit.text(
          kit::quoted(win) + " wins, " + math::formatNumber(m_n.sums[s].maxCoeff(), kVote) +
              " to " + math::formatNumber(m_n.sums[s].minCoeff(), kVote),
          40, {1450, 760}, palette::kResult);
      m_b.play(write(verdict), 1.0);
      m_kit.stop("votes " + std::to_string(s + 1), "Add the active rows; the biggest total wins.",
                 "The largest vote picks the next word: \"" + win + "\", the right one.", 3.0);
    }

    for (ItemId id : step->items()) step->keep(id);  // the last sums stay to the end
    m_kit.caption("Votes, not probabilities");
    m_kit.stop("lesson", "Rows no longer sum to 1: they are votes. Highest vote wins.",
               "The winner is right, though the deciding word is " + std::to_string(m_n.lookBack) +
                   " words back. But " + math::formatNumber(m_n.sums[0].maxCoeff(), kVote) +
                   " to " + math::formatNumber(m_n.sums[0].minCoeff(), kVote) +
                   " is a narrow margin.",
               4.0);
  }

  SkipsNumbers m_n;
  std::vector<std::vector<ItemId>> m_words;
  std::optional<kit::Act> m_marks;
  std::vector<ItemId> m_voteLabels;  // the vote picture, until it becomes the matrix
  std::vector<ItemId> m_voteTargets;
  std::vector<ItemId> m_voteArrows;
};

}  // namespace

SectionScript buildSkipsSection(const FontAtlas& atlas) {
  return SkipsSection(atlas).build();
}

}  // namespace tfviz
