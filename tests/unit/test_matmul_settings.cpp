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
  SectionInputs s;
  const fs::path csv = dir.write("hidden.csv", "# my hidden states\n1,0,0\n0,1,0\n0,0,1\n1,1,1\n");
  REQUIRE_FALSE(loadTensors(s, {csv.string()}).has_value());
  REQUIRE(s.attention.hidden.has_value());
  CHECK(s.attention.hidden->rows() == 4);
  CHECK(s.attention.hiddenSource == "hidden.csv");
  const math::AttentionNumbers n = math::computeAttention(s.attention, s.options);
  CHECK(n.queries.rows() == 4);
  const SectionScript script = findSection("matmul")->build(test::atlas(), s);
  CHECK(script.duration > 30.0);
}

TEST_CASE("matmul settings: bad files and wrong shapes change nothing") {
  const test::TempDir dir;
  SectionInputs s;
  const SectionInputs before = s;
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
  CHECK_FALSE(s.attention.hidden.has_value());
  CHECK(s.attention.wq == before.attention.wq);
  CHECK(s.attention.prompt == "012");
}

TEST_CASE("matmul settings: several files are checked together") {
  const test::TempDir dir;
  SectionInputs s;
  // d_k = 2: W_q and W_k change shape together; either alone would not fit the other.
  const fs::path wq = dir.write("wq.csv", "1,0,0\n0,1,0\n");
  const fs::path wk = dir.write("wk.csv", "0,1,0\n0,0,1\n");
  CHECK(loadTensors(s, {"wq=" + wq.string()}).has_value());
  REQUIRE_FALSE(loadTensors(s, {"wq=" + wq.string(), "wk=" + wk.string()}).has_value());
  CHECK(s.attention.wq.rows() == 2);
  CHECK_FALSE(checkSettings(s).has_value());
  s.options.temperature = 0;
  CHECK(checkSettings(s).has_value());
}

TEST_CASE("matmul settings: a rebuilt section keeps the presenter's place") {
  std::vector<SectionScript> sections{findSection("matmul")->build(test::atlas(), SectionInputs{})};
  Show show(sections, 0);
  const int beat = 10;
  show.presenter().seek(sections[0].beats[beat].time);
  SectionInputs next;
  next.options.causalMask = true;
  const std::string label = sections[0].beats[beat].label;
  sections[0] = findSection("matmul")->build(test::atlas(), next);
  show.reloadCurrent(label, beat, 0.0);
  // The same beat by its label ("queries (0, 1)" and so on), wherever it now sits.
  CHECK(beatIndexAtOrBefore(sections[0], show.presenter().time()) >= 0);
  CHECK(sections[0]
            .beats[static_cast<size_t>(beatIndexAtOrBefore(sections[0], show.presenter().time()))]
            .label == label);
  CHECK_FALSE(show.presenter().playing());
}

TEST_CASE("matmul settings: the command line's inspector settings") {
  SectionInputs s;
  REQUIRE_FALSE(
      applyMatmulFlags(s, {.prompt = "210", .noScale = true, .causal = true, .temperature = 0.5},
                       "matmul")
          .has_value());
  CHECK(s.attention.prompt == "210");
  CHECK_FALSE(s.options.scale);
  CHECK(s.options.causalMask);
  CHECK(s.options.temperature == 0.5);
  // No flags: nothing changes, for any section.
  const SectionInputs before = s;
  CHECK_FALSE(applyMatmulFlags(s, {}, "title").has_value());
  CHECK(s.attention.prompt == before.attention.prompt);
  // The section built from them shows them.
  const SectionScript script = findSection("matmul")->build(test::atlas(), s);
  CHECK(test::hasBeat(script, "masked"));
  CHECK(test::hasBeat(script, "no scaling"));
}

TEST_CASE("matmul settings: inspector flags are refused with one line naming the flag") {
  SectionInputs s;
  const SectionInputs before = s;
  auto error = applyMatmulFlags(s, {.causal = true}, "title");
  REQUIRE(error.has_value());
  CHECK(*error == "--causal: only the matmul section has these settings, not 'title'");
  error = applyMatmulFlags(s, {.temperature = 2}, "all");
  REQUIRE(error.has_value());
  CHECK(error->rfind("--temperature: ", 0) == 0);
  // A prompt whose digit the (loaded) token table lacks.
  s.attention.tokenTable = Eigen::MatrixXd::Ones(3, 3);
  error = applyMatmulFlags(s, {.prompt = "09"}, "matmul");
  REQUIRE(error.has_value());
  CHECK(error->rfind("--prompt: ", 0) == 0);
  CHECK(error->find('\n') == std::string::npos);
  CHECK(s.attention.prompt == before.attention.prompt);
  // Loaded hidden states replace the prompt: both at once is refused.
  s = before;
  s.attention.hidden = Eigen::MatrixXd::Ones(2, 3);
  error = applyMatmulFlags(s, {.prompt = "1", .causal = true}, "matmul");
  REQUIRE(error.has_value());
  CHECK(error->rfind("--prompt: ", 0) == 0);
  CHECK_FALSE(s.options.causalMask);  // unchanged
  // A temperature so small the scores overflow names --temperature.
  s = before;
  s.attention.wq = s.attention.wk = s.attention.wv = 1e150 * Eigen::MatrixXd::Identity(3, 3);
  error = applyMatmulFlags(s, {.causal = true, .temperature = 0.01}, "matmul");
  if (error) CHECK(error->rfind("--temperature: ", 0) == 0);
}

TEST_CASE("matmul settings: the inspector's copy, both ways, and its rules") {
  SectionInputs current;
  current.options.temperature = 0.5;
  ui::InspectorState inspector;
  inspector.loadPath = "mine.npy";  // the inspector's own fields stay
  toInspector(current, inspector);
  CHECK(inspector.prompt == current.attention.prompt);
  CHECK(inspector.wq == current.attention.wq);
  CHECK(inspector.temperature == doctest::Approx(0.5));
  CHECK(inspector.loadPath == "mine.npy");
  CHECK_FALSE(inspector.hasHidden);

  // Unedited, it gives back the same settings.
  SectionInputs next;
  REQUIRE_FALSE(fromInspector(inspector, current, next).has_value());
  CHECK(next.attention.prompt == current.attention.prompt);
  CHECK(next.attention.wk == current.attention.wk);
  CHECK(next.options.temperature == doctest::Approx(0.5));

  // Edits arrive: prompt, a weight, the options.
  inspector.prompt = "2210";
  inspector.wv(0, 0) = 7;
  inspector.mask = true;
  inspector.scale = false;
  REQUIRE_FALSE(fromInspector(inspector, current, next).has_value());
  CHECK(next.attention.prompt == "2210");
  CHECK(next.attention.wv(0, 0) == 7);
  CHECK(next.options.causalMask);
  CHECK_FALSE(next.options.scale);

  // The prompt rule: 1 to 8 digits 0-9; a refused edit leaves `next` as it was.
  for (const char* bad : {"", "123456789", "12a"}) {
    CAPTURE(bad);
    ui::InspectorState edited = inspector;
    edited.prompt = bad;
    SectionInputs untouched = next;
    const auto error = fromInspector(edited, current, untouched);
    REQUIRE(error.has_value());
    CHECK(error->find("1 to 8 digits") != std::string::npos);
    CHECK(untouched.attention.prompt == "2210");
  }
  inspector.prompt = "12345678";
  CHECK_FALSE(fromInspector(inspector, current, next).has_value());

  // A token the table has no row for is refused by checkSettings, with its reason.
  ui::InspectorState small = inspector;
  small.table = current.attention.tokenTable.topRows(2);
  small.prompt = "012";
  const auto error = fromInspector(small, current, next);
  REQUIRE(error.has_value());
  CHECK(*error == *checkSettings([&] {
    SectionInputs s = current;
    s.attention.tokenTable = small.table;
    s.attention.prompt = "012";
    return s;
  }()));
}

TEST_CASE("matmul settings: with hidden states loaded, the prompt rule does not apply") {
  const test::TempDir dir;
  SectionInputs current;
  const fs::path csv = dir.write("h.csv", "1,0,0\n0,1,0\n");
  REQUIRE_FALSE(loadTensors(current, {csv.string()}).has_value());
  ui::InspectorState inspector;
  toInspector(current, inspector);
  CHECK(inspector.hasHidden);
  inspector.prompt = "";  // unused: the hidden states are the input
  SectionInputs next;
  CHECK_FALSE(fromInspector(inspector, current, next).has_value());
  CHECK(next.attention.hidden.has_value());
}

TEST_CASE("sections with inputs: the registry says which take them, and only those use them") {
  SectionInputs inputs;
  inputs.attention.prompt = "2101";
  inputs.options.causalMask = true;
  int taking = 0;
  for (const SectionInfo& info : allSections()) {
    CAPTURE(info.id);
    if (!info.takesInputs) continue;
    ++taking;
    const SectionScript plain = info.build(test::atlas());
    const SectionScript edited = info.build(test::atlas(), inputs);
    CHECK(edited.duration != doctest::Approx(plain.duration));  // the mask adds its steps
  }
  CHECK(taking >= 1);
  REQUIRE(firstSectionWithInputs() != nullptr);
  CHECK(firstSectionWithInputs()->takesInputs);
  // A section without inputs builds the same whatever it is given.
  const SectionInfo& title = allSections().front();
  REQUIRE_FALSE(title.takesInputs);
  CHECK(title.build(test::atlas(), inputs).duration ==
        doctest::Approx(title.build(test::atlas()).duration));
  // The flags name the sections that take inputs when refused for another one.
  MatmulFlags flags;
  flags.causal = true;
  SectionInputs s;
  const auto error = applyMatmulFlags(s, flags, title.id);
  REQUIRE(error.has_value());
  CHECK(error->find(inputSectionList()) != std::string::npos);
}

TEST_CASE(
    "matmul settings: one list of --load kinds, for the parser, the loader and the inspector") {
  for (const char* kind : kLoadKinds) {
    CAPTURE(kind);
    CHECK(isLoadKind(kind));
    SectionInputs s;
    const auto error = loadTensors(s, {std::string(kind) + "=/nonexistent/t.csv"});
    REQUIRE(error.has_value());  // no such file, but the kind is known
    CHECK(error->find("unknown kind") == std::string::npos);
  }
  CHECK_FALSE(isLoadKind("bias"));
  SectionInputs s;
  const auto error = loadTensors(s, {"bias=/nonexistent/t.csv"});
  REQUIRE(error.has_value());
  CHECK(error->find("unknown kind 'bias' (" + loadKindList() + ")") != std::string::npos);
  CHECK(loadKindList() == "hidden, table, wq, wk, wv");
}
