// The attention matmul explainer: the client's notebook, animated. The prompt's tokens are looked
// up in the token table, queries = hidden_states @ W_q.T and attention_map = queries @ keys.T are
// computed entry by entry with their real products, and the final map's diagonal is outlined.
// Every number shown is computed with Eigen (math/matmul.hpp) from the inputs.
#include "scene/sections/matmul.hpp"

#include <string>

#include "scene/kit.hpp"
#include "scene/registry.hpp"

namespace tfviz {
namespace {

class MatmulSection {
 public:
  MatmulSection(const FontAtlas& atlas, const math::AttentionInputs& inputs)
      : m_b("matmul", "Attention, entry by entry", atlas),
        m_kit(m_b),
        m_inputs(inputs),
        m_n(math::computeAttention(inputs)) {}

  SectionScript build() && {
    intro();
    lookUpTokens();
    m_queries = productStep(m_hidden, m_n.hidden,
                            {.caption = "Step 2 \xC2\xB7 queries = hidden_states @ W_q.T",
                             .rhs = &m_n.wqT,
                             .rhsStyle = {.label = "W_q.T", .color = palette::kWeight},
                             .result = &m_n.queries,
                             .resultStyle = {.label = "queries", .color = palette::kQuery},
                             .note = "nn.Linear computes x @ weight.T, so the matrix multiplied "
                                     "is W_q.T.",
                             .beatName = "queries"});
    m_attention =
        productStep(m_queries, m_n.queries,
                    {.caption = "Step 3 \xC2\xB7 attention_map = queries @ keys.T",
                     .rhs = &m_n.keysT,
                     .rhsStyle = {.label = "keys.T", .color = palette::kKey},
                     .result = &m_n.attention,
                     .resultStyle = {.label = "attention_map", .color = palette::kResult},
                     .note = "The notebook gives keys the same weights as queries, so keys.T is "
                             "queries transposed.",
                     .beatName = "score"});
    finalMap();
    return std::move(m_b).finish();
  }

 private:
  MatrixStyle style(MatrixStyle s) const {
    s.fontSize = kit::kMatrixFont;
    s.labelSize = 40;
    return s;
  }

  void intro() {
    m_kit.title("Attention, entry by entry");
    const ItemId sub =
        m_kit.text("Every number on screen is computed from the inputs below.", 40, {960, 480});
    const ItemId sub2 = m_kit.text("Press \xE2\x86\x92 to step, one idea at a time.", 34,
                                   {960, 560}, palette::kNote);
    m_b.play(laggedStart(0.5, {fadeIn(sub), fadeIn(sub2)}), 1.2);
    m_b.wait(0.5);
    m_b.beat("title");
    m_kit.fadeOutAll({sub, sub2});
  }

  void lookUpTokens() {
    m_kit.caption("Step 1 \xC2\xB7 Look up each token of the prompt \"" + m_inputs.prompt + "\"");
    const Eigen::MatrixXd& table = m_inputs.tokenTable;
    std::vector<std::string> ids;
    for (int r = 0; r < table.rows(); ++r) ids.push_back(std::to_string(r));
    MatrixStyle tableStyle = style(
        {.label = "token table", .color = palette::kInput, .rowLabels = ids, .headerSize = 44});
    tableStyle.labelSize = 44;  // the table is shown scaled down to fit its ten rows
    const ItemId tableItem = m_kit.matrix(table, tableStyle);
    m_hidden =
        m_kit.matrix(m_n.hidden, style({.label = "hidden_states", .color = palette::kInput}), true);
    // Two columns: the table on the left, hidden_states on the right.
    const float tableFit = std::min(1.0f, 660.0f / m_b.bounds(tableItem).size().y);
    m_b.play(group({moveTo(tableItem, {640, 590}), scaleTo(tableItem, tableFit),
                    moveTo(m_hidden, {1320, 590})}),
             0.0);
    m_b.play(group({fadeIn(tableItem), fadeIn(m_hidden)}), 1.2);
    m_kit.note("Each digit of the prompt is a token; its row of the table is its embedding.");
    m_b.beat("token table");

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
      m_b.beat("token " + std::to_string(i) + " is \"" + std::string(1, m_inputs.prompt[i]) + "\"");
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
    m_b.beat(spec.beatName + ": operands");
    m_kit.note("");
    m_kit.stepProduct(p, lhsValues, *spec.rhs,
                      {.resultColor = spec.resultStyle.color, .beatName = spec.beatName});
    m_b.beat(spec.beatName + " done");
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
    m_b.beat("attention map");
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
      m_b.beat("diagonal " + std::to_string(i));
    }
    m_b.play(fadeOut(box), 0.5);
    m_kit.note("A higher score means a stronger match between a query and a key.");
    m_b.wait(1.5);
    m_b.beat("the end");
  }

  SectionBuilder m_b;
  SectionKit m_kit;
  math::AttentionInputs m_inputs;
  math::AttentionNumbers m_n;
  ItemId m_hidden = 0, m_queries = 0, m_attention = 0;
};

}  // namespace

SectionScript buildMatmulSection(const FontAtlas& atlas, const math::AttentionInputs& inputs) {
  return MatmulSection(atlas, inputs).build();
}

SectionScript buildMatmulSection(const FontAtlas& atlas) {
  return buildMatmulSection(atlas, math::notebookInputs());
}

}  // namespace tfviz
