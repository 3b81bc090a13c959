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
#include "scene/layout.hpp"
#include "scene/registry.hpp"

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

// Heat-coloured numbers are written in the plain text colour; masked ones in grey.
constexpr glm::vec4 kHeatText = palette::kText;
constexpr glm::vec4 kMaskedText = palette::kNote;

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
    for (size_t i = 0; i < static_cast<size_t>(m_n.hidden.rows()); ++i)
      m_tokens.push_back(m_inputs.hidden ? "t" + std::to_string(i)
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
  MatrixStyle style(MatrixStyle s) const {
    s.fontSize = kit::kMatrixFont;
    s.labelSize = m_labelSize;
    s.headerSize = m_labelSize;
    return s;
  }

  // The styles of every matrix that takes part in a product row (formats chosen from values).
  // Token-by-anything matrices label their rows with the tokens (kTokensRows); token-by-token
  // ones their columns too, with the key tokens (kTokensBoth); K^T only its columns.
  enum TokenLabels { kTokensNone = 0, kTokensRows = 1, kTokensCols = 2, kTokensBoth = 3 };
  MatrixStyle named(std::string label, glm::vec4 color, math::NumberFormat format,
                    int tokens) const {
    MatrixStyle s{.label = std::move(label), .color = color, .format = format};
    if (tokens & kTokensRows) s.rowLabels = m_tokens;
    if (tokens & kTokensCols) s.colLabels = m_tokens;
    return s;
  }
  MatrixStyle hiddenStyle() const {
    return named("hidden_states", palette::kInput, math::chooseFormat(m_n.hidden), kTokensRows);
  }
  MatrixStyle wqTStyle() const {
    return named("$W_q^T$", palette::kWeight, math::chooseFormat(m_n.wqT), kTokensNone);
  }
  MatrixStyle queriesStyle() const {
    return named("queries", palette::kQuery, math::chooseFormat(m_n.queries), kTokensRows);
  }
  MatrixStyle keysTStyle() const {
    return named("$K^T$", palette::kKey, math::chooseFormat(m_n.keysT), kTokensCols);
  }
  MatrixStyle attentionStyle() const {
    return named("attention_map", palette::kScore, math::chooseFormat(m_n.scores), kTokensBoth);
  }
  MatrixStyle scaledStyle() const {
    return named("scaled scores", palette::kScaledScore, m_scaledFormat, kTokensBoth);
  }
  MatrixStyle maskStyle() const { return named("causal mask", palette::kNote, {}, kTokensBoth); }
  MatrixStyle maskedStyle() const {
    return named("masked scores", palette::kMaskedScore, m_scoresFormat, kTokensBoth);
  }
  MatrixStyle weightsStyle() const {
    return named("attention weights", palette::kAttentionWeight, m_weightsFormat, kTokensBoth);
  }
  MatrixStyle wvTStyle() const {
    return named("$W_v^T$", palette::kWeight, math::chooseFormat(m_n.wvT), kTokensNone);
  }
  MatrixStyle valuesStyle() const {
    return named("values", palette::kValue, math::chooseFormat(m_n.values), kTokensRows);
  }
  MatrixStyle outputStyle() const {
    return named("output", palette::kOutput, m_outputFormat, kTokensRows);
  }
  // The prompt as a row of token ids.
  Eigen::MatrixXd tokenIds() const {
    Eigen::MatrixXd ids(1, static_cast<Eigen::Index>(m_n.tokens.size()));
    for (size_t i = 0; i < m_n.tokens.size(); ++i)
      ids(0, static_cast<Eigen::Index>(i)) = m_n.tokens[i];
    return ids;
  }
  MatrixStyle promptStyle() const {
    return {.label = "prompt \"" + m_inputs.prompt + "\"", .color = palette::kInput};
  }
  MatrixStyle tableStyle() const {
    std::vector<std::string> ids;
    for (int r = 0; r < m_inputs.tokenTable.rows(); ++r) ids.push_back(std::to_string(r));
    MatrixStyle s = style({.label = "token table",
                           .color = palette::kInput,
                           .format = math::chooseFormat(m_inputs.tokenTable),
                           .rowLabels = ids});
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
  static constexpr float kOpSize = 64;
  static constexpr float kSoftmaxSize = 48;
  static constexpr float kGap = 44;  // layOutRow's default gap
  // The widest row: the graphics-safe area leaves 5% of the frame's width (96 px) on each side.
  static constexpr float kSafeWidth = 1920 - 2 * 96 - 8;  // 8 px to spare for rounding
  static constexpr int kLegendSteps = 9;

  // A heat legend (not yet added): its definition, for measuring.
  ItemDef legendDef(const HeatScale& scale, math::NumberFormat format) const {
    return makeHeatLegend(m_b.atlas(), scale, format, kit::kMatrixFont,
                          std::max(m_labelSize, kit::kMinTextSize), kLegendSteps)
        .def;
  }
  math::NumberFormat scoreLegendFormat() const { return math::chooseFormat(m_n.scores); }
  math::NumberFormat scaledLegendFormat() const {
    return m_options.scale ? m_scaledFormat : scoreLegendFormat();
  }
  ItemId addLegend(const HeatScale& scale, math::NumberFormat format, const std::string& name) {
    return addHeatLegend(m_b, scale, format, kit::kMatrixFont,
                         std::max(m_labelSize, kit::kMinTextSize), name, kLegendSteps);
  }

  // ------------------------------------------------------------------------------------------
  // Planning: how wide each row of the section will be, before anything is added. Large inputs
  // (long prompts, a user's own hidden states) shrink the rows; matrix labels then grow so that
  // every label stays legible, the softmax weights fall back to 2 decimals, and the mask is shown
  // in two rows instead of one.

  glm::vec2 matrixSize(const Eigen::MatrixXd& values, MatrixStyle st, bool placeholder) const {
    st = style(st);
    st.labelSize = std::max(st.labelSize, kit::kMinTextSize);
    st.headerSize = std::max(st.headerSize, kit::kMinTextSize);
    if (placeholder) st.placeholder = "?";
    return itemBounds(m_b.atlas(), makeMatrix(m_b.atlas(), values, st), ItemState{}).size();
  }
  glm::vec2 legendSize(const HeatScale& scale, math::NumberFormat format) const {
    return itemBounds(m_b.atlas(), legendDef(scale, format), ItemState{}).size();
  }
  glm::vec2 textSize(const std::string& text, float size) const {
    return itemBounds(m_b.atlas(), makeText(text, std::max(size, kit::kMinTextSize)), ItemState{})
        .size();
  }
  // The scale SectionKit::layOutRow gives a row of items of these natural sizes.
  static float rowFit(const std::vector<glm::vec2>& sizes) {
    return kit::fitRow(sizes, kGap, kSafeWidth, kit::kMaxRowHeight);
  }
  float productFit(const Eigen::MatrixXd& a, const MatrixStyle& sa, const Eigen::MatrixXd& b,
                   const MatrixStyle& sb, const Eigen::MatrixXd& c, const MatrixStyle& sc) const {
    return rowFit({matrixSize(a, sa, false), textSize(math::kTimes, kOpSize),
                   matrixSize(b, sb, false), textSize("=", kOpSize), matrixSize(c, sc, true)});
  }
  float softmaxFit() const {
    return rowFit({matrixSize(m_n.masked, maskedStyle(), false),
                   textSize(softmaxText(), kSoftmaxSize),
                   matrixSize(m_n.weights, weightsStyle(), true), legendSize(m_weightHeat, {})});
  }
  float maskFullFit() const {
    const glm::vec2 op = textSize("+", kOpSize);
    return rowFit({matrixSize(m_n.scaled, scaledStyle(), false), op,
                   matrixSize(m_n.mask, maskStyle(), false), textSize("=", kOpSize),
                   matrixSize(m_n.masked, maskedStyle(), true),
                   legendSize(m_scaledHeat, scaledLegendFormat())});
  }
  float maskSplitFit() const {
    const glm::vec2 scaled = matrixSize(m_n.scaled, scaledStyle(), false);
    return std::min(
        rowFit({scaled, textSize("+", kOpSize), matrixSize(m_n.mask, maskStyle(), false)}),
        rowFit({scaled, textSize(kMaskOp, kSoftmaxSize),
                matrixSize(m_n.masked, maskedStyle(), true),
                legendSize(m_scaledHeat, scaledLegendFormat())}));
  }
  // The opening row: the inputs side by side.
  float introFit() const {
    std::vector<glm::vec2> sizes;
    if (m_inputs.hidden) {
      sizes.push_back(matrixSize(m_n.hidden, hiddenStyle(), false));
    } else {
      sizes.push_back(matrixSize(tokenIds(), promptStyle(), false));
      MatrixStyle table = tableStyle();
      sizes.push_back(
          itemBounds(m_b.atlas(), makeMatrix(m_b.atlas(), m_inputs.tokenTable, table), ItemState{})
              .size());
    }
    sizes.push_back(matrixSize(m_n.wqT, sharedWStyle(), false));
    if (!sharedW()) {
      sizes.push_back(matrixSize(m_n.wkT, wqTStyle(), false));
      sizes.push_back(matrixSize(m_n.wvT, wvTStyle(), false));
    }
    sizes.push_back(textSize(dkText(), kOpSize));
    return rowFit(sizes);
  }

  void plan() {
    // Integer scores and values (the notebook's) give 2 decimals after scaling and weighting;
    // scores and values that already have decimals keep all 4.
    const int scaledDecimals = math::chooseFormat(m_n.scores).decimals > 0 ? 4 : 2;
    const int outputDecimals = math::chooseFormat(m_n.values).decimals > 0 ? 4 : 2;
    m_scaledFormat = math::chooseFormat(m_n.scaled, scaledDecimals);
    m_scoresFormat = m_options.scale ? m_scaledFormat : math::chooseFormat(m_n.scores);
    m_weightsFormat = {.decimals = 4};
    m_outputFormat = math::chooseFormat(m_n.output, outputDecimals);
    constexpr float kComfortable = 0.7f;  // labels of 40 px stay >= 28 px down to this scale
    const float legible = (kit::kMinTextSize + 0.5f) / kit::kMatrixFont;
    for (int round = 0; round < 3; ++round) {
      float need = introFit();
      need = std::min(need, productFit(m_n.hidden, hiddenStyle(), m_n.wqT, wqTStyle(), m_n.queries,
                                       queriesStyle()));
      need = std::min(need, productFit(m_n.queries, queriesStyle(), m_n.keysT, keysTStyle(),
                                       m_n.scores, attentionStyle()));
      if (m_options.scale) {
        need = std::min(need, rowFit({matrixSize(m_n.scores, attentionStyle(), false),
                                      textSize(divideText(), kOpSize), textSize("=", kOpSize),
                                      matrixSize(m_n.scaled, scaledStyle(), true),
                                      legendSize(m_scaledHeat, scaledLegendFormat())}));
      }
      need = std::min(need, productFit(m_n.hidden, hiddenStyle(), m_n.wvT, wvTStyle(), m_n.values,
                                       valuesStyle()));
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

  // SectionKit::layOutRow within the graphics-safe width.
  float row(const std::vector<ItemId>& items, float y, float gap = kGap, double seconds = 1.0) {
    return m_kit.layOutRow(items, y, gap, kSafeWidth, kit::kMaxRowHeight, seconds);
  }
  // lhs × rhs = result on one row (the signs are created here), within the safe width.
  Product layOutProduct(ItemId lhs, ItemId rhs, ItemId result) {
    const Product p{lhs, rhs, result, m_kit.sign(math::kTimes, kOpSize), m_kit.sign("=", kOpSize)};
    row({lhs, p.times, rhs, p.equals, result}, kit::kContentY);
    return p;
  }
  // Fades items out and waits for them to go, so that what moves next never crosses them.
  void clear(const std::vector<ItemId>& items, double seconds = 0.6) {
    std::vector<Anim> anims;
    for (ItemId id : items) anims.push_back(fadeOut(id));
    if (!anims.empty()) m_b.play(group(std::move(anims)), seconds);
  }

  // Items on one row at height y, all at `scale`, bounds `gap` apart, centred on x = 960: hidden
  // items jump there, visible ones glide over `seconds`.
  void rowAtScale(const std::vector<ItemId>& items, float y, float scale, float gap,
                  double seconds) {
    std::vector<float> widths;
    for (ItemId id : items) widths.push_back(m_kit.width(id) * scale);
    const std::vector<float> xs = rowCenters(widths, gap * scale, 960);
    std::vector<Anim> jumps, glides;
    for (size_t i = 0; i < items.size(); ++i) {
      const Rect r = m_b.bounds(items[i]);
      const float s = m_b.state(items[i]).scale;
      const glm::vec2 anchorOffset = (m_b.state(items[i]).pos - r.center()) / s;
      const glm::vec2 pos = glm::vec2(xs[i], y) + anchorOffset * scale;
      auto& list = m_b.state(items[i]).opacity > 0 ? glides : jumps;
      list.push_back(group({moveTo(items[i], pos), scaleTo(items[i], scale)}));
    }
    if (!jumps.empty()) m_b.play(group(std::move(jumps)), 0.0);
    if (!glides.empty()) m_b.play(group(std::move(glides)), seconds);
  }
  // The scale at which items fit maxWidth x maxHeight on one row, at most `most`.
  float rowScale(const std::vector<ItemId>& items, float gap, float maxWidth, float maxHeight,
                 float most) const {
    float width = -gap, tallest = 0;
    for (ItemId id : items) {
      const float s = m_b.state(id).scale;
      width += m_b.bounds(id).size().x / s + gap;
      tallest = std::max(tallest, m_b.bounds(id).size().y / s);
    }
    return std::min({most, maxWidth / width, maxHeight / tallest});
  }

  // ------------------------------------------------------------------------------------------
  // The opening: what goes in, before anything is multiplied.

  void intro() {
    m_kit.title("Attention, entry by entry");
    m_kit.caption("The inputs, from the notebook");
    std::vector<ItemId> inputs;
    std::vector<std::pair<std::string, std::string>> notes;  // (note, beat label)
    if (m_inputs.hidden) {
      m_hidden = m_kit.matrix(m_n.hidden, style(hiddenStyle()));
      inputs.push_back(m_hidden);
      notes.push_back({"Your hidden states: one row per token, t0 to t" +
                           std::to_string(m_n.hidden.rows() - 1) + ".",
                       "inputs: hidden states"});
    } else {
      m_prompt = m_kit.matrix(tokenIds(), style(promptStyle()));
      m_table = m_kit.matrix(m_inputs.tokenTable, tableStyle());
      inputs.push_back(m_prompt);
      inputs.push_back(m_table);
      notes.push_back(
          {"The prompt \"" + m_inputs.prompt + "\": each digit is one token.", "inputs: prompt"});
      notes.push_back({"The token table: one row of " + std::to_string(m_n.hidden.cols()) +
                           " numbers (an embedding) for each token id.",
                       "inputs: token table"});
    }
    m_w = m_kit.matrix(m_n.wqT, style(sharedWStyle()));
    inputs.push_back(m_w);
    if (sharedW()) {
      notes.push_back({"One weight matrix, shared: queries, keys and values all multiply by W.",
                       "inputs: shared W"});
    } else {
      m_wk = m_kit.matrix(m_n.wkT, style(named("$W_k^T$", palette::kWeight,
                                               math::chooseFormat(m_n.wkT), kTokensNone)));
      m_wv = m_kit.matrix(m_n.wvT, style(wvTStyle()));
      inputs.push_back(*m_wk);
      inputs.push_back(*m_wv);
      notes.push_back(
          {"Three weight matrices: one each for queries, keys and values.", "inputs: weights"});
    }
    m_dk = m_kit.text(dkText(), kOpSize, {0, 560});
    inputs.push_back(m_dk);
    notes.push_back({dkText() + ": the length of every query and key (the columns of $W_q^T$).",
                     "inputs: d_k"});
    row(inputs, 560);
    // One input at a time; the weight matrices arrive together.
    size_t next = 0;
    for (const auto& [note, label] : notes) {
      const size_t count =
          std::min<size_t>(label == "inputs: weights" ? 3 : 1, inputs.size() - next);
      m_kit.show({inputs.begin() + next, inputs.begin() + next + count}, 1.0, 0.3);
      next += count;
      m_kit.stop(label, note, note, 0.6);
    }
  }

  void lookUpTokens() {
    m_kit.caption("Step 1 · Look up each token of the prompt \"" + m_inputs.prompt + "\"");
    std::vector<ItemId> gone{m_w, m_dk};
    clear(gone, 0.5);
    m_hidden = m_kit.matrix(m_n.hidden, style(hiddenStyle()), true);
    row({m_prompt, m_table, m_hidden}, 560, 90);
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
      if (i == 0) {
        box = m_kit.boxAround(rowRect, {m_table}, {.pad = 0, .name = "lookup box", .seconds = 0});
        tokenBox =
            m_kit.boxAround(tokenRect, {m_prompt}, {.pad = 0, .name = "token box", .seconds = 0});
        m_b.play(group({create(*box), create(*tokenBox)}), 0.8);
      } else {
        m_b.play(group({surround(*box, rowRect), surround(*tokenBox, tokenRect)}), 0.8);
      }
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
    clear({*box, *tokenBox, m_table, m_prompt}, 0.8);
  }

  // A line of the notebook's PyTorch code at the calculation line, in code type (hidden).
  ItemId codeLine(const std::string& code) {
    const ItemId id = m_kit.text(code, 38, {960, kit::kCalcY}, palette::kNote, FontFace::Mono);
    m_kit.fitWidth(id, kSafeWidth);
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
    const ItemId rhs = m_kit.matrix(*spec.rhs, style(spec.rhsStyle));
    const ItemId result = m_kit.matrix(*spec.result, style(spec.resultStyle), true);
    const Product p = layOutProduct(lhs, rhs, result);
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
    clear({lhs, rhs, p.times, p.equals}, 0.8);
    return result;
  }

  void finalMap() {
    m_kit.caption("The attention map: one row per query token, one column per key token");
    m_scoreLegend = addLegend(m_scoreHeat, scoreLegendFormat(), "score legend");
    const std::vector<ItemId> row{m_attention, m_scoreLegend};
    rowAtScale(row, 560, rowScale(row, 70, 1500, 600, 1.6f), 70, 1.2);
    m_b.beat("attention map", "Row i: how strongly token i's query matches every key.");
    m_b.play(group({heatUp(m_b, m_attention, m_n.attention, m_scoreHeat), fadeIn(m_scoreLegend)}),
             1.4);
    m_kit.stop("score heat",
               "The heat colours make the biggest scores jump out; the legend reads them.",
               "Colour shows each score: red is high, blue is negative, grey is near 0.", 0.8);
    const int n = static_cast<int>(m_n.attention.rows());
    std::optional<ItemId> box;
    std::vector<int> diagonal;
    for (int i = 0; i < n; ++i) {
      const Rect cell = m_b.cellBounds(m_attention, i, i);
      if (i == 0) {
        box = m_kit.boxAround(cell, {m_attention},
                              {.color = palette::kTitle,
                               .pad = -3,
                               .stroke = 5,
                               .radius = 12,
                               .name = "diagonal box",
                               .seconds = 0.8});
        m_kit.note("The diagonal: each token's score against itself.");
      } else {
        m_kit.moveBox(*box, cell, 0.7, -3);
      }
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
    m_legend = m_scoreLegend;
  }

  // ------------------------------------------------------------------------------------------
  // Beyond the notebook: scaling, mask, softmax, weighted sum.

  std::string stepLabel() { return "Step " + std::to_string(m_step++) + kStepDot; }

  // Fills a placeholder matrix with its values, entry by entry (or only `row`), its cells on the
  // heat scale.
  void fillCells(ItemId matrix, const Eigen::MatrixXd& values, math::NumberFormat format,
                 const HeatScale& heat, double seconds, int row = -1) {
    std::vector<Anim> cells;
    for (int r = 0; r < values.rows(); ++r) {
      if (row >= 0 && r != row) continue;
      for (int c = 0; c < values.cols(); ++c) {
        const int cell = m_b.cellIndex(matrix, r, c);
        const bool masked = std::isinf(values(r, c));
        cells.push_back(group({cellText(matrix, cell, math::formatNumber(values(r, c), format)),
                               cellColor(matrix, cell, masked ? kMaskedText : kHeatText),
                               cellFill(matrix, cell, heat.fill(values(r, c))),
                               cellOpacity(matrix, cell, 1.0f)}));
      }
    }
    m_b.play(laggedStart(0.25, std::move(cells)), seconds);
  }

  // Calculation text at the calculation line, or `shorter` when the text would have to shrink
  // below the smallest legible size to fit the frame. Returns the (hidden) item.
  ItemId calcText(const std::string& text, const std::string& shorter) {
    constexpr float kSize = 42;
    ItemId id = m_kit.text(text, kSize, {960, kit::kCalcY}, palette::kText, FontFace::Mono);
    if (m_kit.width(id) * kit::kMinTextSize / kSize > kSafeWidth)
      id = m_kit.text(shorter, kSize, {960, kit::kCalcY}, palette::kText, FontFace::Mono);
    m_kit.fitWidth(id, kSafeWidth);
    return id;
  }

  std::string rowText(const Eigen::MatrixXd& m, int row, math::NumberFormat format) const {
    std::string text;
    for (int c = 0; c < m.cols(); ++c) {
      if (c > 0) text += ", ";
      text += math::formatNumber(m(row, c), format);
    }
    return text;
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
    const ItemId scaled = m_kit.matrix(m_n.scaled, style(scaledStyle()), true);
    const ItemId legend = addLegend(m_scaledHeat, scaledLegendFormat(), "scaled legend");
    m_b.play(fadeOut(m_legend), 0.4);
    row({m_attention, divide, equals, scaled, legend}, kit::kContentY);
    m_kit.show({divide, equals, scaled}, 1.2, 0.3);
    m_kit.stop(
        "scale: operands",
        "Dividing by the square root of d_k keeps scores from growing with the key length.",
        dkText() + " numbers per key. Dividing keeps long keys from making the softmax too spiky.",
        0);
    const double root2 = std::sqrt(static_cast<double>(m_n.dk));
    const math::NumberFormat scoresFormat = math::chooseFormat(m_n.scores);
    const ItemId calc =
        calcText(math::formatNumber(m_n.scores(0, 0), scoresFormat) + " " + kDivide + " " + root +
                     " = " + math::formatNumber(m_n.scores(0, 0), scoresFormat) + " " + kDivide +
                     " " + math::formatNumber(root2, {.decimals = 4}) + " = " +
                     math::formatNumber(m_n.scaled(0, 0), format),
                 "");
    m_b.play(write(calc), 1.0);
    fillCells(scaled, m_n.scaled, format, m_scaledHeat, 1.5);
    m_b.play(group({recolor(scaled, palette::kScaledScore), fadeIn(legend)}), 0.6);
    m_kit.stop("scaled", "Same order of scores, smaller spread: the softmax will be less extreme.",
               {.hold = 0.5});
    clear({m_attention, divide, equals, calc}, 0.6);
    row({scaled, legend}, kit::kContentY, 70, 0.8);
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
    const ItemId mask = m_kit.matrix(m_n.mask, style(maskStyle()));
    // The mask's −∞ entries on the dark masked fill, its zeros plain.
    for (int r = 0; r < m_n.mask.rows(); ++r)
      for (int c = 0; c < m_n.mask.cols(); ++c)
        if (std::isinf(m_n.mask(r, c)))
          m_b.play(cellFill(mask, m_b.cellIndex(mask, r, c), palette::kMaskedCell), 0.0);
    const ItemId plus = m_kit.sign("+", kOpSize);
    const ItemId masked = m_kit.matrix(m_n.masked, style(maskedStyle()), true);
    std::vector<ItemId> done{m_scores, plus, mask};
    if (m_maskInOneRow) {
      const ItemId equals = m_kit.sign("=", kOpSize);
      done.push_back(equals);
      row({m_scores, plus, mask, equals, masked, m_legend}, kit::kContentY);
      m_kit.show({plus, mask, equals, masked}, 1.4, 0.3);
    } else {
      // Too wide for one row: scores + mask first, then scores "+ mask =" masked.
      m_b.play(fadeOut(m_legend), 0.4);
      row({m_scores, plus, mask}, kit::kContentY);
      m_kit.show({plus, mask}, 1.0, 0.3);
    }
    m_kit.stop("mask: operands",
               "A decoder must not look ahead: minus infinity above the diagonal.",
               "Row $i$ may use tokens 0 to $i$ only: $-\\infty$ sits above the diagonal.", 0);
    if (!m_maskInOneRow) {
      clear({plus, mask}, 0.6);
      const ItemId op = m_kit.sign(kMaskOp, kSoftmaxSize);
      row({m_scores, op, masked, m_legend}, kit::kContentY);
      m_kit.show({op, masked, m_legend}, 1.0, 0.3);
      done = {m_scores, op};
    }
    // The masked scores keep the scaled scores' colours; −∞ gets the dark masked fill.
    fillCells(masked, m_n.masked, m_scoresFormat, m_scaledHeat, 1.5);
    m_b.play(recolor(masked, palette::kMaskedScore), 0.0);
    m_kit.stop("masked", "After the softmax, minus infinity becomes a weight of exactly 0.",
               "$e^{-\\infty} = 0$: the softmax gives those entries no weight.", 1.0);
    clear(done, 0.8);
    row({masked, m_legend}, kit::kContentY, 70, 0.8);
    m_scores = masked;
  }

  // Step 6: the softmax of every row, one row at a time.
  void softmaxStep() {
    const bool hot = m_options.temperature != 1.0;
    const std::string t = temperatureText();
    m_kit.caption(stepLabel() + "Softmax of each row: the attention weights" +
                  (hot ? ", at temperature " + t : std::string()));
    const math::NumberFormat format = m_weightsFormat;
    const ItemId weights = m_kit.matrix(m_n.weights, style(weightsStyle()), true);
    const ItemId arrow = m_kit.sign(softmaxText(), kSoftmaxSize);
    const ItemId legend = addLegend(m_weightHeat, {}, "weight legend");
    m_b.play(fadeOut(m_legend), 0.4);
    row({m_scores, arrow, weights, legend}, kit::kContentY);
    m_kit.show({arrow, weights}, 1.2, 0.3);
    m_kit.stop(
        "softmax: operands", "Each row becomes positive weights that add up to 1.",
        hot ? "Dividing by " + t +
                  (m_options.temperature > 1 ? " first flattens each row: weights spread out."
                                             : " first sharpens each row: the top score wins more.")
            : "Each score $x$ becomes $e^x$; then each row is divided by its own total.",
        0);

    std::optional<ItemId> box;
    const Eigen::MatrixXd& in = m_n.masked;
    std::optional<ItemId> calc;
    const int n = static_cast<int>(in.rows());
    for (int i = 0; i < n; ++i) {
      const double pace = i == 0 ? 1.0 : 0.6;
      const Rect rowRect = m_b.rowBounds(m_scores, i).expanded(8 * m_b.state(m_scores).scale);
      if (!box)
        box = m_kit.boxAround(rowRect, {m_scores},
                              {.pad = 0, .name = "softmax row box", .seconds = 0});
      std::vector<Anim> frame{i == 0 ? create(*box) : surround(*box, rowRect)};
      if (calc) frame.push_back(fadeOut(*calc));
      m_b.play(group(std::move(frame)), 0.8 * pace);
      const std::string args = rowText(in, i, m_scoresFormat);
      calc =
          calcText("softmax(" + (hot ? "(" + args + ") " + kDivide + " " + t : args) +
                       ") = " + rowText(m_n.weights, i, format),
                   "row " + std::to_string(i) + ": $e^x$ " + kDivide + " the row's sum of $e^x$");
      m_b.play(write(*calc), 1.0 * pace);
      fillCells(weights, m_n.weights, format, m_weightHeat, 1.0 * pace, i);
      if (i == 0) m_b.play(fadeIn(legend), 0.5);
      m_kit.stop("softmax row " + std::to_string(i),
                 "Row " + std::to_string(i) + " (query " + m_tokens[static_cast<size_t>(i)] +
                     "): exponentiate each score, divide by the row's total.",
                 {.hold = i == 0 ? 1.0 : 0.4});
    }
    m_kit.fadeOutAll({*box, *calc}, 0.6);  // under the note that follows
    m_b.play(recolor(weights, palette::kAttentionWeight), 0.0);
    m_kit.stop("attention weights",
               "One row per token: how much of every token's value it will take.",
               "Every row of attention weights adds up to 1: how much each token attends to each "
               "other one.",
               1.2);
    m_weights = weights;
    m_softmaxArrow = arrow;
    m_legend = legend;
  }

  // Step 7: values = hidden_states @ W_v.T, then output = attention weights @ values, entry by
  // entry.
  void weightedSumStep() {
    const std::string step = stepLabel();
    m_kit.caption(step + "The weighted sum: first, the values, the hidden states times $W_v^T$");
    clear({m_scores, m_softmaxArrow, m_weights, m_legend}, 0.6);
    const ItemId wvT = m_kit.matrix(m_n.wvT, style(wvTStyle()));
    const math::NumberFormat valuesFormat = valuesStyle().format;
    const ItemId values = m_kit.matrix(m_n.values, style(valuesStyle()), true);
    const Product vp = layOutProduct(m_hidden, wvT, values);
    m_kit.show({m_hidden, vp.times, wvT, vp.equals, values}, 1.4, 0.25);
    m_kit.fillCells(values, m_n.values,
                    {.format = valuesFormat, .color = palette::kValue, .recolor = false});
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
    clear({m_hidden, vp.times, wvT, vp.equals, code}, 0.8);
    const math::NumberFormat outFormat = m_outputFormat;
    const ItemId output = m_kit.matrix(m_n.output, style(outputStyle()), true);
    const Product p = layOutProduct(m_weights, values, output);
    m_kit.show({m_weights, p.times, p.equals, output}, 1.4, 0.3);
    m_kit.stop("output: operands", "Each output row is a weighted sum of the value rows.",
               "Each output row mixes the value rows, weighted by one row of attention weights.",
               0);
    m_kit.note("");
    m_kit.stepProduct(p, m_n.weights, m_n.values,
                      {.resultColor = palette::kOutput,
                       .beatName = "output",
                       .operandFormat = math::NumberFormat{.decimals = m_weightsFormat.decimals},
                       .resultFormat = outFormat,
                       .slowPace = 0.9,
                       .fastPace = 0.35});
    m_b.beat("output done", "That is one attention head from start to finish.");
    clear({m_weights, values, p.times, p.equals}, 0.8);

    m_kit.caption("The output of one attention head");
    const std::vector<ItemId> last{output};
    rowAtScale(last, 560, rowScale(last, 0, 1200, 560, 1.6f), 0, 1.2);
    m_kit.stop("the end",
               "Try the inspector: change the prompt or the weights and watch every number follow.",
               "Row i is token i's new vector: the values it attended to, blended by weight.", 2.0);
  }

  // Step 1 for hidden states given directly (a user's file) instead of the token lookup.
  void showGivenHidden() {
    const std::string source =
        m_inputs.hiddenSource.empty() ? std::string("your file") : m_inputs.hiddenSource;
    m_kit.caption("Step 1 · hidden_states, loaded from " + source);
    std::vector<ItemId> gone{m_w, m_dk};
    if (m_wk) gone.push_back(*m_wk);
    if (m_wv) gone.push_back(*m_wv);
    clear(gone, 0.5);
    row({m_hidden}, 560);
    m_kit.stop(
        "hidden states", "These hidden states come from your own file instead of the token table.",
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
  ItemId m_prompt = 0, m_table = 0, m_w = 0, m_dk = 0;
  std::optional<ItemId> m_wk, m_wv;  // when the three projections differ
  ItemId m_scores = 0;  // the scores as they go into the softmax (raw, scaled or masked)
  ItemId m_scoreLegend = 0, m_legend = 0;  // the legend beside the current heat matrix
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
