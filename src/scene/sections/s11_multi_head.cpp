// Section 11, multi-head attention: the article's sizes and the chain of shapes through the model
// (drawn to scale), why one head is not enough, the heads' projections, concatenation and W_O,
// then one head revisited on a toy example: Q Kᵀ, ÷ √d_k, the causal mask, softmax and × V.
// The toy's token-by-token matrices label their rows with the query positions and their columns
// with the key positions, and colour their cells on a heat scale with a legend (scene/heat.hpp).
// Every formula on screen is written in the maths markup (README "Notation").
#include "scene/sections/s11_multi_head.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "math/tutorial.hpp"
#include "scene/heat.hpp"
#include "scene/kit.hpp"
#include "scene/kit/panel.hpp"
#include "scene/sections/registry.hpp"

namespace tfviz {

MultiHeadNumbers multiHeadNumbers() {
  MultiHeadNumbers m;
  static_cast<math::TransformerShapes&>(m) = math::transformerShapes();

  m.focusWords = {"the", "battery", "log", "whether", "it"};
  m.focusScores.resize(5);
  m.focusScores << 0.5, 4.0, 2.5, 0.5, 1.0;
  m.focusWeights = math::softmaxRows(m.focusScores);

  m.toyQ.resize(4, 4);
  m.toyQ << 2, 0, 1, 0, 0, 1, 2, 1, 1, 2, 0, 1, 1, 0, 1, 2;
  m.toyK.resize(4, 4);
  m.toyK << 1, 0, 1, 0, 0, 2, 1, 0, 1, 1, 0, 2, 0, 1, 2, 1;
  m.toyV.resize(4, 4);
  m.toyV << 1, 0, 2, 0, 0, 1, 0, 2, 2, 2, 0, 0, 0, 0, 1, 1;
  m.toyScores = m.toyQ * m.toyK.transpose();
  m.toySqrtDk = std::sqrt(static_cast<double>(m.toyK.cols()));
  m.toyScaled = m.toyScores / m.toySqrtDk;
  m.toyMask = math::causalMask(4);
  m.toyMasked = m.toyScaled + m.toyMask;
  m.toyWeights = math::softmaxRows(m.toyMasked);
  m.toyRowSums = m.toyWeights.rowwise().sum();
  m.toyOut = m.toyWeights * m.toyV;
  m.mask6 = math::causalMask(6);
  return m;
}

namespace {

constexpr const char* kId = "s11-multi-head";
constexpr const char* kTitle = "Multi-head attention";
// softmax(Q Kᵀ / √d_k) as maths markup, without the $ signs.
constexpr const char* kAttentionMaths =
    "\\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V";
constexpr float kPx = 0.9f;  // pixels per row or column in the to-scale drawings
// A side shorter than this is drawn this thick, so 12 rows read as a bar, not a hairline; the
// other side stays to scale and the shape is written under every rectangle.
constexpr float kMinThickness = 24.0f;
// Position labels and legend values beside the toy's matrices: the widest row (scaled scores +
// mask = masked scores, legend) is shrunk to about 0.9, which keeps them above kit::kMinTextSize.
constexpr float kHeaderSize = 32.0f;

// "$[n \times N] \cdot [N \times d_{\mathrm{model}}] = [n \times d_{\mathrm{model}}]$", with
// names or with numbers.
std::string productText(const MatrixShape& a, const MatrixShape& b, const MatrixShape& r,
                        bool names) {
  return std::string("$") + shapeMaths(a, names) + " \\cdot " + shapeMaths(b, names) + " = " +
         shapeMaths(r, names) + "$";
}
// The calculation line of a product of shapes: with names, then (after `paper`) with numbers.
std::string productCalc(const MatrixShape& a, const MatrixShape& b, const MatrixShape& r,
                        const std::string& paper = "") {
  return productText(a, b, r, true) + "      " + paper + productText(a, b, r, false);
}

// A matrix drawn to scale as a filled rectangle, its name above and its shape below: one group
// that moves together (kit::layOutGroups).
struct ShapeItem {
  ItemId box = 0;
  ItemId name = 0;
  ItemId dims = 0;
  glm::vec2 size{0, 0};
  kit::Group ids() const { return {box, name, dims}; }
};

// A position's name on screen: "p0", "p1", ...
std::string positionName(int i) {
  return "p" + std::to_string(i);
}

class MultiHeadSection {
 public:
  explicit MultiHeadSection(const FontAtlas& atlas)
      : m_b(kId, kTitle, atlas),
        m_kit(m_b),
        m_n(multiHeadNumbers()),
        m_scoreHeat(HeatScale::diverging(m_n.toyScores)),
        m_scaledHeat(HeatScale::diverging(m_n.toyScaled)),
        m_weightHeat(HeatScale::sequential(0, 1)) {}

  SectionScript build() && {
    m_kit.title(kTitle);
    sizes();
    chain();
    whyHeads();
    oneHead();
    heads();
    equation();
    toyScores();
    mask();
    softmax();
    values();
    transposed();
    return std::move(m_b).finish();
  }

 private:
  // --- helpers ---------------------------------------------------------------------------------
  // The rectangle's name above it and its shape below: kit::layOutGroups moves them together.
  ShapeItem shapeItem(const MatrixShape& s, const std::string& name, glm::vec4 color) {
    const glm::vec2 size{std::max(static_cast<float>(s.cols) * kPx, kMinThickness),
                         std::max(static_cast<float>(s.rows) * kPx, kMinThickness)};
    glm::vec4 fill = color;
    fill.a = 0.6f;
    ItemDef def = makeBox(2, 2, fill);
    def.name = name + " rectangle";
    std::erase(def.name, '$');  // "W_O rectangle": the item's name, not maths
    const float dy = size.y * 0.5f + 30;
    return {.box = m_b.add(std::move(def), {.pos = {0, 0}, .size = size, .color = color}),
            .name = m_kit.text(name, 30, {0, -dy}, color),
            .dims = m_kit.text(shapeSpan(s), 28, {0, dy}, palette::kNote),
            .size = size};
  }
  // The rectangle and its name (the shape text arrives some other way).
  static Anim showTop(const ShapeItem& s) { return kit::fadeInGroup({s.box, s.name}); }
  // The last picture leaves under what comes next, the calculation line and the note with it,
  // and a short pause follows.
  void leave(const std::vector<ItemId>& picture, double fade = 0.5, double pause = 0.2) {
    m_kit.fadeOutAll(picture, fade);
    m_kit.calc("");
    m_kit.note("");
    m_b.wait(pause);
  }
  // Clears items before what comes next is placed where they were (no crossing fades).
  void fadeAll(const std::vector<ItemId>& items, double seconds = 0.7) {
    m_kit.fadeOutAll(items, seconds);
    m_b.wait(seconds);
  }

  // The toy's positions, "p0" .. "p3": the rows of a token-by-token matrix are the query
  // positions, its columns the key positions.
  std::vector<std::string> positions() const {
    std::vector<std::string> out;
    for (int i = 0; i < m_n.toyScores.rows(); ++i) out.push_back(positionName(i));
    return out;
  }
  // A matrix of the toy in its palette role.
  static MatrixStyle toyStyle(const std::string& label, glm::vec4 color,
                              math::NumberFormat format = {}) {
    return {.fontSize = 44, .label = label, .labelSize = 34, .color = color, .format = format};
  }
  // A token-by-token matrix of the toy: positions on both sides.
  MatrixStyle tokenStyle(const std::string& label, glm::vec4 color,
                         math::NumberFormat format) const {
    MatrixStyle style = toyStyle(label, color, format);
    style.rowLabels = style.colLabels = positions();
    style.headerSize = kHeaderSize;
    return style;
  }
  // A heat legend beside a toy matrix, hidden, its strip as tall as the matrix's cells.
  ItemId legend(const HeatScale& scale, math::NumberFormat format, const std::string& name) {
    return addHeatLegend(m_b, scale, format, 44, kHeaderSize, name);
  }

  // --- beats -----------------------------------------------------------------------------------
  void sizes() {
    m_kit.caption("The sizes: the article's example and the paper's model");
    struct Line {
      std::string symbol, value, meaning;
    };
    const std::vector<Line> lines = {
        {"N", std::to_string(m_n.vocab), "words in the vocabulary (tens of thousands in practice)"},
        {"n", std::to_string(m_n.seqLen), "positions in a sequence (2048 in GPT-3)"},
        {"d_{\\mathrm{model}}", std::to_string(m_n.dModel),
         "numbers in each embedding (the paper)"},
        {"h", std::to_string(m_n.heads), "attention heads (the paper)"},
        {"d_k = d_v", std::to_string(m_n.dK), "numbers per query, key and value, per head"}};
    std::vector<Anim> in;
    float y = 330;
    for (const Line& l : lines) {
      const ItemId a = m_kit.text("$" + l.symbol + " = " + l.value + "$", 40, {560, y},
                                  palette::kTitle, FontFace::Sans, Align::Right);
      const ItemId b =
          m_kit.text(l.meaning, 34, {610, y}, palette::kText, FontFace::Sans, Align::Left);
      m_sizeSymbols.push_back(a);
      m_sizeMeanings.push_back(b);
      in.push_back(group({fadeIn(a), fadeIn(b)}));
      y += 90;
    }
    m_b.play(laggedStart(0.5, std::move(in)), 3.0);
    m_kit.note(
        "The example's vocabulary and length come from section 7; "
        "$d_{\\mathrm{model}}$, $h$, $d_k$: the paper.");
    m_b.wait(2.0);
    m_b.beat("sizes",
             "N = 13 and n = 12 in the example; d_model = 512, h = 8, d_k = 64 in the paper.");
  }

  void chain() {
    m_kit.caption("Follow the shapes through the model, drawn to scale");
    const ShapeItem oneHot = shapeItem(m_n.oneHot, "one-hot words", palette::kInput);
    const ShapeItem emb = shapeItem(m_n.embedding, "embedding", palette::kWeight);
    const ShapeItem x = shapeItem(m_n.embedded, "embedded words", palette::kResult);
    const ItemId dot = m_kit.sign("·"), eq = m_kit.sign("=");
    kit::layOutGroups(m_kit, {oneHot.ids(), {dot}, emb.ids(), {eq}, x.ids()}, 500);
    // The sizes become the shapes: n and N give the one-hot rows' shape, N and d_model the
    // embedding's, n and d_model the result's; the explanations leave first.
    leave(kit::join({m_sizeMeanings, {m_sizeSymbols[3], m_sizeSymbols[4]}}));
    m_b.play(
        group({m_b.transform(m_sizeSymbols[1], oneHot.dims),
               m_b.transform(m_sizeSymbols[0], emb.dims), m_b.transform(m_sizeSymbols[2], x.dims)}),
        1.2);
    m_b.play(laggedStart(0.3, {showTop(oneHot), fadeIn(dot), showTop(emb), fadeIn(eq), showTop(x)}),
             1.6);
    m_kit.calc(productCalc(m_n.oneHot, m_n.embedding, m_n.embedded));
    m_kit.note("Drawn to scale, except that sides under 24 px are thickened to 24 px.");
    m_b.wait(2.0);
    m_b.beat("embedding shapes", "A one-hot row per position times the embedding matrix.");

    // + positional encoding: the same shape.
    m_kit.caption("Positional encoding is added: the shape does not change");
    fadeAll(kit::join({oneHot.ids(), {dot, eq}, emb.ids()}), 0.5);
    const ShapeItem pe = shapeItem(m_n.encoding, "positional encoding", palette::kWeight);
    const ShapeItem x2 = shapeItem(m_n.encoded, "input to attention", palette::kResult);
    const ItemId plus = m_kit.sign("+"), eq2 = m_kit.sign("=");
    kit::layOutGroups(m_kit, {x.ids(), {plus}, pe.ids(), {eq2}, x2.ids()}, 500);
    m_b.play(laggedStart(0.4, {fadeIn(plus), kit::fadeInGroup(pe.ids()), fadeIn(eq2),
                               kit::fadeInGroup(x2.ids())}),
             1.6);
    m_kit.calc("$" + shapeMaths(m_n.embedded, true) + " + " + shapeMaths(m_n.encoding, true) +
               " = " + shapeMaths(m_n.encoded, true) + "$      $" + shapeMaths(m_n.embedded) +
               " + " + shapeMaths(m_n.encoding) + " = " + shapeMaths(m_n.encoded) + "$");
    m_kit.note("");
    m_b.wait(1.5);
    m_b.beat("plus positions", "Adding keeps [n × d_model].");

    // Attention layers keep the shape; the linear layer maps back to the vocabulary.
    m_kit.caption("Attention keeps " + shapeSpan(m_n.attended, true) +
                  "; a linear layer maps back to the words");
    fadeAll(kit::join({x.ids(), {plus, eq2}, pe.ids()}), 0.5);
    const ShapeItem att = shapeItem(m_n.attended, "after attention", palette::kResult);
    const ItemId arrow = m_kit.sign("→");
    kit::layOutGroups(m_kit, {x2.ids(), {arrow}, att.ids()}, 500, 60);
    m_b.play(group({fadeIn(arrow), kit::fadeInGroup(att.ids())}), 1.0);
    m_kit.calc("attention layers: $" + shapeMaths(m_n.encoded, true) + " \\to " +
               shapeMaths(m_n.attended, true) + "$, every layer");
    m_b.wait(1.5);
    m_b.beat("attention keeps the shape", "Every attention layer returns [n × d_model].");

    fadeAll(kit::join({x2.ids(), {arrow}}), 0.5);
    const ShapeItem lin = shapeItem(m_n.linear, "linear", palette::kWeight);
    const ShapeItem logits = shapeItem(m_n.logits, "scores per word", palette::kResult);
    const ItemId dot3 = m_kit.sign("·"), eq3 = m_kit.sign("=");
    const ItemId soft = m_kit.sign("→");
    const ShapeItem probs = shapeItem(m_n.probabilities, "softmax", palette::kResult);
    kit::layOutGroups(
        m_kit, {att.ids(), {dot3}, lin.ids(), {eq3}, logits.ids(), {soft}, probs.ids()}, 520);
    m_b.play(laggedStart(0.4, {fadeIn(dot3), kit::fadeInGroup(lin.ids()), fadeIn(eq3),
                               kit::fadeInGroup(logits.ids())}),
             1.6);
    m_kit.calc(productCalc(m_n.attended, m_n.linear, m_n.logits));
    m_b.wait(1.0);
    m_b.play(group({fadeIn(soft), kit::fadeInGroup(probs.ids())}), 0.8);
    m_kit.note("Softmax keeps " + shapeSpan(m_n.probabilities, true) +
               ": one distribution over the 13 words per position.");
    m_b.wait(2.0);
    m_b.beat("back to words", "Linear [d_model × N] then softmax: [n × N].");
    // Left for the next picture: "softmax" becomes its chart's heading.
    m_chainEnd =
        kit::join({{dot3, eq3, soft, probs.box, probs.dims}, att.ids(), lin.ids(), logits.ids()});
    m_softmaxName = probs.name;
  }

  void whyHeads() {
    m_kit.caption("Why several heads? Softmax tends to pick a single winner");
    constexpr float kBase = 690, kTall = 320, kPitch = 132, kBar = 64;
    const float lefts[2] = {250, 1070};
    const char* heads[2] = {"scores of “ran” for earlier words", "after softmax"};
    std::vector<ItemId> all;
    std::vector<Anim> grow[2];
    ItemId headings[2] = {0, 0};
    const double maxScore = m_n.focusScores.maxCoeff();
    for (int chart = 0; chart < 2; ++chart) {
      const float mid = lefts[chart] + kPitch * 2;
      const ItemId head = m_kit.text(heads[chart], 32, {mid, kBase - kTall - 110}, palette::kText);
      all.push_back(head);
      headings[chart] = head;
      for (int i = 0; i < m_n.focusScores.size(); ++i) {
        const float x = lefts[chart] + kPitch * static_cast<float>(i);
        const double v = chart == 0 ? m_n.focusScores(i) : m_n.focusWeights(i);
        const float h = kTall * static_cast<float>(chart == 0 ? v / maxScore : v);
        ItemDef def = makeSolid(4);
        def.name = "bar";
        const glm::vec4 color = chart == 0 ? palette::kKey : palette::kResult;
        const ItemId bar =
            m_b.add(std::move(def), {.pos = {x, kBase}, .size = {kBar, 0}, .color = color});
        const ItemId word =
            m_kit.text(m_n.focusWords[static_cast<size_t>(i)], 28, {x, kBase + 30}, palette::kNote);
        const ItemId value =
            m_kit.text(math::formatNumber(v, {.decimals = 2}), 30, {x, kBase - h - 26}, color);
        all.insert(all.end(), {bar, word, value});
        grow[chart].push_back(
            group({fadeIn(bar), fadeIn(word),
                   surround(bar, Rect::fromCenter({x, kBase - h / 2}, {kBar, std::max(h, 1.0f)})),
                   fadeIn(value)}));
      }
    }
    // The chain's picture leaves; its "softmax" becomes the heading of the softmax chart.
    leave(m_chainEnd);
    // ... while the first chart grows under its heading.
    m_b.play(group({fadeIn(headings[0]), m_b.transform(m_softmaxName, headings[1])}),
             {.runTime = 1.0, .advance = false});
    m_b.play(laggedStart(0.2, std::move(grow[0])), 2.0);
    m_b.wait(0.8);
    m_b.play(laggedStart(0.2, std::move(grow[1])), 2.0);
    const math::NumberFormat f{.decimals = 2};
    m_kit.calc("battery scored 4 and log 2.5, but softmax gives them " +
               math::formatNumber(m_n.focusWeights(1), f) + " and " +
               math::formatNumber(m_n.focusWeights(2), f));
    m_kit.note("One head mostly attends to one word: to follow several words, use several heads.");
    m_b.wait(2.5);
    m_b.beat("softmax focuses", "Softmax exaggerates the winner, so one head ≈ one word.");
    m_charts = all;
  }

  void oneHead() {
    m_kit.caption("Each head projects the input with its own $W_q$, $W_k$ and $W_v$");
    const ShapeItem x = shapeItem(m_n.encoded, "input", palette::kInput);
    const ShapeItem w = shapeItem(m_n.wq, "$W_q$, $W_k$, $W_v$", palette::kWeight);
    const ShapeItem q = shapeItem(m_n.q, "$Q$", palette::kQuery);
    const ShapeItem k = shapeItem(m_n.k, "$K$", palette::kKey);
    const ShapeItem v = shapeItem(m_n.v, "$V$", palette::kResult);
    const ItemId dot = m_kit.sign("·"), eq = m_kit.sign("=");
    kit::layOutGroups(m_kit, {x.ids(), {dot}, w.ids(), {eq}, q.ids()}, 540);
    // K and V under Q, Q above: three results of the same shape.
    const float qx = m_b.state(q.box).pos.x;
    auto place = [&](const ShapeItem& s, float y) {
      m_kit.shift(s.ids(), glm::vec2(qx, y) - m_b.state(s.box).pos);
    };
    place(q, 410);
    place(k, 540);
    place(v, 670);
    // The charts leave before the projections arrive where they stood.
    leave(m_charts, 0.6, 0.3);
    m_b.play(laggedStart(0.4, {kit::fadeInGroup(x.ids()), fadeIn(dot), kit::fadeInGroup(w.ids())}),
             1.6);
    m_b.play(
        group({fadeIn(eq), laggedStart(0.5, {kit::fadeInGroup(q.ids()), kit::fadeInGroup(k.ids()),
                                             kit::fadeInGroup(v.ids())})}),
        1.6);
    m_kit.calc(productCalc(m_n.encoded, m_n.wq, m_n.q));
    m_kit.note(
        "The paper calls these projections “Linear”. "
        "Every head has its own three.");
    m_b.wait(2.5);
    m_b.beat("one head's projections", "X · W_q = Q, X · W_k = K, X · W_v = V, each [n × 64].");
    // Left for the next picture: Q, K and V gather into the head's result.
    m_headLeave =
        kit::join({{dot, eq}, x.ids(), w.ids(), {q.name, q.dims, k.name, k.dims, v.name, v.dims}});
    m_qkv = {v.box, q.box, k.box};
  }

  void heads() {
    m_kit.caption("Eight heads, eight results, side by side");
    std::vector<ShapeItem> outs;
    std::vector<kit::Group> row;
    for (int i = 0; i < m_n.heads; ++i) {
      outs.push_back(shapeItem(m_n.headOut, "head " + std::to_string(i + 1), palette::kResult));
      row.push_back(outs.back().ids());
    }
    kit::layOutGroups(m_kit, row, 500, 30);
    // Only the names show: the shape is in the calculation line.
    const ItemId each =
        m_kit.text("each " + shapeSpan(m_n.headOut), 30, {960, 580}, palette::kNote);
    // One head's Q, K and V become its result, head 1; seven more heads join it.
    leave(m_headLeave);
    m_b.play(m_kit.gather(m_qkv, outs[0].box), 1.2);
    std::vector<Anim> in{fadeIn(outs[0].name)};
    for (size_t i = 1; i < outs.size(); ++i) in.push_back(showTop(outs[i]));
    in.push_back(fadeIn(each));
    m_b.play(laggedStart(0.3, std::move(in)), 2.0);
    m_kit.calc("each head: $" + std::string(kAttentionMaths) + " = " +
               shapeMaths(m_n.headOut, true) + " = " + shapeMaths(m_n.headOut) + "$");
    m_b.wait(1.5);
    m_b.beat("eight results", "Every head computes attention independently.");

    // Concatenate: the heads slide together into one [n × h·d_v] strip.
    m_kit.caption("Concatenate them, then mix with $W_O$");
    const ShapeItem concat = shapeItem(m_n.concat, "concatenated", palette::kResult);
    const ShapeItem wo = shapeItem(m_n.wo, "$W_O$", palette::kWeight);
    const ShapeItem out = shapeItem(m_n.multiHead, "multi-head output", palette::kResult);
    const ItemId dot = m_kit.sign("·"), eq = m_kit.sign("=");
    kit::layOutGroups(m_kit, {concat.ids()}, 500);
    // The heads slide edge to edge and become the concatenated strip: a transformation.
    const glm::vec2 c = m_b.state(concat.box).pos;
    std::vector<Anim> slide, names{fadeOut(each)}, swap{kit::fadeInGroup(concat.ids())};
    for (size_t i = 0; i < outs.size(); ++i) {
      m_b.allowOverlap(outs[i].box, concat.box);
      if (i > 0) m_b.allowOverlap(outs[i - 1].box, outs[i].box);
      const float w = outs[i].size.x;
      slide.push_back(moveTo(
          outs[i].box, {c.x - concat.size.x * 0.5f + w * (static_cast<float>(i) + 0.5f), c.y}));
      names.push_back(fadeOut(outs[i].name));
      swap.push_back(fadeOut(outs[i].box));
    }
    m_b.play(group(std::move(names)), 0.5);
    m_b.play(group(std::move(slide)), 1.2);
    m_b.play(group(std::move(swap)), 0.6);
    m_kit.calc(std::to_string(m_n.heads) + " times " + shapeSpan(m_n.headOut) +
               " side by side $= " + shapeMaths(m_n.concat, true) + " = " + shapeMaths(m_n.concat) +
               "$:  $" + std::to_string(m_n.heads) + " \\cdot " + std::to_string(m_n.dV) + " = " +
               std::to_string(m_n.concatWidth) + "$");
    m_b.wait(1.5);
    m_b.beat("concatenate", "h · d_v = 8 · 64 = 512 = d_model.");
    kit::layOutGroups(m_kit, {concat.ids(), {dot}, wo.ids(), {eq}, out.ids()}, 540);
    m_b.play(laggedStart(0.4, {fadeIn(dot), kit::fadeInGroup(wo.ids()), fadeIn(eq),
                               kit::fadeInGroup(out.ids())}),
             1.6);
    m_kit.calc(productCalc(m_n.concat, m_n.wo, m_n.multiHead));
    m_kit.note("Back to " + shapeSpan(m_n.multiHead, true) + ", so layers can be stacked.");
    m_b.wait(2.0);
    m_b.beat("times W_O", "W_O [h·d_v × d_model] mixes the heads back into d_model numbers.");
    // Left for the next picture: the product gathers into the paper's equation.
    m_mixLeave = {dot, eq, concat.name, concat.dims, wo.name, wo.dims, out.name, out.dims};
    m_mix = {out.box, concat.box, wo.box};
  }

  void equation() {
    m_kit.caption("The paper's multi-head equation");
    const ItemId a = m_kit.text(
        "$\\mathrm{MultiHead}(Q, K, V) = \\mathrm{Concat}(\\mathrm{head}_1, \\ldots, "
        "\\mathrm{head}_8)W_O$",
        48, {960, 420});
    const ItemId b = m_kit.text(
        "$\\mathrm{head}_i = \\mathrm{Attention}(QW_{q,i}, KW_{k,i}, VW_{v,i})$", 48, {960, 520});
    const ItemId c =
        m_kit.text("$\\mathrm{Attention}(Q, K, V) = " + std::string(kAttentionMaths) + "$", 48,
                   {960, 645}, palette::kQuery);
    leave(m_mixLeave);
    m_b.play(m_kit.gather(m_mix, a), 1.2);
    m_b.play(write(b), 1.2);
    m_kit.note("$W_{q,i}$ is head $i$'s $W_q$ (the paper writes $W_i^Q$).");
    m_b.wait(1.5);
    m_b.beat("multi-head equation", "Concat of the heads, times W_O.");
    m_b.play(write(c), 1.2);
    m_kit.note("Next: what happens inside one head, on a toy example.");
    m_b.wait(1.5);
    m_b.beat("single head",
             "Inside each head: scaled dot products, an optional mask, softmax, × V.");
    m_equationLeave = {a, b};
    m_formula = c;
  }

  void toyScores() {
    m_kit.caption("One head, small: $n = 4$ positions and $d_k = 4$");
    const math::NumberFormat ints{};
    m_q = m_kit.matrix(m_n.toyQ, toyStyle("$Q$", palette::kQuery));
    m_kT = m_kit.matrix(m_n.toyK.transpose(), toyStyle("$K^T$", palette::kKey));
    m_s = m_kit.matrix(m_n.toyScores, tokenStyle("scores $QK^T$", palette::kScore, ints));
    const ItemId scoreLegend = legend(m_scoreHeat, ints, "score legend");
    m_b.recordProduct(m_q, m_kT, m_s, m_n.toyQ, m_n.toyK.transpose(), ints);
    m_dot = m_kit.sign("·");
    m_eq = m_kit.sign("=");
    m_kit.layOutRow({m_q, m_dot, m_kT, m_eq, m_s, scoreLegend}, 520);
    // The attention formula steps down to the calculation line, the recipe the toy follows.
    leave(m_equationLeave);
    const float formulaScale = 34.0f / 48.0f;
    m_b.play(group({moveTo(m_formula, {960, kit::kCalcY}), scaleTo(m_formula, formulaScale)}), 0.8);
    m_kit.adoptCalc(m_formula);
    m_b.play(laggedStart(0.35, {fadeIn(m_q), fadeIn(m_dot), fadeIn(m_kT)}), 1.4);
    m_b.play(group({fadeIn(m_eq), fadeIn(m_s)}), 0.8);
    m_b.play(group({heatUp(m_b, m_s, m_n.toyScores, m_scoreHeat), fadeIn(scoreLegend)}), 1.2);
    m_kit.calc(productCalc(m_n.q, m_n.kT, m_n.scores, "the paper: "));
    m_kit.note("Rows: the query positions; columns: the key positions. An " +
               shapeSpan(m_n.scores, true) + " table.");
    m_b.wait(2.0);
    m_b.beat("Q K transposed", "Q Kᵀ compares every query with every key.");

    // ÷ √d_k: a new matrix of scaled scores.
    // Q, Kᵀ and the signs leave under the caption change, before Q Kᵀ slides through their place.
    m_kit.fadeOutAll({m_q, m_dot, m_kT, m_eq, scoreLegend}, 0.6);
    m_kit.caption("Divide by $\\sqrt{d_k}$ so the scores do not grow with $d_k$");
    const math::NumberFormat f{.decimals = 2};
    m_scaled = m_kit.matrix(m_n.toyScaled, tokenStyle("scaled scores", palette::kScaledScore, f));
    m_scaledLegend = legend(m_scaledHeat, f, "scaled legend");
    m_divide = m_kit.text(
        "$\\div \\sqrt{" + math::formatNumber(static_cast<double>(m_n.toyK.cols()), ints) + "} =$",
        56, {0, 0});
    m_kit.layOutRow({m_s, m_divide, m_scaled, m_scaledLegend}, 520, 60);
    m_b.play(laggedStart(0.4, {fadeIn(m_divide), fadeIn(m_scaled)}), 1.4);
    m_b.play(group({heatUp(m_b, m_scaled, m_n.toyScaled, m_scaledHeat), fadeIn(m_scaledLegend)}),
             1.2);
    m_kit.calc("here $\\sqrt{" + math::formatNumber(static_cast<double>(m_n.toyK.cols()), ints) +
               "} = " + math::formatNumber(m_n.toySqrtDk, f) + "$;  in the paper $\\sqrt{" +
               std::to_string(m_n.dK) + "} = " + math::formatNumber(m_n.sqrtDk, f) + "$");
    m_kit.note("Large scores would push softmax to extremes, where its gradient vanishes.");
    m_b.wait(2.0);
    m_b.beat("divide by root d_k", "Scaling keeps the magnitudes moderate and helps backprop.");
  }

  void mask() {
    m_kit.caption("The mask: a position may only look at itself and earlier positions");
    m_kit.fadeOutAll({m_s, m_divide, m_scaled, m_scaledLegend}, 0.5);
    m_kit.calc("");
    std::vector<std::string> labels;
    for (int i = 0; i < m_n.mask6.rows(); ++i) labels.push_back(positionName(i));
    const ItemId big = m_kit.matrix(m_n.mask6, {.fontSize = 40,
                                                .label = "causal mask, 6 positions",
                                                .labelSize = 32,
                                                .color = palette::kQuery,
                                                .rowLabels = labels,
                                                .colLabels = labels,
                                                .headerSize = 30});
    m_b.play(moveTo(big, {760, 530}), 0.0);
    // The future's cells in the note colour, the allowed ones on a faint fill.
    std::vector<Anim> look;
    const glm::vec4 allowed{palette::kQuery.r, palette::kQuery.g, palette::kQuery.b, 0.18f};
    for (int r = 0; r < m_n.mask6.rows(); ++r) {
      for (int c = 0; c < m_n.mask6.cols(); ++c) {
        const int cell = m_b.cellIndex(big, r, c);
        look.push_back(std::isinf(m_n.mask6(r, c)) ? cellColor(big, cell, palette::kNote)
                                                   : cellFill(big, cell, allowed));
      }
    }
    m_b.play(group(std::move(look)), 0.0);
    m_b.play(fadeIn(big), 1.0);
    const glm::vec2 beside{m_b.bounds(big).max.x + 70, 420};
    const std::vector<ItemId> reading =
        kit::paragraphs(m_kit,
                        {{"rows: the position asking\ncolumns: the position looked at"},
                         {"0: allowed,  $-\\infty$: the future", palette::kQuery},
                         {"row p0 sees itself; row p5 sees all"}},
                        beside, 1820 - beside.x, {.line = 60});
    m_kit.show(reading, 2.0, 0.4);
    m_kit.note("It is added to the scaled scores, element by element. The decoder needs it.");
    m_b.wait(2.5);
    m_b.beat("causal mask", "Lower triangle: allowed. Above the diagonal: −∞, so softmax gives 0.");

    // The toy's mask added to its scaled scores.
    m_kit.caption("Add the mask to the scaled scores");
    const math::NumberFormat f{.decimals = 2};
    m_m = m_kit.matrix(m_n.toyMask, tokenStyle("mask", palette::kQuery, {}));
    m_plus = m_kit.sign("+");
    m_eq = m_kit.sign("=");
    m_masked = m_kit.matrix(m_n.toyScaled, tokenStyle("masked scores", palette::kMaskedScore, f));
    m_maskedLegend = legend(m_scaledHeat, f, "masked legend");
    m_kit.layOutRow({m_scaled, m_plus, m_m, m_eq, m_masked, m_maskedLegend}, 520);
    // The masked scores start as the scaled scores, already on their heat scale.
    m_b.play(heatUp(m_b, m_masked, m_n.toyScaled, m_scaledHeat), 0.0);
    // The six-position mask becomes the toy's four-position one; the scores join it.
    fadeAll(reading, 0.4);
    m_b.play(m_b.transform(big, m_m), 1.2);
    m_b.play(laggedStart(0.35, {fadeIn(m_scaled), fadeIn(m_plus), fadeIn(m_eq), fadeIn(m_masked),
                                fadeIn(m_maskedLegend)}),
             1.4);
    m_b.play(group({transformCells(m_masked, kit::cellTexts(m_n.toyMasked, f), 0.15),
                    heatUp(m_b, m_masked, m_n.toyMasked, m_scaledHeat)}),
             1.6);
    m_kit.note("Above the diagonal every score becomes $-\\infty$ (the dark cells).");
    m_b.wait(2.0);
    m_b.beat("masked scores", "Scores for future positions are now −∞.");
  }

  void softmax() {
    // The operands leave under the caption change, before the masked scores slide through.
    m_kit.fadeOutAll({m_scaled, m_plus, m_m, m_eq, m_maskedLegend}, 0.6);
    m_kit.caption("Softmax along each row: the attention weights of one position");
    const math::NumberFormat f{.decimals = 2};
    m_p =
        m_kit.matrix(m_n.toyWeights, tokenStyle("attention weights", palette::kAttentionWeight, f));
    m_weightLegend = legend(m_weightHeat, {}, "weight legend");
    const ItemId arrow = m_kit.sign("→");
    const ItemId sums = m_kit.matrix(m_n.toyRowSums, toyStyle("row sums", palette::kHighlight, f));
    m_kit.layOutRow({m_masked, arrow, m_p, m_weightLegend, sums}, 520, 60);
    m_b.play(group({fadeIn(arrow), fadeIn(m_p)}), 1.0);
    m_b.play(group({heatUp(m_b, m_p, m_n.toyWeights, m_weightHeat), fadeIn(m_weightLegend)}), 1.2);
    m_b.play(fadeIn(sums), 0.8);
    m_kit.calc("$e^{-\\infty} = 0$: the future gets no weight, and each row sums to 1");
    m_kit.note("Softmax works like a differentiable argmax, row by row.");
    m_b.wait(2.5);
    m_b.beat("softmax rows", "Rows sum to 1, zeros above the diagonal.");
    m_kit.fadeOutAll({m_masked, arrow, sums, m_weightLegend}, 0.6);
  }

  void values() {
    m_kit.caption("Multiply by V: each position mixes the values it may see");
    const ItemId v = m_kit.matrix(m_n.toyV, toyStyle("$V$", palette::kResult));
    const math::NumberFormat f{.decimals = 2};
    const ItemId out = m_kit.matrix(m_n.toyOut, toyStyle("head output", palette::kResult, f));
    m_b.recordProduct(m_p, v, out, m_n.toyWeights, m_n.toyV, f);
    const ItemId dot = m_kit.sign("·"), eq = m_kit.sign("=");
    m_kit.layOutRow({m_p, dot, v, eq, out}, 520);
    m_b.play(laggedStart(0.35, {fadeIn(dot), fadeIn(v), fadeIn(eq), fadeIn(out)}), 1.6);
    m_kit.calc(productCalc(m_n.scores, m_n.v, m_n.headOut, "the paper: "));
    m_kit.note(
        "Attention links positions to positions, not words to words; the last row "
        "predicts the next word.");
    m_b.wait(2.5);
    m_b.beat("times V", "Row i of the output is a weighted mix of the value rows 0 … i.");
    m_kit.fadeOutAll({dot, v, eq, out}, 0.6);
  }

  void transposed() {
    m_kit.caption("A warning for 3Blue1Brown viewers: the same thing, transposed");
    m_kit.calc("");
    const math::NumberFormat f{.decimals = 2};
    // Transposed, its rows are the key positions and its columns the query positions.
    const Eigen::MatrixXd weightsT = m_n.toyWeights.transpose();
    const ItemId pt =
        m_kit.matrix(weightsT, tokenStyle("3Blue1Brown: $K^TQ$", palette::kAttentionWeight, f));
    m_b.play(heatUp(m_b, pt, weightsT, m_weightHeat), 0.0);
    m_b.play(fadeTo(m_p, 1.0f), 0.0);
    const ItemId arrow = m_kit.sign("→");
    m_kit.layOutRow({m_p, arrow, pt}, 520, 120);
    const ItemId flip =
        m_kit.text("transpose", 30, m_b.state(arrow).pos - glm::vec2(0, 56), palette::kNote);
    m_b.play(group({fadeIn(arrow), fadeIn(flip), fadeIn(pt)}), 1.0);
    const Rect left = m_b.bounds(m_p), right = m_b.bounds(pt);
    const kit::ParaStyle under{.align = Align::Center};
    m_kit.show(
        kit::join(
            {kit::paragraphs(m_kit, {{"here: $QK^T$, queries in rows,\nsoftmax along each row"}},
                             {left.center().x, left.max.y + 50}, 900, under),
             kit::paragraphs(m_kit,
                             {{"video: $K^TQ$, queries in columns,\nsoftmax down each column"}},
                             {right.center().x, right.max.y + 50}, 900, under)}),
        1.4, 0.3);
    m_kit.note("Same numbers, flipped: our rows are the video's columns.");
    m_b.wait(3.0);
    m_b.beat("3Blue1Brown convention", "3b1b writes KᵀQ and normalises columns: the transpose.");
  }

  SectionBuilder m_b;
  SectionKit m_kit;
  MultiHeadNumbers m_n;
  // What one step leaves on screen for the next to transform or clear.
  std::vector<ItemId> m_sizeSymbols, m_sizeMeanings, m_chainEnd, m_charts, m_headLeave, m_qkv,
      m_mixLeave, m_mix, m_equationLeave;
  ItemId m_softmaxName = 0, m_formula = 0;
  HeatScale m_scoreHeat, m_scaledHeat, m_weightHeat;
  ItemId m_scaled = 0, m_divide = 0, m_scaledLegend = 0, m_maskedLegend = 0, m_weightLegend = 0;
  ItemId m_q = 0, m_kT = 0, m_s = 0, m_dot = 0, m_eq = 0, m_plus = 0, m_m = 0, m_masked = 0,
         m_p = 0;
};

}  // namespace

SectionScript buildMultiHeadSection(const FontAtlas& atlas) {
  return MultiHeadSection(atlas).build();
}

}  // namespace tfviz
