// Unit tests for src/export: channel conversion, image comparison, atomic PNG and text writes,
// PNG reading, and the manifest JSON.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/image.hpp"
#include "export/manifest.hpp"
#include "export/png_writer.hpp"
#include "test_support.hpp"

namespace tfviz {
namespace {

namespace fs = std::filesystem;

using test::TempDir;

Image makeImage(int width, int height, int channels) {
  Image image;
  image.width = width;
  image.height = height;
  image.channels = channels;
  image.pixels.resize(static_cast<size_t>(width) * height * channels);
  for (size_t i = 0; i < image.pixels.size(); ++i) {
    image.pixels[i] = static_cast<uint8_t>((i * 37 + i / 7) % 256);
  }
  return image;
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("export: convertChannels") {
  const Image rgba = makeImage(3, 2, 4);
  const Image rgb = convertChannels(rgba, 3);
  CHECK(rgb.width == 3);
  CHECK(rgb.height == 2);
  CHECK(rgb.channels == 3);
  REQUIRE(rgb.pixels.size() == 18);
  for (int i = 0; i < 6; ++i) {
    for (int c = 0; c < 3; ++c) CHECK(rgb.pixels[i * 3 + c] == rgba.pixels[i * 4 + c]);
  }

  const Image back = convertChannels(rgb, 4);
  REQUIRE(back.pixels.size() == 24);
  for (int i = 0; i < 6; ++i) {
    for (int c = 0; c < 3; ++c) CHECK(back.pixels[i * 4 + c] == rgba.pixels[i * 4 + c]);
    CHECK(back.pixels[i * 4 + 3] == 255);
  }

  Image grey = makeImage(2, 1, 1);
  const Image greyRgba = convertChannels(grey, 4);
  CHECK(greyRgba.pixels == std::vector<uint8_t>{grey.pixels[0], grey.pixels[0], grey.pixels[0], 255,
                                                grey.pixels[1], grey.pixels[1], grey.pixels[1],
                                                255});
  CHECK(convertChannels(greyRgba, 1).pixels == grey.pixels);  // grey survives the round trip
  CHECK(convertChannels(rgba, 4).pixels == rgba.pixels);
  CHECK(convertChannels(rgba, 0).empty());
  CHECK(convertChannels(rgba, 5).empty());
}

TEST_CASE("export: compareImages") {
  const Image expected = makeImage(4, 3, 4);

  SUBCASE("identical") {
    const ImageDiff diff = compareImages(expected, expected, 0);
    CHECK(diff.sameSize);
    CHECK(diff.maxDelta == 0);
    CHECK(diff.meanDelta == 0);
    CHECK(diff.mismatchRatio == 0);
    CHECK(diff.diff.width == 4);
    CHECK(diff.diff.height == 3);
    CHECK(diff.diff.channels == 3);
    for (size_t i = 0; i < 12; ++i) {
      // Equal: no red beyond the dim grey context.
      CHECK(diff.diff.pixels[i * 3] == diff.diff.pixels[i * 3 + 1]);
      CHECK(diff.diff.pixels[i * 3 + 1] == diff.diff.pixels[i * 3 + 2]);
      CHECK(diff.diff.pixels[i * 3] <= 64);
    }
  }

  SUBCASE("one changed pixel") {
    Image actual = expected;
    uint8_t& green = actual.pixels[(1 * 4 + 2) * 4 + 1];  // pixel (2, 1), green
    green = static_cast<uint8_t>(green >= 128 ? green - 20 : green + 20);
    const ImageDiff diff = compareImages(expected, actual, 0);
    CHECK(diff.sameSize);
    CHECK(diff.maxDelta == 20);
    CHECK(diff.mismatchRatio == doctest::Approx(1.0 / 12.0));
    CHECK(diff.meanDelta == doctest::Approx(20.0 / 48.0));
    const uint8_t* changed = diff.diff.row(1) + 2 * 3;
    CHECK(changed[0] == std::min(255, 160 + changed[1]));
    // Above the threshold only.
    CHECK(compareImages(expected, actual, 19).mismatchRatio == doctest::Approx(1.0 / 12.0));
    CHECK(compareImages(expected, actual, 20).mismatchRatio == 0);
    CHECK(compareImages(expected, actual, 20).maxDelta == 20);
  }

  SUBCASE("RGB against RGBA with opaque alpha compares equal") {
    Image opaque = expected;
    for (size_t i = 3; i < opaque.pixels.size(); i += 4) opaque.pixels[i] = 255;
    const ImageDiff diff = compareImages(opaque, convertChannels(opaque, 3), 0);
    CHECK(diff.sameSize);
    CHECK(diff.maxDelta == 0);
  }

  SUBCASE("size mismatch") {
    const ImageDiff diff = compareImages(expected, makeImage(3, 4, 4), 0);
    CHECK_FALSE(diff.sameSize);
    CHECK(diff.mismatchRatio == 1);
    CHECK(diff.maxDelta == 255);
    CHECK(diff.diff.empty());
  }
}

TEST_CASE("export: PNG round trip, RGB and RGBA") {
  TempDir dir;
  for (int channels : {3, 4}) {
    CAPTURE(channels);
    const Image image = makeImage(17, 9, channels);
    const fs::path path = dir.path() / ("round_trip_" + std::to_string(channels) + ".png");
    std::string error;
    REQUIRE_MESSAGE(writePngAtomic(path, image, &error), error);
    CHECK(error.empty());
    const auto read = readPng(path);
    REQUIRE(read.has_value());
    CHECK(read->width == 17);
    CHECK(read->height == 9);
    CHECK(read->channels == 4);
    CHECK(read->pixels == convertChannels(image, 4).pixels);
  }
  const auto names = dir.entries();
  CHECK(names.size() == 2);  // no temporary files left
}

TEST_CASE("export: PNG bytes are deterministic and overwrite atomically") {
  TempDir dir;
  const Image image = makeImage(64, 32, 4);
  std::string error;
  REQUIRE(writePngAtomic(dir.path() / "a.png", image, &error));
  REQUIRE(writePngAtomic(dir.path() / "b.png", image, &error));
  const std::string first = readFile(dir.path() / "a.png");
  CHECK(first.size() > 8);
  CHECK(first.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  CHECK(first == readFile(dir.path() / "b.png"));

  // Overwriting an existing file replaces it.
  REQUIRE(writePngAtomic(dir.path() / "a.png", makeImage(2, 2, 3), &error));
  const auto read = readPng(dir.path() / "a.png");
  REQUIRE(read.has_value());
  CHECK(read->width == 2);
  CHECK(dir.entries().size() == 2);
}

TEST_CASE("export: failed writes report the path and leave nothing behind") {
  TempDir dir;
  const Image image = makeImage(4, 4, 4);
  std::string error;

  SUBCASE("directory does not exist") {
    const fs::path path = dir.path() / "missing" / "frame.png";
    CHECK_FALSE(writePngAtomic(path, image, &error));
    CHECK(error.rfind(path.string() + ": ", 0) == 0);
    CHECK(error.find('\n') == std::string::npos);
    CHECK_FALSE(fs::exists(dir.path() / "missing"));
  }

  SUBCASE("a regular file used as a directory") {
    { std::ofstream(dir.path() / "file") << "x"; }
    const fs::path path = dir.path() / "file" / "frame.png";
    CHECK_FALSE(writePngAtomic(path, image, &error));
    CHECK(error.rfind(path.string() + ": ", 0) == 0);
    CHECK(dir.entries() == std::vector<std::string>{"file"});
  }

  SUBCASE("the target is a non-empty directory: rename fails, temporary removed") {
    fs::create_directories(dir.path() / "taken.png" / "inside");
    const fs::path path = dir.path() / "taken.png";
    CHECK_FALSE(writePngAtomic(path, image, &error));
    CHECK(error.rfind(path.string() + ": ", 0) == 0);
    CHECK(dir.entries() == std::vector<std::string>{"taken.png"});

    CHECK_FALSE(writeFileAtomic(path, "text", &error));
    CHECK(error.rfind(path.string() + ": ", 0) == 0);
    CHECK(dir.entries() == std::vector<std::string>{"taken.png"});
  }

  SUBCASE("invalid image") {
    Image broken = image;
    broken.pixels.pop_back();
    const fs::path path = dir.path() / "broken.png";
    CHECK_FALSE(writePngAtomic(path, broken, &error));
    CHECK(error.rfind(path.string() + ": ", 0) == 0);
    CHECK_FALSE(writePngAtomic(path, Image{}, &error));
    CHECK(dir.entries().empty());
  }

  SUBCASE("a null error pointer is allowed") {
    CHECK_FALSE(writePngAtomic(dir.path() / "no" / "x.png", image, nullptr));
  }
}

TEST_CASE("export: readPng of a missing or non-PNG file") {
  TempDir dir;
  CHECK_FALSE(readPng(dir.path() / "nothing.png").has_value());
  std::string error;
  REQUIRE(writeFileAtomic(dir.path() / "text.png", "not a png", &error));
  CHECK_FALSE(readPng(dir.path() / "text.png").has_value());
}

TEST_CASE("export: writeFileAtomic") {
  TempDir dir;
  std::string error;
  const fs::path path = dir.path() / "manifest.json";
  REQUIRE(writeFileAtomic(path, "{}\n", &error));
  CHECK(readFile(path) == "{}\n");
  REQUIRE(writeFileAtomic(path, std::string("a\0b", 3), &error));
  CHECK(readFile(path) == std::string("a\0b", 3));
  REQUIRE(writeFileAtomic(path, "", &error));
  CHECK(readFile(path).empty());
  CHECK(dir.entries() == std::vector<std::string>{"manifest.json"});
}

TEST_CASE("export: manifest JSON golden") {
  Manifest manifest;
  manifest.width = 640;
  manifest.height = 360;
  manifest.fps = 30;
  ManifestSection section;
  section.id = "matmul";
  section.title = "Say \"hi\"\nback\\slash\ttab";
  section.directory = "matmul";
  section.from = 0;
  section.to = 2.5;
  section.frameCount = 75;
  section.beats.push_back({"start", 0, 0});
  section.beats.push_back({"third", 1.0 / 3.0, 10});
  manifest.sections.push_back(section);
  ManifestSection empty;
  empty.id = "empty";
  empty.title = "Empty";
  empty.directory = "empty";
  empty.from = 1.25;
  empty.to = 1e6;
  manifest.sections.push_back(empty);

  const std::string expected = R"({
  "width": 640,
  "height": 360,
  "fps": 30,
  "frame_pattern": "frame_%06d.png",
  "sections": [
    {
      "id": "matmul",
      "title": "Say \"hi\"\u000Aback\\slash\u0009tab",
      "directory": "matmul",
      "from": 0,
      "to": 2.5,
      "frame_count": 75,
      "beats": [
        {
          "label": "start",
          "time": 0,
          "frame": 0
        },
        {
          "label": "third",
          "time": 0.333333,
          "frame": 10
        }
      ]
    },
    {
      "id": "empty",
      "title": "Empty",
      "directory": "empty",
      "from": 1.25,
      "to": 1000000,
      "frame_count": 0,
      "beats": []
    }
  ]
}
)";
  CHECK(manifestToJson(manifest) == expected);
}

TEST_CASE("export: manifest with no sections") {
  CHECK(manifestToJson(Manifest{}) == R"({
  "width": 1920,
  "height": 1080,
  "fps": 60,
  "frame_pattern": "frame_%06d.png",
  "sections": []
}
)");
}

}  // namespace tfviz
