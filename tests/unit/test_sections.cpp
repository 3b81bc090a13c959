// Every section builds into a sane timeline in which every text is legible at every beat. Its
// layout (no NaN, no undeclared overlap, nothing outside the safe area, no dead stretch, 30 times
// a second) is the layout audit's: test_layout_audit.cpp runs it on every registered section,
// checkSection here on the matmul explainer built with other inputs and options.
#include <doctest/doctest.h>

#include <cmath>
#include <optional>
#include <sstream>

#include "render/palette.hpp"
#include "scene/build_draw_list.hpp"
#include "scene/heat.hpp"
#include "scene/kit.hpp"
#include "scene/layout.hpp"
#include "scene/layout_audit.hpp"
#include "scene/sections/matmul.hpp"
#include "scene/sections/registry.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

namespace {

// The timeline is sane: beats in order, the last at the end, clips sorted by start.
void checkTimeline(const SectionScript& script) {
  REQUIRE(script.duration > 0);
  REQUIRE(!script.beats.empty());
  CHECK(script.beats.back().time == doctest::Approx(script.duration));
  for (size_t i = 1; i < script.beats.size(); ++i)
    CHECK(script.beats[i].time > script.beats[i - 1].time);
  for (size_t i = 1; i < script.clips.size(); ++i)
    CHECK(script.clips[i].t0 >= script.clips[i - 1].t0);
}

// A sane timeline that the layout audit passes.
void checkSection(const SectionScript& script) {
  checkTimeline(script);
  for (const AuditProblem& p : auditLayout(script, test::atlas(), test::sectionAudit()))
    FAIL_CHECK(script.id << ": " << describe(p));
}

}  // namespace

TEST_CASE("sections: every registered section builds, with legible text at every beat") {
  REQUIRE(!allSections().empty());
  for (const SectionInfo& info : allSections()) {
    CAPTURE(info.id);
    const SectionScript script = info.build(test::atlas());
    CHECK(script.id == info.id);
    CHECK(script.title == info.title);
    // Played straight through, a section runs 30 s to 3 min, with a beat at every idea.
    CHECK(script.duration >= 30.0);
    CHECK(script.duration <= 180.0);
    CHECK(script.beats.size() >= 5);
    // The presenter panel shows a note for every beat, written in the section file.
    for (const Beat& b : script.beats) {
      CAPTURE(b.label);
      CHECK_FALSE(b.note.empty());
    }
    checkTimeline(script);  // its layout: "layout audit: every section" in test_layout_audit.cpp
    // Every text is legible from the back of the room, at every beat.
    for (const Beat& beat : script.beats) {
      for (const std::string& p : test::textSizeProblems(script, beat.time)) {
        FAIL_CHECK(script.id << " at beat '" << beat.label << "' (t=" << beat.time << "): " << p);
      }
    }
  }
}

TEST_CASE("sections: matmul shows the notebook's numbers, one beat per entry") {
  const SectionScript script = buildMatmulSection(test::atlas());
  int entryBeats = 0, outputBeats = 0;
  for (const Beat& b : script.beats) {
    if (b.label.rfind("queries (", 0) == 0 || b.label.rfind("score (", 0) == 0) ++entryBeats;
    if (b.label.rfind("output (", 0) == 0) ++outputBeats;
  }
  CHECK(entryBeats == 18);
  CHECK(outputBeats == 9);  // the weighted sum, stepped entry by entry too
  // At the end the attention map shows PyTorch's values, read back from the item itself.
  const SceneState end = evaluate(script, script.duration);
  const std::optional<size_t> map = test::findItem(script, "attention_map");
  REQUIRE(map);
  const char* expected[] = {"6",
                            "\xE2\x88\x92"
                            "10",
                            "1",
                            "\xE2\x88\x92"
                            "10",
                            "68",
                            "\xE2\x88\x92"
                            "2",
                            "1",
                            "\xE2\x88\x92"
                            "2",
                            "1"};
  for (int c = 0; c < 9; ++c) {
    CHECK(test::cellText(script, end, *map, c) == expected[c]);
    CHECK(end.items[*map].cells[static_cast<size_t>(c)].opacity == doctest::Approx(1.0));
  }
  // Before its first entry is computed, the result shows no answers.
  const SceneState early = evaluate(script, test::beatTime(script, "score: operands"));
  for (const CellState& cell : early.items[*map].cells) {
    CHECK(script.items[*map].matrix.texts[static_cast<size_t>(cell.textA)] == "?");
  }
}

TEST_CASE("sections: matmul with other prompts still fits the frame") {
  for (const char* prompt : {"7", "0123", "98765432"}) {
    for (const bool mask : {false, true}) {
      CAPTURE(prompt);
      CAPTURE(mask);
      math::AttentionInputs in = math::notebookInputs();
      in.prompt = prompt;
      checkSection(buildMatmulSection(test::atlas(), in,
                                      {.causalMask = mask, .temperature = mask ? 0.5 : 1.0}));
    }
  }
}

// The text shown by cell `cell` of the matrix item named `name` at time t ("" if none).
static std::string matmulCellText(const SectionScript& script, const std::string& name, double t,
                                  int cell) {
  const std::optional<size_t> item = test::findItem(script, name);
  return item ? test::cellText(script, evaluate(script, t), *item, cell) : "";
}

TEST_CASE("sections: matmul goes on to scaling, softmax and the weighted sum, in any options") {
  int count = 0;
  for (const bool scale : {true, false}) {
    for (const bool mask : {false, true}) {
      for (const double temperature : {1.0, 0.5, 2.0}) {
        CAPTURE(scale);
        CAPTURE(mask);
        CAPTURE(temperature);
        const math::AttentionOptions options{
            .scale = scale, .causalMask = mask, .temperature = temperature};
        const SectionScript script =
            buildMatmulSection(test::atlas(), math::notebookInputs(), options);
        checkSection(script);  // timeline and layout audit
        CHECK(script.duration >= 30.0);
        CHECK(script.duration <= 180.0);
        CHECK(test::hasBeat(script, scale ? "scaled" : "no scaling"));
        CHECK(test::hasBeat(script, mask ? "masked" : "no mask"));
        CHECK(test::hasBeat(script, "softmax row 2"));
        CHECK(test::hasBeat(script, "output (2, 2)"));
        CHECK(test::hasBeat(script, "the end"));
        // The end shows Eigen's softmax weights (4 decimals) and output (2 decimals).
        const math::AttentionNumbers n = math::computeAttention(math::notebookInputs(), options);
        const double end = script.duration;
        for (int c = 0; c < 9; ++c) {
          CHECK(matmulCellText(script, "attention weights", end, c) ==
                math::formatNumber(n.weights(c / 3, c % 3), {.decimals = 4}));
          CHECK(matmulCellText(script, "output", end, c) ==
                math::formatNumber(n.output(c / 3, c % 3), math::chooseFormat(n.output, 2)));
        }
        ++count;
      }
    }
  }
  CHECK(count == 12);
}

TEST_CASE("sections: matmul shows the notebook's softmax and output, and the mask") {
  const SectionScript script = buildMatmulSection(test::atlas());
  CHECK(script.duration <= 180.0);
  const double end = script.duration;
  // content/matmul.md: the row softmax of attention_map / √3.
  const char* weights[] = {"0.9471", "0.0001", "0.0528", "0",     "1",
                           "0",      "0.4594", "0.0813", "0.4594"};
  for (int c = 0; c < 9; ++c)
    CHECK(matmulCellText(script, "attention weights", end, c) == weights[c]);
  CHECK(matmulCellText(script, "scaled scores", end, 0) == "3.46");
  CHECK(matmulCellText(script, "output", end, 0) == "1.89");
  CHECK(matmulCellText(script, "values", end, 4) ==
        "\xE2\x88\x92"
        "8");

  const SectionScript masked =
      buildMatmulSection(test::atlas(), math::notebookInputs(), {.causalMask = true});
  CHECK(masked.duration <= 180.0);
  CHECK(matmulCellText(masked, "causal mask", masked.duration, 1) == "\xE2\x88\x92\xE2\x88\x9E");
  CHECK(matmulCellText(masked, "masked scores", masked.duration, 1) == "\xE2\x88\x92\xE2\x88\x9E");
  CHECK(matmulCellText(masked, "attention weights", masked.duration, 0) == "1");
  CHECK(matmulCellText(masked, "attention weights", masked.duration, 1) == "0");
  CHECK(matmulCellText(masked, "attention weights", masked.duration, 2) == "0");
  MESSAGE("matmul duration: " << script.duration << " s, with the causal mask: " << masked.duration
                              << " s");
}

TEST_CASE("sections: matmul with the user's own hidden states and separate weights") {
  math::AttentionInputs in = math::notebookInputs();
  in.hidden = Eigen::MatrixXd(4, 3);
  *in.hidden << 0.5, -1, 2, 1, 1, 1, -0.25, 0, 1.5, 2, 0, -1;
  in.hiddenSource = "states.csv";
  in.wq << 1, 0, 0, 0, 1, 0, 0, 0, 1;
  in.wv = Eigen::MatrixXd(2, 3);
  in.wv << 1, 1, 0, 0, 1, -1;
  const SectionScript script = buildMatmulSection(test::atlas(), in);
  checkSection(script);
  CHECK(script.duration <= 180.0);
  CHECK(test::hasBeat(script, "hidden states"));
  bool lookup = false;
  for (const Beat& b : script.beats) lookup = lookup || b.label.rfind("token ", 0) == 0;
  CHECK(!lookup);
  const math::AttentionNumbers n = math::computeAttention(in);
  for (int c = 0; c < 8; ++c)
    CHECK(matmulCellText(script, "output", script.duration, c) ==
          math::formatNumber(n.output(c / 2, c % 2), {.decimals = 4}));  // values have decimals
  in.wv = Eigen::MatrixXd(2, 4);
  CHECK_THROWS_AS(buildMatmulSection(test::atlas(), in), std::invalid_argument);
}

TEST_CASE("sections: the draw list is deterministic and letterboxed") {
  const SectionScript script = buildMatmulSection(test::atlas());
  DrawList a, b;
  const SceneState s = evaluate(script, 20.0);
  buildDrawList(script, s, test::atlas(), 1920, 1080, a);
  buildDrawList(script, evaluate(script, 20.0), test::atlas(), 1920, 1080, b);
  REQUIRE(a.vertices().size() == b.vertices().size());
  CHECK(std::memcmp(a.vertices().data(), b.vertices().data(),
                    a.vertices().size() * sizeof(DrawVertex)) == 0);
  CHECK(a.stats().glyphs > 20);
  CHECK(a.commands().size() == 1);  // one program, one atlas: everything batches
  const Camera wide = letterbox(3840, 1080);
  CHECK(wide.scale == doctest::Approx(1.0));
  CHECK(wide.offset.x == doctest::Approx(960));
  const Camera tall = letterbox(1920, 2000);
  CHECK(tall.offset.y == doctest::Approx(460));
}

TEST_CASE(
    "sections: matmul with the notebook's 2-d decimal case shows PyTorch's numbers to 4 decimals") {
  math::AttentionInputs in;
  in.prompt = "012";
  in.tokenTable = Eigen::MatrixXd::Zero(10, 2);
  in.tokenTable.topRows(3) << -0.083, 0.147, 0.029, 0.008, -0.204, 0.132;
  // w_query.weight.data = W.T with W = [[-0.381, -0.354], [0.407, -0.601]] (shared by q, k, v).
  Eigen::MatrixXd w(2, 2);
  w << -0.381, -0.354, 0.407, -0.601;
  in.wq = in.wk = in.wv = w.transpose();
  const SectionScript script = buildMatmulSection(test::atlas(), in);
  checkSection(script);
  const SceneState end = evaluate(script, script.duration);
  const std::optional<size_t> queries = test::findItem(script, "queries");
  REQUIRE(queries);
  auto shown = [&](int cell) { return test::cellText(script, end, *queries, cell); };
  CHECK(shown(0) == "0.0915");
  CHECK(shown(1) ==
        "\xE2\x88\x92"
        "0.059");
  CHECK(shown(2) ==
        "\xE2\x88\x92"
        "0.0078");
  CHECK(shown(5) ==
        "\xE2\x88\x92"
        "0.0071");
}

TEST_CASE("layout: rows are centred and fitted") {
  const float widths[3] = {100, 50, 100};
  const std::vector<float> xs = rowCenters(widths, 10, 960);
  REQUIRE(xs.size() == 3);
  CHECK(xs[0] == doctest::Approx(960 - 135 + 50));
  CHECK(xs[1] == doctest::Approx(960));
  CHECK(xs[2] == doctest::Approx(960 + 135 - 50));
  CHECK(fitScale(widths, 10, 1000) == doctest::Approx(1.0));
  CHECK(fitScale(widths, 10, 135) == doctest::Approx(0.5));
}

// ---------------------------------------------------------------------------------------------
// The attention explainer's readability (issue 9): token labels, heat colours, legends, names,
// colour roles, its opening, no key hints, and the graphics-safe area at 30 samples a second.

namespace {

// Red minus blue: grows along the diverging scale.
float warmth(glm::vec4 c) {
  return c.r - c.b;
}

}  // namespace

TEST_CASE("sections: matmul labels every token matrix with its tokens") {
  const SectionScript script =
      buildMatmulSection(test::atlas(), math::notebookInputs(), {.causalMask = true});
  const std::vector<std::string> tokens{"\"0\"", "\"1\"", "\"2\""};
  for (const char* name :
       {"attention_map", "scaled scores", "causal mask", "masked scores", "attention weights"}) {
    CAPTURE(name);
    const std::optional<size_t> item = test::findItem(script, name);
    REQUIRE(item);
    CHECK(script.items[*item].matrix.rowLabels == tokens);  // queries
    CHECK(script.items[*item].matrix.colLabels == tokens);  // keys
  }
  for (const char* name : {"hidden_states", "queries", "values", "output"}) {
    CAPTURE(name);
    const std::optional<size_t> item = test::findItem(script, name);
    REQUIRE(item);
    CHECK(script.items[*item].matrix.rowLabels == tokens);
    CHECK(script.items[*item].matrix.colLabels.empty());
  }
  const std::optional<size_t> keysT = test::findItem(script, "$K^T$");
  REQUIRE(keysT);
  CHECK(script.items[*keysT].matrix.colLabels == tokens);

  // Another prompt, and the user's own hidden states ("t0" ...).
  math::AttentionInputs in = math::notebookInputs();
  in.prompt = "7041";
  const SectionScript other = buildMatmulSection(test::atlas(), in);
  const std::optional<size_t> weights = test::findItem(other, "attention weights");
  REQUIRE(weights);
  CHECK(other.items[*weights].matrix.colLabels ==
        std::vector<std::string>{"\"7\"", "\"0\"", "\"4\"", "\"1\""});
  in.hidden = Eigen::MatrixXd::Identity(2, 3);
  const SectionScript given = buildMatmulSection(test::atlas(), in);
  const std::optional<size_t> map = test::findItem(given, "attention_map");
  REQUIRE(map);
  CHECK(given.items[*map].matrix.rowLabels == std::vector<std::string>{"t0", "t1"});
}

TEST_CASE("sections: matmul colours its score and weight matrices on heat scales") {
  const math::AttentionOptions options{.causalMask = true};
  const SectionScript script = buildMatmulSection(test::atlas(), math::notebookInputs(), options);
  const math::AttentionNumbers n = math::computeAttention(math::notebookInputs(), options);

  // The scores: a diverging scale from the numbers, warmer for every larger score.
  const std::optional<size_t> map = test::findItem(script, "attention_map");
  REQUIRE(map);
  SceneState s = evaluate(script, test::beatTime(script, "score heat"));
  const HeatScale scores = HeatScale::diverging(n.scores);
  std::vector<std::pair<double, float>> byValue;
  for (int c = 0; c < 9; ++c) {
    const CellState& cell = s.items[*map].cells[static_cast<size_t>(c)];
    const double v = n.scores(c / 3, c % 3);
    CHECK(cell.fill == scores.fill(v));
    CHECK(cell.color == palette::kText);
    byValue.push_back({v, warmth(cell.fill)});
  }
  std::sort(byValue.begin(), byValue.end());
  for (size_t i = 1; i < byValue.size(); ++i) {
    if (byValue[i].first > byValue[i - 1].first) CHECK(byValue[i].second > byValue[i - 1].second);
  }
  // Its legend beside it: the scale's ends and 0.
  const std::optional<size_t> scoreLegend = test::findItem(script, "score legend");
  REQUIRE(scoreLegend);
  CHECK(s.items[*scoreLegend].opacity == doctest::Approx(1.0));
  CHECK(script.items[*scoreLegend].matrix.rowLabels.front() == "68");
  CHECK(script.items[*scoreLegend].matrix.rowLabels.back() ==
        "\xE2\x88\x92"
        "68");

  // The masked scores: the scaled scores' colours, −∞ on the dark masked fill in grey.
  const std::optional<size_t> masked = test::findItem(script, "masked scores");
  REQUIRE(masked);
  s = evaluate(script, test::beatTime(script, "masked"));
  const HeatScale scaled = HeatScale::diverging(n.scaled);
  for (int c = 0; c < 9; ++c) {
    const CellState& cell = s.items[*masked].cells[static_cast<size_t>(c)];
    const double v = n.masked(c / 3, c % 3);
    CAPTURE(c);
    if (std::isinf(v)) {
      CHECK(cell.fill == palette::kMaskedCell);
      CHECK(cell.color == palette::kNote);
    } else {
      CHECK(cell.fill == scaled.fill(v));
    }
  }
  const std::optional<size_t> mask = test::findItem(script, "causal mask");
  REQUIRE(mask);
  CHECK(s.items[*mask].cells[1].fill == palette::kMaskedCell);  // (0, 1) is −∞
  CHECK(s.items[*mask].cells[0].fill.a == 0);                   // (0, 0) is 0

  // The attention weights: a sequential scale on [0, 1], with its legend.
  const std::optional<size_t> weights = test::findItem(script, "attention weights");
  REQUIRE(weights);
  s = evaluate(script, test::beatTime(script, "attention weights"));
  const HeatScale sequential = HeatScale::sequential(0, 1);
  for (int c = 0; c < 9; ++c)
    CHECK(s.items[*weights].cells[static_cast<size_t>(c)].fill ==
          sequential.fill(n.weights(c / 3, c % 3)));
  const std::optional<size_t> weightLegend = test::findItem(script, "weight legend");
  REQUIRE(weightLegend);
  CHECK(s.items[*weightLegend].opacity == doctest::Approx(1.0));
  CHECK(script.items[*weightLegend].matrix.rowLabels.front() == "1");
  CHECK(script.items[*weightLegend].matrix.rowLabels.back() == "0");
}

TEST_CASE("sections: matmul names the softmax output and gives each matrix its colour role") {
  const SectionScript script =
      buildMatmulSection(test::atlas(), math::notebookInputs(), {.causalMask = true});
  CHECK_FALSE(test::findItem(script, "weights"));
  const std::pair<const char*, const char*> roles[] = {{"attention_map", "stronger match"},
                                                       {"scaled scores", "scaled"},
                                                       {"masked scores", "masked"},
                                                       {"attention weights", "attention weights"},
                                                       {"values", "values"},
                                                       {"output", "the end"}};
  const glm::vec4 expected[] = {palette::kScore,       palette::kScaledScore,
                                palette::kMaskedScore, palette::kAttentionWeight,
                                palette::kValue,       palette::kOutput};
  std::vector<glm::vec4> seen;
  for (size_t k = 0; k < std::size(roles); ++k) {
    CAPTURE(roles[k].first);
    const std::optional<size_t> item = test::findItem(script, roles[k].first);
    REQUIRE(item);
    CHECK(script.items[*item].matrix.label == roles[k].first);  // the name on screen
    const ItemState state = evaluate(script, test::beatTime(script, roles[k].second)).items[*item];
    CHECK(state.color == expected[k]);
    for (const glm::vec4& other : seen) CHECK(other != state.color);
    seen.push_back(state.color);
  }
}

TEST_CASE("sections: matmul opens with its inputs and shows no key hints") {
  const SectionScript script = buildMatmulSection(test::atlas());
  const double firstProduct = test::beatTime(script, "queries: operands");
  const double inputs = test::beatTime(script, "inputs: d_k");
  CHECK(test::beatTime(script, "inputs: prompt") < test::beatTime(script, "inputs: token table"));
  CHECK(test::beatTime(script, "inputs: token table") < test::beatTime(script, "inputs: shared W"));
  CHECK(test::beatTime(script, "inputs: shared W") < inputs);
  CHECK(inputs < firstProduct);
  const SceneState s = evaluate(script, inputs);
  for (const char* name :
       {"prompt \"012\"", "token table", "$W = W_q^T = W_k^T = W_v^T$", "$d_k = 3$"}) {
    CAPTURE(name);
    const std::optional<size_t> item = test::findItem(script, name);
    REQUIRE(item);
    CHECK(s.items[*item].opacity == doctest::Approx(1.0));
  }
  // The first beat already shows an input under the title.
  const size_t prompt = test::findItem(script, "prompt \"012\"").value();
  CHECK(evaluate(script, script.beats.front().time).items[prompt].opacity == doctest::Approx(1.0));

  // Key hints belong in the window, never in a frame; nothing promises inputs "below".
  for (const bool mask : {false, true}) {
    const SectionScript variant =
        buildMatmulSection(test::atlas(), math::notebookInputs(), {.causalMask = mask});
    for (const ItemDef& def : variant.items) {
      if (def.kind != ItemKind::Text) continue;
      CAPTURE(def.text.text);
      for (const char* hint : {"Press", "press ", "\xE2\x86\x92 to", "Space", "PageDown", "below"})
        CHECK(def.text.text.find(hint) == std::string::npos);
    }
  }
}

TEST_CASE("sections: matmul stays in the graphics-safe area, sampled 30 times a second") {
  math::AttentionInputs four = math::notebookInputs();
  four.prompt = "0123";
  math::AttentionInputs given = math::notebookInputs();
  given.hidden = Eigen::MatrixXd(4, 3);
  *given.hidden << 0.5, -1, 2, 1, 1, 1, -0.25, 0, 1.5, 2, 0, -1;
  given.wv = Eigen::MatrixXd(2, 3);
  given.wv << 1, 1, 0, 0, 1, -1;
  const std::pair<math::AttentionInputs, math::AttentionOptions> cases[] = {
      {math::notebookInputs(), {}},
      {math::notebookInputs(), {.scale = false, .causalMask = true, .temperature = 0.5}},
      {four, {.causalMask = true}},
      {given, {}}};
  for (const auto& c : cases) {
    // Named copies: clang cannot capture structured bindings in CAPTURE's lambda.
    const math::AttentionInputs& in = c.first;
    const math::AttentionOptions& options = c.second;
    CAPTURE(in.prompt);
    CAPTURE(options.causalMask);
    for (const AuditProblem& p : auditLayout(buildMatmulSection(test::atlas(), in, options),
                                             test::atlas(), test::sectionAudit()))
      FAIL_CHECK(describe(p));
  }
}
