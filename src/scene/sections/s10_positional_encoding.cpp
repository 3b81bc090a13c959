// Section 10, positional encoding: battery's embedding gets a circular wiggle that depends on its
// position; more dimensions repeat the wiggle at other speeds (the paper's sin/cos waves, sampled
// into a table), and the encoding is added to the embedding without changing its shape.
#include "scene/sections/s10_positional_encoding.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "math/tutorial.hpp"
#include "scene/kit.hpp"
#include "scene/kit/marks.hpp"
#include "scene/kit/words.hpp"
#include "scene/sections/registry.hpp"

namespace tfviz {

PositionalEncodingNumbers positionalEncodingNumbers() {
  PositionalEncodingNumbers n;
  n.battery = Eigen::RowVector2d(0.2, 1);
  n.wiggle = math::positionalEncoding(n.circlePositions, 2);
  n.batteryAt = n.wiggle.rowwise() + n.battery;
  const Eigen::MatrixXd wide = math::positionalEncoding(7, 2);
  n.nearDistance = (wide.row(1) - wide.row(2)).norm();
  n.farDistance = (wide.row(0) - wide.row(3)).norm();
  n.wrapDistance = (wide.row(0) - wide.row(6)).norm();

  const Eigen::MatrixXd pe = math::positionalEncoding(n.positions, n.dModel);
  n.pairDims = {0, 64, 128};
  for (int dim : n.pairDims) {
    n.pairRate.push_back(1.0 / std::pow(10000.0, static_cast<double>(dim) / n.dModel));
    n.tableDims.push_back(dim);
    n.tableDims.push_back(dim + 1);
  }
  n.table.resize(n.positions, static_cast<Eigen::Index>(n.tableDims.size()));
  for (size_t c = 0; c < n.tableDims.size(); ++c)
    n.table.col(static_cast<Eigen::Index>(c)) = pe.col(n.tableDims[c]);

  n.words = {"battery", "program", "down", "out"};
  n.embeddings.resize(4, 2);
  n.embeddings << 0.2, 1.0, -0.3, 1.1, -0.9, -0.8, -0.5, -1.2;
  n.encoding = math::positionalEncoding(4, 2);
  n.sum = n.embeddings + n.encoding;
  return n;
}

double positionalEncodingAt(double pos, int dim, int d) {
  const double rate = std::pow(10000.0, static_cast<double>(2 * (dim / 2)) / d);
  return dim % 2 == 0 ? std::sin(pos / rate) : std::cos(pos / rate);
}

namespace {

constexpr const char* kId = "s10-positional-encoding";
constexpr const char* kTitle = "Positional encoding";

std::string fixed(double v, int decimals) {
  return math::formatNumber(v, {.decimals = decimals});
}

class PositionalEncodingSection : kit::Section {
 public:
  explicit PositionalEncodingSection(const FontAtlas& atlas)
      : Section(kId, kTitle, atlas), m_n(positionalEncodingNumbers()) {}

  SectionScript build() && {
    why();
    circle();
    pairs();
    curves();
    table();
    added();
    return std::move(*this).finish();
  }

 private:
  // --- small helpers ---------------------------------------------------------------------------
  void calc(const std::string& s) { m_kit.calc(s, 36); }
  // Screen position of a point of the encoding plane, y up, around a centre.
  static glm::vec2 onCircle(glm::vec2 centre, float radius, double x, double y) {
    return centre + radius * glm::vec2(static_cast<float>(x), -static_cast<float>(y));
  }
  // From the input colour (position 0) to the result colour (the last position).
  static glm::vec4 positionColor(int p, int count) {
    const float t = count > 1 ? static_cast<float>(p) / static_cast<float>(count - 1) : 0.0f;
    return palette::kInput + (palette::kResult - palette::kInput) * t;
  }

  // --- beats -----------------------------------------------------------------------------------
  void why() {
    kit::Act act = kit::part(m_kit, "Attention compares positions, but it cannot see their order");
    m_kit.show(
        {m_kit.text("“battery ran down” and “down ran battery” hold the same three words.", 40,
                    {960, 440}),
         m_kit.text("So each word is told where it sits before attention starts.", 40, {960, 530})},
        1.6, 0.6);
    m_kit.stop("why positions", "Without help, attention treats the words as a bag: order is lost.",
               {.hold = 2.0});
    act.clearUnder();
  }

  void circle() {
    kit::Act act =
        kit::part(m_kit, "Start from battery's embedding: the point (0.2, 1) of section 9");
    const glm::vec2 centre{620, 530};
    constexpr float kRadius = 230;
    m_track = kit::circle(m_kit, centre, kRadius, palette::kNote);
    const ItemId middle = kit::dot(m_kit, centre, 13, palette::kInput, "battery dot");
    const ItemId name = m_kit.text("battery", 36, centre + glm::vec2(-96, -136), palette::kInput);
    const ItemId coords = m_kit.text("(0.2, 1)", 30, centre + glm::vec2(-96, -96), palette::kNote);
    kit::allowAll(m_kit, {m_track, middle, name, coords});
    m_kit.show({middle, name, coords}, 0.8);
    m_b.play(create(m_track), 1.2);
    m_kit.stop("battery's embedding",
               "The word's embedding is the centre. Positions will move it around this circle.",
               "The circle's centre is the word itself; its radius is the size of the wiggle.",
               1.0);

    // Positions 0..5: a step of fixed length at angle p radians.
    m_kit.caption("Each position adds a step of the same length, at its own angle");
    std::vector<ItemId> parts{m_track, middle, name, coords};
    std::vector<Anim> arrive;
    for (int p = 0; p < m_n.circlePositions; ++p) {
      const glm::vec2 tip = onCircle(centre, kRadius, m_n.wiggle(p, 0), m_n.wiggle(p, 1));
      const glm::vec2 dir = (tip - centre) / kRadius;
      const glm::vec4 color = positionColor(p, m_n.circlePositions);
      m_arrows.push_back(kit::line(m_kit, centre + dir * 18.0f, tip - dir * 14.0f, color, 4, 18));
      m_posDots.push_back(kit::dot(m_kit, tip, 10, color));
      m_posLabels.push_back(
          m_kit.text(std::to_string(p), 34, centre + dir * (kRadius + 40), color));
      parts.insert(parts.end(), {m_arrows.back(), m_posDots.back(), m_posLabels.back()});
      arrive.push_back(
          group({create(m_arrows.back()), fadeIn(m_posDots.back()), fadeIn(m_posLabels.back())}));
    }
    kit::allowAll(m_kit, parts);
    MatrixStyle style{.fontSize = 36,
                      .label = "battery + $\\mathrm{PE}(p)$",
                      .labelSize = 32,
                      .color = palette::kResult,
                      .format = {.decimals = 2},
                      .rowLabels = kit::numbered("at ", m_n.circlePositions),
                      .colLabels = {"x", "y"},
                      .headerSize = 30};
    const ItemId points = m_kit.matrix(m_n.batteryAt, style);
    m_b.play(moveTo(points, {1470, 540}), 0.0);
    m_b.play(laggedStart(0.45, std::move(arrive)), 3.0);
    m_b.play(fadeIn(points), 0.8);
    calc("position $p$ adds $(\\sin p, \\cos p)$: one radian further round for each step");
    m_kit.stop("circular wiggle",
               "Same word, six positions, six slightly different points around the embedding.",
               "Battery at position 0 points straight up; battery in the last position, 5, "
               "points left.",
               1.5);

    // Near and far.
    m_kit.caption("Nearby positions get similar steps; distant ones point elsewhere");
    auto at = [&](int p) { return m_b.state(m_posDots[static_cast<size_t>(p)]).pos; };
    const ItemId nearChord = kit::line(m_kit, at(1), at(2), palette::kHighlight, 5);
    const ItemId farChord = kit::line(m_kit, at(0), at(3), palette::kKey, 5);
    kit::allowWith(m_kit, nearChord, parts);
    kit::allowWith(m_kit, farChord, parts);
    m_b.allowOverlap(nearChord, farChord);
    std::vector<Anim> dim, undim;
    for (ItemId a : m_arrows) {
      dim.push_back(fadeTo(a, 0.25f));
      undim.push_back(fadeTo(a, 1.0f));
    }
    m_b.play(group(std::move(dim)), 0.5);
    m_b.play(create(nearChord), 0.8);
    calc("positions 1 and 2 are " + fixed(m_n.nearDistance, 2) + " apart; positions 0 and 3 are " +
         fixed(m_n.farDistance, 2) + " apart");
    m_b.play(create(farChord), 0.8);
    m_kit.stop("near and far",
               "Close positions: short chord. Three positions apart: almost across the circle.",
               "The length of a chord is the distance between two positions' encodings.", 2.0);

    // One pair alone comes back around.
    m_kit.caption("With one pair of dimensions, the circle comes back around");
    const Eigen::MatrixXd seven = math::positionalEncoding(7, 2);
    const glm::vec2 tip6 = onCircle(centre, kRadius, seven(6, 0), seven(6, 1));
    const glm::vec2 dir6 = (tip6 - centre) / kRadius;
    const ItemId d6 = kit::dot(m_kit, tip6, 10, palette::kHighlight);
    const ItemId l6 = m_kit.text("6", 34, centre + dir6 * (kRadius + 40), palette::kHighlight);
    kit::allowWith(m_kit, d6, parts);
    kit::allowWith(m_kit, l6, parts);
    kit::allowWith(m_kit, d6, {nearChord, farChord, l6});
    undim.push_back(fadeOut(nearChord));
    undim.push_back(fadeOut(farChord));
    m_b.play(group(std::move(undim)), 0.5);
    m_kit.show({d6, l6}, 0.8);
    calc("position 6 lands only " + fixed(m_n.wrapDistance, 2) + " from position 0");
    m_kit.stop("one pair repeats", "Six radians is almost a full turn: 6 looks like 0 again.",
               "One radian per step wraps after about six positions.", 2.0);
    m_posDots.push_back(d6);
    m_posLabels.push_back(l6);
    // The circle, its dots and their numbers stay: they become the first of three circles. The
    // rest leaves under the caption change.
    act.keep(m_track);
    for (ItemId id : m_posDots) act.keep(id);
    for (ItemId id : m_posLabels) act.keep(id);
    act.clearUnder(0.8);
  }

  void pairs() {
    kit::Act act = kit::part(m_kit, "More dimensions: every pair of them turns at its own speed");
    const float xs[3] = {380, 960, 1540};
    constexpr float kRadius = 150;
    constexpr float kY = 530;
    const Eigen::MatrixXd pe = math::positionalEncoding(m_n.positions, m_n.dModel);
    std::vector<Anim> show;
    std::vector<Anim> become;  // the one-pair circle turning into the first of three
    std::vector<ItemId> morphing{m_track};
    morphing.insert(morphing.end(), m_posDots.begin(), m_posDots.end());
    morphing.insert(morphing.end(), m_posLabels.begin(), m_posLabels.end());
    for (size_t k = 0; k < m_n.pairDims.size(); ++k) {
      const glm::vec2 centre{xs[k], kY};
      const int dim = m_n.pairDims[k];
      // Dims 0 and 1 turn one radian per position: the circle already on screen.
      const bool first = k == 0 && m_n.pairRate[k] == 1.0;
      std::vector<ItemId> parts{kit::circle(m_kit, centre, kRadius, palette::kNote)};
      if (first) become.push_back(m_b.transform(m_track, parts[0]));
      const ItemId head =
          m_kit.text("dims " + std::to_string(dim) + " and " + std::to_string(dim + 1), 32,
                     {centre.x, kY - kRadius - 80});
      const ItemId rate = m_kit.text(fixed(m_n.pairRate[k], 2) + " rad per position", 30,
                                     {centre.x, kY + kRadius + 76}, palette::kWeight);
      std::vector<Anim> dots;
      // A position the big circle showed comes from its dot and number; the rest fade in.
      auto arrive = [&](ItemId item, const std::vector<ItemId>& from, int p, bool shown,
                        std::vector<Anim>& one) {
        if (shown)
          become.push_back(m_b.transform(from[static_cast<size_t>(p)], item));
        else
          one.push_back(fadeIn(item));
      };
      for (int p = 0; p < m_n.positions; ++p) {
        const glm::vec2 at = onCircle(centre, kRadius, pe(p, dim), pe(p, dim + 1));
        const glm::vec4 color = positionColor(p, m_n.positions);
        const bool shown = first && static_cast<size_t>(p) < m_posDots.size();
        std::vector<Anim> one;
        parts.push_back(kit::dot(m_kit, at, 8, color));
        arrive(parts.back(), m_posDots, p, shown, one);
        // Label every position where they are apart; only the ends where they bunch up.
        if (m_n.pairRate[k] > 0.2 || p == 0 || p == m_n.positions - 1) {
          const glm::vec2 dir = (at - centre) / kRadius;
          parts.push_back(m_kit.text(std::to_string(p), 28, centre + dir * (kRadius + 30), color));
          arrive(parts.back(), m_posLabels, p, shown, one);
        }
        if (!one.empty()) dots.push_back(group(std::move(one)));
      }
      kit::allowAll(m_kit, parts);
      Anim heading = group({fadeIn(head), fadeIn(rate)});
      if (first) {
        // One drawing turning into another: its parts pass over each other on the way.
        morphing.insert(morphing.end(), parts.begin(), parts.end());
        kit::allowAll(m_kit, morphing);
        m_b.play(group(std::move(become)), 1.4);
      } else {
        heading = group({create(parts[0]), fadeIn(head), fadeIn(rate)});
      }
      show.push_back(succession({heading, laggedStart(0.5, std::move(dots))}));
    }
    m_b.play(laggedStart(0.35, std::move(show)), 4.5);
    calc("$d_{\\mathrm{model}} = " + std::to_string(m_n.dModel) + "$ gives " +
         std::to_string(m_n.dModel / 2) + " pairs, from 1 radian per step down to 1/10000");
    m_kit.stop("pairs at different speeds",
               "Dims 0-1 wrap almost twice in 12 positions; dims 128-129 turn only a fraction.",
               "Fast pairs tell neighbours apart; slow pairs tell the beginning from the end.",
               2.5);
    m_kit.caption("Together, the angles of all pairs pin down the absolute position");
    m_kit.stop("absolute position",
               "No two positions share the whole set of angles, so each position is unique.",
               {.hold = 2.0});
    act.clearUnder(0.8);
  }

  void curves() {
    m_kit.caption("Each dimension on its own is a wave over the positions");
    calc(
        "$\\mathrm{PE}(p, 2i) = \\sin(p / 10000^{2i/512})$      "
        "$\\mathrm{PE}(p, 2i+1) = \\cos(p / 10000^{2i/512})$");
    m_kit.note(
        "Not in the article, which gives no numbers here: these follow the paper's formula.");
    kit::Act act(m_kit);
    constexpr float kLeft = 560, kRight = 1760, kTop = 240, kPitch = 102, kAmp = 32;
    const float step = (kRight - kLeft) / static_cast<float>(m_n.positions - 1);
    std::vector<Anim> show;
    for (size_t r = 0; r < m_n.tableDims.size(); ++r) {
      const int dim = m_n.tableDims[r];
      const float y = kTop + kPitch * static_cast<float>(r);
      const double rate = m_n.pairRate[r / 2];
      const std::string fn = dim % 2 == 0 ? "\\sin" : "\\cos";
      const ItemId label = kit::textFrom(
          m_kit, Align::Left,
          "dim " + std::to_string(dim) + ":  $" + fn + "(" + fixed(rate, 2) + "p)$", 30, {110, y});
      const ItemId axis = kit::line(m_kit, {kLeft, y}, {kRight, y}, palette::kNote, 2);
      // The wave, sampled finely between the whole positions.
      auto onWave = [&](float t) {
        const float p = static_cast<float>(m_n.positions - 1) * t;
        return glm::vec2(p * step,
                         -kAmp * static_cast<float>(positionalEncodingAt(p, dim, m_n.dModel)));
      };
      const ItemId wave = kit::curve(m_kit, kit::sample(240, onWave), {kLeft, y}, palette::kWeight,
                                     4, "wave " + std::to_string(dim));
      std::vector<ItemId> parts{axis, wave};
      std::vector<Anim> dots;
      for (int p = 0; p < m_n.positions; ++p) {
        const float v = static_cast<float>(m_n.table(p, static_cast<Eigen::Index>(r)));
        parts.push_back(kit::dot(m_kit, {kLeft + step * static_cast<float>(p), y - kAmp * v}, 7,
                                 positionColor(p, m_n.positions)));
        dots.push_back(fadeIn(parts.back()));
      }
      kit::allowAll(m_kit, parts);
      show.push_back(succession({group({fadeIn(label), fadeTo(axis, 0.5f), create(wave)}),
                                 laggedStart(0.3, std::move(dots))}));
    }
    // Position numbers under the last wave.
    const float yNumbers = kTop + kPitch * static_cast<float>(m_n.tableDims.size() - 1) + 62;
    std::vector<ItemId> numbers{
        kit::textFrom(m_kit, Align::Left, "position $p$", 28, {110, yNumbers}, palette::kNote)};
    for (int p = 0; p < m_n.positions; ++p)
      numbers.push_back(m_kit.text(std::to_string(p), 28,
                                   {kLeft + step * static_cast<float>(p), yNumbers},
                                   positionColor(p, m_n.positions)));
    m_b.play(laggedStart(0.25, std::move(show)), 5.0);
    m_kit.show(numbers, 0.6);
    m_kit.stop("sin and cos waves",
               "A pair is a sin and a cos at the same speed: exactly the circle, unrolled.",
               {.hold = 2.5});
    act.clearUnder(0.8);
  }

  void table() {
    m_kit.caption("Sampled at whole positions, the waves fill a table");
    calc("");
    kit::Act act(m_kit);
    MatrixStyle style{.fontSize = 30,
                      .label = "PE: 12 positions, 6 of the 512 dimensions",
                      .labelSize = 30,
                      .color = palette::kText,
                      .format = {.decimals = 2},
                      .rowLabels = kit::numbered("pos ", m_n.positions),
                      .colLabels = kit::numbered("dim ", m_n.tableDims),
                      .headerSize = 28};
    const ItemId t = m_kit.matrix(m_n.table, style);
    // Top of the table just under the caption, left of centre.
    const Rect r = m_b.bounds(t);
    m_kit.shift({t}, {760 - r.center().x, 200 - r.min.y});
    m_b.play(fadeIn(t), 0.8);
    std::vector<Anim> fills;
    for (int p = 0; p < m_n.table.rows(); ++p) {
      for (int c = 0; c < m_n.table.cols(); ++c) {
        const double v = m_n.table(p, c);
        glm::vec4 fill = v >= 0 ? palette::kWeight : palette::kKey;
        fill.a = 0.08f + 0.5f * static_cast<float>(std::abs(v));
        fills.push_back(cellFill(t, m_b.cellIndex(t, p, c), fill));
      }
    }
    m_b.play(laggedStart(0.05, std::move(fills)), 2.0);
    const std::vector<ItemId> side = m_kit.textBlock(
        {"Each row: one position's encoding.", "Each column: one wave's dots.",
         "Green: positive. Orange: negative.", "Fast columns flicker; slow ones drift."},
        30, 410, 64);
    m_kit.shift(side, {m_b.bounds(t).max.x + 60 - m_b.state(side[0]).pos.x, 0});
    m_kit.show(side, 2.0, 0.5);
    m_kit.stop("the table", "The rows are what gets added to each position's embedding.",
               {.hold = 2.5});
    act.clearUnder(0.8);
  }

  void added() {
    m_kit.caption("The encoding is added to the embedding: the shape stays the same");
    m_kit.note("");
    auto style = [](std::string label, glm::vec4 color, std::vector<std::string> rows = {}) {
      return MatrixStyle{.fontSize = 44,
                         .label = std::move(label),
                         .labelSize = 34,
                         .color = color,
                         .format = {.decimals = 2},
                         .rowLabels = std::move(rows),
                         .headerSize = 34};
    };
    const ItemId e = m_kit.matrix(m_n.embeddings, style("embeddings", palette::kInput, m_n.words));
    const ItemId pe = m_kit.matrix(m_n.encoding, style("PE, positions 0 to 3", palette::kWeight));
    const ItemId s = m_kit.matrix(m_n.sum, style("sum", palette::kResult));
    const ItemId plus = m_kit.sign("+", 64);
    const ItemId eq = m_kit.sign("=", 64);
    m_kit.layOutRow({e, plus, pe, eq, s}, 520);
    m_kit.show({e, plus, pe}, 1.6, 0.35);
    m_b.wait(0.8);
    m_kit.show({eq, s}, 1.0);
    calc(kit::shapeText(m_n.embeddings) + " + " + kit::shapeText(m_n.encoding) + " = " +
         kit::shapeText(m_n.sum) +
         "      the paper: $[n \\times d_{\\mathrm{model}}] + [n \\times d_{\\mathrm{model}}]$");
    auto pair = [](const Eigen::MatrixXd& m) {
      return kit::tupleText(m.row(0), {{.decimals = 1}});
    };
    m_kit.stop("added, not appended",
               "Battery's row gets position 0's step: " + pair(m_n.embeddings) + " + " +
                   pair(m_n.encoding) + " = " + pair(m_n.sum) + ".",
               "Added, not appended: the word and its position share the same numbers.", 2.5);
    m_kit.stop("further reading", "kazemnejad.com: transformer architecture, positional encoding.",
               "For the maths of the formula, the article points to Kazemnejad's tutorial.", 2.5);
  }

  PositionalEncodingNumbers m_n;
  ItemId m_track = 0;             // the one-pair circle
  std::vector<ItemId> m_posDots;  // its positions 0 to 6
  std::vector<ItemId> m_posLabels;
  std::vector<ItemId> m_arrows;
};

}  // namespace

SectionScript buildPositionalEncodingSection(const FontAtlas& atlas) {
  return PositionalEncodingSection(atlas).build();
}

}  // namespace tfviz
