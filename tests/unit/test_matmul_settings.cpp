// The matmul explainer's settings: loading the user's files, refusing bad ones and keeping the
// last good state, and rebuilding the section from them.
#include <doctest/doctest.h>

#include <filesystem>

#include "app/matmul_settings.hpp"
#include "app/show.hpp"
#include "test_support.hpp"

using namespace tfviz;
namespace fs = std::filesystem;

TEST_CASE("matmul settings: hidden states from a CSV file replace the prompt") {
  const test::TempDir dir;
  MatmulSettings s;
  const fs::path csv = dir.write("hidden.csv", "# my hidden states\n1,0,0\n0,1,0\n0,0,1\n1,1,1\n");
  REQUIRE_FALSE(loadTensors(s, {csv.string()}).has_value());
  REQUIRE(s.inputs.hidden.has_value());
  CHECK(s.inputs.hidden->rows() == 4);
  CHECK(s.inputs.hiddenSource == "hidden.csv");
  const math::AttentionNumbers n = math::computeAttention(s.inputs, s.options);
  CHECK(n.queries.rows() == 4);
  const SectionScript script = buildMatmul(test::atlas(), s);
  CHECK(script.duration > 30.0);
}

TEST_CASE("matmul settings: bad files and wrong shapes change nothing") {
  const test::TempDir dir;
  MatmulSettings s;
  const MatmulSettings before = s;
  const fs::path nan = dir.write("nan.csv", "1,2,3\n4,nan,6\n");
  auto error = loadTensors(s, {nan.string()});
  REQUIRE(error.has_value());
  CHECK(error->find("nan.csv") != std::string::npos);
  const fs::path wide = dir.write("wide.csv", "1,2,3,4\n5,6,7,8\n");
  error = loadTensors(s, {"wq=" + wide.string()});
  REQUIRE(error.has_value());
  CHECK(error->find("wide.csv") != std::string::npos);
  CHECK(error->find("W_q") != std::string::npos);
  error = loadTensors(s, {"wk=" + (fs::temp_directory_path() / "no-such-file.npy").string()});
  REQUIRE(error.has_value());
  CHECK(error->find("no-such-file.npy") != std::string::npos);
  // The last good state stays.
  CHECK_FALSE(s.inputs.hidden.has_value());
  CHECK(s.inputs.wq == before.inputs.wq);
  CHECK(s.inputs.prompt == "012");
}

TEST_CASE("matmul settings: several files are checked together") {
  const test::TempDir dir;
  MatmulSettings s;
  // d_k = 2: W_q and W_k change shape together; either alone would not fit the other.
  const fs::path wq = dir.write("wq.csv", "1,0,0\n0,1,0\n");
  const fs::path wk = dir.write("wk.csv", "0,1,0\n0,0,1\n");
  CHECK(loadTensors(s, {"wq=" + wq.string()}).has_value());
  REQUIRE_FALSE(loadTensors(s, {"wq=" + wq.string(), "wk=" + wk.string()}).has_value());
  CHECK(s.inputs.wq.rows() == 2);
  CHECK_FALSE(checkSettings(s).has_value());
  s.options.temperature = 0;
  CHECK(checkSettings(s).has_value());
}

TEST_CASE("matmul settings: a rebuilt section keeps the presenter's place") {
  std::vector<SectionScript> sections{buildMatmul(test::atlas(), MatmulSettings{})};
  Show show(sections, 0);
  const int beat = 10;
  show.presenter().seek(sections[0].beats[beat].time);
  MatmulSettings next;
  next.options.causalMask = true;
  const std::string label = sections[0].beats[beat].label;
  sections[0] = buildMatmul(test::atlas(), next);
  show.reloadCurrent(label, beat, 0.0);
  // The same beat by its label ("queries (0, 1)" and so on), wherever it now sits.
  CHECK(beatIndexAtOrBefore(sections[0], show.presenter().time()) >= 0);
  CHECK(sections[0]
            .beats[static_cast<size_t>(beatIndexAtOrBefore(sections[0], show.presenter().time()))]
            .label == label);
  CHECK_FALSE(show.presenter().playing());
}

TEST_CASE("matmul settings: the command line's inspector settings") {
  MatmulSettings s;
  REQUIRE_FALSE(
      applyMatmulFlags(s, {.prompt = "210", .noScale = true, .causal = true, .temperature = 0.5},
                       "matmul")
          .has_value());
  CHECK(s.inputs.prompt == "210");
  CHECK_FALSE(s.options.scale);
  CHECK(s.options.causalMask);
  CHECK(s.options.temperature == 0.5);
  // No flags: nothing changes, for any section.
  const MatmulSettings before = s;
  CHECK_FALSE(applyMatmulFlags(s, {}, "title").has_value());
  CHECK(s.inputs.prompt == before.inputs.prompt);
  // The section built from them shows them.
  const SectionScript script = buildMatmul(test::atlas(), s);
  CHECK(test::hasBeat(script, "masked"));
  CHECK(test::hasBeat(script, "no scaling"));
}

TEST_CASE("matmul settings: inspector flags are refused with one line naming the flag") {
  MatmulSettings s;
  const MatmulSettings before = s;
  auto error = applyMatmulFlags(s, {.causal = true}, "title");
  REQUIRE(error.has_value());
  CHECK(*error == "--causal: only the matmul section has these settings, not 'title'");
  error = applyMatmulFlags(s, {.temperature = 2}, "all");
  REQUIRE(error.has_value());
  CHECK(error->rfind("--temperature: ", 0) == 0);
  // A prompt whose digit the (loaded) token table lacks.
  s.inputs.tokenTable = Eigen::MatrixXd::Ones(3, 3);
  error = applyMatmulFlags(s, {.prompt = "09"}, "matmul");
  REQUIRE(error.has_value());
  CHECK(error->rfind("--prompt: ", 0) == 0);
  CHECK(error->find('\n') == std::string::npos);
  CHECK(s.inputs.prompt == before.inputs.prompt);
  // Loaded hidden states replace the prompt: both at once is refused.
  s = before;
  s.inputs.hidden = Eigen::MatrixXd::Ones(2, 3);
  error = applyMatmulFlags(s, {.prompt = "1", .causal = true}, "matmul");
  REQUIRE(error.has_value());
  CHECK(error->rfind("--prompt: ", 0) == 0);
  CHECK_FALSE(s.options.causalMask);  // unchanged
  // A temperature so small the scores overflow names --temperature.
  s = before;
  s.inputs.wq = s.inputs.wk = s.inputs.wv = 1e150 * Eigen::MatrixXd::Identity(3, 3);
  error = applyMatmulFlags(s, {.causal = true, .temperature = 0.01}, "matmul");
  if (error) CHECK(error->rfind("--temperature: ", 0) == 0);
}

TEST_CASE("matmul settings: the inspector's copy, both ways, and its rules") {
  MatmulSettings current;
  current.options.temperature = 0.5;
  ui::InspectorState inspector;
  inspector.loadPath = "mine.npy";  // the inspector's own fields stay
  toInspector(current, inspector);
  CHECK(inspector.prompt == current.inputs.prompt);
  CHECK(inspector.wq == current.inputs.wq);
  CHECK(inspector.temperature == doctest::Approx(0.5));
  CHECK(inspector.loadPath == "mine.npy");
  CHECK_FALSE(inspector.hasHidden);

  // Unedited, it gives back the same settings.
  MatmulSettings next;
  REQUIRE_FALSE(fromInspector(inspector, current, next).has_value());
  CHECK(next.inputs.prompt == current.inputs.prompt);
  CHECK(next.inputs.wk == current.inputs.wk);
  CHECK(next.options.temperature == doctest::Approx(0.5));

  // Edits arrive: prompt, a weight, the options.
  inspector.prompt = "2210";
  inspector.wv(0, 0) = 7;
  inspector.mask = true;
  inspector.scale = false;
  REQUIRE_FALSE(fromInspector(inspector, current, next).has_value());
  CHECK(next.inputs.prompt == "2210");
  CHECK(next.inputs.wv(0, 0) == 7);
  CHECK(next.options.causalMask);
  CHECK_FALSE(next.options.scale);

  // The prompt rule: 1 to 8 digits 0-9; a refused edit leaves `next` as it was.
  for (const char* bad : {"", "123456789", "12a"}) {
    CAPTURE(bad);
    ui::InspectorState edited = inspector;
    edited.prompt = bad;
    MatmulSettings untouched = next;
    const auto error = fromInspector(edited, current, untouched);
    REQUIRE(error.has_value());
    CHECK(error->find("1 to 8 digits") != std::string::npos);
    CHECK(untouched.inputs.prompt == "2210");
  }
  inspector.prompt = "12345678";
  CHECK_FALSE(fromInspector(inspector, current, next).has_value());

  // A token the table has no row for is refused by checkSettings, with its reason.
  ui::InspectorState small = inspector;
  small.table = current.inputs.tokenTable.topRows(2);
  small.prompt = "012";
  const auto error = fromInspector(small, current, next);
  REQUIRE(error.has_value());
  CHECK(*error == *checkSettings([&] {
    MatmulSettings s = current;
    s.inputs.tokenTable = small.table;
    s.inputs.prompt = "012";
    return s;
  }()));
}

TEST_CASE("matmul settings: with hidden states loaded, the prompt rule does not apply") {
  const test::TempDir dir;
  MatmulSettings current;
  const fs::path csv = dir.write("h.csv", "1,0,0\n0,1,0\n");
  REQUIRE_FALSE(loadTensors(current, {csv.string()}).has_value());
  ui::InspectorState inspector;
  toInspector(current, inspector);
  CHECK(inspector.hasHidden);
  inspector.prompt = "";  // unused: the hidden states are the input
  MatmulSettings next;
  CHECK_FALSE(fromInspector(inspector, current, next).has_value());
  CHECK(next.inputs.hidden.has_value());
}
