// The attention matmul explainer: the client's notebook, animated. The prompt's tokens are looked
// up in the token table, queries = hidden_states @ W_q.T and attention_map = queries @ keys.T are
// computed entry by entry with their real products, and the final map's diagonal is outlined.
// Every number shown is computed with Eigen (math/matmul.hpp) from the inputs.
#include "scene/sections/matmul.hpp"

#include <string>

#include "render/palette.hpp"
#include "scene/builder.hpp"
#include "scene/layout.hpp"
#include "scene/registry.hpp"

namespace tfviz {
namespace {

constexpr float kTitleY = 72;
constexpr float kCaptionY = 150;
constexpr float kContentY = 540;
constexpr float kCalcY = 880;
constexpr float kNoteY = 975;
constexpr float kMatrixFont = 52;
constexpr float kSign = 64;
constexpr float kMaxRowWidth = 1760;
constexpr float kBoxPad = 8;
constexpr float kFaint = 0.35f;

struct Product {
  ItemId lhs;
  ItemId rhs;
  ItemId result;
  ItemId times;
  ItemId equals;
};

class MatmulSection {
 public:
  MatmulSection(const FontAtlas& atlas, const math::AttentionInputs& inputs)
      : m_b("matmul", "Attention, entry by entry", atlas), m_n(math::computeAttention(inputs)) {
    m_inputs = inputs;
  }

  SectionScript build() && {
    intro();
    lookUpTokens();
    queriesStep();
    scoresStep();
    finalMap();
    return std::move(m_b).finish();
  }

 private:
  // --- helpers ---------------------------------------------------------------------------------

  ItemId text(const std::string& s, float size, glm::vec2 pos, glm::vec4 color,
              FontFace face = FontFace::Sans, Align align = Align::Center) {
    return m_b.add(makeText(s, size, face, align), {.pos = pos, .color = color});
  }

  ItemId matrix(const Eigen::MatrixXd& values, const std::string& label, glm::vec4 color,
                bool placeholder) {
    MatrixStyle style{.fontSize = kMatrixFont,
                      .label = label,
                      .labelSize = 36,
                      .color = color,
                      .format = math::chooseFormat(values)};
    if (placeholder) style.placeholder = "?";
    ItemDef def = makeMatrix(m_b.atlas(), values, style);
    ItemState state{.color = placeholder ? palette::kPlaceholder : color};
    const ItemId id = m_b.add(std::move(def), state);
    // Entries not yet computed are faint and show "?", never their answer.
    if (placeholder) {
      std::vector<Anim> faint;
      for (int c = 0; c < values.size(); ++c) faint.push_back(cellOpacity(id, c, kFaint));
      m_b.play(group(std::move(faint)), 0.0);
    }
    return id;
  }

  // Width at scale 1, whatever the item's current scale.
  float width(ItemId id) const { return m_b.bounds(id).size().x / m_b.state(id).scale; }

  // Shrinks an item (at scale 1) so it is at most maxWidth wide.
  void fitWidth(ItemId id, float maxWidth) {
    const float w = width(id);
    if (w > maxWidth) m_b.play(scaleTo(id, maxWidth / w), 0.0);
  }

  // Replaces the step caption with a new one.
  void caption(const std::string& s) {
    const ItemId next = text(s, 40, {960, kCaptionY}, palette::kText);
    if (m_caption) {
      m_b.play(group({fadeOut(*m_caption), write(next)}), 1.0);
    } else {
      m_b.play(write(next), 1.0);
    }
    m_caption = next;
  }

  void note(const std::string& s) {
    const ItemId next = text(s, 34, {960, kNoteY}, palette::kNote);
    if (m_note) {
      m_b.play(group({fadeOut(*m_note), fadeIn(next)}), 0.6);
    } else {
      m_b.play(fadeIn(next), 0.6);
    }
    m_note = next;
  }

  void clearNote() {
    if (!m_note) return;
    m_b.play(fadeOut(*m_note), 0.4);
    m_note.reset();
  }

  // Lays out lhs × rhs = result on one row, scaled to fit, at kContentY. Items already on screen
  // move there; the others are placed there hidden.
  Product layOutProduct(ItemId lhs, ItemId rhs, ItemId result) {
    Product p{lhs, rhs, result, text("\xC3\x97", kSign, {0, kContentY}, palette::kText),
              text("=", kSign, {0, kContentY}, palette::kText)};
    const float widths[5] = {width(lhs), width(p.times), width(rhs), width(p.equals),
                             width(result)};
    const float gap = 44;
    const float scale = fitScale(widths, gap, kMaxRowWidth);
    float scaled[5];
    for (int i = 0; i < 5; ++i) scaled[i] = widths[i] * scale;
    const std::vector<float> xs = rowCenters(scaled, gap * scale, 960);
    const ItemId order[5] = {lhs, p.times, rhs, p.equals, result};
    // Hidden items jump into place; the ones on screen glide there.
    std::vector<Anim> jumps, glides;
    for (int i = 0; i < 5; ++i) {
      const glm::vec2 pos(xs[i], kContentY);
      auto& list = m_b.state(order[i]).opacity > 0 ? glides : jumps;
      list.push_back(group({moveTo(order[i], pos), scaleTo(order[i], scale)}));
    }
    m_b.play(group(std::move(jumps)), 0.0);
    if (!glides.empty()) m_b.play(group(std::move(glides)), 1.0);
    return p;
  }

  // The box that outlines an operand's row or column; created on first use.
  ItemId operandBox(std::optional<ItemId>& slot, std::vector<ItemId> targets) {
    if (!slot) {
      ItemDef def = makeBox(4, 10);
      def.name = "operand box";
      def.mayOverlap = std::move(targets);
      slot = m_b.add(std::move(def), {.color = palette::kHighlight});
    }
    return *slot;
  }

  // Every entry of p.result, one beat each: row and column boxed, the real products written
  // out, the entry turning solid. The first row goes slowly; later rows speed up.
  void computeEntries(const Product& p, const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                      glm::vec4 resultColor, const std::string& what) {
    const ItemId rowBox = operandBox(m_rowBox, {});
    const ItemId colBox = operandBox(m_colBox, {});
    m_b.allowOverlap(rowBox, p.lhs);
    m_b.allowOverlap(colBox, p.rhs);
    m_b.play(group({fadeOut(rowBox), fadeOut(colBox)}), 0.0);
    const math::NumberFormat opFormat =
        math::chooseFormat(a).decimals > 0 ? math::chooseFormat(a) : math::chooseFormat(b);
    const math::NumberFormat resFormat = math::chooseFormat(a * b);
    const std::vector<math::MatmulStep> steps = math::matmulSteps(a, b);
    std::optional<ItemId> calc;
    int lastCell = -1;
    for (size_t k = 0; k < steps.size(); ++k) {
      const math::MatmulStep& s = steps[k];
      const bool slow = static_cast<int>(k) < b.cols();  // the whole first row, slowly
      const double pace = slow ? 1.0 : (k < 2 * static_cast<size_t>(b.cols()) ? 0.6 : 0.4);
      const Rect rowRect = m_b.rowBounds(p.lhs, s.row).expanded(kBoxPad);
      const Rect colRect = m_b.colBounds(p.rhs, s.col).expanded(kBoxPad);
      const int cell = m_b.cellIndex(p.result, s.row, s.col);
      // Boxes onto the operands (created the first time, moved afterwards).
      std::vector<Anim> frame;
      if (k == 0) {
        m_b.play(group({surround(rowBox, rowRect), surround(colBox, colRect)}), 0.0);
        frame.push_back(create(rowBox));
        frame.push_back(create(colBox));
      } else {
        frame.push_back(surround(rowBox, rowRect));
        frame.push_back(surround(colBox, colRect));
      }
      frame.push_back(cellHighlight(p.result, cell, 1.0f));
      if (lastCell >= 0) frame.push_back(cellHighlight(p.result, lastCell, 0.0f));
      if (calc) frame.push_back(fadeOut(*calc));
      m_b.play(group(std::move(frame)), 0.9 * pace);
      // The products, written out.
      const ItemId next = text(math::calculationText(s, opFormat, resFormat), 46, {960, kCalcY},
                               palette::kText, FontFace::Mono);
      fitWidth(next, kMaxRowWidth);
      m_b.play(write(next), 1.2 * pace);
      calc = next;
      // The entry turns solid.
      m_b.play(group({cellText(p.result, cell, math::formatNumber(s.value, resFormat)),
                      cellColor(p.result, cell, resultColor), cellOpacity(p.result, cell, 1.0f)}),
               0.6 * pace);
      m_b.wait(0.3 * pace);
      m_b.beat(what + " (" + std::to_string(s.row) + ", " + std::to_string(s.col) + ")");
      lastCell = cell;
    }
    std::vector<Anim> tidy{fadeOut(rowBox), fadeOut(colBox), fadeOut(*calc)};
    if (lastCell >= 0) tidy.push_back(cellHighlight(p.result, lastCell, 0.0f));
    tidy.push_back(recolor(p.result, resultColor));
    m_b.play(group(std::move(tidy)), 0.6);
  }

  // --- the steps -------------------------------------------------------------------------------

  void intro() {
    const ItemId title = text("Attention, entry by entry", 56, {960, kTitleY}, palette::kTitle);
    m_b.play(write(title), 1.5);
    const ItemId sub = text("Every number on screen is computed from the inputs below.", 34,
                            {960, 480}, palette::kText);
    const ItemId sub2 =
        text("Press \xE2\x86\x92 to step, one idea at a time.", 30, {960, 560}, palette::kNote);
    m_b.play(laggedStart(0.5, {fadeIn(sub), fadeIn(sub2)}), 1.2);
    m_b.wait(0.5);
    m_b.beat("title");
    m_b.play(group({fadeOut(sub), fadeOut(sub2)}), 0.6);
  }

  void lookUpTokens() {
    caption("Step 1 \xC2\xB7 Look up each token of the prompt \"" + m_inputs.prompt + "\"");
    const Eigen::MatrixXd& table = m_inputs.tokenTable;
    m_table = matrix(table, "token table", palette::kInput, false);
    m_hidden = matrix(m_n.hidden, "hidden_states", palette::kInput, true);
    // Two columns: the table on the left, hidden_states on the right.
    const float tableFit = std::min(1.0f, 640.0f / m_b.bounds(m_table).size().y);
    m_b.play(group({moveTo(m_table, {640, 590}), scaleTo(m_table, tableFit),
                    moveTo(m_hidden, {1320, 590})}),
             0.0);
    // Token ids beside the table's rows.
    std::vector<Anim> ids;
    for (int r = 0; r < table.rows(); ++r) {
      const Rect row = m_b.rowBounds(m_table, r);
      const float x = m_b.bounds(m_table).min.x - 36;
      const ItemId id = text(std::to_string(r), 48 * tableFit, {x, row.center().y}, palette::kNote,
                             FontFace::Mono);
      m_tableIds.push_back(id);
      ids.push_back(fadeIn(id));
    }
    m_b.play(group({fadeIn(m_table), fadeIn(m_hidden), laggedStart(0.15, std::move(ids))}), 1.2);
    note("Each digit of the prompt is a token; its row of the table is its embedding.");
    m_b.beat("token table");

    const ItemId box = operandBox(m_rowBox, {m_table});
    for (size_t i = 0; i < m_n.tokens.size(); ++i) {
      const int token = m_n.tokens[i];
      const Rect rowRect = m_b.rowBounds(m_table, token).expanded(kBoxPad);
      std::vector<Anim> show;
      if (i == 0) {
        m_b.play(surround(box, rowRect), 0.0);
        show.push_back(create(box));
      } else {
        show.push_back(surround(box, rowRect));
      }
      const Rect hiddenRow = m_b.rowBounds(m_hidden, static_cast<int>(i));
      const ItemId label = text("\"" + std::string(1, m_inputs.prompt[i]) + "\"", 40,
                                {m_b.bounds(m_hidden).min.x - 44, hiddenRow.center().y},
                                palette::kNote, FontFace::Mono);
      m_hiddenIds.push_back(label);
      show.push_back(fadeIn(label));
      m_b.play(group(std::move(show)), 0.8);
      std::vector<Anim> copy;
      for (int c = 0; c < m_n.hidden.cols(); ++c) {
        const int cell = m_b.cellIndex(m_hidden, static_cast<int>(i), c);
        copy.push_back(
            group({cellText(m_hidden, cell,
                            math::formatNumber(m_n.hidden(static_cast<Eigen::Index>(i), c),
                                               math::chooseFormat(m_n.hidden))),
                   cellColor(m_hidden, cell, palette::kInput), cellOpacity(m_hidden, cell, 1.0f)}));
      }
      m_b.play(laggedStart(0.3, std::move(copy)), 0.8);
      m_b.wait(0.3);
      m_b.beat("token " + std::to_string(i) + " is \"" + std::string(1, m_inputs.prompt[i]) + "\"");
    }
    std::vector<Anim> out{fadeOut(box), fadeOut(m_table), recolor(m_hidden, palette::kInput)};
    for (ItemId id : m_tableIds) out.push_back(fadeOut(id));
    for (ItemId id : m_hiddenIds) out.push_back(fadeOut(id));
    m_b.play(group(std::move(out)), 0.8);
  }

  // One product step: lhs (already on screen) @ a new right operand = a new, faint result,
  // computed entry by entry. Returns the result, which stays; operands and signs fade out.
  struct StepSpec {
    std::string caption;
    const Eigen::MatrixXd* rhs;
    std::string rhsLabel;
    glm::vec4 rhsColor;
    const Eigen::MatrixXd* result;
    std::string resultLabel;
    glm::vec4 resultColor;
    std::string note;
    std::string beatName;  // "queries" gives beats "queries (i, j)"
  };
  ItemId productStep(ItemId lhs, const Eigen::MatrixXd& lhsValues, const StepSpec& spec) {
    caption(spec.caption);
    const ItemId rhs = matrix(*spec.rhs, spec.rhsLabel, spec.rhsColor, false);
    const ItemId result = matrix(*spec.result, spec.resultLabel, spec.resultColor, true);
    const Product p = layOutProduct(lhs, rhs, result);
    m_b.play(laggedStart(0.3, {fadeIn(p.times), fadeIn(rhs), fadeIn(p.equals), fadeIn(result)}),
             1.5);
    note(spec.note);
    m_b.beat(spec.beatName + ": operands");
    clearNote();
    computeEntries(p, lhsValues, *spec.rhs, spec.resultColor, spec.beatName);
    m_b.beat(spec.beatName + " done");
    m_b.play(group({fadeOut(lhs), fadeOut(rhs), fadeOut(p.times), fadeOut(p.equals)}), 0.8);
    return result;
  }

  void queriesStep() {
    m_queries =
        productStep(m_hidden, m_n.hidden,
                    {.caption = "Step 2 \xC2\xB7 queries = hidden_states @ W_q.T",
                     .rhs = &m_n.wqT,
                     .rhsLabel = "W_q.T",
                     .rhsColor = palette::kWeight,
                     .result = &m_n.queries,
                     .resultLabel = "queries",
                     .resultColor = palette::kQuery,
                     .note = "nn.Linear computes x @ weight.T, so the matrix multiplied is W_q.T.",
                     .beatName = "queries"});
  }

  void scoresStep() {
    m_attention = productStep(
        m_queries, m_n.queries,
        {.caption = "Step 3 \xC2\xB7 attention_map = queries @ keys.T",
         .rhs = &m_n.keysT,
         .rhsLabel = "keys.T",
         .rhsColor = palette::kKey,
         .result = &m_n.attention,
         .resultLabel = "attention_map",
         .resultColor = palette::kResult,
         .note = "The notebook gives keys the same weights as queries, so keys.T is queries "
                 "transposed.",
         .beatName = "score"});
    m_b.play(fadeOut(*m_caption), 0.5);
    m_caption.reset();
  }

  void finalMap() {
    caption("The attention map");
    const Rect natural = m_b.bounds(m_attention);
    const float scale = std::min({1.6f, 760.0f / (natural.size().x / m_b.state(m_attention).scale),
                                  560.0f / (natural.size().y / m_b.state(m_attention).scale)});
    m_b.play(group({moveTo(m_attention, {960, 540}), scaleTo(m_attention, scale)}), 1.2);
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
        note("The diagonal: each token's score against itself.");
      } else {
        m_b.play(surround(box, cell), 0.7);
      }
      m_b.play(cellHighlight(m_attention, m_b.cellIndex(m_attention, i, i), 1.0f), 0.3);
      m_b.beat("diagonal " + std::to_string(i));
    }
    m_b.play(fadeOut(box), 0.5);
    note("A higher score means a stronger match between a query and a key.");
    m_b.wait(1.5);
    m_b.beat("the end");
  }

  SectionBuilder m_b;
  math::AttentionInputs m_inputs;
  math::AttentionNumbers m_n;
  std::optional<ItemId> m_caption, m_note, m_rowBox, m_colBox;
  ItemId m_table = 0, m_hidden = 0, m_queries = 0, m_attention = 0;
  std::vector<ItemId> m_tableIds, m_hiddenIds;
};

}  // namespace

SectionScript buildMatmulSection(const FontAtlas& atlas, const math::AttentionInputs& inputs) {
  return MatmulSection(atlas, inputs).build();
}

SectionScript buildMatmulSection(const FontAtlas& atlas) {
  return buildMatmulSection(atlas, math::notebookInputs());
}

}  // namespace tfviz
