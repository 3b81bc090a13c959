// Section 12, the complete architecture: the paper's Figure 1 rebuilt block by block, first the
// decoder alone (add & norm with a worked layer normalisation, ×N, linear, softmax; GPT), then the
// whole figure with the encoder and cross-attention, and a word on tokens.
#include "scene/sections/s12_architecture.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "math/tutorial.hpp"
#include "render/text_layout.hpp"
#include "scene/kit.hpp"
#include "scene/kit/marks.hpp"
#include "scene/kit/panel.hpp"
#include "scene/sections/registry.hpp"

namespace tfviz {

using math::MatrixShape;
using math::shapeSpan;

ArchitectureNumbers architectureNumbers() {
  ArchitectureNumbers a;
  a.normInput.resize(4);
  a.normInput << 1, 3, 5, 7;
  a.inputMean = a.normInput.mean();
  a.normCentred = a.normInput.array() - a.inputMean;
  a.inputStd = std::sqrt(a.normCentred.squaredNorm() / static_cast<double>(a.normInput.size()));
  a.normOutput = math::layerNormRows(a.normInput);
  a.outputMean = a.normOutput.mean();
  const Eigen::RowVectorXd c = a.normOutput.array() - a.outputMean;
  a.outputStd = std::sqrt(c.squaredNorm() / static_cast<double>(c.size()));
  a.shapes = math::transformerShapes();
  return a;
}

namespace {

constexpr const char* kId = "s12-architecture";
constexpr const char* kTitle = "The complete architecture";
constexpr const char* kTimes = "\\times";  // inside $...$
constexpr const char* kArrow = " → ";

// Sizes of the diagram, in design pixels.
constexpr float kBoxH = 50;     // a sublayer, the embedding, linear, softmax
constexpr float kNormH = 42;    // add & norm
constexpr float kGap = 28;      // room for an arrow between blocks
constexpr float kInner = 8;     // between a sublayer and its add & norm
constexpr float kPad = 14;      // inside the ×N frame
constexpr float kTextH = 34;    // the inputs / outputs captions
constexpr float kLabel = 28;    // text inside blocks
constexpr float kPlusR = 18;    // the ⊕ of the positional encoding
constexpr float kSkipOut = 26;  // how far a skip connection runs beside the blocks
// The figure and its panel stay inside the 5% graphics-safe margins (96 px left and right, 54 px
// top and bottom), with a few pixels to spare.
constexpr float kSafeRight = 1816;
constexpr float kSafeBottom = 1020;

struct Block {
  ItemId box = 0;    // 0 for a text-only block
  ItemId label = 0;  // the text (or the "+" of ⊕)
  Rect rect;
  std::vector<ItemId> parts() const {
    return box != 0 ? std::vector<ItemId>{box, label} : std::vector<ItemId>{label};
  }
};

struct ColumnSpec {
  float cx = 960;
  float width = 440;
  float bottom = kSafeBottom;
  bool decoder = true;     // masked self-attention, linear and softmax on top
  bool cross = false;      // a cross-attention sublayer (the full figure's decoder)
  bool skipsRight = true;  // the paper draws the decoder's skips right, the encoder's left
  std::string inputText = "Outputs (shifted right)";  // or "Inputs"
  std::string embedText = "Output Embedding";         // or "Input Embedding"
  float g = 1;  // scale of every size (the decoder alone is drawn larger)
};

struct Column {
  Block input, embed, plus;
  ItemId peLabel = 0;
  std::vector<Block> subs, norms;
  std::vector<ItemId> subArrows;  // the arrow into each sublayer
  std::vector<ItemId> skips;
  ItemId inArrow = 0, embedArrow = 0;  // input → embedding, embedding → ⊕
  ItemId frame = 0, times = 0;
  Block linear, softmax, output;
  ItemId linearArrow = 0, softmaxArrow = 0, outputArrow = 0;
  Rect frameRect;
  std::vector<ItemId> all;  // everything the column made, bottom-up
};

class ArchitectureSection {
 public:
  explicit ArchitectureSection(const FontAtlas& atlas)
      : m_b(kId, kTitle, atlas), m_kit(m_b), m_n(architectureNumbers()), m_panel(m_kit) {}

  SectionScript build() && {
    m_kit.title(kTitle);
    decoderStack();
    fullFigure();
    return std::move(m_b).finish();
  }

 private:
  // --- drawing helpers -------------------------------------------------------------------------
  float textWidth(const std::string& s, float size) const {
    return measureText(m_b.atlas(), FontFace::Sans, s, size);
  }
  // Every block, arrow and label is recorded in m_made as it is made: a column takes what it made
  // from there.
  ItemId made(ItemId id) { return m_made.emplace_back(id); }
  ItemId label(const std::string& s, float size, glm::vec2 at, glm::vec4 color = palette::kText,
               Align align = Align::Center) {
    return made(m_kit.text(s, size, at, color, FontFace::Sans, align));
  }

  Block textBlock(const std::string& s, glm::vec2 centre, float size) {
    const ItemId label = this->label(s, size, centre, palette::kNote);
    return {.label = label, .rect = m_b.bounds(label)};
  }
  // An outline (a box or the ⊕'s circle) with its text on it.
  Block outlined(ItemId box, const Rect& rect, ItemId label) {
    m_b.allowOverlap(box, label);
    return {.box = box, .label = label, .rect = rect};
  }
  Block boxBlock(const std::string& s, glm::vec2 centre, float width, float height, glm::vec4 color,
                 float size) {
    ItemDef def = makeBox(3, 10, {color.r, color.g, color.b, 0.16f});
    def.name = s + " block";
    const ItemId box =
        made(m_kit.add(std::move(def), {.pos = centre, .size = {width, height}, .color = color}));
    return outlined(box, Rect::fromCenter(centre, {width, height}), label(s, size, centre));
  }
  Block plusBlock(glm::vec2 centre, float radius) {
    const ItemId circle = made(kit::circle(m_kit, centre, radius, palette::kText, "plus circle"));
    return outlined(circle, Rect::fromCenter(centre, glm::vec2(2 * radius)),
                    label("+", 34 * radius / kPlusR, centre + glm::vec2(0, -1)));
  }
  // An arrow up from the top of `from` to the bottom of `to`, at x.
  ItemId arrowUp(const Block& from, const Block& to, float x, glm::vec4 color = palette::kText) {
    const ItemId id =
        made(kit::line(m_kit, {x, from.rect.min.y - 2}, {x, to.rect.max.y + 2}, color, 3, 13));
    kit::allowWith(m_kit, id, kit::join({from.parts(), to.parts()}));
    return id;
  }
  ItemId polyline(const std::vector<glm::vec2>& points, glm::vec4 color, float head,
                  const std::string& name) {
    std::vector<glm::vec2> rel;
    for (glm::vec2 p : points) rel.push_back(p - points[0]);
    ItemDef def = makePath(std::move(rel), 3, head);
    def.name = name;
    return made(m_kit.add(std::move(def), {.pos = points[0], .color = color}));
  }
  Anim show(const Block& blk) const {
    std::vector<Anim> a;
    if (blk.box != 0) a.push_back(create(blk.box));
    a.push_back(fadeIn(blk.label));
    return group(std::move(a));
  }

  // Lays out a whole column bottom-up; every item is created hidden.
  Column column(const ColumnSpec& s) {
    Column c;
    m_made.clear();
    const float g = s.g;
    const float boxH = kBoxH * g, normH = kNormH * g, gap = kGap * g, innerGap = kInner * g;
    const float pad = kPad * g, textH = kTextH * g, plusR = kPlusR * g, labelSize = kLabel * g;
    const float w = s.width;
    const float side = s.skipsRight ? 1.0f : -1.0f;
    const float skipX = s.cx + side * (w * 0.5f + kSkipOut * g);
    float y = s.bottom;  // the bottom edge of the next block
    auto next = [&](float h) {
      const float centre = y - h * 0.5f;
      y -= h;
      return centre;
    };
    c.input = textBlock(s.inputText, {s.cx, next(textH)}, 30 * g);
    y -= gap + 4;
    c.embed = boxBlock(s.embedText, {s.cx, next(boxH)}, w, boxH, palette::kInput, labelSize);
    y -= gap;
    c.plus = plusBlock({s.cx, next(2 * plusR)}, plusR);
    c.peLabel = label("Positional encoding", labelSize,
                      {s.cx + side * (plusR + 18), c.plus.rect.center().y}, palette::kWeight,
                      s.skipsRight ? Align::Left : Align::Right);
    c.inArrow = arrowUp(c.input, c.embed, s.cx);
    c.embedArrow = arrowUp(c.embed, c.plus, s.cx);
    y -= gap + pad;
    const float frameBottom = y + pad;
    std::vector<std::string> subs;
    subs.push_back(s.decoder ? "Masked Multi-Head Attention" : "Multi-Head Attention");
    if (s.cross) subs.push_back("Multi-Head Attention");
    subs.push_back("Feed Forward");
    Block below = c.plus;
    const size_t layerStart = m_made.size();  // what the layer loop makes, the frame holds
    for (size_t i = 0; i < subs.size(); ++i) {
      if (i > 0) y -= gap;
      const bool ff = subs[i] == "Feed Forward";
      const glm::vec4 color = ff ? palette::kWeight : palette::kKey;
      Block sub = boxBlock(subs[i], {s.cx, next(boxH)}, w, boxH, color, labelSize);
      y -= innerGap;
      Block norm = boxBlock("Add & Norm", {s.cx, next(normH)}, w, normH, palette::kNote, labelSize);
      m_b.allowOverlap(sub.box, norm.box);
      const ItemId into = arrowUp(below, sub, s.cx);
      // The skip: from the arrow into the sublayer, around it, into add & norm.
      const float startY = sub.rect.max.y + (i == 0 ? pad : gap) * 0.5f;
      const float normEdge = s.skipsRight ? norm.rect.max.x : norm.rect.min.x;
      const ItemId skip = polyline({{s.cx, startY},
                                    {skipX, startY},
                                    {skipX, norm.rect.center().y},
                                    {normEdge + side * 3, norm.rect.center().y}},
                                   palette::kText, 12, "skip connection");
      kit::allowWith(m_kit, skip, {into, sub.box, sub.label, norm.box, norm.label});
      c.subs.push_back(sub);
      c.norms.push_back(norm);
      c.subArrows.push_back(into);
      c.skips.push_back(skip);
      below = norm;
    }
    y -= pad;
    const float frameTop = y;
    const float inner = s.cx - side * (w * 0.5f + 18 * g);
    const float outer = skipX + side * 18 * g;
    c.frameRect = {{std::min(inner, outer), frameTop}, {std::max(inner, outer), frameBottom}};
    ItemDef frame = makeBox(3, 16);
    frame.name = "layer frame";
    const std::vector<ItemId> layer(m_made.begin() + static_cast<std::ptrdiff_t>(layerStart),
                                    m_made.end());
    c.frame = made(m_kit.add(
        std::move(frame),
        {.pos = c.frameRect.center(), .size = c.frameRect.size(), .color = palette::kNote}));
    kit::allowWith(m_kit, c.frame, layer);
    c.times =
        label(s.skipsRight ? "$" + std::string(kTimes) + " N$" : "$N " + std::string(kTimes) + "$",
              36 * g,
              {(s.skipsRight ? c.frameRect.max.x + 44 * g : c.frameRect.min.x - 44 * g),
               c.frameRect.center().y});
    if (s.decoder) {
      y -= gap;
      c.linear = boxBlock("Linear", {s.cx, next(boxH)}, w, boxH, palette::kWeight, labelSize);
      y -= gap * 0.8f;
      c.softmax = boxBlock("Softmax", {s.cx, next(boxH)}, w, boxH, palette::kResult, labelSize);
      y -= gap * 0.8f;
      c.output = textBlock("Output probabilities", {s.cx, next(textH)}, 30 * g);
      c.linearArrow = arrowUp(c.norms.back(), c.linear, s.cx);
      kit::allowWith(m_kit, c.linearArrow, {c.frame});
      c.softmaxArrow = arrowUp(c.linear, c.softmax, s.cx);
      c.outputArrow = arrowUp(c.softmax, c.output, s.cx);
    }
    c.all = std::move(m_made);
    return c;
  }

  // Shape annotations beside a block (left of the column), in the note colour.
  ItemId annotate(const Block& blk, const std::string& s) {
    return m_notes.emplace_back(m_kit.text(s, 30, {m_noteX, blk.rect.center().y}, palette::kNote,
                                           FontFace::Sans, Align::Right));
  }
  // --- the decoder stack, block by block --------------------------------------------------------
  void decoderStack() {
    m_kit.caption("Rebuilding the paper's Figure 1, block by block: the decoder");
    const math::TransformerShapes& sh = m_n.shapes;
    constexpr float kG = 1.15f;
    const float width = textWidth("Masked Multi-Head Attention", kLabel * kG) + 56 * kG;
    Column c = column({.cx = 700, .width = width, .embedText = "Embedding", .g = kG});
    m_noteX = c.embed.rect.min.x - 26;
    const float panelX = c.frameRect.max.x + 110;
    m_panel.place(panelX, kSafeRight - panelX);

    // Embedding.
    m_b.play(laggedStart(0.4, {fadeIn(c.input.label), create(c.inArrow), show(c.embed),
                               fadeIn(annotate(c.embed, shapeSpan(sh.oneHot, true) + kArrow +
                                                            shapeSpan(sh.embedded, true)))}),
             2.0);
    m_panel.write({{"The words so far, one-hot, times the embedding matrix (section 9)."},
                   {"Shapes from section 11, written beside each block.", palette::kNote}},
                  420);
    m_kit.stop("embedding", "One-hot [n × N] times the embedding [N × d_model].", {.hold = 1.5});

    // Positional encoding.
    m_b.play(laggedStart(0.4, {create(c.embedArrow), show(c.plus), fadeIn(c.peLabel),
                               fadeIn(annotate(c.plus, "+ " + shapeSpan(sh.encoding, true)))}),
             1.6);
    m_panel.write({{"Positional encoding is added (section 10): the shape stays " +
                    shapeSpan(sh.encoded, true) + "."}},
                  420);
    m_kit.stop("positional encoding", "The ⊕ adds the encoding; nothing changes shape.",
               {.hold = 1.5});

    // Masked multi-head attention.
    m_b.play(
        laggedStart(0.4, {create(c.subArrows[0]), show(c.subs[0]),
                          fadeIn(annotate(c.subs[0], "keeps " + shapeSpan(sh.attended, true)))}),
        1.6);
    m_panel.write(
        {{"Masked multi-head attention (section 11): every position looks only at itself and "
          "earlier positions."}},
        420);
    m_kit.stop("masked attention", "Eight heads, causal mask, output [n × d_model].",
               {.hold = 1.5});

    // Add & norm with its skip connection.
    m_kit.caption("Add & Norm: a skip connection, then layer normalisation");
    m_b.play(laggedStart(0.5, {create(c.skips[0]), show(c.norms[0])}), 1.6);
    m_panel.write({{"The skip connection adds the block's input to its output. Two reasons:"},
                   {"1. The gradient stays smooth: training finds its way more easily."},
                   {"2. The original word is kept: attention can't wash it out."}},
                  360);
    m_kit.stop("skip connections",
               "Skips smooth the loss surface and carry the original word past attention.",
               {.hold = 2.5});

    // Layer normalisation, worked.
    m_kit.caption("Layer normalisation: each position's numbers to mean 0 and std 1");
    m_panel.write({}, 0);
    layerNorm((panelX + kSafeRight) * 0.5f);

    // Feed forward with its add & norm.
    m_kit.caption("Rebuilding the paper's Figure 1, block by block: the decoder");
    m_b.play(laggedStart(0.4, {create(c.subArrows[1]), show(c.subs[1]),
                               fadeIn(annotate(c.subs[1], "keeps " + shapeSpan(sh.attended, true))),
                               create(c.skips[1]), show(c.norms[1])}),
             2.2);
    m_panel.write(
        {{"Feed forward: the feature-creation, ReLU and transition matrices of section 8, "
          "applied to every position."},
         {"$\\mathrm{FFN}(x) = \\max(0, xW_1 + b_1)W_2 + b_2$", palette::kWeight},
         {"Again a skip connection and Add & Norm."}},
        400);
    m_kit.stop("feed forward", "Section 8's second-order model as matrix multiplications.",
               {.hold = 2.0});

    // The stack.
    m_kit.caption("Stack the layer N times");
    m_b.play(group({create(c.frame), fadeIn(c.times)}), 1.2);
    m_panel.write(
        {{"The paper stacks $N = " + std::to_string(m_n.paperLayers) +
          "$ layers: beyond 6, the improvements were marginal."},
         {"More layers add redundancy rather than deeper abstraction: if one layer misses "
          "something, another can catch it."}},
        400);
    m_kit.stop("N layers", "The paper: N = 6; improvements marginal after 6 layers.",
               {.hold = 2.5});

    // Linear and softmax.
    m_kit.caption("Back to words: linear (de-embedding) and softmax");
    m_b.play(laggedStart(0.35, {create(c.linearArrow), show(c.linear),
                                fadeIn(annotate(c.linear, shapeSpan(sh.attended, true) + kArrow +
                                                              shapeSpan(sh.logits, true))),
                                create(c.softmaxArrow), show(c.softmax),
                                fadeIn(annotate(c.softmax, shapeSpan(sh.probabilities, true))),
                                create(c.outputArrow), fadeIn(c.output.label)}),
             2.6);
    m_panel.write(
        {{"Linear: the de-embedding of section 9, " + shapeSpan(m_n.shapes.linear, true) +
          ", back to one score per word."},
         {"Softmax turns the scores into probabilities; the last position's row predicts the "
          "next word."}},
        400);
    m_kit.stop("linear and softmax", "[n × d_model] → [n × N], then softmax per row.",
               {.hold = 2.5});

    // GPT.
    m_kit.caption("GPT is exactly this: a decoder-only stack");
    const ItemId twelve =
        m_kit.text("$" + std::string(kTimes) + " " + std::to_string(m_n.gptLayers) + "$", 36 * kG,
                   m_b.state(c.times).pos, palette::kTitle);
    m_b.play(m_b.transform(c.times, twelve), 0.8);  // "× N" turns into "× 12"
    m_panel.write({{"GPT stacks " + std::to_string(m_n.gptLayers) +
                    " of these decoder layers: no encoder, no cross-attention."},
                   {"A prompt goes in as “Outputs (shifted right)”; the model "
                    "adds one word at a time."}},
                  400);
    m_kit.stop("GPT", "GPT: 12 decoder layers, decoder only.", {.hold = 2.5});

    // The stack stays: it becomes the full figure's decoder. What only explained it leaves.
    m_decoder = c;
    m_twelve = twelve;
    for (ItemId id : m_panel.release()) m_notes.push_back(id);
  }

  // The decoder built block by block turns into the full figure's decoder: its arrows leave, each
  // block moves and shrinks onto its place in the new column (feed forward one sublayer higher,
  // "× 12" back to "× N"), then the new parts come in.
  void decoderIntoFigure(const Column& dec) {
    const Column& old = m_decoder;
    std::vector<std::pair<ItemId, ItemId>> pairs;
    auto both = [&](const Block& a, const Block& b) {
      if (a.box != 0 && b.box != 0) {
        pairs.emplace_back(a.box, b.box);
        m_b.allowOverlap(a.box, b.label);  // each box holds its label, old or new
        m_b.allowOverlap(a.label, b.box);
      }
      pairs.emplace_back(a.label, b.label);
    };
    both(old.input, dec.input);
    both(old.embed, dec.embed);
    both(old.plus, dec.plus);
    pairs.emplace_back(old.peLabel, dec.peLabel);
    both(old.subs.front(), dec.subs.front());
    both(old.norms.front(), dec.norms.front());
    both(old.subs.back(), dec.subs.back());
    both(old.norms.back(), dec.norms.back());
    pairs.emplace_back(old.frame, dec.frame);
    pairs.emplace_back(m_twelve, dec.times);
    both(old.linear, dec.linear);
    both(old.softmax, dec.softmax);
    both(old.output, dec.output);
    // A layer's frame encloses the blocks of both columns while one becomes the other.
    std::vector<ItemId> blocks;
    std::vector<ItemId> arrived;
    for (const auto& [from, to] : pairs) {
      if (from != old.frame && from != m_twelve) blocks.insert(blocks.end(), {from, to});
      arrived.push_back(to);
    }
    kit::allowWith(m_kit, old.frame, blocks);
    kit::allowWith(m_kit, dec.frame, blocks);
    std::vector<Anim> morph;
    for (const auto& [from, to] : pairs) morph.push_back(m_b.transform(from, to));
    m_b.play(group(std::move(morph)), 1.6);
    std::vector<ItemId> rest;
    for (ItemId id : dec.all)
      if (std::find(arrived.begin(), arrived.end(), id) == arrived.end()) rest.push_back(id);
    m_kit.show(rest, 1.2, 0.04);
  }

  // The worked example, centred on x = cx (the panel's column).
  void layerNorm(float cx) {
    const math::NumberFormat f{.decimals = 2};
    kit::Act act(m_kit);
    auto vector = [&](const Eigen::RowVectorXd& v, const std::string& label, glm::vec4 color,
                      math::NumberFormat format = {}) {
      return m_kit.matrix(
          v, {.fontSize = 40, .label = label, .labelSize = 30, .color = color, .format = format});
    };
    const ItemId x = vector(m_n.normInput, "one position's numbers, x", palette::kInput);
    const ItemId centred = vector(
        m_n.normCentred,
        "x " + std::string(math::kMinus) + " mean (" + math::formatNumber(m_n.inputMean, f) + ")",
        palette::kInput);
    const ItemId out =
        vector(m_n.normOutput, "÷ standard deviation (" + math::formatNumber(m_n.inputStd, f) + ")",
               palette::kResult, f);
    m_b.play(group({moveTo(x, {cx, 350}), moveTo(centred, {cx, 510}), moveTo(out, {cx, 670})}),
             0.0);
    m_kit.show({x, centred, out}, 2.4, 1.0);  // one after another
    const ItemId check = m_kit.text("now: mean " + math::formatNumber(m_n.outputMean, f) +
                                        ", std " + math::formatNumber(m_n.outputStd, f),
                                    32, {cx, 780}, palette::kResult);
    const ItemId aside = m_kit.text("Why it works so well: no one is completely sure.", 28,
                                    {cx, 840}, palette::kNote);
    m_kit.show({check, aside}, 1.2, 0.5);
    m_kit.stop("layer normalisation", "Shift to mean 0, scale to standard deviation 1.",
               {.hold = 2.5});
    act.clearUnder(0.6);
  }

  // --- the whole figure ------------------------------------------------------------------------
  void fullFigure() {
    // The decoder's arrows and notes and the panel leave under the caption change.
    const Column& old = m_decoder;
    m_kit.fadeOutAll(kit::join({m_notes,  // and the last panel
                                {old.inArrow, old.embedArrow, old.linearArrow, old.softmaxArrow,
                                 old.outputArrow},
                                old.subArrows,
                                old.skips}),
                     0.6);
    m_kit.caption("The full Figure 1: an encoder feeds the decoder (translation)");
    const float width = textWidth("Masked Multi-Head Attention", kLabel) + 56;
    Column dec = column({.cx = 1030, .width = width, .cross = true});
    Column enc = column({.cx = 430,  // its "N ×" inside the left margin
                         .width = width,
                         .decoder = false,
                         .skipsRight = false,
                         .inputText = "Inputs",
                         .embedText = "Input Embedding"});
    m_panel.place(dec.frameRect.max.x + 100, kSafeRight - dec.frameRect.max.x - 100);
    // The decoder first: it is the stack already built.
    decoderIntoFigure(dec);
    m_panel.write({{"The decoder again, with one more sublayer in each layer."}}, 420);
    m_b.wait(1.0);

    // The encoder.
    m_kit.show(enc.all, 2.0, 0.03);
    m_panel.write(
        {{"The encoder: the same layers without a mask. Every position sees the whole input "
          "sentence."},
         {"Used to translate: it reads the source sentence; there is no prompt."}},
        400);
    m_kit.stop("encoder stack", "Encoder: no mask; its output goes to every decoder layer.",
               {.hold = 2.5});

    // Cross-attention: K and V from the encoder, Q from the decoder.
    m_kit.caption("Cross-attention: queries from the decoder, keys and values from the encoder");
    const Block& cross = dec.subs[1];
    const float midX = (enc.frameRect.max.x + dec.frameRect.min.x) * 0.5f;
    const float topY = enc.frameRect.min.y - 24;
    const float y = cross.rect.center().y + 6;
    const ItemId kv = polyline({{enc.frameRect.center().x, enc.norms.back().rect.min.y - 2},
                                {enc.frameRect.center().x, topY},
                                {midX, topY},
                                {midX, y},
                                {cross.rect.min.x - 3, y}},
                               palette::kKey, 14, "keys and values");
    // The path's bounding box spans the blocks it runs around (checked by eye, not crossed): the
    // items of both columns.
    for (ItemId id : kit::join({dec.all, enc.all}))
      if (m_b.bounds(id).overlaps(m_b.bounds(kv))) m_b.allowOverlap(kv, id);
    const ItemId kvLabel = m_kit.text("K, V", 30, {midX, topY - 28}, palette::kKey);
    const ItemId ring = m_kit.boxAround(
        cross.rect,
        {cross.box, cross.label, dec.norms[1].box, dec.norms[0].box, dec.frame, dec.subArrows[1],
         dec.skips[1], kv},
        {.stroke = 5, .radius = 12, .name = "cross-attention highlight", .seconds = 0});
    m_b.play(create(kv), 1.4);
    m_b.play(laggedStart(0.4, {fadeIn(kvLabel), create(ring)}), 1.2);
    m_panel.write(
        {{"K and V come from the encoder's last layer; Q comes from the decoder's previous "
          "sublayer."},
         {"So each output position can look up the input sentence."}},
        400);
    m_kit.stop("cross-attention", "K, V: final encoder layer. Q: the decoder.", {.hold = 2.5});

    // Tokens.
    m_kit.caption("What goes in: tokens from byte pair encoding");
    m_b.play(fadeOut(ring), 0.4);
    m_panel.write(
        {{"Whole words: too many. Letters: too little meaning."},
         {"Byte pair encoding merges the most frequent pair of symbols, again and again, until "
          "the vocabulary is big enough."},
         {"“transformer” gets a single token; “ksowjmckder” is split into pieces.",
          palette::kWeight}},
        330);
    m_kit.stop("tokens", "BPE: common words become one token; rare strings split into pieces.",
               {.hold = 3.0});
  }

  SectionBuilder m_b;
  SectionKit m_kit;
  ArchitectureNumbers m_n;
  Column m_decoder;             // the decoder built block by block
  ItemId m_twelve = 0;          // its "× 12" (GPT)
  std::vector<ItemId> m_made;   // what add() and label() made, for the column being built
  float m_noteX = 0;            // the right edge of the shape notes
  std::vector<ItemId> m_notes;  // shape notes beside the decoder's blocks
  kit::Panel m_panel;           // the explanation panel right of the figure
};

}  // namespace

SectionScript buildArchitectureSection(const FontAtlas& atlas) {
  return ArchitectureSection(atlas).build();
}

}  // namespace tfviz
