// Unit tests for the strip PNG encoder (src/export/png_strips): chunk layout, the zlib stream and
// its checksum, round trips through stb_image for gray, RGB and RGBA, determinism, reused strips,
// levels, and rejected inputs.
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

#include "core/image.hpp"
#include "export/png_strips.hpp"
#include "test_support.hpp"

namespace tfviz {
namespace {

// A scene-like test image: flat bands with a noisy, text-like block, so that both long runs and
// literals are compressed.
Image makeFastImage(int width, int height, int channels) {
  return test::stripTestImage(width, height, channels, 12345);
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
  const std::vector<uint8_t> png = encodePngStrips(image, level);
  REQUIRE_FALSE(png.empty());
  const Image decoded = decode(png);
  REQUIRE_FALSE(decoded.empty());
  CHECK(decoded.width == image.width);
  CHECK(decoded.height == image.height);
  CHECK(decoded.channels == image.channels);
  CHECK(decoded.pixels == image.pixels);
}

}  // namespace

// The zlib stream of a PNG: its IDAT chunks' data, in order.
std::vector<uint8_t> zlibStream(const std::vector<Chunk>& parts) {
  std::vector<uint8_t> stream;
  for (const Chunk& chunk : parts) {
    if (chunk.type == "IDAT") stream.insert(stream.end(), chunk.data.begin(), chunk.data.end());
  }
  return stream;
}

TEST_CASE("encodePngStrips writes signature, IHDR, one IDAT per strip and IEND with valid CRCs") {
  const Image image = makeFastImage(37, 40, 3);  // 16 + 16 + 8 rows: three strips
  const std::vector<uint8_t> png = encodePngStrips(image);
  REQUIRE(png.size() > 8);
  const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  CHECK(std::memcmp(png.data(), signature, 8) == 0);

  const std::vector<Chunk> parts = chunks(png);
  // IHDR, the zlib header, three strips, the end of the stream, IEND.
  REQUIRE(parts.size() == 7);
  CHECK(parts[0].type == "IHDR");
  for (size_t i = 1; i <= 5; ++i) CHECK(parts[i].type == "IDAT");
  CHECK(parts[6].type == "IEND");
  for (const Chunk& chunk : parts) CHECK(chunk.crcOk);
  CHECK(parts[6].data.empty());
  CHECK(parts[1].data == std::vector<uint8_t>{0x78, 0x01});

  const std::vector<uint8_t>& ihdr = parts[0].data;
  REQUIRE(ihdr.size() == 13);
  CHECK(readBigEndian32(ihdr.data()) == 37);
  CHECK(readBigEndian32(ihdr.data() + 4) == 40);
  CHECK(ihdr[8] == 8);   // bit depth
  CHECK(ihdr[9] == 2);   // RGB
  CHECK(ihdr[10] == 0);  // deflate
  CHECK(ihdr[11] == 0);  // adaptive filtering
  CHECK(ihdr[12] == 0);  // no interlace

  // The strips make one zlib stream (libdeflate checks its Adler-32) that inflates to every row
  // behind filter byte 0.
  const std::vector<uint8_t> stream = zlibStream(parts);
  libdeflate_decompressor* decompressor = libdeflate_alloc_decompressor();
  REQUIRE(decompressor != nullptr);
  const size_t rowBytes = 1 + 37 * 3;
  std::vector<uint8_t> raw(rowBytes * 40);
  size_t actual = 0;
  const libdeflate_result result = libdeflate_zlib_decompress(
      decompressor, stream.data(), stream.size(), raw.data(), raw.size(), &actual);
  libdeflate_free_decompressor(decompressor);
  REQUIRE(result == LIBDEFLATE_SUCCESS);
  REQUIRE(actual == raw.size());
  for (int y = 0; y < 40; ++y) {
    CHECK(raw[y * rowBytes] == 0);
    CHECK(std::memcmp(raw.data() + y * rowBytes + 1, image.row(y), rowBytes - 1) == 0);
  }
}

TEST_CASE("png strips: a strip reused from another image gives the bytes of a fresh encode") {
  // Two images that differ only in strip 1: the second's file, assembled from the first's strips
  // 0 and 2 and its own strip 1, equals its own whole encode.
  const Image a = makeFastImage(50, 48, 4);
  Image b = a;
  for (int y = 16; y < 32; ++y) b.row(y)[6] ^= 0x5A;
  auto strip = [](const Image& image, int index) {
    return compressPngStrip(image.row(index * kPngStripRows), image.width, kPngStripRows,
                            image.channels, true, 1);
  };
  const std::vector<PngStripPtr> mixed = {strip(a, 0), strip(b, 1), strip(a, 2)};
  const std::vector<uint8_t> assembled = assemblePng(50, 48, 3, mixed);
  CHECK_FALSE(assembled.empty());
  CHECK(assembled == encodePngStrips(b, 1, true));
  CHECK(assembled != encodePngStrips(a, 1, true));
  // Strips that do not add up to the image are refused.
  CHECK(assemblePng(50, 48, 3, {mixed[0], mixed[1]}).empty());
  CHECK(assemblePng(50, 48, 4, mixed).empty());  // RGB strips, RGBA header
  CHECK(assemblePng(50, 40, 3, mixed).empty());  // the last strip is 16 rows, not 8
  CHECK(assemblePng(50, 48, 3, {mixed[0], nullptr, mixed[2]}).empty());
}

TEST_CASE("encodePngStrips round-trips gray, RGB and RGBA through stb_image") {
  for (int channels : {1, 3, 4}) {
    CAPTURE(channels);
    const Image image = makeFastImage(64, 53, channels);  // a last strip of 5 rows
    checkRoundTrip(image, 1);
    const std::vector<uint8_t> png = encodePngStrips(image);
    const std::vector<Chunk> parts = chunks(png);
    REQUIRE_FALSE(parts.empty());
    CHECK(parts[0].data[9] == (channels == 1 ? 0 : channels == 3 ? 2 : 6));
  }
}

TEST_CASE("encodePngStrips is deterministic") {
  const Image image = makeFastImage(200, 120, 4);
  const std::vector<uint8_t> first = encodePngStrips(image, 1);
  const std::vector<uint8_t> second = encodePngStrips(image, 1);
  CHECK_FALSE(first.empty());
  CHECK(first == second);
  CHECK(encodePngStrips(image, 9) == encodePngStrips(image, 9));
}

TEST_CASE("encodePngStrips gives the same bytes from several threads at once") {
  const Image image = makeFastImage(320, 180, 3);
  const std::vector<uint8_t> expected = encodePngStrips(image, 1);
  REQUIRE_FALSE(expected.empty());
  constexpr int kThreads = 4;
  std::vector<std::vector<uint8_t>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&image, &results, t] {
      for (int i = 0; i < 8; ++i) results[t] = encodePngStrips(image, 1 + (i % 2) * 8);
    });
  }
  for (std::thread& thread : threads) thread.join();
  const std::vector<uint8_t> expected9 = encodePngStrips(image, 9);
  for (const std::vector<uint8_t>& result : results) CHECK(result == expected9);
}

TEST_CASE("encodePngStrips levels 1 and 9 both decode, and out-of-range levels are clamped") {
  const Image image = makeFastImage(160, 90, 3);
  checkRoundTrip(image, 1);
  checkRoundTrip(image, 9);
  CHECK(encodePngStrips(image, 0) == encodePngStrips(image, 1));
  CHECK(encodePngStrips(image, 99) == encodePngStrips(image, 9));
}

TEST_CASE("encodePngStrips encodes a 1x1 image") {
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

TEST_CASE("encodePngStrips rejects 2 channels, empty images and mismatched pixel buffers") {
  CHECK(encodePngStrips(makeFastImage(8, 8, 2)).empty());
  CHECK(encodePngStrips(Image{}).empty());

  Image noPixels;
  noPixels.width = 4;
  noPixels.height = 4;
  noPixels.channels = 3;
  CHECK(encodePngStrips(noPixels).empty());

  Image zeroWidth = makeFastImage(4, 4, 3);
  zeroWidth.width = 0;
  CHECK(encodePngStrips(zeroWidth).empty());

  Image tooFew = makeFastImage(4, 4, 3);
  tooFew.pixels.pop_back();
  CHECK(encodePngStrips(tooFew).empty());

  Image fiveChannels = makeFastImage(4, 4, 4);
  fiveChannels.channels = 5;
  CHECK(encodePngStrips(fiveChannels).empty());
}

}  // namespace tfviz
