// The model section (src/scene/sections/model.cpp): a beat at every stage of the forward pass in
// order, the numbers on screen equal to math::gptForward's, legible text and a clean layout audit
// for models of one and two blocks, a GPT-2-shaped model (random weights made here) built quickly
// with only its first and last block in full, and one-line refusals. With the shipped model
// (assets/model), the prediction and the head that learned s08's mask.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "io/model_file.hpp"
#include "math/format.hpp"
#include "math/gpt.hpp"
#include "scene/kit.hpp"
#include "scene/layout_audit.hpp"
#include "scene/provenance.hpp"
#include "scene/sections/model.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

namespace {

// Weights of a config filled from a seeded generator: uniform in [−scale, scale].
std::shared_ptr<const math::GptWeights> randomGpt(const math::GptConfig& c, uint32_t seed,
                                                  float scale = 0.5f) {
  uint64_t state = seed * 0x9E3779B97F4A7C15ull + 1;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return static_cast<float>(static_cast<double>(state >> 11) * 0x1.0p-53 * 2 - 1) * scale;
  };
  auto mat = [&](int r, int k) {
    Eigen::MatrixXf m(r, k);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = next();
    return m;
  };
  auto vec = [&](int n, bool on, float base = 0) {
    Eigen::VectorXf v;
    if (!on) return v;
    v.resize(n);
    for (int i = 0; i < n; ++i) v(i) = base + next() * 0.2f;
    return v;
  };
  auto ln = [&] { return math::LayerNormWeights{vec(c.nEmbd, true, 1), vec(c.nEmbd, c.bias)}; };
  auto linear = [&](int out, int in) {
    return math::LinearWeights{mat(out, in), vec(out, c.bias)};
  };
  auto w = std::make_shared<math::GptWeights>();
  w->config = c;
  w->wte = mat(c.vocabSize, c.nEmbd);
  w->wpe = mat(c.blockSize, c.nEmbd);
  for (int b = 0; b < c.nLayer; ++b)
    w->blocks.push_back({ln(), linear(3 * c.nEmbd, c.nEmbd), linear(c.nEmbd, c.nEmbd), ln(),
                         linear(4 * c.nEmbd, c.nEmbd), linear(c.nEmbd, 4 * c.nEmbd)});
  w->lnF = ln();
  return w;
}

math::GptConfig small(int layers) {
  return {
      .nLayer = layers, .nHead = 2, .nEmbd = 16, .blockSize = 16, .vocabSize = 12, .bias = true};
}

std::vector<std::string> letters(int n) {
  std::vector<std::string> v;
  for (int i = 0; i < n; ++i) v.push_back(std::string("word") + static_cast<char>('a' + i % 26));
  return v;
}

// Beats in order, every text legible at every beat, and (audit) no layout problem.
void checkScript(const SectionScript& s, bool audit) {
  REQUIRE(s.duration > 0);
  for (size_t i = 1; i < s.beats.size(); ++i) CHECK(s.beats[i].time > s.beats[i - 1].time);
  for (const Beat& b : s.beats) {
    CHECK_FALSE(b.note.empty());
    for (const std::string& p : test::textSizeProblems(s, b.time)) FAIL_CHECK(b.label << ": " << p);
  }
  if (!audit) return;
  for (const AuditProblem& p : auditLayout(s, test::atlas(), test::sectionAudit()))
    FAIL_CHECK(describe(p));
}

// The beats' labels, in order.
std::vector<std::string> labels(const SectionScript& s) {
  std::vector<std::string> out;
  for (const Beat& b : s.beats) out.push_back(b.label);
  return out;
}

// Whether `want` appear in `all` in this order (others may come between).
bool inOrder(const std::vector<std::string>& all, const std::vector<std::string>& want) {
  size_t i = 0;
  for (const std::string& l : all)
    if (i < want.size() && l == want[i]) ++i;
  return i == want.size();
}

std::string f2(double v) {
  return math::formatNumber(v, {.decimals = 2});
}

}  // namespace

TEST_CASE("model section: a beat at every stage, in order") {
  for (int layers : {1, 2}) {
    CAPTURE(layers);
    ModelInputs in{.weights = randomGpt(small(layers), 7),
                   .vocab = letters(12),
                   .tokens = {3, 1, 4, 1, 5, 9, 2},
                   .source = "random weights"};
    const SectionScript s = buildModelSection(test::atlas(), in);
    CHECK(s.id == "model");
    std::vector<std::string> want = {"prompt", "token ids", "embedding rows", "positions"};
    for (int b = 1; b <= layers; ++b) {
      const std::string p = "block " + std::to_string(b) + ": ";
      for (const char* stage : {"layer norm", "q, k, v", "head 1", "head 2", "residual add", "fc",
                                "GELU", "MLP", "output"})
        want.push_back(p + stage);
    }
    for (const char* stage : {"ln_f", "logits", "softmax", "next word"}) want.push_back(stage);
    CHECK(inOrder(labels(s), want));
    // The head that looks back hardest gets the tie to s08, with its scores and weighted sum.
    CHECK(test::hasBeat(s, "learned mask"));
    CHECK(test::findItem(s, "learned mask", ItemKind::Box));
    int sums = 0;
    for (const std::string& l : labels(s)) sums += l.find("weighted sum") != std::string::npos;
    CHECK(sums == 1);
    checkScript(s, true);
  }
}

TEST_CASE("model section: the numbers on screen are gptForward's") {
  ModelInputs in{
      .weights = randomGpt(small(2), 11), .vocab = letters(12), .tokens = {0, 5, 2, 7, 7, 3}};
  const math::GptTrace t = math::gptForward(*in.weights, in.tokens);
  const SectionScript s = buildModelSection(test::atlas(), in);
  const int n = static_cast<int>(in.tokens.size());

  // The input x = token rows + position rows, its first cells and its last row's first cell.
  const auto x = test::findMatrix(s, "input x");
  REQUIRE(x);
  const SceneState atPositions = evaluate(s, test::beatTime(s, "positions"));
  const int cols = s.items[*x].matrix.cols;
  // 16 columns elided: the first ones and the last stay (column 15 is the last shown).
  CHECK(cols < 16);
  CHECK(test::cellText(s, atPositions, *x, 0) == f2(t.x0(0, 0)));
  CHECK(test::cellText(s, atPositions, *x, cols - 1) == f2(t.x0(0, 15)));
  CHECK(test::cellText(s, atPositions, *x, (n - 1) * cols) == f2(t.x0(n - 1, 0)));
  CHECK(test::cellText(s, atPositions, *x, n * cols - 1) == f2(t.x0(n - 1, 15)));

  // Head 2 of block 1: its attention weights, zeros above the diagonal left blank.
  const auto map = test::findMatrix(s, "attention weights");
  REQUIRE(map);
  const SceneState atHead = evaluate(s, test::beatTime(s, "block 1: head 2"));
  const Eigen::MatrixXd& w = t.blocks[0].heads[1].weights;
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n; ++c) {
      CAPTURE(r);
      CAPTURE(c);
      CHECK(test::cellText(s, atHead, *map, r * n + c) == (c > r ? "" : f2(w(r, c))));
    }
  }

  // The top logits and, after softmax, the probabilities of the most likely tokens.
  const auto top = test::findMatrix(s, "logits, top 5");
  REQUIRE(top);
  int best = 0;
  t.probs.maxCoeff(&best);
  CHECK(s.items[*top].matrix.rowLabels[0] ==
        "word" + std::string(1, static_cast<char>('a' + best)));
  CHECK(test::cellText(s, evaluate(s, test::beatTime(s, "logits")), *top, 0) ==
        f2(t.logits(n - 1, best)));
  const auto probs = test::findMatrix(s, "probabilities");
  REQUIRE(probs);
  CHECK(test::cellText(s, evaluate(s, test::beatTime(s, "logits")), *probs, 0) == "?");
  CHECK(test::cellText(s, evaluate(s, test::beatTime(s, "softmax")), *probs, 0) ==
        math::formatNumber(t.probs(best), {.decimals = 3}));

  // The prompt's last word followed by the prediction.
  CHECK(test::findText(s, "word" + std::string(1, static_cast<char>('a' + best))));
}

TEST_CASE("model section: whole products are recorded for provenance, elided ones are not") {
  // Head size 4 and 5 tokens: the last word's scores and weighted sum are shown whole.
  math::GptConfig c = small(1);
  ModelInputs in{.weights = randomGpt(c, 3), .vocab = letters(12), .tokens = {1, 2, 3, 4, 5}};
  const math::GptTrace t = math::gptForward(*in.weights, in.tokens);
  const SectionScript s = buildModelSection(test::atlas(), in);
  REQUIRE(s.products.size() == 2);
  const ProductRecord& scores = s.products[0];
  CHECK(scores.rows == 5);
  CHECK(scores.inner == c.headSize());
  CHECK(scores.cols == 1);
  const ProductRecord& mix = s.products[1];
  CHECK(mix.rows == c.headSize());
  CHECK(mix.inner == 5);
  for (const ProductRecord& p : s.products) {
    CHECK(s.items[p.result].matrix.rows == p.rows);
    CHECK(s.items[p.result].matrix.cols == p.cols);
    CHECK(s.items[p.lhs].matrix.cols == p.inner);
    CHECK(s.items[p.rhs].matrix.rows == p.inner);
  }
}

TEST_CASE("model section: a GPT-2-shaped model, first and last block in full") {
#ifdef TFVIZ_SANITIZED
  // Unoptimised, instrumented Eigen would take minutes on GPT-2's 124M weights: the same 12
  // layers and 12 heads, narrower (the normal build runs the real shape).
  const math::GptConfig c{
      .nLayer = 12, .nHead = 12, .nEmbd = 96, .blockSize = 64, .vocabSize = 997, .bias = true};
#else
  const math::GptConfig c{
      .nLayer = 12, .nHead = 12, .nEmbd = 768, .blockSize = 1024, .vocabSize = 50257, .bias = true};
#endif
  const auto weights = randomGpt(c, 5, 0.05f);
  std::vector<int> tokens;
  for (int i = 0; i < 20; ++i) tokens.push_back((i * 7919) % c.vocabSize);
  const auto start = std::chrono::steady_clock::now();
  const SectionScript s = buildModelSection(test::atlas(), {.weights = weights, .tokens = tokens});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Timing is the benchmark's (tools/bench-gpt2); this only reports it.
  MESSAGE("GPT-2-shaped, 20 tokens: built in " << seconds << " s, " << s.duration << " s long");
  CHECK(test::hasBeat(s, "block 1: head 12"));
  CHECK(test::hasBeat(s, "block 12: output"));
  CHECK(test::hasBeat(s, "blocks skipped"));
  CHECK_FALSE(test::hasBeat(s, "block 2: layer norm"));
  // 20 positions are elided to 12 rows, with no vocabulary the tokens are shown as ids.
  const auto x = test::findMatrix(s, "token rows");
  REQUIRE(x);
  CHECK(s.items[*x].matrix.rows == 12);
  REQUIRE(s.items[*x].matrix.rowLabels.size() == 12);
  CHECK(s.items[*x].matrix.rowLabels[0] == "#0");
  CHECK(s.items[*x].matrix.rowLabels[8].empty());  // the ⋮ row
  CHECK(s.products.empty());                       // 64 numbers per head do not fit whole
  checkScript(s, true);
}

TEST_CASE("model section: bad inputs are refused in one line") {
  const auto w = randomGpt(small(1), 1);
  auto refuse = [&](std::vector<int> tokens, std::shared_ptr<const math::GptWeights> weights) {
    try {
      buildModelSection(test::atlas(), {.weights = weights, .tokens = std::move(tokens)});
    } catch (const std::invalid_argument& e) {
      const std::string m = e.what();
      CHECK_FALSE(m.empty());
      CHECK(m.find('\n') == std::string::npos);
      return true;
    }
    return false;
  };
  CHECK(refuse({1, 12}, w));                  // outside the vocabulary
  CHECK(refuse({1, -1}, w));                  // negative
  CHECK(refuse({}, w));                       // no prompt
  CHECK(refuse(std::vector<int>(17, 1), w));  // longer than block_size
  CHECK(refuse({1}, nullptr));                // no weights
}

TEST_CASE("model section: the shipped model says 'down' and one head looks back from 'ran'") {
  const std::filesystem::path root = std::filesystem::path(TFVIZ_README).parent_path();
  const std::filesystem::path npz = root / "assets/model/toy_gpt.npz";
  if (!std::filesystem::exists(npz)) {
    MESSAGE("assets/model/toy_gpt.npz is not there yet: skipped");
    return;
  }
  auto read = io::readGptWeights(npz);
  REQUIRE(std::holds_alternative<math::GptWeights>(read));
  auto vocab = io::readVocab(root / "assets/model/vocab.txt");
  REQUIRE(std::holds_alternative<std::vector<std::string>>(vocab));
  ModelInputs in{.weights = std::make_shared<const math::GptWeights>(
                     std::move(std::get<math::GptWeights>(read))),
                 .vocab = std::get<std::vector<std::string>>(vocab),
                 .source = "toy_gpt.npz"};
  for (const char* w :
       {"check", "the", "battery", "log", "and", "find", "out", "whether", "it", "ran"}) {
    const auto at = std::find(in.vocab.begin(), in.vocab.end(), w);
    REQUIRE(at != in.vocab.end());
    in.tokens.push_back(static_cast<int>(at - in.vocab.begin()));
  }
  const SectionScript s = buildModelSection(test::atlas(), in);
  CHECK(test::findText(s, "down"));
  CHECK(test::hasBeat(s, "learned mask"));
  bool battery = false;
  for (const ItemDef& d : s.items)
    battery = battery ||
              (d.kind == ItemKind::Text && d.text.text.find("learned it") != std::string::npos &&
               d.text.text.find("battery") != std::string::npos);
  CHECK(battery);
  checkScript(s, true);
}

TEST_CASE("model section: every number on screen explains itself when clicked") {
  math::GptConfig c = small(2);
  ModelInputs in{.weights = randomGpt(c, 11), .vocab = letters(12), .tokens = {1, 2, 3, 4, 5, 6}};
  const math::GptTrace t = math::gptForward(*in.weights, in.tokens);
  const SectionScript s = buildModelSection(test::atlas(), in);
  REQUIRE_FALSE(s.cellNotes.empty());
  // At each of these beats, a click on any number shown (not a gap mark, not a blank) finds where
  // it comes from: a product's entry or a noted cell.
  for (const char* beat :
       {"embedding rows", "positions", "block 1: layer norm", "block 1: q, k, v", "block 1: head 1",
        "block 1: head 2", "block 1: scores", "block 1: softmax", "block 1: weighted sum",
        "block 1: residual add", "block 1: fc", "block 1: GELU", "block 1: MLP", "block 2: output",
        "ln_f", "logits", "softmax"}) {
    const std::string name = beat;
    CAPTURE(name);
    const double time = test::beatTime(s, beat);
    const SceneState state = evaluate(s, time);
    int numbers = 0;
    for (size_t id = 0; id < s.items.size(); ++id) {
      const ItemDef& def = s.items[id];
      const ItemState& is = state.items[id];
      if (def.kind != ItemKind::Matrix || is.opacity < 0.99f) continue;
      const MatrixDef& m = def.matrix;
      for (int cell = 0; cell < m.rows * m.cols; ++cell) {
        const CellState& cs = is.cells[static_cast<size_t>(cell)];
        if (cs.opacity < 0.99f || (cs.mix > 0.01f && cs.mix < 0.99f)) continue;
        const std::string& text = m.texts[static_cast<size_t>(cs.mix < 0.5f ? cs.textA : cs.textB)];
        if (text.empty() || text == "\u2026" || text == ":" || text == "\u22ef" ||
            text == "\u22ee" || text == "?")
          continue;
        CAPTURE(def.name);
        CAPTURE(m.label);
        CAPTURE(text);
        const Rect r = matrixGeometry(m, is).cell(cell / m.cols, cell % m.cols);
        const std::optional<Provenance> p = provenanceAt(s, state, r.center());
        REQUIRE(p);
        CHECK_FALSE(p->title.empty());
        CHECK_FALSE(p->sum.empty());
        ++numbers;
      }
    }
    CHECK(numbers > 0);
  }
  // The layer norm of block 1, entry (0, 0) (its first note; block 2's come later): its numbers
  // are the forward pass's.
  const std::string want = math::formatNumber(t.blocks[0].ln1(0, 0), {.decimals = 4});
  bool seen = false;
  for (const CellNote& note : s.cellNotes) {
    if (note.title.rfind("ln_1(x)[0, 0]", 0) != 0) continue;
    if (seen) break;
    seen = true;
    CAPTURE(note.result);
    CAPTURE(want);
    CHECK(note.result.size() >= want.size());
    CHECK(note.result.compare(note.result.size() - want.size(), want.size(), want) == 0);
  }
  CHECK(seen);
  // Head 2's weights replace head 1's on the same matrix: before head 2 shows, a click gets
  // head 1's softmax.
  const double head1 = test::beatTime(s, "block 1: head 1");
  const SceneState st = evaluate(s, head1);
  for (const CellNote& note : s.cellNotes) {
    if (note.title.rfind("head 2 weights", 0) != 0) continue;
    const MatrixDef& m = s.items[note.item].matrix;
    const Rect cell =
        matrixGeometry(m, st.items[note.item]).cell(note.cell / m.cols, note.cell % m.cols);
    const std::optional<Provenance> p = provenanceAt(s, st, cell.center());
    if (!p) continue;  // a cell the first head masks (blank)
    CHECK(p->title.rfind("head 1 weights", 0) == 0);
    break;
  }
}
