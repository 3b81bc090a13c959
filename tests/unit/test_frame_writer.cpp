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

TEST_CASE("frame writer: partial frames reuse the strips of the frame before") {
  // A 40-row frame (strips of 16, 16 and 8 rows), then updates of one strip each: every file
  // decodes to the full picture it stands for.
  const test::TempDir dir;
  FrameWriter writer(FrameWriterOptions{.threads = 2, .capacity = 1});
  Image expected = solid(24, 40, 10, 20, 30);
  std::vector<Image> pictures;
  auto submit = [&](int top, int rows, const std::string& name) {
    Image part{.width = 24, .height = rows, .channels = 4};
    part.pixels.assign(expected.row(top), expected.row(top) + static_cast<size_t>(rows) * 24 * 4);
    FrameJob job{.image = std::move(part), .dropAlpha = true, .top = top, .frameHeight = 40};
    job.paths.push_back(dir.path() / name);
    writer.submit(std::move(job));
    pictures.push_back(expected);
  };
  submit(0, 40, "f0.png");
  expected.row(20)[0] = 200;  // strip 1
  submit(16, 16, "f1.png");
  expected.row(39)[5] = 99;  // the last, short strip
  submit(32, 8, "f2.png");
  submit(0, 0, "f3.png");  // nothing changed
  expected.row(0)[1] = 7;
  expected.row(31)[1] = 8;
  submit(0, 32, "f4.png");  // strips 0 and 1
  REQUIRE_FALSE(writer.finish().has_value());
  for (size_t k = 0; k < pictures.size(); ++k) {
    CAPTURE(k);
    const auto png = readPng(dir.path() / ("f" + std::to_string(k) + ".png"));
    REQUIRE(png.has_value());
    CHECK(png->pixels == pictures[k].pixels);
  }
}

TEST_CASE("frame writer: a partial frame that does not continue the one before fails") {
  const test::TempDir dir;
  auto partial = [&](int top, int rows, int width) {
    FrameJob job{.image = solid(width, rows, 1, 2, 3), .top = top, .frameHeight = 40};
    job.paths.push_back(dir.path() / "p.png");
    return job;
  };
  {
    FrameWriter writer(FrameWriterOptions{.threads = 1});
    writer.submit(partial(16, 16, 24));  // nothing before it
    const auto error = writer.finish();
    REQUIRE(error.has_value());
    CHECK(error->find("partial frame") != std::string::npos);
  }
  {
    FrameWriter writer(FrameWriterOptions{.threads = 1});
    writer.submit(partial(0, 40, 24));
    writer.submit(partial(8, 16, 24));  // not on a strip boundary
    CHECK(writer.finish().has_value());
  }
  {
    FrameWriter writer(FrameWriterOptions{.threads = 1});
    writer.submit(partial(0, 40, 24));
    writer.submit(partial(16, 16, 32));  // another width
    CHECK(writer.finish().has_value());
  }
  for (const std::string& name : dir.entries()) CHECK(name.find("tmp") == std::string::npos);
}
