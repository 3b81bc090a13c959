// The attention matmul explainer: the client's notebook, animated, then carried on to the end of
// attention. The prompt's tokens are looked up in the token table (or the user's hidden states are
// shown), queries = hidden_states @ W_q.T and attention_map = queries @ keys.T are computed entry
// by entry with their real products, the map's diagonal is outlined; then the scores are divided
// by √d_k, masked (when the causal mask is on), turned into weights by a row softmax, and
// output = weights @ values is computed entry by entry. Every number shown is computed with Eigen
// (math/matmul.hpp) from the inputs and options.
#include "scene/sections/matmul.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "scene/kit.hpp"
#include "scene/layout.hpp"
#include "scene/registry.hpp"

namespace tfviz {
namespace {

// Equal shapes and entries (Eigen's == requires equal shapes).
bool sameMatrix(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() && a == b;
}

// Values have no role in the shared palette (the notebook stops before them): a violet of the
// same lightness as the query and key colours.
constexpr glm::vec4 kValue = palette::rgb(190, 140, 255);

constexpr const char* kStepDot = " \xC2\xB7 ";  // " · "
constexpr const char* kRoot = "\xE2\x88\x9A";   // √
constexpr const char* kDivide = "\xC3\xB7";     // ÷
constexpr const char* kArrow = "\xE2\x86\x92";  // →
constexpr const char* kMaskOp = "+ mask =";

class MatmulSection {
 public:
  MatmulSection(const FontAtlas& atlas, const math::AttentionInputs& inputs,
                const math::AttentionOptions& options)
      : m_b("matmul", "Attention, entry by entry", atlas),
        m_kit(m_b),
        m_inputs(inputs),
        m_options(options),
        m_n(math::computeAttention(inputs, options)) {
    plan();
  }

  SectionScript build() && {
    intro();
    if (m_inputs.hidden)
      showGivenHidden();
    else
      lookUpTokens();
    m_queries = productStep(m_hidden, m_n.hidden,
                            {.caption = "Step 2 \xC2\xB7 queries = hidden_states @ W_q.T",
                             .rhs = &m_n.wqT,
                             .rhsStyle = wqTStyle(),
                             .result = &m_n.queries,
                             .resultStyle = queriesStyle(),
                             .note = "nn.Linear computes x @ weight.T, so the matrix multiplied "
                                     "is W_q.T.",
                             .beatName = "queries"});
    m_attention =
        productStep(m_queries, m_n.queries,
                    {.caption = "Step 3 \xC2\xB7 attention_map = queries @ keys.T",
                     .rhs = &m_n.keysT,
                     .rhsStyle = keysTStyle(),
                     .result = &m_n.attention,
                     .resultStyle = attentionStyle(),
                     .note = sameMatrix(m_n.wk, m_n.wq)
                                 ? "The notebook gives keys the same weights as queries, so "
                                   "keys.T is queries transposed."
                                 : "keys = hidden_states @ W_k.T, computed just like the queries "
                                   "(with W_k).",
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
    return s;
  }

  // The styles of every matrix that takes part in a product row (formats chosen from values).
  MatrixStyle hiddenStyle() const {
    return {.label = "hidden_states",
            .color = palette::kInput,
            .format = math::chooseFormat(m_n.hidden)};
  }
  MatrixStyle wqTStyle() const {
    return {.label = "W_q.T", .color = palette::kWeight, .format = math::chooseFormat(m_n.wqT)};
  }
  MatrixStyle queriesStyle() const {
    return {
        .label = "queries", .color = palette::kQuery, .format = math::chooseFormat(m_n.queries)};
  }
  MatrixStyle keysTStyle() const {
    return {.label = "keys.T", .color = palette::kKey, .format = math::chooseFormat(m_n.keysT)};
  }
  MatrixStyle attentionStyle() const {
    return {.label = "attention_map",
            .color = palette::kResult,
            .format = math::chooseFormat(m_n.scores)};
  }
  MatrixStyle scaledStyle() const {
    return {.label = "scaled", .color = palette::kResult, .format = m_scaledFormat};
  }
  MatrixStyle maskStyle() const { return {.label = "mask", .color = palette::kNote}; }
  MatrixStyle maskedStyle() const {
    return {.label = "masked", .color = palette::kResult, .format = m_scoresFormat};
  }
  MatrixStyle weightsStyle() const {
    return {.label = "weights", .color = palette::kResult, .format = m_weightsFormat};
  }
  MatrixStyle wvTStyle() const {
    return {.label = "W_v.T", .color = palette::kWeight, .format = math::chooseFormat(m_n.wvT)};
  }
  MatrixStyle valuesStyle() const {
    return {.label = "values", .color = kValue, .format = math::chooseFormat(m_n.values)};
  }
  MatrixStyle outputStyle() const {
    return {.label = "output", .color = palette::kResult, .format = m_outputFormat};
  }

  // The operators written between matrices.
  std::string divideText() const {
    return std::string(kDivide) + " " + kRoot + std::to_string(m_n.dk);
  }
  std::string temperatureText() const {
    const std::string t =
        math::formatNumber(m_options.temperature, {.decimals = 2, .compact = true});
    return t.front() == '.' ? "0" + t : t;  // "0.5", not ".5"
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

  // ------------------------------------------------------------------------------------------
  // Planning: how wide each row of the section will be, before anything is added. Large inputs
  // (long prompts, a user's own hidden states) shrink the rows; matrix labels then grow so that
  // every label stays legible, the softmax weights fall back to 2 decimals, and the mask is shown
  // in two rows instead of one.

  glm::vec2 matrixSize(const Eigen::MatrixXd& values, MatrixStyle st, bool placeholder) const {
    st = style(st);
    st.labelSize = std::max(st.labelSize, kit::kMinTextSize);
    if (placeholder) st.placeholder = "?";
    return itemBounds(m_b.atlas(), makeMatrix(m_b.atlas(), values, st), ItemState{}).size();
  }
  glm::vec2 textSize(const std::string& text, float size) const {
    return itemBounds(m_b.atlas(), makeText(text, std::max(size, kit::kMinTextSize)), ItemState{})
        .size();
  }
  // The scale SectionKit::layOutRow gives a row of items of these natural sizes.
  static float rowFit(const std::vector<glm::vec2>& sizes) {
    std::vector<float> widths;
    float tallest = 0;
    for (const glm::vec2& s : sizes) {
      widths.push_back(s.x);
      tallest = std::max(tallest, s.y);
    }
    float scale = fitScale(widths, kGap, kit::kMaxRowWidth);
    if (tallest * scale > kit::kMaxRowHeight) scale = kit::kMaxRowHeight / tallest;
    return scale;
  }
  float productFit(const Eigen::MatrixXd& a, const MatrixStyle& sa, const Eigen::MatrixXd& b,
                   const MatrixStyle& sb, const Eigen::MatrixXd& c, const MatrixStyle& sc) const {
    return rowFit({matrixSize(a, sa, false), textSize(math::kTimes, kOpSize),
                   matrixSize(b, sb, false), textSize("=", kOpSize), matrixSize(c, sc, true)});
  }
  float softmaxFit() const {
    return rowFit({matrixSize(m_n.masked, maskedStyle(), false),
                   textSize(softmaxText(), kSoftmaxSize),
                   matrixSize(m_n.weights, weightsStyle(), true)});
  }
  float maskFullFit() const {
    const glm::vec2 op = textSize("+", kOpSize);
    return rowFit({matrixSize(m_n.scaled, scaledStyle(), false), op,
                   matrixSize(m_n.mask, maskStyle(), false), textSize("=", kOpSize),
                   matrixSize(m_n.masked, maskedStyle(), true)});
  }
  float maskSplitFit() const {
    const glm::vec2 scaled = matrixSize(m_n.scaled, scaledStyle(), false);
    return std::min(
        rowFit({scaled, textSize("+", kOpSize), matrixSize(m_n.mask, maskStyle(), false)}),
        rowFit({scaled, textSize(kMaskOp, kSoftmaxSize),
                matrixSize(m_n.masked, maskedStyle(), true)}));
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
      float need =
          productFit(m_n.hidden, hiddenStyle(), m_n.wqT, wqTStyle(), m_n.queries, queriesStyle());
      need = std::min(need, productFit(m_n.queries, queriesStyle(), m_n.keysT, keysTStyle(),
                                       m_n.scores, attentionStyle()));
      if (m_options.scale) {
        need = std::min(need, rowFit({matrixSize(m_n.scores, attentionStyle(), false),
                                      textSize(divideText(), kOpSize), textSize("=", kOpSize),
                                      matrixSize(m_n.scaled, scaledStyle(), true)}));
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

  void intro() {
    m_kit.title("Attention, entry by entry");
    const ItemId sub =
        m_kit.text("Every number on screen is computed from the inputs below.", 40, {960, 480});
    const ItemId sub2 = m_kit.text("Press \xE2\x86\x92 to step, one idea at a time.", 34,
                                   {960, 560}, palette::kNote);
    m_b.play(laggedStart(0.5, {fadeIn(sub), fadeIn(sub2)}), 1.2);
    m_b.wait(0.5);
    m_b.beat(
        "title",
        "The client's notebook, animated: every number comes from the inputs, not from a slide.");
    m_kit.fadeOutAll({sub, sub2});
  }

  void lookUpTokens() {
    m_kit.caption("Step 1 \xC2\xB7 Look up each token of the prompt \"" + m_inputs.prompt + "\"");
    const Eigen::MatrixXd& table = m_inputs.tokenTable;
    std::vector<std::string> ids;
    for (int r = 0; r < table.rows(); ++r) ids.push_back(std::to_string(r));
    MatrixStyle tableStyle = style({.label = "token table",
                                    .color = palette::kInput,
                                    .format = math::chooseFormat(table),
                                    .rowLabels = ids,
                                    .headerSize = 44});
    tableStyle.labelSize = 44;  // the table is shown scaled down to fit its ten rows
    const ItemId tableItem = m_kit.matrix(table, tableStyle);
    m_hidden = m_kit.matrix(m_n.hidden, style(hiddenStyle()), true);
    // Two columns: the table on the left, hidden_states on the right.
    const float tableFit = std::min(1.0f, 660.0f / m_b.bounds(tableItem).size().y);
    m_b.play(group({moveTo(tableItem, {640, 590}), scaleTo(tableItem, tableFit),
                    moveTo(m_hidden, {1320, 590})}),
             0.0);
    m_b.play(group({fadeIn(tableItem), fadeIn(m_hidden)}), 1.2);
    m_kit.note("Each digit of the prompt is a token; its row of the table is its embedding.");
    m_b.beat(
        "token table",
        "Ten tokens, the digits 0-9, each with a 3-number embedding. Next: look up the prompt.");

    ItemDef boxDef = makeBox(4, 10);
    boxDef.name = "lookup box";
    boxDef.mayOverlap = {tableItem};
    const ItemId box = m_b.add(std::move(boxDef), {.color = palette::kHighlight});
    std::vector<ItemId> labels;
    const math::NumberFormat format = math::chooseFormat(m_n.hidden);
    for (size_t i = 0; i < m_n.tokens.size(); ++i) {
      const int row = static_cast<int>(i);
      const Rect rowRect = m_b.rowBounds(tableItem, m_n.tokens[i]).expanded(8 * tableFit);
      std::vector<Anim> show;
      if (i == 0) {
        m_b.play(surround(box, rowRect), 0.0);
        show.push_back(create(box));
      } else {
        show.push_back(surround(box, rowRect));
      }
      const Rect hiddenRow = m_b.rowBounds(m_hidden, row);
      const ItemId label = m_kit.text("\"" + std::string(1, m_inputs.prompt[i]) + "\"", 40,
                                      {m_b.bounds(m_hidden).min.x - 44, hiddenRow.center().y},
                                      palette::kNote, FontFace::Mono);
      labels.push_back(label);
      show.push_back(fadeIn(label));
      m_b.play(group(std::move(show)), 0.8);
      std::vector<Anim> copy;
      for (int c = 0; c < m_n.hidden.cols(); ++c) {
        const int cell = m_b.cellIndex(m_hidden, row, c);
        copy.push_back(
            group({cellText(m_hidden, cell, math::formatNumber(m_n.hidden(row, c), format)),
                   cellColor(m_hidden, cell, palette::kInput), cellOpacity(m_hidden, cell, 1.0f)}));
      }
      m_b.play(laggedStart(0.3, std::move(copy)), 0.8);
      m_b.wait(0.3);
      m_b.beat("token " + std::to_string(i) + " is \"" + std::string(1, m_inputs.prompt[i]) + "\"",
               "Digit " + std::string(1, m_inputs.prompt[i]) + " picks row " +
                   std::string(1, m_inputs.prompt[i]) + " of the table: that row becomes row " +
                   std::to_string(i) + " of hidden_states.");
    }
    labels.push_back(box);
    labels.push_back(tableItem);
    m_b.play(recolor(m_hidden, palette::kInput), 0.0);
    m_kit.fadeOutAll(labels, 0.8);
  }

  // One product step: lhs (already on screen) @ a new right operand = a new, faint result,
  // computed entry by entry. Returns the result, which stays; operands and signs fade out.
  struct StepSpec {
    std::string caption;
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
    const Product p = m_kit.layOutProduct(lhs, rhs, result);
    m_b.play(laggedStart(0.3, {fadeIn(p.times), fadeIn(rhs), fadeIn(p.equals), fadeIn(result)}),
             1.5);
    m_kit.note(spec.note);
    m_b.beat(spec.beatName + ": operands", spec.note);
    m_kit.note("");
    m_kit.stepProduct(p, lhsValues, *spec.rhs,
                      {.resultColor = spec.resultStyle.color, .beatName = spec.beatName});
    m_b.beat(
        spec.beatName + " done",
        "Every entry was one row times one column; the whole product is just those dot products.");
    m_kit.fadeOutAll({lhs, rhs, p.times, p.equals}, 0.8);
    return result;
  }

  void finalMap() {
    m_kit.caption("The attention map");
    const Rect natural = m_b.bounds(m_attention);
    const float s = m_b.state(m_attention).scale;
    const float scale =
        std::min({1.6f, 760.0f / (natural.size().x / s), 560.0f / (natural.size().y / s)});
    m_b.play(group({moveTo(m_attention, {960, 560}), scaleTo(m_attention, scale)}), 1.2);
    m_b.beat("attention map", "Row i: how strongly token i's query matches every key.");
    ItemDef def = makeBox(5, 12);
    def.name = "diagonal box";
    def.mayOverlap = {m_attention};
    const ItemId box = m_b.add(std::move(def), {.color = palette::kTitle});
    const int n = static_cast<int>(m_n.attention.rows());
    for (int i = 0; i < n; ++i) {
      const Rect cell = m_b.cellBounds(m_attention, i, i).expanded(-3);
      if (i == 0) {
        m_b.play(surround(box, cell), 0.0);
        m_b.play(create(box), 0.8);
        m_kit.note("The diagonal: each token's score against itself.");
      } else {
        m_b.play(surround(box, cell), 0.7);
      }
      m_b.play(cellHighlight(m_attention, m_b.cellIndex(m_attention, i, i), 1.0f), 0.3);
      m_b.beat("diagonal " + std::to_string(i),
               "Token " + std::to_string(i) + " scored against itself.");
    }
    std::vector<Anim> clear{fadeOut(box)};
    for (int i = 0; i < n; ++i)
      clear.push_back(cellHighlight(m_attention, m_b.cellIndex(m_attention, i, i), 0.0f));
    m_b.play(group(std::move(clear)), 0.5);
    m_kit.note("A higher score means a stronger match between a query and a key.");
    m_b.wait(1.5);
    m_b.beat("stronger match",
             "Raw scores can be any size; the next steps turn them into weights.");
    m_scores = m_attention;
  }

  // ------------------------------------------------------------------------------------------
  // Beyond the notebook: scaling, mask, softmax, weighted sum.

  std::string stepLabel() { return "Step " + std::to_string(m_step++) + kStepDot; }

  // Fills a placeholder matrix with its values, entry by entry (or only `row`), and colours it.
  void fillCells(ItemId matrix, const Eigen::MatrixXd& values, math::NumberFormat format,
                 glm::vec4 color, double seconds, int row = -1) {
    std::vector<Anim> cells;
    for (int r = 0; r < values.rows(); ++r) {
      if (row >= 0 && r != row) continue;
      for (int c = 0; c < values.cols(); ++c) {
        const int cell = m_b.cellIndex(matrix, r, c);
        cells.push_back(group({cellText(matrix, cell, math::formatNumber(values(r, c), format)),
                               cellColor(matrix, cell, color), cellOpacity(matrix, cell, 1.0f)}));
      }
    }
    m_b.play(laggedStart(0.25, std::move(cells)), seconds);
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
    if (!m_options.scale) {
      m_kit.note("Scaling is off here: the raw scores go straight into the softmax.");
      m_b.wait(1.5);
      m_b.beat("no scaling", "Scaling is off in the inspector: the softmax sees the raw scores.");
      return;
    }
    const std::string root = kRoot + std::to_string(m_n.dk);
    m_kit.caption(stepLabel() + "Divide every score by " + kRoot + "d_k = " + root);
    const math::NumberFormat format = m_scaledFormat;
    const ItemId divide = m_kit.text(divideText(), kOpSize, {0, kit::kContentY});
    const ItemId equals = m_kit.text("=", kOpSize, {0, kit::kContentY});
    const ItemId scaled = m_kit.matrix(m_n.scaled, style(scaledStyle()), true);
    m_kit.layOutRow({m_attention, divide, equals, scaled}, kit::kContentY);
    m_b.play(laggedStart(0.3, {fadeIn(divide), fadeIn(equals), fadeIn(scaled)}), 1.2);
    m_kit.note("d_k = " + std::to_string(m_n.dk) +
               " numbers per key. Dividing keeps long keys from making the softmax too spiky.");
    m_b.beat("scale: operands",
             "Dividing by the square root of d_k keeps scores from growing with the key length.");
    const double root2 = std::sqrt(static_cast<double>(m_n.dk));
    const math::NumberFormat scoresFormat = math::chooseFormat(m_n.scores);
    const ItemId calc =
        calcText(math::formatNumber(m_n.scores(0, 0), scoresFormat) + " " + kDivide + " " + root +
                     " = " + math::formatNumber(m_n.scores(0, 0), scoresFormat) + " " + kDivide +
                     " " + math::formatNumber(root2, {.decimals = 4}) + " = " +
                     math::formatNumber(m_n.scaled(0, 0), format),
                 "");
    m_b.play(write(calc), 1.0);
    fillCells(scaled, m_n.scaled, format, palette::kResult, 1.5);
    m_b.play(recolor(scaled, palette::kResult), 0.0);
    m_b.wait(0.5);
    m_b.beat("scaled", "Same order of scores, smaller spread: the softmax will be less extreme.");
    m_kit.fadeOutAll({m_attention, divide, equals, calc}, 0.6);
    m_kit.layOutRow({scaled}, kit::kContentY, kGap, kit::kMaxRowWidth, kit::kMaxRowHeight, 0.8);
    m_scores = scaled;
  }

  // Step 5: the causal mask added (or a word that this explainer runs without one).
  void maskStep() {
    if (!m_options.causalMask) {
      m_kit.note("No causal mask here: every token sees every token (a toggle turns it on).");
      m_b.wait(1.5);
      m_b.beat(
          "no mask",
          "Without a causal mask every token may look at every other one, later ones included.");
      return;
    }
    const std::string minusInf = math::formatNumber(-std::numeric_limits<double>::infinity(), {});
    m_kit.caption(stepLabel() + "The causal mask: no peeking at later tokens");
    const ItemId mask = m_kit.matrix(m_n.mask, style(maskStyle()));
    const ItemId plus = m_kit.text("+", kOpSize, {0, kit::kContentY});
    const ItemId masked = m_kit.matrix(m_n.masked, style(maskedStyle()), true);
    std::vector<ItemId> done{m_scores, plus, mask};
    if (m_maskInOneRow) {
      const ItemId equals = m_kit.text("=", kOpSize, {0, kit::kContentY});
      done.push_back(equals);
      m_kit.layOutRow({m_scores, plus, mask, equals, masked}, kit::kContentY);
      m_b.play(laggedStart(0.3, {fadeIn(plus), fadeIn(mask), fadeIn(equals), fadeIn(masked)}), 1.4);
    } else {
      // Too wide for one row: scores + mask first, then scores "+ mask =" masked.
      m_kit.layOutRow({m_scores, plus, mask}, kit::kContentY);
      m_b.play(laggedStart(0.3, {fadeIn(plus), fadeIn(mask)}), 1.0);
    }
    m_kit.note("Row i may use tokens 0 to i only: " + minusInf + " sits above the diagonal.");
    m_b.beat("mask: operands", "A decoder must not look ahead: minus infinity above the diagonal.");
    if (!m_maskInOneRow) {
      m_kit.fadeOutAll({plus, mask}, 0.6);
      const ItemId op = m_kit.text(kMaskOp, kSoftmaxSize, {0, kit::kContentY});
      m_kit.layOutRow({m_scores, op, masked}, kit::kContentY);
      m_b.play(laggedStart(0.3, {fadeIn(op), fadeIn(masked)}), 1.0);
      done = {m_scores, op};
    }
    fillCells(masked, m_n.masked, m_scoresFormat, palette::kResult, 1.5);
    m_b.play(recolor(masked, palette::kResult), 0.0);
    m_kit.note("e to the power " + minusInf + " is 0: the softmax gives those entries no weight.");
    m_b.wait(1.0);
    m_b.beat("masked", "After the softmax, minus infinity becomes a weight of exactly 0.");
    m_kit.fadeOutAll(done, 0.8);
    m_scores = masked;
  }

  // Step 6: the softmax of every row, one row at a time.
  void softmaxStep() {
    const bool hot = m_options.temperature != 1.0;
    const std::string t = temperatureText();
    m_kit.caption(stepLabel() + "Softmax of each row" +
                  (hot ? ", at temperature " + t : std::string()));
    const math::NumberFormat format = m_weightsFormat;
    const ItemId weights = m_kit.matrix(m_n.weights, style(weightsStyle()), true);
    const ItemId arrow = m_kit.text(softmaxText(), kSoftmaxSize, {0, kit::kContentY});
    m_kit.layOutRow({m_scores, arrow, weights}, kit::kContentY);
    m_b.play(laggedStart(0.3, {fadeIn(arrow), fadeIn(weights)}), 1.2);
    if (hot)
      m_kit.note("Dividing by " + t +
                 (m_options.temperature > 1
                      ? " first flattens each row: weights spread out."
                      : " first sharpens each row: the top score wins more."));
    else
      m_kit.note("Each score x becomes e^x; then each row is divided by its own total.");
    m_b.beat("softmax: operands", "Each row becomes positive weights that add up to 1.");

    ItemDef boxDef = makeBox(4, 10);
    boxDef.name = "softmax row box";
    boxDef.mayOverlap = {m_scores};
    const ItemId box = m_b.add(std::move(boxDef), {.color = palette::kHighlight});
    const Eigen::MatrixXd& in = m_n.masked;
    std::optional<ItemId> calc;
    const int n = static_cast<int>(in.rows());
    for (int i = 0; i < n; ++i) {
      const double pace = i == 0 ? 1.0 : 0.6;
      const Rect rowRect = m_b.rowBounds(m_scores, i).expanded(8 * m_b.state(m_scores).scale);
      std::vector<Anim> frame;
      if (i == 0) {
        m_b.play(surround(box, rowRect), 0.0);
        frame.push_back(create(box));
      } else {
        frame.push_back(surround(box, rowRect));
      }
      if (calc) frame.push_back(fadeOut(*calc));
      m_b.play(group(std::move(frame)), 0.8 * pace);
      const std::string args = rowText(in, i, m_scoresFormat);
      calc = calcText("softmax(" + (hot ? "(" + args + ") " + kDivide + " " + t : args) +
                          ") = " + rowText(m_n.weights, i, format),
                      "row " + std::to_string(i) + ": e^x " + kDivide + " the row's sum of e^x");
      m_b.play(write(*calc), 1.0 * pace);
      fillCells(weights, m_n.weights, format, palette::kResult, 1.0 * pace, i);
      m_b.wait(i == 0 ? 1.0 : 0.4);
      m_b.beat(
          "softmax row " + std::to_string(i),
          "Row " + std::to_string(i) + ": exponentiate each score, divide by the row's total.");
    }
    m_kit.fadeOutAll({box, *calc}, 0.6);
    m_b.play(recolor(weights, palette::kResult), 0.0);
    m_kit.note("Every row of weights adds up to 1: how much each token attends to each other one.");
    m_b.wait(1.2);
    m_b.beat("weights", "One row per token: how much of every token's value it will take.");
    m_weights = weights;
    m_softmaxArrow = arrow;
  }

  // Step 7: values = hidden_states @ W_v.T, then output = weights @ values, entry by entry.
  void weightedSumStep() {
    const std::string step = stepLabel();
    m_kit.fadeOutAll({m_scores, m_softmaxArrow, m_weights}, 0.8);
    m_kit.caption(step + "The weighted sum: first, values = hidden_states @ W_v.T");
    const ItemId wvT = m_kit.matrix(m_n.wvT, style(wvTStyle()));
    const math::NumberFormat valuesFormat = valuesStyle().format;
    const ItemId values = m_kit.matrix(m_n.values, style(valuesStyle()), true);
    const Product vp = m_kit.layOutProduct(m_hidden, wvT, values);
    m_b.play(laggedStart(0.25, {fadeIn(m_hidden), fadeIn(vp.times), fadeIn(wvT), fadeIn(vp.equals),
                                fadeIn(values)}),
             1.4);
    fillCells(values, m_n.values, valuesFormat, kValue, 1.5);
    m_b.recordProduct(m_hidden, wvT, values, m_n.hidden, m_n.wvT, math::chooseFormat(m_n.hidden));
    m_b.play(recolor(values, kValue), 0.0);
    m_kit.note(
        sameMatrix(m_n.wv, m_n.wq)
            ? "The notebook shares one weight matrix, so the values equal the queries."
            : "The same kind of product as the queries, with W_v: what each token passes on.");
    m_b.wait(1.0);
    m_b.beat("values", "Values are the third projection of the hidden states, what gets mixed.");
    m_kit.fadeOutAll({m_hidden, vp.times, wvT, vp.equals}, 0.8);

    m_kit.caption(step + "output = weights @ values");
    const math::NumberFormat outFormat = m_outputFormat;
    const ItemId output = m_kit.matrix(m_n.output, style(outputStyle()), true);
    const Product p = m_kit.layOutProduct(m_weights, values, output);
    m_b.play(
        laggedStart(0.3, {fadeIn(m_weights), fadeIn(p.times), fadeIn(p.equals), fadeIn(output)}),
        1.4);
    m_kit.note("Each output row mixes the value rows, weighted by one row of the softmax.");
    m_b.beat("output: operands", "Each output row is a weighted sum of the value rows.");
    m_kit.note("");
    m_kit.stepProduct(
        p, m_n.weights, m_n.values,
        {.resultColor = palette::kResult,
         .beatName = "output",
         .operandFormat = math::NumberFormat{.decimals = m_weightsFormat.decimals, .compact = true},
         .resultFormat = outFormat,
         .slowPace = 0.9,
         .fastPace = 0.35});
    m_b.beat("output done", "That is one attention head from start to finish.");
    m_kit.fadeOutAll({m_weights, values, p.times, p.equals}, 0.8);

    m_kit.caption("The output of one attention head");
    const Rect natural = m_b.bounds(output);
    const float s = m_b.state(output).scale;
    const float scale =
        std::min({1.6f, 760.0f / (natural.size().x / s), 560.0f / (natural.size().y / s)});
    m_b.play(group({moveTo(output, {960, 560}), scaleTo(output, scale)}), 1.2);
    m_kit.note("Row i is token i's new vector: the values it attended to, blended by weight.");
    m_b.wait(2.0);
    m_b.beat("the end",
             "Try the inspector: change the prompt or the weights and watch every number follow.");
  }

  // Step 1 for hidden states given directly (a user's file) instead of the token lookup.
  void showGivenHidden() {
    const std::string source =
        m_inputs.hiddenSource.empty() ? std::string("your file") : m_inputs.hiddenSource;
    m_kit.caption("Step 1 \xC2\xB7 hidden_states, loaded from " + source);
    m_hidden = m_kit.matrix(m_n.hidden, style(hiddenStyle()));
    m_kit.layOutRow({m_hidden}, 560);
    m_b.play(fadeIn(m_hidden), 1.2);
    m_kit.note("One row per token (" + std::to_string(m_n.hidden.rows()) + " " + math::kTimes +
               " " + std::to_string(m_n.hidden.cols()) +
               "): no lookup this time, the rows are given.");
    m_b.wait(1.0);
    m_b.beat("hidden states",
             "These hidden states come from your own file instead of the token table.");
  }

  SectionBuilder m_b;
  SectionKit m_kit;
  math::AttentionInputs m_inputs;
  math::AttentionOptions m_options;
  math::AttentionNumbers m_n;
  ItemId m_hidden = 0, m_queries = 0, m_attention = 0, m_weights = 0, m_softmaxArrow = 0;
  ItemId m_scores = 0;  // the scores as they go into the softmax (raw, scaled or masked)
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
