// The frame writer: frames encoded on worker threads, identical frames linked, files complete or
// absent; and the supersampling and alpha helpers.
#include <doctest/doctest.h>

#include "export/frame_writer.hpp"
#include "export/png_writer.hpp"
#include "test_support.hpp"

using namespace tfviz;
namespace fs = std::filesystem;

namespace {
Image solid(int w, int h, uint8_t r, uint8_t g, uint8_t b, uint8_t a = 255) {
  Image img{.width = w, .height = h, .channels = 4};
  for (int i = 0; i < w * h; ++i) img.pixels.insert(img.pixels.end(), {r, g, b, a});
  return img;
}
}  // namespace

TEST_CASE("frame writer: many frames on worker threads, duplicates linked, all readable") {
  const test::TempDir dir;
  FrameWriter writer(FrameWriterOptions{.threads = 2, .capacity = 2});
  for (int k = 0; k < 20; ++k) {
    FrameJob job{.image = solid(64, 36, static_cast<uint8_t>(k * 10), 20, 30), .dropAlpha = true};
    job.paths.push_back(dir.path() / ("f" + std::to_string(k) + "a.png"));
    job.paths.push_back(dir.path() / ("f" + std::to_string(k) + "b.png"));
    writer.submit(std::move(job));
  }
  CHECK_FALSE(writer.finish().has_value());
  CHECK(writer.encoded() == 20);
  CHECK(writer.linked() == 20);
  for (int k = 0; k < 20; ++k) {
    const auto a = readPng(dir.path() / ("f" + std::to_string(k) + "a.png"));
    const auto b = readPng(dir.path() / ("f" + std::to_string(k) + "b.png"));
    REQUIRE(a.has_value());
    REQUIRE(b.has_value());
    CHECK(a->pixels == b->pixels);
    CHECK(a->pixels[0] == k * 10);
  }
  for (const std::string& name : dir.entries()) CHECK(name.find("tmp") == std::string::npos);
}

TEST_CASE("frame writer: an unwritable path fails with one line and stops") {
  const test::TempDir dir;
  FrameWriter writer(FrameWriterOptions{.threads = 1});
  FrameJob job{.image = solid(8, 8, 1, 2, 3)};
  job.paths.push_back(dir.path() / "missing-dir" / "f.png");
  writer.submit(std::move(job));
  const auto error = writer.finish();
  REQUIRE(error.has_value());
  CHECK(error->find("missing-dir") != std::string::npos);
  CHECK(writer.failed());
}

TEST_CASE("frame writer: supersampling averages blocks; premultiplied alpha is made straight") {
  Image big{.width = 4, .height = 2, .channels = 1, .pixels = {0, 255, 10, 20, 255, 0, 30, 40}};
  const Image small = downsample(big, 2);
  REQUIRE(small.width == 2);
  REQUIRE(small.height == 1);
  CHECK(small.pixels[0] == 128);           // (0 + 255 + 255 + 0) / 4, rounded
  CHECK(small.pixels[1] == 25);            // (10 + 20 + 30 + 40) / 4
  Image pm = solid(1, 1, 64, 32, 0, 128);  // 50% of (128, 64, 0)
  unpremultiply(pm);
  CHECK(pm.pixels[0] == 128);
  CHECK(pm.pixels[1] == 64);
  CHECK(pm.pixels[3] == 128);
}
