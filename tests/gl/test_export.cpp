// Incremental export: the exporter redraws only the area that changed and hands the sink only the
// rows it covers. Every picture rebuilt from those updates must equal, byte for byte, the frame
// drawn whole at the same time, opaque or transparent, with or without supersampling.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "app/commands.hpp"
#include "app/export_job.hpp"
#include "export/frame_writer.hpp"
#include "gl/gl_fixture.hpp"
#include "scene/sections/registry.hpp"

using namespace tfviz;

namespace {

// Keeps the picture, patches in each update, and checks it against a whole-frame render.
struct CheckingSink : FrameSink {
  const SectionScript& script;
  RenderSettings settings;
  double from = 0;
  int rows = 0;
  Image picture;
  long pictures = 0;
  long partial = 0;
  long mismatches = 0;
  long rowsRead = 0;

  CheckingSink(const SectionScript& s, const RenderSettings& rs, double f, int r)
      : script(s), settings(rs), from(f), rows(r) {}
  int partialRows() const override { return rows; }

  Image wholeFrame(long k) const {
    test::GlFixture& gl = test::GlFixture::get();
    const int ssaa = settings.ssaa;
    gl.frames->prepare(script, from + static_cast<double>(k) / settings.fps,
                       settings.size.width * ssaa, settings.size.height * ssaa);
    Image image;
    gl.frames->drawPrepared(settings.transparent).readPixels(image);
    return ssaa > 1 ? downsample(image, ssaa) : image;
  }

  bool accept(Image pixels, int top, int height, const std::vector<long>& frames) override {
    REQUIRE(height == settings.size.height);
    if (pixels.height != height) {
      REQUIRE(picture.height == height);  // a partial picture follows a whole one
      REQUIRE(top % rows == 0);
      ++partial;
    }
    if (picture.empty() || pixels.height == height) picture = Image{pixels.width, height, 4, {}};
    picture.pixels.resize(static_cast<size_t>(pixels.width) * height * 4);
    std::copy(pixels.pixels.begin(), pixels.pixels.end(), picture.row(top));
    rowsRead += pixels.height;
    ++pictures;
    // The first and the last frame of the group show this picture.
    for (long k : {frames.front(), frames.back()}) {
      if (wholeFrame(k).pixels != picture.pixels) ++mismatches;
    }
    return true;
  }
};

struct ExportRun {
  long pictures, partial, mismatches, rowsRead, rowsWhole;
};

ExportRun exportChecked(const SectionScript& script, double from, double to, RenderSettings rs) {
  test::GlFixture& gl = test::GlFixture::get();
  FrameRenderer frames(gl.atlas);
  gl::PixelReadback readback;
  const long count = frameCount(from, to, rs.fps);
  CheckingSink sink(script, rs, from, 16);
  SectionExporter exporter(frames, readback, script, from, count, rs, sink);
  while (!exporter.finished()) REQUIRE(exporter.step(16));
  return {sink.pictures, sink.partial, sink.mismatches, sink.rowsRead,
          sink.pictures * rs.size.height};
}

}  // namespace

TEST_CASE("export: pictures rebuilt from changed rows equal whole frames (matmul, opaque)") {
  const SectionScript script = findSection("matmul")->build(test::GlFixture::get().atlas);
  const ExportRun run = exportChecked(script, 8.0, 24.0, {.size = {320, 180}, .fps = 30});
  CHECK(run.pictures > 100);
  CHECK(run.partial > run.pictures / 2);        // the partial path is what is tested
  CHECK(run.rowsRead < run.rowsWhole * 3 / 4);  // and it reads back less than whole frames
  CHECK(run.mismatches == 0);
}

TEST_CASE("export: the same with supersampling and with a transparent background") {
  test::GlFixture& gl = test::GlFixture::get();
  const SectionScript s12 = findSection("s12-architecture")->build(gl.atlas);
  ExportRun run = exportChecked(s12, 10.0, 16.0, {.size = {256, 144}, .fps = 30, .ssaa = 2});
  CHECK(run.partial > 0);
  CHECK(run.mismatches == 0);
  const SectionScript s08 = findSection("s08-attention")->build(gl.atlas);
  run = exportChecked(s08, 20.0, 28.0, {.size = {320, 180}, .fps = 30, .transparent = true});
  CHECK(run.partial > 0);
  CHECK(run.mismatches == 0);
}
