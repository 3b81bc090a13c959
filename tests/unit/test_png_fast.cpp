// Unit tests for the fast PNG encoder (src/export/png_fast): chunk layout, round trips through
// stb_image for gray, RGB and RGBA, determinism, levels, and rejected inputs.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <libdeflate.h>
// stb/ prefix: the unit-test target does not get libstb's -I/usr/include/stb (tfviz_export links it
// privately); the implementation comes from libstb.
#include <stb/stb_image.h>

#include "export/image.hpp"
#include "export/png_fast.hpp"

namespace tfviz {
namespace {

// A scene-like test image: flat bands with a noisy, text-like block, so that both long runs and
// literals are compressed.
Image makeFastImage(int width, int height, int channels) {
  Image image;
  image.width = width;
  image.height = height;
  image.channels = channels;
  image.pixels.resize(static_cast<size_t>(width) * height * channels);
  uint32_t state = 12345;
  for (int y = 0; y < height; ++y) {
    uint8_t* row = image.row(y);
    for (int x = 0; x < width; ++x) {
      const bool noisy = x > width / 3 && x < 2 * width / 3 && y > height / 4;
      for (int c = 0; c < channels; ++c) {
        state = state * 1664525u + 1013904223u;
        const uint8_t flat = static_cast<uint8_t>((y / 8) * 40 + c * 70);
        row[x * channels + c] = noisy ? static_cast<uint8_t>(state >> 24) : flat;
      }
    }
  }
  return image;
}

// Decodes with stb_image at the PNG's own channel count; empty on failure.
Image decode(const std::vector<uint8_t>& png) {
  int width = 0, height = 0, channels = 0;
  stbi_uc* data = stbi_load_from_memory(png.data(), static_cast<int>(png.size()), &width, &height,
                                        &channels, 0);
  Image image;
  if (data == nullptr) return image;
  image.width = width;
  image.height = height;
  image.channels = channels;
  image.pixels.assign(data, data + static_cast<size_t>(width) * height * channels);
  stbi_image_free(data);
  return image;
}

uint32_t readBigEndian32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

struct Chunk {
  std::string type;
  std::vector<uint8_t> data;
  bool crcOk = false;
};

// Splits a PNG after its signature into chunks; stops at malformed data.
std::vector<Chunk> chunks(const std::vector<uint8_t>& png) {
  std::vector<Chunk> result;
  size_t pos = 8;
  while (pos + 12 <= png.size()) {
    const size_t length = readBigEndian32(png.data() + pos);
    if (pos + 12 + length > png.size()) break;
    Chunk chunk;
    chunk.type.assign(reinterpret_cast<const char*>(png.data() + pos + 4), 4);
    chunk.data.assign(png.begin() + static_cast<std::ptrdiff_t>(pos + 8),
                      png.begin() + static_cast<std::ptrdiff_t>(pos + 8 + length));
    const uint32_t crc = readBigEndian32(png.data() + pos + 8 + length);
    chunk.crcOk = crc == libdeflate_crc32(0, png.data() + pos + 4, 4 + length);
    result.push_back(std::move(chunk));
    pos += 12 + length;
  }
  return result;
}

void checkRoundTrip(const Image& image, int level) {
  const std::vector<uint8_t> png = encodePngFast(image, level);
  REQUIRE_FALSE(png.empty());
  const Image decoded = decode(png);
  REQUIRE_FALSE(decoded.empty());
  CHECK(decoded.width == image.width);
  CHECK(decoded.height == image.height);
  CHECK(decoded.channels == image.channels);
  CHECK(decoded.pixels == image.pixels);
}

}  // namespace

TEST_CASE("encodePngFast writes signature, IHDR, one IDAT and IEND with valid CRCs") {
  const Image image = makeFastImage(37, 11, 3);
  const std::vector<uint8_t> png = encodePngFast(image);
  REQUIRE(png.size() > 8);
  const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  CHECK(std::memcmp(png.data(), signature, 8) == 0);

  const std::vector<Chunk> parts = chunks(png);
  REQUIRE(parts.size() == 3);
  CHECK(parts[0].type == "IHDR");
  CHECK(parts[1].type == "IDAT");
  CHECK(parts[2].type == "IEND");
  for (const Chunk& chunk : parts) CHECK(chunk.crcOk);
  CHECK(parts[2].data.empty());

  const std::vector<uint8_t>& ihdr = parts[0].data;
  REQUIRE(ihdr.size() == 13);
  CHECK(readBigEndian32(ihdr.data()) == 37);
  CHECK(readBigEndian32(ihdr.data() + 4) == 11);
  CHECK(ihdr[8] == 8);   // bit depth
  CHECK(ihdr[9] == 2);   // RGB
  CHECK(ihdr[10] == 0);  // deflate
  CHECK(ihdr[11] == 0);  // adaptive filtering
  CHECK(ihdr[12] == 0);  // no interlace

  // The zlib stream inflates to every row behind filter byte 0.
  libdeflate_decompressor* decompressor = libdeflate_alloc_decompressor();
  REQUIRE(decompressor != nullptr);
  const size_t rowBytes = 1 + 37 * 3;
  std::vector<uint8_t> raw(rowBytes * 11);
  size_t actual = 0;
  const libdeflate_result result = libdeflate_zlib_decompress(
      decompressor, parts[1].data.data(), parts[1].data.size(), raw.data(), raw.size(), &actual);
  libdeflate_free_decompressor(decompressor);
  REQUIRE(result == LIBDEFLATE_SUCCESS);
  REQUIRE(actual == raw.size());
  for (int y = 0; y < 11; ++y) {
    CHECK(raw[y * rowBytes] == 0);
    CHECK(std::memcmp(raw.data() + y * rowBytes + 1, image.row(y), rowBytes - 1) == 0);
  }
}

TEST_CASE("encodePngFast round-trips gray, RGB and RGBA through stb_image") {
  for (int channels : {1, 3, 4}) {
    CAPTURE(channels);
    const Image image = makeFastImage(64, 48, channels);
    checkRoundTrip(image, 1);
    const std::vector<uint8_t> png = encodePngFast(image);
    const std::vector<Chunk> parts = chunks(png);
    REQUIRE_FALSE(parts.empty());
    CHECK(parts[0].data[9] == (channels == 1 ? 0 : channels == 3 ? 2 : 6));
  }
}

TEST_CASE("encodePngFast is deterministic") {
  const Image image = makeFastImage(200, 120, 4);
  const std::vector<uint8_t> first = encodePngFast(image, 1);
  const std::vector<uint8_t> second = encodePngFast(image, 1);
  CHECK_FALSE(first.empty());
  CHECK(first == second);
  CHECK(encodePngFast(image, 9) == encodePngFast(image, 9));
}

TEST_CASE("encodePngFast gives the same bytes from several threads at once") {
  const Image image = makeFastImage(320, 180, 3);
  const std::vector<uint8_t> expected = encodePngFast(image, 1);
  REQUIRE_FALSE(expected.empty());
  constexpr int kThreads = 4;
  std::vector<std::vector<uint8_t>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&image, &results, t] {
      for (int i = 0; i < 8; ++i) results[t] = encodePngFast(image, 1 + (i % 2) * 8);
    });
  }
  for (std::thread& thread : threads) thread.join();
  const std::vector<uint8_t> expected9 = encodePngFast(image, 9);
  for (const std::vector<uint8_t>& result : results) CHECK(result == expected9);
}

TEST_CASE("encodePngFast levels 1 and 9 both decode, and out-of-range levels are clamped") {
  const Image image = makeFastImage(160, 90, 3);
  checkRoundTrip(image, 1);
  checkRoundTrip(image, 9);
  checkRoundTrip(image, 12);
  CHECK(encodePngFast(image, 0) == encodePngFast(image, 1));
  CHECK(encodePngFast(image, 99) == encodePngFast(image, 12));
}

TEST_CASE("encodePngFast encodes a 1x1 image") {
  for (int channels : {1, 3, 4}) {
    CAPTURE(channels);
    Image image;
    image.width = 1;
    image.height = 1;
    image.channels = channels;
    image.pixels = {200, 100, 50, 25};
    image.pixels.resize(static_cast<size_t>(channels));
    checkRoundTrip(image, 1);
  }
}

TEST_CASE("encodePngFast rejects 2 channels, empty images and mismatched pixel buffers") {
  CHECK(encodePngFast(makeFastImage(8, 8, 2)).empty());
  CHECK(encodePngFast(Image{}).empty());

  Image noPixels;
  noPixels.width = 4;
  noPixels.height = 4;
  noPixels.channels = 3;
  CHECK(encodePngFast(noPixels).empty());

  Image zeroWidth = makeFastImage(4, 4, 3);
  zeroWidth.width = 0;
  CHECK(encodePngFast(zeroWidth).empty());

  Image tooFew = makeFastImage(4, 4, 3);
  tooFew.pixels.pop_back();
  CHECK(encodePngFast(tooFew).empty());

  Image fiveChannels = makeFastImage(4, 4, 4);
  fiveChannels.channels = 5;
  CHECK(encodePngFast(fiveChannels).empty());
}

}  // namespace tfviz
