// Section "model": one forward pass of a real GPT (see model.hpp). Every number on screen comes
// from math::gptForward's trace of the prompt; tensors wider than the frame are elided through
// kit/elide.hpp, attention patterns are heat maps labelled with the prompt's words. With more
// than two blocks only the first and the last are shown in full (said on screen). CPU only.
#include "scene/sections/model.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "math/format.hpp"
#include "scene/heat.hpp"
#include "scene/kit.hpp"
#include "scene/kit/elide.hpp"
#include "scene/kit/lines.hpp"
#include "scene/kit/marks.hpp"
#include "scene/kit/words.hpp"

namespace tfviz {

namespace {

constexpr float kFont = 34;         // entries of the section's matrices, before fitting
constexpr float kHeader = 32;       // row and column headers and labels
constexpr int kMostRows = 12;       // prompt positions shown whole up to this many
constexpr int kTailRows = 3;        // ... else the first ones, ⋮, and the last three
constexpr int kMaxLabelChars = 12;  // longer tokens are cut with "…" in headers
constexpr int kTopWords = 5;        // the next words listed with their logits
const math::NumberFormat kF2{.decimals = 2};

// --- [SECTION] pure helpers --------------------------------------------------------------------

// How many characters a UTF-8 string has (bytes that do not continue a sequence).
size_t utf8Length(const std::string& s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// A token as a header: its vocabulary entry (cut to kMaxLabelChars with "…"), or "#id" without
// one.
std::string tokenLabel(const std::vector<std::string>& vocab, int id) {
  if (id < 0 || id >= static_cast<int>(vocab.size()) || vocab[static_cast<size_t>(id)].empty())
    return "#" + std::to_string(id);
  const std::string& w = vocab[static_cast<size_t>(id)];
  if (utf8Length(w) <= static_cast<size_t>(kMaxLabelChars)) return w;
  size_t bytes = 0, chars = 0;
  while (bytes < w.size()) {
    if ((static_cast<unsigned char>(w[bytes]) & 0xC0) != 0x80 && chars++ == kMaxLabelChars - 1)
      break;
    ++bytes;
  }
  return w.substr(0, bytes) + "\u2026";
}

// The compact copy of a big float tensor that an elision needs: only its shown rows and columns,
// with the elision renumbered to match (so a 50,257-row table is never copied whole).
struct Compact {
  Eigen::MatrixXd values;
  kit::Elision elision;
};
template <class M>
Compact compact(const M& m, const kit::Elision& e) {
  Compact c;
  std::vector<int> rows, cols;
  for (int r : e.rows) {
    c.elision.rows.push_back(r == kit::kGap ? kit::kGap : static_cast<int>(rows.size()));
    if (r != kit::kGap) rows.push_back(r);
  }
  for (int k : e.cols) {
    c.elision.cols.push_back(k == kit::kGap ? kit::kGap : static_cast<int>(cols.size()));
    if (k != kit::kGap) cols.push_back(k);
  }
  c.values.resize(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(cols.size()));
  for (size_t i = 0; i < rows.size(); ++i)
    for (size_t j = 0; j < cols.size(); ++j)
      c.values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          static_cast<double>(m(rows[i], cols[j]));
  return c;
}
// Which earlier word the last position of a head looks at most: the position (not the first,
// where weights pile up when a head has nothing to do, unless that is all there is) and weight.
struct Focus {
  int block = -1, head = -1, pos = -1;
  double weight = 0;
};
Focus lastRowFocus(const Eigen::MatrixXd& weights) {
  const int t = static_cast<int>(weights.rows());
  Focus f;
  if (t < 2) return f;
  const int from = t >= 3 ? 1 : 0;
  for (int j = from; j < t - 1; ++j) {
    if (weights(t - 1, j) > f.weight) {
      f.weight = weights(t - 1, j);
      f.pos = j;
    }
  }
  return f;
}

// The blocks shown in full: every one up to two, else the first and the last.
std::vector<int> fullBlocks(int n) {
  if (n <= 2) {
    std::vector<int> all(static_cast<size_t>(n));
    std::iota(all.begin(), all.end(), 0);
    return all;
  }
  return {0, n - 1};
}

// Mean and (biased) spread of a row.
std::pair<double, double> rowStats(const Eigen::MatrixXd& m, int row) {
  const double mean = m.row(row).mean();
  const double var = (m.row(row).array() - mean).square().mean();
  return {mean, std::sqrt(var)};
}

// --- how an entry was computed: what a click on it shows (SectionBuilder::noteCell)
// ---------------

struct Why {
  std::string title;
  std::vector<std::string> terms;
  std::string result;
};
using Explain = std::function<Why(int row, int col)>;  // row, col of the whole tensor

std::string num(double v) {
  return math::formatNumber(v, {.decimals = 4});
}
std::string entryName(const std::string& name, int r, int c) {
  return name + "[" + std::to_string(r) + ", " + std::to_string(c) + "]";
}

// out = in · weightᵀ + bias, entry (r, c): the first products, how many, the sum.
Explain linearWhy(const Eigen::MatrixXd& in, const math::LinearWeights& w,
                  const Eigen::MatrixXd& out, std::string name, std::string inName,
                  std::string weightName) {
  return [&in, &w, &out, name, inName, weightName](int r, int c) {
    Why y;
    y.title = entryName(name, r, c) + " = row " + std::to_string(r) + " of " + inName + " · row " +
              std::to_string(c) + " of " + weightName + (w.bias.size() ? " + bias" : "");
    const Eigen::Index n = in.cols();
    for (Eigen::Index k = 0; k < n && k < 4; ++k)
      y.terms.push_back(num(in(r, k)) + math::kDot + num(w.weight(c, k)) + " = " +
                        num(in(r, k) * w.weight(c, k)));
    if (n > 4) y.terms.push_back("… " + std::to_string(n) + " products in all");
    double sum = 0;
    for (Eigen::Index k = 0; k < n; ++k) sum += in(r, k) * w.weight(c, k);
    y.result = "sum " + num(sum);
    if (w.bias.size()) y.result += " + bias " + num(w.bias(c));
    y.result += " = " + num(out(r, c));
    return y;
  };
}

// out = a + b, entry (r, c).
Explain addWhy(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, const Eigen::MatrixXd& out,
               std::string name, std::string aName, std::string bName) {
  return [&a, &b, &out, name, aName, bName](int r, int c) {
    return Why{
        entryName(name, r, c) + " = " + entryName(aName, r, c) + " + " + entryName(bName, r, c),
        {aName + ": " + num(a(r, c)), bName + ": " + num(b(r, c))},
        num(a(r, c)) + " + " + num(b(r, c)) + " = " + num(out(r, c))};
  };
}

// A layer norm of each row, entry (r, c).
Explain layerNormWhy(const Eigen::MatrixXd& in, const math::LayerNormWeights& w,
                     const Eigen::MatrixXd& out, std::string name) {
  return [&in, &w, &out, name](int r, int c) {
    const double mean = in.row(r).mean();
    const double var = (in.row(r).array() - mean).square().mean();
    Why y;
    y.title = entryName(name, r, c) + ": row " + std::to_string(r) +
              " to mean 0 and spread 1, then " + "scaled and shifted";
    y.terms = {"x = " + num(in(r, c)), "row mean = " + num(mean), "row variance = " + num(var),
               "scale γ = " + num(w.weight(c)) +
                   (w.bias.size() ? ", shift β = " + num(w.bias(c)) : std::string())};
    y.result = "(x − mean) / √(variance + 0.00001) · γ" + std::string(w.bias.size() ? " + β" : "") +
               " = " + num(out(r, c));
    return y;
  };
}

// A softmax of each row of `scores` (masked above the diagonal when `causal`), entry (r, c).
Explain softmaxWhy(const Eigen::MatrixXd& scores, const Eigen::MatrixXd& out, std::string name,
                   bool causal, std::string scoreName) {
  return [&scores, &out, name, causal, scoreName](int r, int c) {
    Why y;
    y.title =
        entryName(name, r, c) + " = e^score ÷ the sum of e^score over row " + std::to_string(r);
    if (causal && c > r) {
      y.terms = {"column " + std::to_string(c) + " comes after row " + std::to_string(r) +
                 ": masked out, e^−∞ = 0"};
      y.result = "0";
      return y;
    }
    const Eigen::Index n = causal ? r + 1 : scores.cols();
    double total = 0;
    for (Eigen::Index k = 0; k < n; ++k) total += std::exp(scores(r, k));
    y.terms = {scoreName + " = " + num(scores(r, c)), "e^score = " + num(std::exp(scores(r, c))),
               "sum of e^score over the row = " + num(total)};
    y.result = num(std::exp(scores(r, c))) + " ÷ " + num(total) + " = " + num(out(r, c));
    return y;
  };
}

// --- [SECTION] the section ---------------------------------------------------------------------

class ModelSection : kit::Section {
 public:
  ModelSection(const FontAtlas& atlas, const ModelInputs& in, math::GptTrace trace)
      : Section("model", "Inside a trained GPT", atlas),
        m_in(in),
        m_w(*in.weights),
        m_cfg(in.weights->config),
        m_t(std::move(trace)),
        m_n(static_cast<int>(m_t.tokens.size())),
        m_rows(kit::elideAxis(m_n, kMostRows, kTailRows)) {
    for (int id : m_t.tokens) m_words.push_back(tokenLabel(m_in.vocab, id));
    m_blocks = fullBlocks(m_cfg.nLayer);
    for (int b : m_blocks) {
      for (int h = 0; h < m_cfg.nHead; ++h) {
        Focus f =
            lastRowFocus(m_t.blocks[static_cast<size_t>(b)].heads[static_cast<size_t>(h)].weights);
        if (f.pos >= 0 && f.weight > m_focus.weight) m_focus = {b, h, f.pos, f.weight};
      }
    }
  }

  SectionScript build() && {
    prompt();
    embed();
    positions();
    for (size_t i = 0; i < m_blocks.size(); ++i) {
      if (i > 0 && m_blocks[i] != m_blocks[i - 1] + 1)
        skipped(m_blocks[i - 1] + 1, m_blocks[i] - 1);
      block(m_blocks[i]);
    }
    finalNorm();
    logits();
    nextWord();
    return std::move(*this).finish();
  }

 private:
  // --- helpers ---------------------------------------------------------------------------------
  std::string word(int pos) const { return m_words.at(static_cast<size_t>(pos)); }
  std::string quotedWord(int pos) const { return kit::quoted(word(pos)); }
  std::string last() const { return quotedWord(m_n - 1); }
  std::string blockName(int b) const { return "Block " + std::to_string(b + 1); }
  static std::string count(int n) { return kit::withCommas(n); }

  // An activation's style: the prompt's words as row headers (when `words`).
  MatrixStyle style(const std::string& label, glm::vec4 color, bool words = true) const {
    MatrixStyle s{
        .fontSize = kFont, .label = label, .labelSize = kHeader, .color = color, .format = kF2};
    if (words) s.rowLabels = m_words;
    s.headerSize = kHeader;
    return s;
  }
  // The elision of a T x cols activation showing `most` columns.
  kit::Elision rowsBy(int cols, int most) const { return {m_rows, kit::elideAxis(cols, most, 1)}; }
  // Whether a row laid out at this scale keeps the entries legible.
  // (Headers and labels are the smallest text.)
  static bool readable(float scale) { return scale * kHeader >= kit::kMinTextSize + 0.5f; }
  // The most columns (7 down to 3) at which a row of items of these sizes stays legible.
  static int fitMost(const std::function<std::vector<glm::vec2>(int)>& sizes, float gap = 44,
                     int hi = 7, float maxHeight = kit::kMaxRowHeight) {
    for (int most = hi; most > 3; --most)
      if (readable(kit::fitRow(sizes(most), gap, kit::kMaxRowWidth, maxHeight))) return most;
    return 3;
  }
  glm::vec2 signSize(const std::string& s) const { return m_kit.textSize(s, 56); }

  // One row of activations (T x d-ish tensors) with signs between them, as many columns as fit:
  // items returned in order, laid out at the content row, hidden.
  struct RowPart {
    const Eigen::MatrixXd* values = nullptr;  // null: a sign
    std::string text;                         // the label, or the sign
    glm::vec4 color = palette::kResult;
    bool words = true;
    std::vector<std::string> rowLabels;  // instead of the words
    Explain why;                         // how its entries were computed (for a click)
  };

  // The token embedding rows picked for the prompt: entry (r, c) is the table's row of token r.
  Explain pickedWhy() const {
    return [this](int r, int c) {
      const int id = m_t.tokens[static_cast<size_t>(r)];
      return Why{"row " + std::to_string(r) + " (" + quotedWord(r) + ") = row " +
                     std::to_string(id) + " of the token table, entry " + std::to_string(c),
                 {quotedWord(r) + " is token " + std::to_string(id),
                  "learned in training (transformer.wte.weight)"},
                 num(m_t.tokenEmbedding(r, c))};
    };
  }

  // Block b's input x: the embeddings' sum for the first block, else the block before's output.
  Explain inputWhy(int b) const {
    if (b == 0)
      return addWhy(m_t.tokenEmbedding, m_t.positionEmbedding, m_t.x0, "x", "token rows",
                    "position rows");
    const math::GptBlockTrace& prev = m_t.blocks[static_cast<size_t>(b - 1)];
    return addWhy(prev.resid1, prev.mlpOut, prev.output, "x", blockName(b - 1) + "'s x + attention",
                  blockName(b - 1) + "'s mlp");
  }
  Explain outputWhy(int b) const {
    const math::GptBlockTrace& bt = m_t.blocks[static_cast<size_t>(b)];
    return addWhy(bt.resid1, bt.mlpOut, bt.output, blockName(b) + " output", "x + attention",
                  "mlp");
  }
  // An entry carried over from an earlier stage: its value and where it was made.
  static Explain valueWhy(const Eigen::MatrixXd& values, std::string name, std::string from) {
    return [&values, name, from](int r, int c) {
      return Why{entryName(name, r, c) + ": " + from, {}, num(values(r, c))};
    };
  }

  // Notes how every shown entry of an elided matrix was computed (from now on: a later note of
  // the same cell replaces it, as when the matrix changes into another tensor).
  void explain(ItemId item, const kit::Elision& e, const Explain& why) {
    if (!why) return;
    for (int i = 0; i < e.shownRows(); ++i) {
      const int r = e.rows[static_cast<size_t>(i)];
      if (r == kit::kGap) continue;
      for (int j = 0; j < e.shownCols(); ++j) {
        const int c = e.cols[static_cast<size_t>(j)];
        if (c == kit::kGap) continue;
        Why y = why(r, c);
        m_b.noteCell(item, i * e.shownCols() + j, std::move(y.title), std::move(y.terms),
                     std::move(y.result));
      }
    }
  }
  std::vector<ItemId> activationRow(const std::vector<RowPart>& parts, float y = kit::kContentY,
                                    std::vector<kit::Elision>* elisions = nullptr) {
    auto partStyle = [&](const RowPart& p) {
      MatrixStyle s = style(p.text, p.color, p.words);
      if (!p.rowLabels.empty()) s.rowLabels = p.rowLabels;
      return s;
    };
    const int most = fitMost([&](int m) {
      std::vector<glm::vec2> sizes;
      for (const RowPart& p : parts)
        sizes.push_back(p.values
                            ? kit::elidedMatrixSize(m_kit, *p.values, partStyle(p),
                                                    rowsBy(static_cast<int>(p.values->cols()), m))
                            : signSize(p.text));
      return sizes;
    });
    std::vector<ItemId> items;
    for (const RowPart& p : parts) {
      if (!p.values) {
        items.push_back(m_kit.sign(p.text));
        continue;
      }
      const kit::Elision e = rowsBy(static_cast<int>(p.values->cols()), most);
      items.push_back(kit::elidedMatrix(m_kit, *p.values, partStyle(p), e));
      explain(items.back(), e, p.why);
      if (elisions) elisions->push_back(e);
    }
    m_kit.layOutRow(items, y);
    return items;
  }

  // A part's first picture: the last part's result (m_input), when one is on screen, turns into
  // it; else it fades in.
  void arrive(ItemId first) {
    if (m_input) {
      m_b.play(m_b.transform(*m_input, first), 0.8);
      m_input.reset();
    } else {
      m_kit.show({first}, 0.8);
    }
  }

  // The end of a part: the note line goes while the picture is still up (so the next part's
  // caption never follows an empty frame), then the picture clears under what comes next.
  void close(kit::Act& act) {
    m_kit.note("");
    act.clearUnder();
  }

  // Note: the shape of a tensor, "[10 × 32]".
  static std::string shape(const Eigen::MatrixXd& m) { return kit::shapeText(m); }

  // --- parts -------------------------------------------------------------------------------
  void prompt() {
    // The shipped model learned the tutorial's language; a user's model gets a plainer caption.
    const bool shipped = m_in.source.find("shipped") != std::string::npos;
    kit::Act act = kit::part(
        m_kit, shipped ? "A small GPT, trained on the tutorial's sentences, reads a prompt"
                       : "A GPT reads a prompt: one forward pass, every number");
    // The words (elided for long prompts), and under each its token id.
    std::vector<std::string> shown, ids;
    for (int p : m_rows) {
      shown.push_back(p == kit::kGap ? "\u2026" : word(p));
      ids.push_back(p == kit::kGap ? "\u2026" : std::to_string(m_t.tokens[static_cast<size_t>(p)]));
    }
    const std::vector<ItemId> words = kit::wordRow(m_kit, shown, 430, {.size = 44, .gap = 30});
    kit::write(m_kit, words, 1.6, 0.15);
    const std::string blocks =
        m_cfg.nLayer == 1 ? "1 block" : std::to_string(m_cfg.nLayer) + " blocks";
    m_kit.note(m_in.source.empty() ? "the model: " + blocks : m_in.source);
    m_kit.calc(blocks + ", " + std::to_string(m_cfg.nHead) + " heads each, " + count(m_cfg.nEmbd) +
               " numbers per word, " + count(m_cfg.vocabSize) + " tokens in its vocabulary");
    m_kit.stop("prompt",
               shipped ? "A real model, trained on the toy language of sections 5 to 8."
                       : "A model loaded from a file; the same steps as any GPT.",
               {.hold = 2.0});

    m_kit.caption("Each word becomes its line number in the vocabulary: its token id");
    std::vector<ItemId> idItems;
    for (size_t i = 0; i < words.size(); ++i) {
      const Rect r = m_b.bounds(words[i]);
      idItems.push_back(
          m_kit.text(ids[i], 40, {r.center().x, 530}, palette::kInput, FontFace::Mono));
    }
    m_kit.show(idItems, 1.2, 0.1);
    if (!m_in.vocab.empty())
      m_kit.calc("line " + std::to_string(m_t.tokens[0]) + " of the vocabulary is " +
                 quotedWord(0) + ", so " + quotedWord(0) + " is token " +
                 std::to_string(m_t.tokens[0]));
    else
      m_kit.calc("no vocabulary was given: the prompt is its token ids");
    m_kit.stop("token ids", "The vocabulary lookup: a word's id is its line in vocab.txt.",
               {.hold = 2.0});
    m_kit.calc("");
    close(act);
  }

  void embed() {
    kit::Act act =
        kit::part(m_kit, "Each id picks one row of the token embedding table (s04's lookup)");
    // The table's rows: those of the prompt's tokens (as many as fit), the others elided.
    std::vector<int> distinct;
    for (int p : m_rows)
      if (p != kit::kGap) {
        const int id = m_t.tokens[static_cast<size_t>(p)];
        if (std::find(distinct.begin(), distinct.end(), id) == distinct.end())
          distinct.push_back(id);
      }
    // When not all fit, the last word's row stays (it asks for the next word), then the first ones.
    std::stable_partition(distinct.begin(), distinct.end(),
                          [&](int id) { return id == m_t.tokens.back(); });
    std::vector<int> tableRows = kit::keepAxis(m_cfg.vocabSize, distinct);
    while (static_cast<int>(tableRows.size()) > 15 && distinct.size() > 1) {
      distinct.pop_back();
      tableRows = kit::keepAxis(m_cfg.vocabSize, distinct);
    }
    auto tableStyle = [&] {
      MatrixStyle s{.fontSize = kFont,
                    .label = "token embeddings " + kit::shapeText(m_cfg.vocabSize, m_cfg.nEmbd),
                    .labelSize = kHeader,
                    .color = palette::kWeight,
                    .format = kF2,
                    .rowHeight = 1.3f};
      s.headerSize = kHeader;
      // One header per row of the compact copy: the kept tokens.
      for (int r : keptRowsOf(tableRows)) s.rowLabels.push_back(tokenLabel(m_in.vocab, r));
      return s;
    };
    const Eigen::MatrixXd& x = m_t.tokenEmbedding;
    const int most = fitMost(
        [&](int m) {
          const Compact c = compact(m_w.wte, {tableRows, kit::elideAxis(m_cfg.nEmbd, m, 1)});
          return std::vector<glm::vec2>{
              kit::elidedMatrixSize(m_kit, c.values, tableStyle(), c.elision), signSize("\u2192"),
              kit::elidedMatrixSize(m_kit, x, style("rows picked", palette::kInput),
                                    rowsBy(m_cfg.nEmbd, m))};
        },
        90);
    const Compact table = compact(m_w.wte, {tableRows, kit::elideAxis(m_cfg.nEmbd, most, 1)});
    const ItemId tableItem = kit::elidedMatrix(m_kit, table.values, tableStyle(), table.elision);
    const std::vector<int> tableTokens = keptRowsOf(tableRows);
    explain(tableItem, table.elision, [&](int r, int c) {
      const int id = tableTokens[static_cast<size_t>(r)];
      return Why{"token table[" + std::to_string(id) + ", " + std::to_string(c) + "]: row " +
                     std::to_string(id) + " is " + kit::quoted(tokenLabel(m_in.vocab, id)),
                 {"learned in training (transformer.wte.weight)"},
                 num(m_w.wte(id, c))};
    });
    const ItemId arrow = m_kit.sign("\u2192");
    const kit::Elision xe = rowsBy(m_cfg.nEmbd, most);
    const ItemId picked = kit::elidedMatrix(m_kit, x, style("rows picked", palette::kInput), xe);
    explain(picked, xe, pickedWhy());
    m_kit.layOutRow({tableItem, arrow, picked}, kit::kContentY, 90);
    m_kit.show({tableItem}, 1.0);
    m_kit.calc("one row of " + count(m_cfg.nEmbd) + " learned numbers for each of the " +
               count(m_cfg.vocabSize) + " tokens");
    m_b.wait(1.0);

    // The rows of the prompt's tokens light up, and copies of their entries glide out.
    // The table's rows are compact: row i of it is token kept[i].
    const std::vector<int> kept = keptRowsOf(tableRows);
    std::vector<int> lit;
    for (int id : distinct)
      lit.push_back(static_cast<int>(std::find(kept.begin(), kept.end(), id) - kept.begin()));
    m_kit.highlightCells(tableItem, kit::elidedRowCells(table.elision, lit), 1.0f, 0.6);
    // The result's cells wait hidden (brackets and headers shown) for the copies.
    std::vector<int> all(static_cast<size_t>(xe.shownRows() * xe.shownCols()));
    std::iota(all.begin(), all.end(), 0);
    m_b.play(kit::cellsOpacity(picked, all, 0.0f), 0.0);
    m_b.play(group({fadeIn(arrow), fadeIn(picked)}), 0.8);
    std::vector<ItemId> copies;
    std::vector<Anim> lift, fly, land;
    bool undrawn = false, repeated = false;
    std::vector<int> seen;
    for (int i = 0; i < xe.shownRows(); ++i) {
      const int p = xe.rows[static_cast<size_t>(i)];
      if (p == kit::kGap) continue;
      const int id = m_t.tokens[static_cast<size_t>(p)];
      repeated = repeated || std::find(seen.begin(), seen.end(), id) != seen.end();
      seen.push_back(id);
      const auto at = std::find(kept.begin(), kept.end(), id);
      const int tr =
          at == kept.end() ? -1 : table.elision.rowOf(static_cast<int>(at - kept.begin()));
      undrawn = undrawn || tr < 0;
      for (int j = 0; j < xe.shownCols(); ++j) {
        if (xe.cols[static_cast<size_t>(j)] == kit::kGap || tr < 0) continue;
        const ItemId copy = kit::copyCell(m_kit, tableItem, tr, j);
        kit::allowWith(m_kit, copy, {picked, arrow});
        lift.push_back(fadeIn(copy));
        fly.push_back(
            kit::flyCopy(m_kit, copy, kit::cellTextAnchor(m_b, picked, i, j), {.appear = false}));
        land.push_back(fadeOut(copy));
        copies.push_back(copy);
      }
    }
    kit::allowAll(m_kit, copies);
    m_b.play(group(std::move(lift)), 0.3);
    m_b.play(laggedStart(0.04, std::move(fly)), 2.2);
    land.push_back(kit::cellsOpacity(picked, all, 1.0f));
    m_b.play(group(std::move(land)), 0.5);
    m_kit.calc(quotedWord(0) + " is token " + std::to_string(m_t.tokens[0]) +
               ": its row of the table becomes row 0 here, " + shape(x));
    m_kit.stop("embedding rows",
               "A one-hot row times this table would pick the same rows: s04's lookup.",
               {.onScreen = undrawn ? "Rows the table has no room for are looked up the same way."
                            : repeated ? "A word that comes twice picks the same row twice."
                                       : "",
                .hold = 2.0});
    m_kit.calc("");
    m_embedded = picked;
    act.keep(picked);
    close(act);
  }
  static std::vector<int> keptRowsOf(const std::vector<int>& axis) {
    std::vector<int> out;
    for (int i : axis)
      if (i != kit::kGap) out.push_back(i);
    return out;
  }

  void positions() {
    kit::Act act = kit::part(m_kit, "Add a learned row for each position (s10 added fixed waves)");
    act.adopt(m_embedded);
    std::vector<std::string> at = kit::numbered("at ", m_n);
    const std::vector<ItemId> row = activationRow(
        {{&m_t.tokenEmbedding, "token rows", palette::kInput, true, {}, pickedWhy()},
         {nullptr, "+"},
         {&m_t.positionEmbedding, "position rows", palette::kWeight, false, at,
          [this](int r, int c) {
            return Why{entryName(std::string("position rows"), r, c) + " = row " +
                           std::to_string(r) + " of the position table, entry " + std::to_string(c),
                       {"learned in training (transformer.wpe.weight)"},
                       num(m_t.positionEmbedding(r, c))};
          }},
         {nullptr, "="},
         {&m_t.x0,
          "input x",
          palette::kResult,
          false,
          {},
          addWhy(m_t.tokenEmbedding, m_t.positionEmbedding, m_t.x0, "input x", "token rows",
                 "position rows")}});
    // The picked rows stand where the new token rows are: they turn into them.
    m_b.play(m_b.transform(m_embedded, row[0]), 1.0);
    m_b.play(laggedStart(0.3, {fadeIn(row[1]), fadeIn(row[2]), fadeIn(row[3]), fadeIn(row[4])}),
             1.6);
    m_kit.calc("position rows: the first " + count(m_n) + " rows of the " +
               kit::shapeText(m_cfg.blockSize, m_cfg.nEmbd) +
               " position table, learned in training");
    m_kit.stop("positions", "GPT learns its position table instead of s10's sines and cosines.",
               {.onScreen = "The same word at another place gets another sum.", .hold = 2.0});
    m_kit.calc("");
    m_kit.note("");
    m_input = row[4];
    act.keep(row[4]);
    close(act);
  }

  void skipped(int from, int to) {
    kit::Act act = kit::part(m_kit, "Blocks " + std::to_string(from + 1) + " to " +
                                        std::to_string(to + 1) + " work the same way");
    if (m_input) act.adopt(*m_input);
    const std::vector<ItemId> row = activationRow({{&m_t.blocks[static_cast<size_t>(from)].input,
                                                    "into block " + std::to_string(from + 1),
                                                    palette::kInput,
                                                    true,
                                                    {},
                                                    inputWhy(from)},
                                                   {nullptr, "\u2192"},
                                                   {&m_t.blocks[static_cast<size_t>(to)].output,
                                                    "out of block " + std::to_string(to + 1),
                                                    palette::kResult,
                                                    false,
                                                    {},
                                                    outputWhy(to)}});
    // The last full block's output is what goes in: it turns into it.
    arrive(row[0]);
    m_kit.show({row[1], row[2]}, 1.0, 0.3);
    m_kit.calc("each with its own weights; only the first and the last block are shown in full");
    m_kit.stop("blocks skipped", "The middle blocks repeat the same steps with other weights.",
               {.hold = 2.0});
    m_kit.calc("");
    m_input = row[2];
    act.keep(row[2]);
    close(act);
  }

  // --- one block -----------------------------------------------------------------------------
  void block(int b) {
    const math::GptBlockTrace& bt = m_t.blocks[static_cast<size_t>(b)];
    const std::string name = blockName(b);
    const std::string beat = "block " + std::to_string(b + 1) + ": ";

    {  // layer norm
      kit::Act act = kit::part(m_kit, name + " · layer norm: each row to mean 0, spread 1");
      if (m_input) act.adopt(*m_input);
      const std::vector<ItemId> row = activationRow(
          {{&bt.input, "x", palette::kInput, true, {}, inputWhy(b)},
           {nullptr, "\u2192"},
           {&bt.ln1,
            "ln_1(x)",
            palette::kResult,
            true,
            {},
            layerNormWhy(bt.input, m_w.blocks[static_cast<size_t>(b)].ln1, bt.ln1, "ln_1(x)")}});
      arrive(row[0]);
      m_kit.show({row[1], row[2]}, 1.0, 0.3);
      const auto [mean, spread] = rowStats(bt.input, m_n - 1);
      m_kit.calc(last() + ": mean " + math::formatNumber(mean, kF2) + ", spread " +
                 math::formatNumber(spread, kF2) + " → 0 and 1, then a learned scale and shift");
      m_kit.stop(beat + "layer norm",
                 "Layer norm keeps the numbers in a steady range before attention.", {.hold = 1.8});
      m_kit.calc("");
      close(act);
    }
    {  // q, k, v
      kit::Act act =
          kit::part(m_kit, name + " · one product gives every word a query, a key and a value");
      const int d = m_cfg.nEmbd;
      std::vector<std::string> qkvLabels;
      for (const char* part : {"q", "k", "v"})
        for (int c = 0; c < d; ++c) qkvLabels.push_back(part + std::to_string(c));
      auto qkvElision = [&](int most) {
        const int each = std::max(1, (most * 3 / 2) / 3);  // columns kept of q, k and v each
        std::vector<int> keep;
        for (int part = 0; part < 3; ++part)
          for (int c = 0; c < std::min(each, d); ++c) keep.push_back(part * d + c);
        return kit::Elision{m_rows, kit::keepAxis(3 * d, keep)};
      };
      auto qkvStyle = [&] {
        MatrixStyle s = style("q | k | v " + shape(bt.qkv), palette::kQuery, false);
        s.colLabels = qkvLabels;
        return s;
      };
      const int most = fitMost([&](int m) {
        return std::vector<glm::vec2>{
            kit::elidedMatrixSize(m_kit, bt.ln1, style("ln_1(x)", palette::kInput), rowsBy(d, m)),
            signSize("\u2192"), kit::elidedMatrixSize(m_kit, bt.qkv, qkvStyle(), qkvElision(m))};
      });
      const ItemId ln =
          kit::elidedMatrix(m_kit, bt.ln1, style("ln_1(x)", palette::kInput), rowsBy(d, most));
      const ItemId arrow = m_kit.sign("\u2192");
      const ItemId qkv = kit::elidedMatrix(m_kit, bt.qkv, qkvStyle(), qkvElision(most));
      explain(ln, rowsBy(d, most),
              layerNormWhy(bt.input, m_w.blocks[static_cast<size_t>(b)].ln1, bt.ln1, "ln_1(x)"));
      explain(qkv, qkvElision(most),
              linearWhy(bt.ln1, m_w.blocks[static_cast<size_t>(b)].attn, bt.qkv, "q | k | v",
                        "ln_1(x)", "W_attn"));
      m_kit.layOutRow({ln, arrow, qkv}, kit::kContentY);
      m_kit.show({ln, arrow, qkv}, 1.4, 0.3);
      m_kit.calc("ln_1(x) · W_attnᵀ + b: " + shape(bt.qkv) +
                 ", cut into q, k and v; head h takes " + std::to_string(m_cfg.headSize()) +
                 " columns of each");
      m_kit.stop(beat + "q, k, v", "c_attn makes queries, keys and values in one matrix product.",
                 {.hold = 1.8});
      m_kit.calc("");
      close(act);
    }
    heads(b);
    if (m_focus.block == b || (m_focus.block < 0 && b == m_blocks.front())) weightedSum(b);
    {  // attention output and the first residual add
      kit::Act act =
          kit::part(m_kit, name + " · the heads side by side, projected, added back to x");
      const std::vector<ItemId> row = activationRow(
          {{&bt.input, "x", palette::kInput, true, {}, inputWhy(b)},
           {nullptr, "+"},
           {&bt.attnOut,
            "attention",
            palette::kOutput,
            false,
            {},
            linearWhy(bt.attnConcat, m_w.blocks[static_cast<size_t>(b)].attnProj, bt.attnOut,
                      "attention", "the heads side by side", "W_proj")},
           {nullptr, "="},
           {&bt.resid1,
            "x + attention",
            palette::kResult,
            false,
            {},
            addWhy(bt.input, bt.attnOut, bt.resid1, "x + attention", "x", "attention")}});
      m_kit.show(row, 1.6, 0.25);
      m_kit.calc("attention = the " + std::to_string(m_cfg.nHead) +
                 " heads' outputs side by side · W_projᵀ + b");
      m_kit.stop(beat + "residual add", "The residual add: attention only adds a change to x.",
                 {.hold = 1.8});
      m_kit.calc("");
      close(act);
    }
    mlp(b);
  }

  void heads(int b) {
    const math::GptBlockTrace& bt = m_t.blocks[static_cast<size_t>(b)];
    kit::Act act(m_kit);
    const kit::Elision e{m_rows, m_rows};
    const HeatScale heat = HeatScale::sequential(0, 1);
    // −∞ above the diagonal for the fills: the future is masked.
    auto masked = [&](const Eigen::MatrixXd& w) {
      Eigen::MatrixXd m = w;
      for (int r = 0; r < m_n; ++r)
        for (int c = r + 1; c < m_n; ++c) m(r, c) = -std::numeric_limits<double>::infinity();
      return m;
    };
    MatrixStyle s = style("attention weights", palette::kAttentionWeight);
    s.colLabels = m_words;
    s.hideZeros = true;
    ItemId map = 0, legend = 0;
    for (int h = 0; h < m_cfg.nHead; ++h) {
      const Eigen::MatrixXd& w = bt.heads[static_cast<size_t>(h)].weights;
      const std::string cap = blockName(b) + " · head " + std::to_string(h + 1) + " of " +
                              std::to_string(m_cfg.nHead) + ": where each word looks";
      m_kit.caption(cap);
      if (h == 0) {
        m_kit.note("");
        map = kit::elidedMatrix(m_kit, w, s, e);
        legend = addHeatLegend(m_b, heat, {}, 34, kHeader, "weight legend");
        act.adopt(legend);
        m_kit.layOutRow({map, legend}, kit::kContentY, 60);
        m_b.play(kit::heatUpElided(map, masked(w), e, heat), 0.0);
        m_kit.show({map, legend}, 1.0);
        m_kit.calc("rows: the word asking; columns: the word looked at; each row sums to 1");
      } else {
        m_b.play(group({kit::changeElided(m_kit, map, w, e, kF2, 0.02, true),
                        kit::heatUpElided(map, masked(w), e, heat)}),
                 1.2);
      }
      explain(map, e,
              softmaxWhy(bt.heads[static_cast<size_t>(h)].scores, w,
                         "head " + std::to_string(h + 1) + " weights", true, "q·k/√d score"));
      const Focus f = lastRowFocus(w);
      if (f.pos >= 0)
        m_kit.note(last() + " looks most at " + quotedWord(f.pos) + " (" +
                   math::formatNumber(f.weight, kF2) + ") among the earlier words");
      m_kit.stop("block " + std::to_string(b + 1) + ": head " + std::to_string(h + 1),
                 "Softmax of q·k/√d per row, the future masked out.", {.hold = 1.6});
      if (m_focus.block == b && m_focus.head == h) learnedMask(map, e);
    }
    m_kit.calc("");
    m_kit.note("");
    close(act);
  }

  // The tie back to s07-s08: the cell where the last word looks back, boxed.
  void learnedMask(ItemId map, const kit::Elision& e) {
    const int r = e.rowOf(m_n - 1), c = e.rowOf(m_focus.pos);
    if (r < 0 || c < 0) return;
    const ItemId box = m_kit.boxAround(m_b.cellBounds(map, r, c), {map}, {.name = "learned mask"});
    const std::string w = math::formatNumber(m_focus.weight, kF2);
    if (m_focus.weight >= 0.5) {
      m_kit.calc("s08 set this mask by hand: " + last() + " looks back at " +
                 quotedWord(m_focus.pos));
      m_kit.note("This head learned it: " + w + " of " + last() + "'s attention goes to " +
                 quotedWord(m_focus.pos) + ".");
    } else {
      m_kit.calc("s08's hand-set mask put all of " + last() + "'s attention on one earlier word");
      m_kit.note("The closest head here gives " + quotedWord(m_focus.pos) + " only " + w + ".");
    }
    m_kit.stop("learned mask",
               "This head learned, from examples alone, the mask that s08 set by hand.",
               {.hold = 3.0});
    m_b.play(fadeOut(box), 0.4);
    m_kit.calc("rows: the word asking; columns: the word looked at; each row sums to 1");
  }

  // The featured head's last row in full: its scores against every key, then the weighted sum.
  void weightedSum(int b) {
    const int h = m_focus.block == b ? m_focus.head : 0;
    const math::GptHeadTrace& ht = m_t.blocks[static_cast<size_t>(b)].heads[static_cast<size_t>(h)];
    const int hs = m_cfg.headSize();
    const std::string hn = "head " + std::to_string(h + 1);
    const std::string beat = "block " + std::to_string(b + 1) + ": ";
    const Eigen::MatrixXd qT = ht.q.row(m_n - 1).transpose();         // hs x 1
    const Eigen::MatrixXd raw = ht.k * qT;                            // T x 1
    const Eigen::MatrixXd wT = ht.weights.row(m_n - 1).transpose();   // T x 1
    const Eigen::MatrixXd vT = ht.v.transpose();                      // hs x T
    const Eigen::MatrixXd outT = ht.output.row(m_n - 1).transpose();  // hs x 1
    const kit::Elision rowsE{m_rows, {0}};
    {
      kit::Act act = kit::part(
          m_kit, blockName(b) + " · " + hn + ": the query of " + last() + " against every key");
      MatrixStyle ks = style("keys K", palette::kKey);
      ks.colLabels = {};
      MatrixStyle qs = style("query", palette::kQuery, false);
      MatrixStyle ss = style("scores", palette::kScore, false);
      MatrixStyle ws = style("weights", palette::kAttentionWeight, false);
      auto kE = [&](int most) { return kit::Elision{m_rows, kit::elideAxis(hs, most, 1)}; };
      const float gap = 30;
      const int most = fitMost(
          [&](int m) {
            return std::vector<glm::vec2>{
                kit::elidedMatrixSize(m_kit, ht.k, ks, kE(m)),
                signSize("·"),
                kit::elidedMatrixSize(m_kit, qT, qs, {kit::elideAxis(hs, m, 1), {0}}),
                signSize("="),
                kit::elidedMatrixSize(m_kit, raw, ss, rowsE),
                signSize("\u2192"),
                kit::elidedMatrixSize(m_kit, wT, ws, rowsE)};
          },
          gap, 9);
      const kit::Elision ke = kE(most), qe{kit::elideAxis(hs, most, 1), {0}};
      const ItemId k = kit::elidedMatrix(m_kit, ht.k, ks, ke);
      explain(k, ke, valueWhy(ht.k, "keys K", hn + "'s columns of k in q | k | v"));
      const ItemId dot = m_kit.sign("·");
      const ItemId q = kit::elidedMatrix(m_kit, qT, qs, qe);
      explain(q, qe,
              valueWhy(qT, "query", "the query of " + last() + ", " + hn + "'s columns of q"));
      const ItemId eq = m_kit.sign("=");
      const ItemId sc = kit::elidedMatrix(m_kit, raw, ss, rowsE, true);
      const ItemId arrow = m_kit.sign("\u2192");
      const ItemId wi = kit::elidedMatrix(m_kit, wT, ws, rowsE);
      m_kit.layOutRow({k, dot, q, eq, sc, arrow, wi}, kit::kContentY, gap);
      if (ke.isWhole() && qe.isWhole() && rowsE.isWhole()) {
        m_b.recordProduct(k, q, sc, ht.k, qT, kF2);
      } else {
        explain(sc, rowsE, [&](int r, int) {
          Why y{entryName(std::string("scores"), r, 0) + " = key of " + quotedWord(r) +
                    " · the query",
                {},
                ""};
          for (int i = 0; i < hs && i < 4; ++i)
            y.terms.push_back(num(ht.k(r, i)) + math::kDot + num(qT(i, 0)) + " = " +
                              num(ht.k(r, i) * qT(i, 0)));
          if (hs > 4) y.terms.push_back("… " + std::to_string(hs) + " products in all");
          y.result = "= " + num(raw(r, 0));
          return y;
        });
      }
      explain(wi, rowsE, [&](int r, int) {
        const double scale = std::sqrt(static_cast<double>(hs));
        double total = 0;
        for (int t = 0; t < m_n; ++t) total += std::exp(raw(t, 0) / scale);
        const double e = std::exp(raw(r, 0) / scale);
        return Why{entryName(std::string("weights"), r, 0) + ": softmax of the scores ÷ √" +
                       std::to_string(hs),
                   {"score " + num(raw(r, 0)) + " ÷ " + num(scale) + " = " + num(raw(r, 0) / scale),
                    "e^that = " + num(e),
                    "sum over the " + std::to_string(m_n) + " words = " + num(total)},
                   num(e) + " ÷ " + num(total) + " = " + num(wT(r, 0))};
      });
      m_kit.show({k, dot, q, eq, sc}, 1.4, 0.15);
      m_b.play(kit::fillElided(m_kit, sc, raw, rowsE, kF2, palette::kScore), 1.4);
      m_kit.calc("each key · the query: s08's lookup of a mask, now learned and soft");
      m_kit.stop(beat + "scores",
                 "K times the query: one score for every word so far, itself included.",
                 {.hold = 1.6});
      m_kit.show({arrow, wi}, 1.0, 0.2);
      m_kit.calc("÷ √" + std::to_string(hs) + ", then softmax: weights that sum to 1");
      m_kit.stop(beat + "softmax",
                 "Scaled and softmaxed into weights; the last word sees every earlier one.",
                 {.hold = 1.6});
      m_kit.calc("");
      close(act);
    }
    {
      kit::Act act = kit::part(
          m_kit, blockName(b) + " · " + hn + ": " + last() + " mixes the values by these weights");
      MatrixStyle vs = style("values Vᵀ", palette::kValue, false);
      vs.colLabels = m_words;
      MatrixStyle ws = style("weights", palette::kAttentionWeight);
      MatrixStyle os = style("output", palette::kOutput, false);
      // The positions are Vᵀ's columns and the weights' rows: elided alike, as far as needed.
      // Vᵀ's rows (the head's numbers) are shown whole when they fit, rows set closer and the
      // row allowed down to the calculation line (this part writes its sentence in the note).
      auto posE = [&](int most) {
        return kit::elideAxis(m_n, most, std::min(kTailRows, most / 3));
      };
      auto plan = [&](const kit::Elision& dims, float maxHeight) {
        const int most = fitMost(
            [&](int m) {
              return std::vector<glm::vec2>{
                  kit::elidedMatrixSize(m_kit, vT, vs, {dims.rows, posE(m)}), signSize("·"),
                  kit::elidedMatrixSize(m_kit, wT, ws, {posE(m), {0}}), signSize("="),
                  kit::elidedMatrixSize(m_kit, outT, os, dims)};
            },
            44, kMostRows, maxHeight);
        const std::vector<glm::vec2> sizes{
            kit::elidedMatrixSize(m_kit, vT, vs, {dims.rows, posE(most)}), signSize("·"),
            kit::elidedMatrixSize(m_kit, wT, ws, {posE(most), {0}}), signSize("="),
            kit::elidedMatrixSize(m_kit, outT, os, dims)};
        return std::pair{most, readable(kit::fitRow(sizes, 44, kit::kMaxRowWidth, maxHeight))};
      };
      constexpr float kTall = 670;
      kit::Elision dims{kit::elideAxis(hs, hs), {0}};
      vs.rowHeight = os.rowHeight = 1.2f;
      auto [most, fits] = plan(dims, kTall);
      float maxHeight = kTall;
      if (!fits) {
        dims = {kit::elideAxis(hs, 10, 2), {0}};
        vs.rowHeight = os.rowHeight = MatrixStyle{}.rowHeight;
        maxHeight = kit::kMaxRowHeight;
        most = plan(dims, maxHeight).first;
      }
      const kit::Elision ve{dims.rows, posE(most)}, we{posE(most), {0}}, oe = dims;
      const ItemId v = kit::elidedMatrix(m_kit, vT, vs, ve);
      explain(v, ve,
              valueWhy(vT, "values Vᵀ", hn + "'s columns of v in q | k | v, one word a column"));
      const ItemId dot = m_kit.sign("·");
      const ItemId wi = kit::elidedMatrix(m_kit, wT, ws, we);
      explain(wi, we,
              valueWhy(wT, "weights", "the softmax of " + last() + "'s scores (the step before)"));
      const ItemId eq = m_kit.sign("=");
      const ItemId out = kit::elidedMatrix(m_kit, outT, os, oe, true);
      m_kit.layOutRow({v, dot, wi, eq, out}, 525, 44, kit::kMaxRowWidth, maxHeight);
      if (ve.isWhole() && we.isWhole()) {
        m_b.recordProduct(v, wi, out, vT, wT, kF2);
      } else {
        explain(out, oe, [&](int r, int) {
          Why y{entryName(std::string("output"), r, 0) + " = the values' row " + std::to_string(r) +
                    " mixed by the weights",
                {},
                ""};
          for (int t = 0; t < m_n && t < 4; ++t)
            y.terms.push_back(num(vT(r, t)) + math::kDot + num(wT(t, 0)) + " = " +
                              num(vT(r, t) * wT(t, 0)));
          if (m_n > 4) y.terms.push_back("… " + std::to_string(m_n) + " words in all");
          y.result = "= " + num(outT(r, 0));
          return y;
        });
      }
      m_kit.show({v, dot, wi, eq, out}, 1.4, 0.15);
      m_b.play(kit::fillElided(m_kit, out, outT, oe, kF2, palette::kOutput), 1.4);
      m_kit.stop(
          beat + "weighted sum", "The output row is a weighted mix of the value rows.",
          {.onScreen = "Each output number mixes the earlier words' values by these weights.",
           .hold = 1.8});
      close(act);
    }
  }

  void mlp(int b) {
    const math::GptBlockTrace& bt = m_t.blocks[static_cast<size_t>(b)];
    const std::string beat = "block " + std::to_string(b + 1) + ": ";
    {
      kit::Act act = kit::part(m_kit, blockName(b) + " · the MLP: widen " + count(m_cfg.nEmbd) +
                                          " to " + count(4 * m_cfg.nEmbd) + ", GELU, back");
      const HeatScale heat = HeatScale::diverging(bt.fc);
      std::vector<kit::Elision> es;
      const math::GptBlockWeights& bw = m_w.blocks[static_cast<size_t>(b)];
      const std::vector<ItemId> row =
          activationRow({{&bt.ln2,
                          "ln_2(x)",
                          palette::kInput,
                          true,
                          {},
                          layerNormWhy(bt.resid1, bw.ln2, bt.ln2, "ln_2(x)")},
                         {nullptr, "\u2192"},
                         {&bt.fc,
                          "fc",
                          palette::kWeight,
                          true,
                          {},
                          linearWhy(bt.ln2, bw.fc, bt.fc, "fc", "ln_2(x)", "W_fc")},
                         {nullptr, "\u2192"},
                         {&bt.mlpOut,
                          "mlp",
                          palette::kOutput,
                          false,
                          {},
                          linearWhy(bt.gelu, bw.mlpProj, bt.mlpOut, "mlp", "GELU(fc)", "W_proj")}},
                        kit::kContentY, &es);
      m_kit.show({row[0], row[1], row[2]}, 1.2, 0.3);
      m_b.play(kit::heatUpElided(row[2], bt.fc, es[1], heat), 0.8);
      m_kit.calc("fc = ln_2(x) · W_fcᵀ + b: " + shape(bt.fc));
      m_kit.stop(beat + "fc", "The first layer widens each row four times.", {.hold = 1.4});
      m_b.play(group({kit::changeElided(m_kit, row[2], bt.gelu, es[1], kF2, 0.02),
                      kit::heatUpElided(row[2], bt.gelu, es[1], heat)}),
               1.4);
      explain(row[2], es[1], [&](int r, int c) {
        return Why{entryName(std::string("GELU(fc)"), r, c) + " = 0.5 · x · (1 + erf(x / √2))",
                   {"x = fc" + std::string("[") + std::to_string(r) + ", " + std::to_string(c) +
                    "] = " + num(bt.fc(r, c))},
                   "= " + num(bt.gelu(r, c))};
      });
      m_kit.calc("GELU: negatives squashed towards 0, positives kept (a smooth ReLU, as in s08)");
      m_kit.stop(beat + "GELU", "GELU lets through the features that fire, like s08's ReLU.",
                 {.hold = 1.6});
      m_kit.show({row[3], row[4]}, 1.0, 0.3);
      m_kit.calc("mlp = GELU(fc) · W_projᵀ + b: back to " + shape(bt.mlpOut));
      m_kit.stop(beat + "MLP", "The second layer brings each row back to the model's width.",
                 {.hold = 1.4});
      m_kit.calc("");
      close(act);
    }
    {
      kit::Act act =
          kit::part(m_kit, blockName(b) + " · the MLP's change added: the block's output");
      const std::vector<ItemId> row = activationRow(
          {{&bt.resid1,
            "x + attention",
            palette::kInput,
            true,
            {},
            addWhy(bt.input, bt.attnOut, bt.resid1, "x + attention", "x", "attention")},
           {nullptr, "+"},
           {&bt.mlpOut,
            "mlp",
            palette::kOutput,
            false,
            {},
            linearWhy(bt.gelu, m_w.blocks[static_cast<size_t>(b)].mlpProj, bt.mlpOut, "mlp",
                      "GELU(fc)", "W_proj")},
           {nullptr, "="},
           {&bt.output,
            blockName(b) + " output",
            palette::kResult,
            false,
            {},
            addWhy(bt.resid1, bt.mlpOut, bt.output, blockName(b) + " output", "x + attention",
                   "mlp")}});
      m_kit.show(row, 1.6, 0.25);
      m_kit.stop(
          beat + "output", "Second residual add: the block's output, the next block's input.",
          {.onScreen = "The output has the input's shape: " + shape(bt.output) + ".", .hold = 1.8});
      m_input = row[4];
      act.keep(row[4]);
      close(act);
    }
  }

  // --- the end -------------------------------------------------------------------------------
  void finalNorm() {
    kit::Act act = kit::part(m_kit, "After the last block, one more layer norm: ln_f");
    if (m_input) act.adopt(*m_input);
    const std::vector<ItemId> row =
        activationRow({{&m_t.blocks.back().output,
                        "last block's output",
                        palette::kInput,
                        true,
                        {},
                        outputWhy(m_cfg.nLayer - 1)},
                       {nullptr, "\u2192"},
                       {&m_t.lnF,
                        "ln_f(x)",
                        palette::kResult,
                        true,
                        {},
                        layerNormWhy(m_t.blocks.back().output, m_w.lnF, m_t.lnF, "ln_f(x)")}});
    arrive(row[0]);
    m_kit.show({row[1], row[2]}, 1.0, 0.3);
    m_kit.stop(
        "ln_f", "A final layer norm before the output.",
        {.onScreen = "Only the row of " + last() + ", the last word, is needed for the next word.",
         .hold = 2.0});
    close(act);
  }

  void logits() {
    kit::Act act = kit::part(m_kit, "The last row against every token's embedding: the logits");
    // The top words by probability (the same order as by logit).
    std::vector<int> order(static_cast<size_t>(m_cfg.vocabSize));
    std::iota(order.begin(), order.end(), 0);
    const int top = std::min(kTopWords, m_cfg.vocabSize);
    std::partial_sort(order.begin(), order.begin() + top, order.end(),
                      [&](int a, int b) { return m_t.probs(a) > m_t.probs(b); });
    order.resize(static_cast<size_t>(top));
    m_top = order;
    Eigen::MatrixXd logit(top, 1), prob(top, 1);
    std::vector<std::string> labels;
    for (int i = 0; i < top; ++i) {
      logit(i, 0) = m_t.logits(m_n - 1, order[static_cast<size_t>(i)]);
      prob(i, 0) = m_t.probs(order[static_cast<size_t>(i)]);
      labels.push_back(tokenLabel(m_in.vocab, order[static_cast<size_t>(i)]));
    }
    const Eigen::MatrixXd lastRow = m_t.lnF.row(m_n - 1);
    const math::NumberFormat f3{.decimals = 3};
    MatrixStyle ls = style(last() + " after ln_f", palette::kInput, false);
    MatrixStyle ts = style("logits, top " + std::to_string(top), palette::kResult, false);
    ts.rowLabels = labels;
    MatrixStyle ps = style("probabilities", palette::kAttentionWeight, false);
    ps.format = f3;
    const std::string times = "· embeddingsᵀ →";
    const kit::Elision col = kit::Elision::whole(top, 1);
    const int most = fitMost(
        [&](int m) {
          return std::vector<glm::vec2>{
              kit::elidedMatrixSize(m_kit, lastRow, ls, {{0}, kit::elideAxis(m_cfg.nEmbd, m, 1)}),
              m_kit.textSize(times, 44), kit::elidedMatrixSize(m_kit, logit, ts, col),
              signSize("\u2192"), kit::elidedMatrixSize(m_kit, prob, ps, col)};
        },
        50);
    const kit::Elision xe{{0}, kit::elideAxis(m_cfg.nEmbd, most, 1)};
    const ItemId x = kit::elidedMatrix(m_kit, lastRow, ls, xe);
    explain(x, xe, valueWhy(lastRow, last() + " after ln_f", "the last row of ln_f(x)"));
    const ItemId op = m_kit.text(times, 44, {0, 0}, palette::kWeight);
    const ItemId lg = kit::elidedMatrix(m_kit, logit, ts, col);
    const ItemId arrow = m_kit.sign("\u2192");
    const ItemId pr = kit::elidedMatrix(m_kit, prob, ps, col, true);
    m_kit.layOutRow({x, op, lg, arrow, pr}, kit::kContentY, 50);
    explain(lg, col, [&](int i, int) {
      const int id = order[static_cast<size_t>(i)];
      Why y{"logit of " + kit::quoted(labels[static_cast<size_t>(i)]) + " = " + last() +
                " after ln_f · row " + std::to_string(id) + " of the token table",
            {},
            ""};
      for (int k = 0; k < m_cfg.nEmbd && k < 4; ++k)
        y.terms.push_back(num(lastRow(0, k)) + math::kDot + num(m_w.wte(id, k)) + " = " +
                          num(lastRow(0, k) * m_w.wte(id, k)));
      if (m_cfg.nEmbd > 4) y.terms.push_back("… " + count(m_cfg.nEmbd) + " products in all");
      y.result = "= " + num(logit(i, 0));
      return y;
    });
    m_kit.show({x, op, lg}, 1.6, 0.3);
    m_kit.calc("one score for each of the " + count(m_cfg.vocabSize) +
               " tokens: the embedding table used backwards (s09)");
    m_kit.stop("logits", "lm_head is tied to the token embedding: s09's de-embedding.",
               {.hold = 1.8});

    m_kit.caption("Softmax turns the scores into probabilities");
    m_kit.show({arrow, pr}, 0.8, 0.2);
    m_b.play(kit::fillElided(m_kit, pr, prob, col, f3, palette::kAttentionWeight), 1.0);
    explain(pr, col, [&](int i, int) {
      const double total = m_t.logits.row(m_n - 1).array().exp().sum();
      return Why{"probability of " + kit::quoted(labels[static_cast<size_t>(i)]) +
                     " = e^logit ÷ the sum of e^logit over all " + count(m_cfg.vocabSize) +
                     " tokens",
                 {"logit = " + num(logit(i, 0)), "e^logit = " + num(std::exp(logit(i, 0))),
                  "sum over the vocabulary = " + num(total)},
                 num(std::exp(logit(i, 0))) + " ÷ " + num(total) + " = " + num(prob(i, 0))};
    });
    m_b.play(heatUp(m_b, pr, prob, HeatScale::sequential(0, 1)), 0.6);
    const double rest = std::max(0.0, 1.0 - prob.sum());
    m_kit.calc("e^score ÷ the sum over all tokens; the other " + count(m_cfg.vocabSize - top) +
               " tokens share " +
               (rest < 0.0005 ? std::string("less than 0.001") : math::formatNumber(rest, f3)));
    m_kit.stop("softmax", "Probabilities: positive, summing to 1 over the whole vocabulary.",
               {.hold = 2.0});
    m_kit.calc("");
    close(act);
  }

  void nextWord() {
    // The section ends on this picture (no act clears it).
    m_kit.caption("The most likely next word is written after the prompt");
    m_kit.note("");
    std::vector<std::string> shown;
    for (int p : m_rows) shown.push_back(p == kit::kGap ? "\u2026" : word(p));
    const int best = m_top.front();
    shown.push_back(tokenLabel(m_in.vocab, best));
    const std::vector<ItemId> words = kit::wordRow(m_kit, shown, 480, {.size = 44, .gap = 30});
    m_kit.show({words.begin(), words.end() - 1}, 1.0);
    m_b.play(recolor(words.back(), palette::kResult), 0.0);
    m_b.play(write(words.back()), 1.0);
    m_kit.calc(kit::quoted(tokenLabel(m_in.vocab, best)) + " with probability " +
               math::formatNumber(m_t.probs(best), kF2));
    m_kit.stop(
        "next word", "Greedy decoding: take the most likely word, append it, run again.",
        {.onScreen = swapped().value_or("Append it and run the model again for the word after."),
         .hold = 3.0});
  }

  // s07's pair: with "battery" and "program" swapped in the prompt, what the model says instead
  // ("With “program” for “battery” it says “please”."), when the vocabulary has both.
  std::optional<std::string> swapped() const {
    const auto find = [&](const char* w) {
      const auto at = std::find(m_in.vocab.begin(), m_in.vocab.end(), w);
      return at == m_in.vocab.end() ? -1 : static_cast<int>(at - m_in.vocab.begin());
    };
    const int battery = find("battery"), program = find("program");
    if (battery < 0 || program < 0) return std::nullopt;
    std::vector<int> tokens = m_t.tokens;
    int from = -1, to = -1;
    for (int& t : tokens) {
      if (t == battery || t == program) {
        from = t;
        to = t == battery ? program : battery;
        t = to;
      }
    }
    if (from < 0) return std::nullopt;
    const math::GptTrace other = math::gptForward(m_w, tokens);
    int best = 0;
    other.probs.maxCoeff(&best);
    const std::string with = "With " + kit::quoted(tokenLabel(m_in.vocab, to)) + " for " +
                             kit::quoted(tokenLabel(m_in.vocab, from));
    if (best == m_top.front())
      return with + " it still says " + kit::quoted(tokenLabel(m_in.vocab, best)) + ".";
    return with + " it says " + kit::quoted(tokenLabel(m_in.vocab, best)) + " (" +
           math::formatNumber(other.probs(best), kF2) + "): a word far back decides, as in s07.";
  }

  const ModelInputs& m_in;
  const math::GptWeights& m_w;
  math::GptConfig m_cfg;
  math::GptTrace m_t;
  int m_n;
  std::vector<int> m_rows;  // the prompt positions shown (elided past kMostRows)
  std::vector<std::string> m_words;
  std::vector<int> m_blocks;      // blocks shown in full
  Focus m_focus;                  // the head whose last row looks back hardest
  std::optional<ItemId> m_input;  // what the last part left for the next to turn into
  ItemId m_embedded = 0;
  std::vector<int> m_top;
};

}  // namespace

SectionScript buildModelSection(const FontAtlas& atlas, const ModelInputs& inputs) {
  if (!inputs.weights) throw std::invalid_argument("the model section needs weights");
  const std::string bad = math::checkGptWeights(*inputs.weights);
  if (!bad.empty()) throw std::invalid_argument(bad);
  math::GptTrace trace = math::gptForward(*inputs.weights, inputs.tokens);
  return ModelSection(atlas, inputs, std::move(trace)).build();
}

}  // namespace tfviz
