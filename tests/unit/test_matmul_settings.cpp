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
