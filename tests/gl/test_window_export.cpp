// The Export panel's export scheduling (app/window_export.hpp) without a window: a bounded slice
// of work per window frame, the panel's progress, the outcome line, and cancel.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <filesystem>

#include "app/window_export.hpp"
#include "gl/gl_fixture.hpp"
#include "scene/sections/registry.hpp"

using namespace tfviz;
namespace fs = std::filesystem;

namespace {

std::vector<SectionScript> twoSections() {
  const FontAtlas& atlas = test::GlFixture::get().atlas;
  return {findSection("title")->build(atlas), findSection("recap")->build(atlas)};
}

}  // namespace

TEST_CASE("window export: slices of work per frame, progress in the panel, then the outcome") {
  const fs::path dir = fs::temp_directory_path() / "tfviz-window-export";
  fs::remove_all(dir);
  ui::ExportPanelState panel;
  panel.directory = dir.string();
  panel.sizeIndex = 0;  // 1280x720
  panel.fpsIndex = 0;   // 30
  const std::vector<SectionScript> sections = twoSections();
  WindowExport exporter(test::GlFixture::get().atlas, panel);
  exporter.start(sections, 1);  // the current section only: recap
  REQUIRE(exporter.running());
  CHECK(panel.running);
  const long total = panel.total;
  CHECK(total == static_cast<long>(std::floor(sections[1].duration * 30 + 1e-9)) + 1);

  // One window frame's slice: some frames, not all, and the panel says how many.
  const auto before = std::chrono::steady_clock::now();
  exporter.advance(std::chrono::milliseconds(25));
  const double sliceMs =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - before).count();
  CHECK(panel.done > 0);
  CHECK(panel.done < total);
  CHECK(sliceMs < 2000);  // a frame's share, not the whole export (loose: sanitizer builds)
  CHECK(panel.fps > 0);

  // Cancel: it stops, says how to continue, and leaves no manifest.
  exporter.cancel();
  CHECK_FALSE(exporter.running());
  CHECK_FALSE(panel.running);
  CHECK(panel.message.find("--resume") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "manifest.json"));
  CHECK(fs::exists(dir / "recap"));
  CHECK_FALSE(fs::exists(dir / "title"));

  // Again, all sections, to the end: the outcome line and the manifest.
  panel.allSections = true;
  panel.sizeIndex = 0;
  exporter.start(sections, 1);
  int frames = 0;
  while (exporter.running() && frames < 100000) {
    exporter.advance(std::chrono::milliseconds(25));
    ++frames;
  }
  CHECK(frames > 1);  // it took several window frames
  CHECK_FALSE(panel.running);
  CHECK(panel.message.rfind("wrote ", 0) == 0);
  CHECK(fs::exists(dir / "manifest.json"));
  CHECK(fs::exists(dir / "title"));
  fs::remove_all(dir);
}
