// The export job both `tfviz render` and the window's Export panel run: sections in order, a
// manifest at the end, steps of a bounded number of frames (what the window schedules per frame),
// and a cancel that leaves only complete frames and no manifest.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "app/commands.hpp"
#include "app/export_job.hpp"
#include "gl/gl_fixture.hpp"
#include "scene/sections/registry.hpp"

using namespace tfviz;
namespace fs = std::filesystem;

namespace {

ExportSection part(const std::string& id, double to, int fps) {
  const SectionInfo* info = findSection(id);
  REQUIRE(info != nullptr);
  ExportSection s{.script = info->build(test::GlFixture::get().atlas), .from = 0, .to = to};
  s.frames = frameCount(0, to, fps);
  return s;
}

long frameFiles(const fs::path& dir) {
  long n = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind("frame_", 0) == 0 && it->path().extension() == ".png") ++n;
  }
  return n;
}

// Whether a PNG file is whole: it ends with the IEND chunk.
bool completePng(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  const std::string s = bytes.str();
  return s.size() > 12 && s.compare(s.size() - 8, 4, "IEND") == 0;
}

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("tfviz-job-test-" + name);
  fs::remove_all(dir);
  return dir;
}

}  // namespace

TEST_CASE("export job: sections in order, in steps of at most the budget, then the manifest") {
  test::GlFixture& gl = test::GlFixture::get();
  const RenderSettings settings{.size = {96, 54}, .fps = 4};
  const fs::path dir = scratch("queue");
  ExportJob job(*gl.frames, {part("title", 2, 4), part("s01-one-hot", 1.5, 4)}, settings, dir);
  const long title = frameCount(0, 2, 4), s01 = frameCount(0, 1.5, 4);  // both ends included
  CHECK(title == 9);
  CHECK(job.total() == title + s01);
  CHECK(job.current() == "title");
  int steps = 0;
  long before = 0;
  while (!job.rendered()) {
    REQUIRE(job.step(3));
    CHECK(job.done() - before <= 3);
    before = job.done();
    ++steps;
    if (job.done() > title && !job.rendered()) CHECK(job.current() == "s01-one-hot");
  }
  CHECK(steps == (title + s01 + 2) / 3);  // 3 at a time, across the section boundary
  CHECK(job.done() == title + s01);
  CHECK(job.current().empty());
  CHECK_FALSE(fs::exists(dir / "manifest.json"));  // written by finish, once all is encoded
  REQUIRE_FALSE(job.finish().has_value());
  CHECK(frameFiles(dir / "title") == title);
  CHECK(frameFiles(dir / "s01-one-hot") == s01);
  std::ifstream manifest(dir / "manifest.json");
  std::stringstream text;
  text << manifest.rdbuf();
  const std::string m = text.str();
  REQUIRE(m.find("\"title\"") != std::string::npos);
  CHECK(m.find("\"title\"") < m.find("\"s01-one-hot\""));
  fs::remove_all(dir);
}

TEST_CASE("export job: a cancel keeps complete frames and writes no manifest") {
  test::GlFixture& gl = test::GlFixture::get();
  const fs::path dir = scratch("cancel");
  ExportJob job(*gl.frames, {part("title", 3, 10), part("recap", 1, 10)},
                {.size = {96, 54}, .fps = 10}, dir);
  REQUIRE(job.step(12));
  CHECK(job.done() == 12);
  CHECK_FALSE(job.rendered());
  CHECK_FALSE(job.cancel().has_value());
  CHECK_FALSE(fs::exists(dir / "manifest.json"));
  CHECK_FALSE(fs::exists(dir / "recap"));  // never started
  // Frames are encoded a picture behind the renderer: what was written is whole.
  const long written = frameFiles(dir / "title");
  CHECK(written >= 1);
  CHECK(written <= 12);
  for (const auto& entry : fs::directory_iterator(dir / "title")) {
    CAPTURE(entry.path().string());
    CHECK(completePng(entry.path()));
  }
  CHECK_FALSE(job.step(1));  // a cancelled job does no more
  fs::remove_all(dir);
}

TEST_CASE("export job: a folder that cannot be made fails with its name") {
  test::GlFixture& gl = test::GlFixture::get();
  const fs::path file = scratch("file");
  std::ofstream(file) << "not a folder";
  ExportJob job(*gl.frames, {part("title", 1, 2)}, {.size = {64, 36}, .fps = 2}, file);
  CHECK_FALSE(job.step(1));
  CHECK(job.error().find(file.string()) != std::string::npos);
  const auto failure = job.finish();
  REQUIRE(failure.has_value());
  fs::remove(file);
}
