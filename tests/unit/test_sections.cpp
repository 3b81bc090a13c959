// Every section builds into a sane timeline, and its layout holds at every beat: nothing leaves
// the frame, nothing overlaps (except overlaps a section declares, such as a box around its
// target), every text is legible, no NaN anywhere.
#include <doctest/doctest.h>

#include <cmath>
#include <sstream>

#include "scene/build_draw_list.hpp"
#include "scene/kit.hpp"
#include "scene/layout.hpp"
#include "scene/registry.hpp"
#include "scene/sections/matmul.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

namespace {

bool finite(const ItemState& s) {
  bool ok = std::isfinite(s.pos.x) && std::isfinite(s.pos.y) && std::isfinite(s.scale) &&
            std::isfinite(s.opacity) && std::isfinite(s.size.x) && std::isfinite(s.size.y) &&
            std::isfinite(s.reveal);
  for (const CellState& c : s.cells) ok = ok && std::isfinite(c.opacity) && std::isfinite(c.mix);
  return ok;
}

std::string describe(const SectionScript& script, size_t i, const Rect& r) {
  std::ostringstream out;
  out << "'" << script.items[i].name << "' [" << r.min.x << "," << r.min.y << " .. " << r.max.x
      << "," << r.max.y << "]";
  return out.str();
}

bool mayOverlap(const SectionScript& script, size_t a, size_t b) {
  auto allows = [&](size_t x, size_t y) {
    const auto& list = script.items[x].mayOverlap;
    return std::find(list.begin(), list.end(), static_cast<ItemId>(y)) != list.end();
  };
  return allows(a, b) || allows(b, a);
}

// Checks one moment of a section; returns the problems found.
std::vector<std::string> layoutProblems(const SectionScript& script, double t) {
  std::vector<std::string> problems;
  const SceneState state = evaluate(script, t);
  const Rect frame{{0, 0}, {kDesignWidth, kDesignHeight}};
  std::vector<size_t> visible;
  std::vector<Rect> bounds(script.items.size());
  for (size_t i = 0; i < script.items.size(); ++i) {
    if (!finite(state.items[i])) problems.push_back("non-finite state in " + script.items[i].name);
    if (state.items[i].opacity < 0.02f) continue;
    bounds[i] = itemBounds(test::atlas(), script.items[i], state.items[i]);
    visible.push_back(i);
    if (!frame.contains(bounds[i]))
      problems.push_back(describe(script, i, bounds[i]) + " leaves the frame");
  }
  for (size_t x = 0; x < visible.size(); ++x) {
    for (size_t y = x + 1; y < visible.size(); ++y) {
      const size_t a = visible[x], b = visible[y];
      if (mayOverlap(script, a, b)) continue;
      if (bounds[a].overlaps(bounds[b]))
        problems.push_back(describe(script, a, bounds[a]) + " overlaps " +
                           describe(script, b, bounds[b]));
    }
  }
  return problems;
}

// Checks that every visible text, matrix entry, matrix label and header is at least
// kit::kMinTextSize (2.6% of the frame height) on screen at time t; returns the problems found.
std::vector<std::string> textSizeProblems(const SectionScript& script, double t) {
  std::vector<std::string> problems;
  const SceneState state = evaluate(script, t);
  for (size_t i = 0; i < script.items.size(); ++i) {
    const ItemDef& def = script.items[i];
    const ItemState& s = state.items[i];
    if (s.opacity < 0.02f) continue;
    auto check = [&](const char* what, float size) {
      if (size * s.scale >= kit::kMinTextSize) return;
      std::ostringstream out;
      out << "'" << def.name << "' " << what << " is " << size * s.scale << " px";
      problems.push_back(out.str());
    };
    if (def.kind == ItemKind::Text && !def.text.text.empty()) check("text", def.text.size);
    if (def.kind != ItemKind::Matrix) continue;
    check("entries", def.matrix.fontSize);
    if (!def.matrix.label.empty()) check("label", def.matrix.labelSize);
    if (!def.matrix.rowLabels.empty() || !def.matrix.colLabels.empty())
      check("headers", def.matrix.headerSize);
  }
  return problems;
}

void checkSection(const SectionScript& script) {
  REQUIRE(script.duration > 0);
  REQUIRE(!script.beats.empty());
  CHECK(script.beats.back().time == doctest::Approx(script.duration));
  for (size_t i = 1; i < script.beats.size(); ++i)
    CHECK(script.beats[i].time > script.beats[i - 1].time);
  for (size_t i = 1; i < script.clips.size(); ++i)
    CHECK(script.clips[i].t0 >= script.clips[i - 1].t0);
  for (const Beat& beat : script.beats) {
    for (const std::string& p : layoutProblems(script, beat.time)) {
      FAIL_CHECK(script.id << " at beat '" << beat.label << "' (t=" << beat.time << "): " << p);
    }
  }
}

}  // namespace

TEST_CASE("sections: every registered section builds and lays out cleanly at every beat") {
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
    checkSection(script);
    // Every text is legible from the back of the room, at every beat.
    for (const Beat& beat : script.beats) {
      for (const std::string& p : textSizeProblems(script, beat.time)) {
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
  const ItemDef* map = nullptr;
  size_t index = 0;
  for (size_t i = 0; i < script.items.size(); ++i) {
    if (script.items[i].name == "attention_map") map = &script.items[index = i];
  }
  REQUIRE(map != nullptr);
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
    const CellState& cell = end.items[index].cells[static_cast<size_t>(c)];
    CHECK(map->matrix.texts[static_cast<size_t>(cell.mix >= 1 ? cell.textB : cell.textA)] ==
          expected[c]);
    CHECK(cell.opacity == doctest::Approx(1.0));
  }
  // Before its first entry is computed, the result shows no answers.
  const SceneState early = evaluate(script, script.beats[6].time);
  for (const CellState& cell : early.items[index].cells) {
    CHECK(map->matrix.texts[static_cast<size_t>(cell.textA)] == "?");
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
  const SceneState state = evaluate(script, t);
  for (size_t i = 0; i < script.items.size(); ++i) {
    if (script.items[i].name != name) continue;
    const CellState& c = state.items[i].cells.at(static_cast<size_t>(cell));
    return script.items[i].matrix.texts[static_cast<size_t>(c.mix >= 1 ? c.textB : c.textA)];
  }
  return "";
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
        checkSection(script);  // frame, overlaps and text >= 28 px at every beat
        CHECK(script.duration >= 30.0);
        CHECK(script.duration <= 180.0);
        auto has = [&](const std::string& label) {
          for (const Beat& b : script.beats)
            if (b.label == label) return true;
          return false;
        };
        CHECK(has(scale ? "scaled" : "no scaling"));
        CHECK(has(mask ? "masked" : "no mask"));
        CHECK(has("softmax row 2"));
        CHECK(has("output (2, 2)"));
        CHECK(has("the end"));
        // The end shows Eigen's softmax weights (4 decimals) and output (2 decimals).
        const math::AttentionNumbers n = math::computeAttention(math::notebookInputs(), options);
        const double end = script.duration;
        for (int c = 0; c < 9; ++c) {
          CHECK(matmulCellText(script, "weights", end, c) ==
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
  const char* weights[] = {"0.9471", "0.0001", "0.0528", "0.0000", "1.0000",
                           "0.0000", "0.4594", "0.0813", "0.4594"};
  for (int c = 0; c < 9; ++c) CHECK(matmulCellText(script, "weights", end, c) == weights[c]);
  CHECK(matmulCellText(script, "scaled", end, 0) == "3.46");
  CHECK(matmulCellText(script, "output", end, 0) == "1.89");
  CHECK(matmulCellText(script, "values", end, 4) ==
        "\xE2\x88\x92"
        "8");

  const SectionScript masked =
      buildMatmulSection(test::atlas(), math::notebookInputs(), {.causalMask = true});
  CHECK(masked.duration <= 180.0);
  CHECK(matmulCellText(masked, "mask", masked.duration, 1) == "\xE2\x88\x92\xE2\x88\x9E");
  CHECK(matmulCellText(masked, "masked", masked.duration, 1) == "\xE2\x88\x92\xE2\x88\x9E");
  CHECK(matmulCellText(masked, "weights", masked.duration, 0) == "1.0000");
  CHECK(matmulCellText(masked, "weights", masked.duration, 1) == "0.0000");
  CHECK(matmulCellText(masked, "weights", masked.duration, 2) == "0.0000");
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
  bool hiddenBeat = false, lookup = false;
  for (const Beat& b : script.beats) {
    hiddenBeat = hiddenBeat || b.label == "hidden states";
    lookup = lookup || b.label.rfind("token ", 0) == 0;
  }
  CHECK(hiddenBeat);
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

TEST_CASE("sections: matmul with the notebook's 2-d decimal case shows PyTorch's 4 decimals") {
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
  for (size_t i = 0; i < script.items.size(); ++i) {
    if (script.items[i].name != "queries") continue;
    const MatrixDef& m = script.items[i].matrix;
    auto shown = [&](int cell) {
      const CellState& c = end.items[i].cells[static_cast<size_t>(cell)];
      return m.texts[static_cast<size_t>(c.mix >= 1 ? c.textB : c.textA)];
    };
    CHECK(shown(0) == "0.0915");
    CHECK(shown(1) ==
          "\xE2\x88\x92"
          "0.0590");
    CHECK(shown(2) ==
          "\xE2\x88\x92"
          "0.0078");
    CHECK(shown(5) ==
          "\xE2\x88\x92"
          "0.0071");
    return;
  }
  FAIL("no queries matrix");
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
