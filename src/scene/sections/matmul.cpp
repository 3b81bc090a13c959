// The attention matmul explainer: the client's notebook, animated, then carried on to the end of
// attention. It opens with its inputs (the prompt's tokens, the token table, the shared W, d_k);
// the prompt's tokens are looked up in the token table (or the user's hidden states are shown),
// queries = hidden_states @ W_q.T and attention_map = queries @ keys.T are computed entry by entry
// with their real products, the map's diagonal is outlined; then the scores are divided by √d_k,
// masked (when the causal mask is on), turned into attention weights by a row softmax, and
// output = attention weights @ values is computed entry by entry. Every token-by-token matrix has
// its rows labelled with the query tokens, its columns with the key tokens, and its cells on a heat
// scale with a legend beside it (scene/heat.hpp). Every number shown is computed with Eigen
// (math/matmul.hpp) from the inputs and options.
#include "scene/sections/matmul.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "scene/heat.hpp"
#include "scene/kit.hpp"
#include "scene/kit/marks.hpp"
#include "scene/sections/registry.hpp"

namespace tfviz {
namespace {

// Equal shapes and entries (Eigen's == requires equal shapes).
bool sameMatrix(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() && a == b;
}

constexpr const char* kStepDot = " · ";  // " · "
constexpr const char* kDivide = "÷";     // ÷
constexpr const char* kArrow = "→";      // →
constexpr const char* kMaskOp = "+ mask =";

class MatmulSection {
 public:
  MatmulSection(const FontAtlas& atlas, const math::AttentionInputs& inputs,
                const math::AttentionOptions& options)
      : m_b("matmul", "Attention, entry by entry", atlas),
        m_kit(m_b),
        m_inputs(inputs),
        m_options(options),
        m_n(math::computeAttention(inputs, options)),
        m_scoreHeat(HeatScale::diverging(m_n.scores)),
        m_scaledHeat(HeatScale::diverging(m_n.scaled)),
        m_weightHeat(HeatScale::sequential(0, 1)) {
    const bool named = m_inputs.hidden && std::ssize(m_inputs.tokenLabels) == m_n.hidden.rows();
    for (size_t i = 0; i < static_cast<size_t>(m_n.hidden.rows()); ++i)
      m_tokens.push_back(named             ? "\"" + m_inputs.tokenLabels[i] + "\""
                         : m_inputs.hidden ? "t" + std::to_string(i)
                                           : "\"" + std::string(1, m_inputs.prompt[i]) + "\"");
    plan();
  }

  SectionScript build() && {
    intro();
    if (m_inputs.hidden)
      showGivenHidden();
    else
      lookUpTokens();
    m_queries = productStep(m_hidden, m_n.hidden,
                            {.caption = "Step 2 · Queries: the hidden states times $W_q^T$",
                             .code = "queries = hidden_states @ W_q.T",
                             .rhs = &m_n.wqT,
                             .rhsStyle = wqTStyle(),
                             .result = &m_n.queries,
                             .resultStyle = queriesStyle(),
                             .note = "nn.Linear multiplies by its weight transposed: the matrix on "
                                     "the right is $W_q^T$.",
                             .beatName = "queries"});
    m_attention =
        productStep(m_queries, m_n.queries,
                    {.caption = "Step 3 · Scores: the queries times $K^T$, the keys transposed",
                     .code = "attention_map = queries @ keys.T",
                     .rhs = &m_n.keysT,
                     .rhsStyle = keysTStyle(),
                     .result = &m_n.attention,
                     .resultStyle = attentionStyle(),
                     .note = sameMatrix(m_n.wk, m_n.wq)
                                 ? "The notebook gives keys the same weights as queries, so "
                                   "$K^T$ is the queries transposed."
                                 : "The keys are computed just like the queries, with $W_k^T$.",
                     .beatName = "score"});
    finalMap();
    scaleStep();
    maskStep();
    softmaxStep();
    weightedSumStep();
    return std::move(m_b).finish();
  }

 private:
  // The section's matrix style: the matrix font, labels and headers at the planned size.
  MatrixStyle style(MatrixStyle s) const {
    s.fontSize = kit::kMatrixFont;
    s.labelSize = m_labelSize;
    s.headerSize = m_labelSize;
    return s;
  }

  // The styles of every matrix that takes part in a product row, in the section's style
  // (formats chosen from values). Token-by-anything matrices label their rows with the tokens
  // (kTokensRows); token-by-token ones their columns too, with the key tokens (kTokensBoth); K^T
  // only its columns.
  enum TokenLabels { kTokensNone = 0, kTokensRows = 1, kTokensCols = 2, kTokensBoth = 3 };
  MatrixStyle named(std::string label, glm::vec4 color, math::NumberFormat format,
                    int tokens) const {
    MatrixStyle s = style({.label = std::move(label), .color = color, .format = format});
    if (tokens & kTokensRows) s.rowLabels = m_tokens;
    if (tokens & kTokensCols) s.colLabels = m_tokens;
    return s;
  }
  MatrixStyle named(std::string label, glm::vec4 color, const Eigen::MatrixXd& values,
                    int tokens) const {
    return named(std::move(label), color, math::chooseFormat(values), tokens);
  }
  MatrixStyle hiddenStyle() const {
    return named("hidden_states", palette::kInput, m_n.hidden, kTokensRows);
  }
  MatrixStyle wqTStyle() const { return named("$W_q^T$", palette::kWeight, m_n.wqT, kTokensNone); }
  MatrixStyle wkTStyle() const { return named("$W_k^T$", palette::kWeight, m_n.wkT, kTokensNone); }
  MatrixStyle queriesStyle() const {
    return named("queries", palette::kQuery, m_n.queries, kTokensRows);
  }
  MatrixStyle keysTStyle() const { return named("$K^T$", palette::kKey, m_n.keysT, kTokensCols); }
  MatrixStyle attentionStyle() const {
    return named("attention_map", palette::kScore, m_n.scores, kTokensBoth);
  }
  MatrixStyle scaledStyle() const {
    return named("scaled scores", palette::kScaledScore, m_scaledFormat, kTokensBoth);
  }
  MatrixStyle maskStyle() const {
    return named("causal mask", palette::kNote, math::NumberFormat{}, kTokensBoth);
  }
  MatrixStyle maskedStyle() const {
    return named("masked scores", palette::kMaskedScore, m_scoresFormat, kTokensBoth);
  }
  MatrixStyle weightsStyle() const {
    return named("attention weights", palette::kAttentionWeight, m_weightsFormat, kTokensBoth);
  }
  MatrixStyle wvTStyle() const { return named("$W_v^T$", palette::kWeight, m_n.wvT, kTokensNone); }
  MatrixStyle valuesStyle() const {
    return named("values", palette::kValue, m_n.values, kTokensRows);
  }
  MatrixStyle outputStyle() const {
    return named("output", palette::kOutput, m_outputFormat, kTokensRows);
  }
  // The prompt as a row of token ids.
  Eigen::MatrixXd tokenIds() const {
    const Eigen::Index n = std::ssize(m_n.tokens);
    return Eigen::Map<const Eigen::RowVectorXi>(m_n.tokens.data(), n).cast<double>();
  }
  MatrixStyle promptStyle() const {
    return style({.label = "prompt \"" + m_inputs.prompt + "\"", .color = palette::kInput});
  }
  MatrixStyle tableStyle() const {
    MatrixStyle s =
        style({.label = "token table",
               .color = palette::kInput,
               .format = math::chooseFormat(m_inputs.tokenTable),
               .rowLabels = kit::numbered("", static_cast<int>(m_inputs.tokenTable.rows()))});
    // The table is shown scaled down to fit its rows: larger labels stay legible.
    s.labelSize = s.headerSize = std::max(m_labelSize, 44.0f);
    return s;
  }
  // The shared W of the notebook (one matrix for queries, keys and values), or W_q.T alone.
  bool sharedW() const { return sameMatrix(m_n.wq, m_n.wk) && sameMatrix(m_n.wq, m_n.wv); }
  MatrixStyle sharedWStyle() const {
    MatrixStyle s = wqTStyle();
    if (sharedW()) s.label = "$W = W_q^T = W_k^T = W_v^T$";
    return s;
  }
  std::string dkText() const { return "$d_k = " + std::to_string(m_n.dk) + "$"; }

  // The operators written between matrices.
  std::string divideText() const { return "$\\div \\sqrt{" + std::to_string(m_n.dk) + "}$"; }
  std::string temperatureText() const {
    return math::formatNumber(m_options.temperature, {.decimals = 2});
  }
  std::string softmaxText() const {
    const bool hot = m_options.temperature != 1.0;
    return (hot ? "softmax(x " + std::string(kDivide) + " " + temperatureText() + ") "
                : std::string("softmax ")) +
           kArrow;
  }
  static constexpr float kOpSize = kit::kSignSize;
  static constexpr float kSoftmaxSize = 48;
  static constexpr int kLegendSteps = 9;

  // A heat legend: its size, for planning, and the legend added (hidden).
  float legendLabelSize() const { return std::max(m_labelSize, kit::kMinTextSize); }
  glm::vec2 legendSize(const HeatScale& scale, math::NumberFormat format) const {
    const ItemDef def = makeHeatLegend(m_b.atlas(), scale, format, kit::kMatrixFont,
                                       legendLabelSize(), kLegendSteps)
                            .def;
    return itemBounds(m_b.atlas(), def, ItemState{}).size();
  }
  math::NumberFormat scoreLegendFormat() const { return math::chooseFormat(m_n.scores); }
  math::NumberFormat scaledLegendFormat() const {
    return m_options.scale ? m_scaledFormat : scoreLegendFormat();
  }
  ItemId addLegend(const HeatScale& scale, math::NumberFormat format, const std::string& name) {
    return addHeatLegend(m_b, scale, format, kit::kMatrixFont, legendLabelSize(), name,
                         kLegendSteps);
  }

  // ------------------------------------------------------------------------------------------
  // Planning: how wide each row of the section will be, before anything is added. Large inputs
  // (long prompts, a user's own hidden states) shrink the rows; matrix labels then grow so that
  // every label stays legible, the softmax weights fall back to 2 decimals, and the mask is shown
  // in two rows instead of one. Every row is measured as the kit will lay it out.

  glm::vec2 size(const Eigen::MatrixXd& values, const MatrixStyle& st, bool result = false) const {
    return m_kit.matrixSize(values, st, result);
  }
  glm::vec2 signSize(const std::string& s, float size = kOpSize) const {
    return m_kit.textSize(s, size);
  }
  static float rowFit(const std::vector<glm::vec2>& sizes) { return kit::fitRow(sizes); }
  // a @ b = c, the result faint (SectionKit::layOutProduct).
  float productFit(const Eigen::MatrixXd& a, const MatrixStyle& sa, const Eigen::MatrixXd& b,
                   const MatrixStyle& sb, const Eigen::MatrixXd& c, const MatrixStyle& sc) const {
    return m_kit.productFit(size(a, sa), size(b, sb), size(c, sc, true));
  }
  float softmaxFit() const {
    return rowFit({size(m_n.masked, maskedStyle()), signSize(softmaxText(), kSoftmaxSize),
                   size(m_n.weights, weightsStyle(), true), legendSize(m_weightHeat, {})});
  }
  float maskFullFit() const {
    return rowFit({size(m_n.scaled, scaledStyle()), signSize("+"), size(m_n.mask, maskStyle()),
                   signSize("="), size(m_n.masked, maskedStyle(), true),
                   legendSize(m_scaledHeat, scaledLegendFormat())});
  }
  float maskSplitFit() const {
    const glm::vec2 scaled = size(m_n.scaled, scaledStyle());
    return std::min(
        rowFit({scaled, signSize("+"), size(m_n.mask, maskStyle())}),
        rowFit({scaled, signSize(kMaskOp, kSoftmaxSize), size(m_n.masked, maskedStyle(), true),
                legendSize(m_scaledHeat, scaledLegendFormat())}));
  }
  // The opening row: the inputs side by side.
  float introFit() const {
    std::vector<glm::vec2> sizes;
    if (m_inputs.hidden)
      sizes.push_back(size(m_n.hidden, hiddenStyle()));
    else
      sizes = {size(tokenIds(), promptStyle()), size(m_inputs.tokenTable, tableStyle())};
    sizes.push_back(size(m_n.wqT, sharedWStyle()));
    if (!sharedW())
      sizes.insert(sizes.end(), {size(m_n.wkT, wkTStyle()), size(m_n.wvT, wvTStyle())});
    sizes.push_back(signSize(dkText()));
    return rowFit(sizes);
  }

  void plan() {
    // Integer scores and values (the notebook's) give 2 decimals after scaling and weighting;
    // scores and values that already have decimals keep all 4.
    const int scaledDecimals = math::chooseFormat(m_n.scores).decimals > 0 ? 4 : 2;
    const int outputDecimals = math::chooseFormat(m_n.values).decimals > 0 ? 4 : 2;
    m_scaledFormat = math::chooseFormat(m_n.scaled, scaledDecimals);
    m_scoresFormat = m_options.scale ? m_scaledFormat : math::chooseFormat(m_n.scores);
    m_outputFormat = math::chooseFormat(m_n.output, outputDecimals);
    constexpr float kComfortable = 0.7f;  // labels of 40 px stay >= 28 px down to this scale
    const float legible = (kit::kMinTextSize + 0.5f) / kit::kMatrixFont;
    for (int round = 0; round < 3; ++round) {
      float need = std::min(
          {introFit(),
           productFit(m_n.hidden, hiddenStyle(), m_n.wqT, wqTStyle(), m_n.queries, queriesStyle()),
           productFit(m_n.queries, queriesStyle(), m_n.keysT, keysTStyle(), m_n.scores,
                      attentionStyle()),
           productFit(m_n.hidden, hiddenStyle(), m_n.wvT, wvTStyle(), m_n.values, valuesStyle())});
      if (m_options.scale) {
        need = std::min(need, rowFit({size(m_n.scores, attentionStyle()), signSize(divideText()),
                                      signSize("="), size(m_n.scaled, scaledStyle(), true),
                                      legendSize(m_scaledHeat, scaledLegendFormat())}));
      }
      // Fewer decimals when the softmax row would be cramped.
      m_weightsFormat = {.decimals = 4};
      if (m_options.scale)
        m_scoresFormat = m_scaledFormat = math::chooseFormat(m_n.scaled, scaledDecimals);
      if (softmaxFit() < std::min(kComfortable, need)) m_weightsFormat = {.decimals = 2};
      if (softmaxFit() < legible && m_options.scale)
        m_scoresFormat = m_scaledFormat = math::chooseFormat(m_n.scaled, scaledDecimals / 2);
      need = std::min(need, softmaxFit());
      need = std::min(need, productFit(m_n.weights, weightsStyle(), m_n.values, valuesStyle(),
                                       m_n.output, outputStyle()));
      if (m_options.causalMask) {
        m_maskInOneRow = maskFullFit() >= std::min(kComfortable, need);
        need = std::min(need, m_maskInOneRow ? maskFullFit() : maskSplitFit());
      }
      m_labelSize = std::clamp((kit::kMinTextSize + 0.5f) / need, 40.0f, 60.0f);
    }
  }

  // ------------------------------------------------------------------------------------------
  // The opening: what goes in, before anything is multiplied.

  void intro() {
    m_kit.title("Attention, entry by entry");
    m_kit.caption("The inputs, from the notebook");
    // The inputs, one group at a time (the weight matrices together), each with its note.
    struct Input {
      std::vector<ItemId> items;
      std::string label, note;
    };
    std::vector<Input> in;
    if (m_inputs.hidden) {
      m_hidden = m_kit.matrix(m_n.hidden, hiddenStyle());
      in.push_back({{m_hidden},
                    "inputs: hidden states",
                    "Your hidden states: one row per token, " + m_tokens.front() + " to " +
                        m_tokens.back() + "."});
    } else {
      m_prompt = m_kit.matrix(tokenIds(), promptStyle());
      m_table = m_kit.matrix(m_inputs.tokenTable, tableStyle());
      in.push_back({{m_prompt},
                    "inputs: prompt",
                    "The prompt \"" + m_inputs.prompt + "\": each digit is one token."});
      in.push_back({{m_table},
                    "inputs: token table",
                    "The token table: one row of " + std::to_string(m_n.hidden.cols()) +
                        " numbers (an embedding) for each token id."});
    }
    if (sharedW())
      in.push_back({{m_kit.matrix(m_n.wqT, sharedWStyle())},
                    "inputs: shared W",
                    "One weight matrix, shared: queries, keys and values all multiply by W."});
    else
      in.push_back({{m_kit.matrix(m_n.wqT, wqTStyle()), m_kit.matrix(m_n.wkT, wkTStyle()),
                     m_kit.matrix(m_n.wvT, wvTStyle())},
                    "inputs: weights",
                    "Three weight matrices: one each for queries, keys and values."});
    in.push_back({{m_kit.text(dkText(), kOpSize, {0, 560})},
                  "inputs: d_k",
                  dkText() + ": the length of every query and key (the columns of $W_q^T$)."});
    m_weightsAndDk = in[in.size() - 2].items;
    m_weightsAndDk.push_back(in.back().items[0]);
    std::vector<ItemId> row;
    for (const Input& i : in) row.insert(row.end(), i.items.begin(), i.items.end());
    m_kit.layOutRow(row, 560);
    for (const Input& i : in) {
      m_kit.show(i.items, 1.0, 0.3);
      m_kit.stop(i.label, i.note, i.note, 0.6);
    }
  }

  void lookUpTokens() {
    m_kit.caption("Step 1 · Look up each token of the prompt \"" + m_inputs.prompt + "\"");
    m_kit.clear(m_weightsAndDk, 0.5);
    m_hidden = m_kit.matrix(m_n.hidden, hiddenStyle(), true);
    m_kit.layOutRow({m_prompt, m_table, m_hidden}, 560, {.gap = 90});
    m_b.play(fadeIn(m_hidden), 0.8);
    m_kit.stop("lookup",
               "Each token of the prompt picks its row of the table. Next: the first token.",
               "Token $i$'s row of the table becomes row $i$ of hidden_states.", 0);

    const float tableFit = m_b.state(m_table).scale;
    std::optional<ItemId> box, tokenBox;
    for (size_t i = 0; i < m_n.tokens.size(); ++i) {
      const int row = static_cast<int>(i);
      const Rect rowRect = m_b.rowBounds(m_table, m_n.tokens[i]).expanded(8 * tableFit);
      const Rect tokenRect =
          m_b.cellBounds(m_prompt, 0, row).expanded(4 * m_b.state(m_prompt).scale);
      m_b.play(
          group({m_kit.walkBox(box, rowRect, {m_table}, {.pad = 0, .name = "lookup box"}),
                 m_kit.walkBox(tokenBox, tokenRect, {m_prompt}, {.pad = 0, .name = "token box"})}),
          0.8);
      m_kit.fillRow(m_hidden, row, m_n.hidden,
                    {.color = palette::kInput, .seconds = 0.8, .lag = 0.3, .recolor = false});
      m_kit.stop(
          "token " + std::to_string(i) + " is \"" + std::string(1, m_inputs.prompt[i]) + "\"",
          "Digit " + std::string(1, m_inputs.prompt[i]) + " picks row " +
              std::string(1, m_inputs.prompt[i]) + " of the table: that row becomes row " +
              std::to_string(i) + " of hidden_states.",
          {.hold = 0.3});
    }
    m_b.play(recolor(m_hidden, palette::kInput), 0.0);
    m_kit.clear({*box, *tokenBox, m_table, m_prompt}, 0.8);
  }

  // A line of the notebook's PyTorch code at the calculation line, in code type (hidden).
  ItemId codeLine(const std::string& code) {
    const ItemId id = m_kit.text(code, 38, {960, kit::kCalcY}, palette::kNote, FontFace::Mono);
    m_kit.fitWidth(id, kit::kMaxRowWidth);
    return id;
  }

  // One product step: lhs (already on screen) @ a new right operand = a new, faint result,
  // computed entry by entry. Returns the result, which stays; operands and signs fade out.
  struct StepSpec {
    std::string caption;
    std::string code;  // the notebook's line of PyTorch, shown in code type under the product
    const Eigen::MatrixXd* rhs;
    MatrixStyle rhsStyle;
    const Eigen::MatrixXd* result;
    MatrixStyle resultStyle;
    std::string note;
    std::string beatName;  // "queries" gives beats "queries (i, j)"
  };
  ItemId productStep(ItemId lhs, const Eigen::MatrixXd& lhsValues, const StepSpec& spec) {
    m_kit.caption(spec.caption);
    const ItemId rhs = m_kit.matrix(*spec.rhs, spec.rhsStyle);
    const ItemId result = m_kit.matrix(*spec.result, spec.resultStyle, true);
    const Product p = m_kit.layOutProduct(lhs, rhs, result);
    m_kit.show({p.times, rhs, p.equals, result}, 1.5, 0.3);
    const ItemId code = codeLine(spec.code);
    m_b.play(fadeIn(code), 0.6);
    m_kit.stop(spec.beatName + ": operands", spec.note, spec.note, 0);
    m_kit.note("");
    m_b.play(fadeOut(code), 0.4);
    m_kit.stepProduct(p, lhsValues, *spec.rhs,
                      {.resultColor = spec.resultStyle.color, .beatName = spec.beatName});
    m_b.beat(
        spec.beatName + " done",
        "Every entry was one row times one column; the whole product is just those dot products.");
    m_kit.clear({lhs, rhs, p.times, p.equals}, 0.8);
    return result;
  }

  void finalMap() {
    m_kit.caption("The attention map: one row per query token, one column per key token");
    m_legend = addLegend(m_scoreHeat, scoreLegendFormat(), "score legend");
    m_kit.layOutRow({m_attention, m_legend}, 560,
                    {.gap = 70, .maxWidth = 1500, .maxHeight = 600, .most = 1.6f, .seconds = 1.2});
    m_b.beat("attention map", "Row i: how strongly token i's query matches every key.");
    m_b.play(group({heatUp(m_b, m_attention, m_n.attention, m_scoreHeat), fadeIn(m_legend)}), 1.4);
    m_kit.stop("score heat",
               "The heat colours make the biggest scores jump out; the legend reads them.",
               "Colour shows each score: red is high, blue is negative, grey is near 0.", 0.8);
    const int n = static_cast<int>(m_n.attention.rows());
    std::optional<ItemId> box;
    const kit::BoxStyle outline{
        .color = palette::kTitle, .pad = -3, .stroke = 5, .radius = 12, .name = "diagonal box"};
    std::vector<int> diagonal;
    for (int i = 0; i < n; ++i) {
      const Rect cell = m_b.cellBounds(m_attention, i, i);
      m_b.play(m_kit.walkBox(box, cell, {m_attention}, outline), i == 0 ? 0.8 : 0.7);
      if (i == 0) m_kit.note("The diagonal: each token's score against itself.");
      diagonal.push_back(m_b.cellIndex(m_attention, i, i));
      m_kit.highlightCells(m_attention, {diagonal.back()}, 1.0f, 0.3);
      m_b.beat("diagonal " + std::to_string(i),
               "Token " + m_tokens[static_cast<size_t>(i)] + " scored against itself.");
    }
    std::vector<Anim> off{fadeOut(*box)};
    for (int cell : diagonal) off.push_back(cellHighlight(m_attention, cell, 0.0f));
    m_b.play(group(std::move(off)), 0.5);
    m_kit.stop("stronger match",
               "Raw scores can be any size; the next steps turn them into attention weights.",
               "A higher score means a stronger match between a query and a key.", 1.5);
    m_scores = m_attention;
  }

  // ------------------------------------------------------------------------------------------
  // Beyond the notebook: scaling, mask, softmax, weighted sum.

  std::string stepLabel() { return "Step " + std::to_string(m_step++) + kStepDot; }

  // How a placeholder matrix is filled with its values, entry by entry: numbers in the text colour
  // (masked ones in grey) on the heat scale's fills.
  static kit::CellFill heatFill(const HeatScale& heat, math::NumberFormat f, double s) {
    return {.format = f, .color = palette::kText, .seconds = s, .recolor = false, .heat = heat};
  }

  // Calculation text at the calculation line, or `shorter` when the text would have to shrink
  // below the smallest legible size to fit the frame. Returns the (hidden) item.
  ItemId calcText(const std::string& text, const std::string& shorter) {
    constexpr float kSize = 42;
    ItemId id = m_kit.text(text, kSize, {960, kit::kCalcY}, palette::kText, FontFace::Mono);
    if (m_kit.width(id) * kit::kMinTextSize / kSize > kit::kMaxRowWidth)
      id = m_kit.text(shorter, kSize, {960, kit::kCalcY}, palette::kText, FontFace::Mono);
    m_kit.fitWidth(id, kit::kMaxRowWidth);
    return id;
  }

  // Step 4: the scores divided by √d_k (or a word that scaling is off).
  void scaleStep() {
    if (!m_options.scale)
      return m_kit.stop("no scaling",
                        "Scaling is off in the inspector: the softmax sees the raw scores.",
                        "Scaling is off here: the raw scores go straight into the softmax.", 1.5);
    const std::string root = "$\\sqrt{" + std::to_string(m_n.dk) + "}$";
    m_kit.caption(stepLabel() + "Divide every score by $\\sqrt{d_k} = \\sqrt{" +
                  std::to_string(m_n.dk) + "}$");
    const math::NumberFormat format = m_scaledFormat;
    const ItemId divide = m_kit.sign(divideText(), kOpSize);
    const ItemId equals = m_kit.sign("=", kOpSize);
    const ItemId scaled = m_kit.matrix(m_n.scaled, scaledStyle(), true);
    const ItemId legend = addLegend(m_scaledHeat, scaledLegendFormat(), "scaled legend");
    m_b.play(fadeOut(m_legend), 0.4);
    m_kit.layOutRow({m_attention, divide, equals, scaled, legend}, kit::kContentY);
    m_kit.show({divide, equals, scaled}, 1.2, 0.3);
    m_kit.stop(
        "scale: operands",
        "Dividing by the square root of d_k keeps scores from growing with the key length.",
        dkText() + " numbers per key. Dividing keeps long keys from making the softmax too spiky.",
        0);
    // The first entry worked out: "6 ÷ √3 = 6 ÷ 1.7321 = 3.46".
    const std::string score =
        math::formatNumber(m_n.scores(0, 0), math::chooseFormat(m_n.scores)) + " " + kDivide + " ";
    const std::string root2 = math::formatNumber(std::sqrt(double(m_n.dk)), {.decimals = 4});
    const ItemId calc = calcText(
        score + root + " = " + score + root2 + " = " + math::formatNumber(m_n.scaled(0, 0), format),
        "");
    m_b.play(write(calc), 1.0);
    m_kit.fillCells(scaled, m_n.scaled, heatFill(m_scaledHeat, format, 1.5));
    m_b.play(group({recolor(scaled, palette::kScaledScore), fadeIn(legend)}), 0.6);
    m_kit.stop("scaled", "Same order of scores, smaller spread: the softmax will be less extreme.",
               {.hold = 0.5});
    m_kit.clear({m_attention, divide, equals, calc}, 0.6);
    m_kit.layOutRow({scaled, legend}, kit::kContentY, {.gap = 70, .seconds = 0.8});
    m_scores = scaled;
    m_legend = legend;
  }

  // Step 5: the causal mask added (or a word that this explainer runs without one).
  void maskStep() {
    if (!m_options.causalMask)
      return m_kit.stop(
          "no mask",
          "Without a causal mask every token may look at every other one, later ones included.",
          "No causal mask here: every token sees every token (a toggle turns it on).", 1.5);
    m_kit.caption(stepLabel() + "The causal mask: no peeking at later tokens");
    const ItemId mask = m_kit.matrix(m_n.mask, maskStyle());
    // The mask's −∞ entries on the dark masked fill, its zeros plain.
    for (int r = 0; r < m_n.mask.rows(); ++r)
      for (int c = 0; c < m_n.mask.cols(); ++c)
        if (std::isinf(m_n.mask(r, c)))
          m_b.play(cellFill(mask, m_b.cellIndex(mask, r, c), palette::kMaskedCell), 0.0);
    const ItemId plus = m_kit.sign("+", kOpSize);
    const ItemId masked = m_kit.matrix(m_n.masked, maskedStyle(), true);
    std::vector<ItemId> done{m_scores, plus, mask};
    if (m_maskInOneRow) {
      const ItemId equals = m_kit.sign("=", kOpSize);
      done.push_back(equals);
      m_kit.layOutRow({m_scores, plus, mask, equals, masked, m_legend}, kit::kContentY);
      m_kit.show({plus, mask, equals, masked}, 1.4, 0.3);
    } else {
      // Too wide for one row: scores + mask first, then scores "+ mask =" masked.
      m_b.play(fadeOut(m_legend), 0.4);
      m_kit.layOutRow({m_scores, plus, mask}, kit::kContentY);
      m_kit.show({plus, mask}, 1.0, 0.3);
    }
    m_kit.stop("mask: operands",
               "A decoder must not look ahead: minus infinity above the diagonal.",
               "Row $i$ may use tokens 0 to $i$ only: $-\\infty$ sits above the diagonal.", 0);
    if (!m_maskInOneRow) {
      m_kit.clear({plus, mask}, 0.6);
      const ItemId op = m_kit.sign(kMaskOp, kSoftmaxSize);
      m_kit.layOutRow({m_scores, op, masked, m_legend}, kit::kContentY);
      m_kit.show({op, masked, m_legend}, 1.0, 0.3);
      done = {m_scores, op};
    }
    // The masked scores keep the scaled scores' colours; −∞ gets the dark masked fill.
    m_kit.fillCells(masked, m_n.masked, heatFill(m_scaledHeat, m_scoresFormat, 1.5));
    m_b.play(recolor(masked, palette::kMaskedScore), 0.0);
    m_kit.stop("masked", "After the softmax, minus infinity becomes a weight of exactly 0.",
               "$e^{-\\infty} = 0$: the softmax gives those entries no weight.", 1.0);
    m_kit.clear(done, 0.8);
    m_kit.layOutRow({masked, m_legend}, kit::kContentY, {.gap = 70, .seconds = 0.8});
    m_scores = masked;
  }

  // Step 6: the softmax of every row, one row at a time.
  void softmaxStep() {
    const bool hot = m_options.temperature != 1.0;
    const std::string t = temperatureText();
    m_kit.caption(stepLabel() + "Softmax of each row: the attention weights" +
                  (hot ? ", at temperature " + t : std::string()));
    const math::NumberFormat format = m_weightsFormat;
    m_weights = m_kit.matrix(m_n.weights, weightsStyle(), true);
    m_softmaxArrow = m_kit.sign(softmaxText(), kSoftmaxSize);
    const ItemId legend = addLegend(m_weightHeat, {}, "weight legend");
    m_b.play(fadeOut(m_legend), 0.4);
    m_kit.layOutRow({m_scores, m_softmaxArrow, m_weights, legend}, kit::kContentY);
    m_kit.show({m_softmaxArrow, m_weights}, 1.2, 0.3);
    m_kit.stop(
        "softmax: operands", "Each row becomes positive weights that add up to 1.",
        hot ? "Dividing by " + t +
                  (m_options.temperature > 1 ? " first flattens each row: weights spread out."
                                             : " first sharpens each row: the top score wins more.")
            : "Each score $x$ becomes $e^x$; then each row is divided by its own total.",
        0);

    std::optional<ItemId> box, calc;
    for (int i = 0; i < m_n.masked.rows(); ++i) {
      const double pace = i == 0 ? 1.0 : 0.6;
      const Rect rowRect = m_b.rowBounds(m_scores, i).expanded(8 * m_b.state(m_scores).scale);
      std::vector<Anim> frame{
          m_kit.walkBox(box, rowRect, {m_scores}, {.pad = 0, .name = "softmax row box"})};
      if (calc) frame.push_back(fadeOut(*calc));
      m_b.play(group(std::move(frame)), 0.8 * pace);
      const std::string args = kit::tupleText(m_n.masked.row(i), m_scoresFormat, "", "");
      calc =
          calcText("softmax(" + (hot ? "(" + args + ") " + kDivide + " " + t : args) +
                       ") = " + kit::tupleText(m_n.weights.row(i), format, "", ""),
                   "row " + std::to_string(i) + ": $e^x$ " + kDivide + " the row's sum of $e^x$");
      m_b.play(write(*calc), 1.0 * pace);
      m_kit.fillRow(m_weights, i, m_n.weights, heatFill(m_weightHeat, format, 1.0 * pace));
      if (i == 0) m_b.play(fadeIn(legend), 0.5);
      m_kit.stop("softmax row " + std::to_string(i),
                 "Row " + std::to_string(i) + " (query " + m_tokens[static_cast<size_t>(i)] +
                     "): exponentiate each score, divide by the row's total.",
                 {.hold = i == 0 ? 1.0 : 0.4});
    }
    m_kit.fadeOutAll({*box, *calc}, 0.6);  // under the note that follows
    m_b.play(recolor(m_weights, palette::kAttentionWeight), 0.0);
    m_kit.stop("attention weights",
               "One row per token: how much of every token's value it will take.",
               "Every row of attention weights adds up to 1: how much each token attends to each "
               "other one.",
               1.2);
    m_legend = legend;
  }

  // Step 7: values = hidden_states @ W_v.T, then output = attention weights @ values, entry by
  // entry.
  void weightedSumStep() {
    const std::string step = stepLabel();
    m_kit.caption(step + "The weighted sum: first, the values, the hidden states times $W_v^T$");
    m_kit.clear({m_scores, m_softmaxArrow, m_weights, m_legend}, 0.6);
    const ItemId wvT = m_kit.matrix(m_n.wvT, wvTStyle());
    const ItemId values = m_kit.matrix(m_n.values, valuesStyle(), true);
    const Product vp = m_kit.layOutProduct(m_hidden, wvT, values);
    m_kit.show({m_hidden, vp.times, wvT, vp.equals, values}, 1.4, 0.25);
    m_kit.fillCells(values, m_n.values,
                    {.format = valuesStyle().format, .color = palette::kValue, .recolor = false});
    m_b.recordProduct(m_hidden, wvT, values, m_n.hidden, m_n.wvT, math::chooseFormat(m_n.hidden));
    const ItemId code = codeLine("values = hidden_states @ W_v.T");
    m_b.play(fadeIn(code), 0.6);
    m_b.play(recolor(values, palette::kValue), 0.0);
    m_kit.stop(
        "values", "Values are the third projection of the hidden states, what gets mixed.",
        sameMatrix(m_n.wv, m_n.wq)
            ? "The notebook shares one weight matrix, so the values equal the queries."
            : "The same kind of product as the queries, with $W_v^T$: what each token passes on.",
        1.0);

    m_kit.caption(step + "Output: the attention weights times the values");
    m_kit.clear({m_hidden, vp.times, wvT, vp.equals, code}, 0.8);
    const ItemId output = m_kit.matrix(m_n.output, outputStyle(), true);
    const Product p = m_kit.layOutProduct(m_weights, values, output);
    m_kit.show({m_weights, p.times, p.equals, output}, 1.4, 0.3);
    m_kit.stop("output: operands", "Each output row is a weighted sum of the value rows.",
               "Each output row mixes the value rows, weighted by one row of attention weights.",
               0);
    m_kit.note("");
    m_kit.stepProduct(p, m_n.weights, m_n.values,
                      {.resultColor = palette::kOutput,
                       .beatName = "output",
                       .operandFormat = math::NumberFormat{.decimals = m_weightsFormat.decimals},
                       .resultFormat = m_outputFormat,
                       .slowPace = 0.9,
                       .fastPace = 0.35});
    m_b.beat("output done", "That is one attention head from start to finish.");
    m_kit.clear({m_weights, values, p.times, p.equals}, 0.8);

    m_kit.caption("The output of one attention head");
    m_kit.layOutRow({output}, 560,
                    {.gap = 0, .maxWidth = 1200, .maxHeight = 560, .most = 1.6f, .seconds = 1.2});
    m_kit.stop("the end",
               "Try the inspector: change the prompt or the weights and watch every number follow.",
               "Row i is token i's new vector: the values it attended to, blended by weight.", 2.0);
  }

  // Step 1 for hidden states given directly (a user's file) instead of the token lookup.
  void showGivenHidden() {
    const std::string source =
        m_inputs.hiddenSource.empty() ? std::string("your file") : m_inputs.hiddenSource;
    m_kit.caption("Step 1 · hidden_states, loaded from " + source);
    m_kit.clear(m_weightsAndDk, 0.5);
    m_kit.layOutRow({m_hidden}, 560);
    m_kit.stop(
        "hidden states", "These hidden states come from " + source + " instead of the token table.",
        "One row per token (" + std::to_string(m_n.hidden.rows()) + " " + math::kTimes + " " +
            std::to_string(m_n.hidden.cols()) + "): no lookup this time, the rows are given.",
        1.0);
  }

  SectionBuilder m_b;
  SectionKit m_kit;
  math::AttentionInputs m_inputs;
  math::AttentionOptions m_options;
  math::AttentionNumbers m_n;
  HeatScale m_scoreHeat, m_scaledHeat, m_weightHeat;
  std::vector<std::string> m_tokens;  // row and column labels: "\"0\"" or "t0"
  ItemId m_hidden = 0, m_queries = 0, m_attention = 0, m_weights = 0, m_softmaxArrow = 0;
  ItemId m_prompt = 0, m_table = 0;
  std::vector<ItemId> m_weightsAndDk;  // the opening's weight matrices (one or three) and d_k
  ItemId m_scores = 0;  // the scores as they go into the softmax (raw, scaled or masked)
  ItemId m_legend = 0;  // the legend beside the current heat matrix
  int m_step = 4;
  // The plan (see plan()).
  float m_labelSize = 40;
  math::NumberFormat m_scaledFormat{}, m_scoresFormat{}, m_weightsFormat{}, m_outputFormat{};
  bool m_maskInOneRow = true;
};

}  // namespace

SectionScript buildMatmulSection(const FontAtlas& atlas, const math::AttentionInputs& inputs,
                                 const math::AttentionOptions& options) {
  return MatmulSection(atlas, inputs, options).build();
}

SectionScript buildMatmulSection(const FontAtlas& atlas) {
  return buildMatmulSection(atlas, math::notebookInputs());
}

}  // namespace tfviz
