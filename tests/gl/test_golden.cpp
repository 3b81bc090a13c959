// Golden-image tests: chosen matmul frames rendered small on a headless EGL context and compared
// with tests/golden/*.png within tolerances. On failure the actual image and a diff image are
// written to build/test-output/. Goldens change only through tools/update-goldens.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "export/png_writer.hpp"
#include "gl/gl_fixture.hpp"
#include "scene/sections/registry.hpp"

namespace fs = std::filesystem;
using namespace tfviz;

namespace {

constexpr int kWidth = 480;
constexpr int kHeight = 270;
// Tolerances: llvmpipe is deterministic, but other drivers may round edges differently.
constexpr int kChannelThreshold = 24;   // a pixel "differs" above this per-channel delta
constexpr double kMaxMismatch = 0.002;  // at most 0.2% of pixels may differ
constexpr double kMaxMeanDelta = 0.5;

double beatTime(const SectionScript& script, const std::string& label) {
  for (const Beat& b : script.beats) {
    if (b.label == label) return b.time;
  }
  FAIL("no beat labelled '" << label << "' in " << script.id);
  return 0;
}

void checkGolden(const SectionScript& script, const std::string& name, double t) {
  test::GlFixture& gl = test::GlFixture::get();
  Image actual;
  gl.frames->renderImage(script, t, kWidth, kHeight, actual);
  actual = convertChannels(actual, 3);
  const fs::path golden = fs::path(TFVIZ_GOLDEN_DIR) / (name + ".png");
  std::string error;
  if (std::getenv("TFVIZ_UPDATE_GOLDENS") != nullptr) {
    REQUIRE_MESSAGE(writePngAtomic(golden, actual, &error), error);
    MESSAGE("updated " << golden.string());
    return;
  }
  const auto expected = readPng(golden);
  REQUIRE_MESSAGE(expected.has_value(),
                  "missing golden " << golden.string() << " (run tools/update-goldens)");
  const ImageDiff diff = compareImages(*expected, actual, kChannelThreshold);
  const bool ok =
      diff.sameSize && diff.mismatchRatio <= kMaxMismatch && diff.meanDelta <= kMaxMeanDelta;
  if (!ok) {
    const fs::path out(TFVIZ_TEST_OUTPUT_DIR);
    fs::create_directories(out);
    writePngAtomic(out / (name + ".actual.png"), actual, &error);
    if (!diff.diff.empty()) writePngAtomic(out / (name + ".diff.png"), diff.diff, &error);
  }
  CHECK_MESSAGE(ok, name << ": mismatch " << diff.mismatchRatio << ", mean delta " << diff.meanDelta
                         << ", max delta " << diff.maxDelta << " (actual and diff in "
                         << TFVIZ_TEST_OUTPUT_DIR << ")");
}

const SectionScript& matmul() {
  static const SectionScript script = findSection("matmul")->build(test::GlFixture::get().atlas);
  return script;
}

}  // namespace

TEST_CASE("golden: matmul frames") {
  const SectionScript& s = matmul();
  checkGolden(s, "matmul_inputs", beatTime(s, "inputs: shared W"));
  checkGolden(s, "matmul_token_1", beatTime(s, "token 1 is \"1\""));
  checkGolden(s, "matmul_queries_0_0", beatTime(s, "queries (0, 0)"));
  // Mid-animation: the box gliding and the calculation text being written.
  checkGolden(s, "matmul_queries_mid", beatTime(s, "queries (1, 1)") - 0.6);
  checkGolden(s, "matmul_score_2_1", beatTime(s, "score (2, 1)"));
  checkGolden(s, "matmul_end", s.duration);
}

// Two beats of every section, chosen by label (a third and two thirds of the way through when
// they were chosen): adding a beat to a section changes nothing here, and a renamed or removed
// beat fails by name. The golden file is <section>_<label as a file name>.png.
struct SectionGolden {
  const char* section;
  const char* beat;
};
const std::vector<SectionGolden>& sectionGoldens() {
  static const std::vector<SectionGolden> goldens = {
      {"title", "act 1"},
      {"title", "act 3"},
      {"s01-one-hot", "one-hot vectors"},
      {"s01-one-hot", "transpose"},
      {"s02-dot-product", "worked: product 3"},
      {"s02-dot-product", "mismatch: sum"},
      {"s03-matrix-multiplication", "2 rows x 1 column: entry (1, 0)"},
      {"s03-matrix-multiplication", "1 row x 2 columns: done"},
      {"s04-table-lookup", "entry (1, 1)"},
      {"s04-table-lookup", "row 1 of A picks row 1 of B"},
      {"s05-first-order", "empty T"},
      {"s05-first-order", "one-hot"},
      {"s06-second-order", "uncertain"},
      {"s06-second-order", "certain rows"},
      {"s07-skips", "weak votes"},
      {"s07-skips", "votes 1"},
      {"s08-attention", "driver 2"},
      {"s08-attention", "feature (1, 0)"},
      {"s09-embeddings", "clusters"},
      {"s09-embeddings", "scores"},
      {"s10-positional-encoding", "near and far"},
      {"s10-positional-encoding", "sin and cos waves"},
      {"s11-multi-head", "one head's projections"},
      {"s11-multi-head", "Q K transposed"},
      {"s12-architecture", "layer normalisation"},
      {"s12-architecture", "GPT"},
      {"recap", "position"},
      {"recap", "layers"},
      {"model", "learned mask"},
      {"model", "next word"},
      {"matmul", "score: operands"},
      {"matmul", "no mask"},
  };
  return goldens;
}

std::string fileName(const std::string& label) {
  std::string out;
  for (char c : label) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (keep || lower != c) {
      out += lower;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

TEST_CASE("golden: two beats of every section, by label") {
  for (const SectionInfo& info : allSections()) {
    CAPTURE(info.id);
    const SectionScript script = info.build(test::GlFixture::get().atlas);
    int checked = 0;
    for (const SectionGolden& g : sectionGoldens()) {
      if (g.section != info.id) continue;
      checkGolden(script, info.id + "_" + fileName(g.beat), beatTime(script, g.beat));
      ++checked;
    }
    CHECK_MESSAGE(checked == 2, "a section without its two golden beats: add them to the table");
  }
}

TEST_CASE("golden: the same frame renders to identical pixels, in any order") {
  test::GlFixture& gl = test::GlFixture::get();
  const SectionScript& s = matmul();
  Image a, b, c;
  gl.frames->renderImage(s, 21.5, 320, 180, a);
  gl.frames->renderImage(s, 50.0, 320, 180, c);
  gl.frames->renderImage(s, 21.5, 320, 180, b);
  CHECK(a.pixels == b.pixels);
  CHECK(a.pixels != c.pixels);
}

TEST_CASE("golden: frames are opaque and letterboxed at other aspect ratios") {
  test::GlFixture& gl = test::GlFixture::get();
  Image img;
  gl.frames->renderImage(matmul(), 10.0, 400, 400, img);
  REQUIRE(img.width == 400);
  bool opaque = true;
  for (size_t i = 3; i < img.pixels.size(); i += 4) opaque = opaque && img.pixels[i] == 255;
  CHECK(opaque);
  // The title sits inside the 400x225 band centred vertically: the top rows are plain background.
  const uint8_t* top = img.row(10);
  bool plain = true;
  for (int x = 0; x < img.width * 4; ++x) plain = plain && top[x] == top[x % 4];
  CHECK(plain);
}
