// Unit tests for the PNG sequence reader (src/export/png_sequence_reader): strips decoded only
// where their chunks changed, hard links skipped, foreign PNGs decoded whole, strip-like files
// that are not in strip layout detected, one-line errors that leave the image as it was, and a
// long random sequence checked against stb_image after every frame.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <libdeflate.h>
#include <zlib.h>

#include "core/image.hpp"
#include "export/png_sequence_reader.hpp"
#include "export/png_strips.hpp"
#include "export/png_writer.hpp"
#include "test_support.hpp"

namespace tfviz {
namespace {

using Path = PngSequenceReader::Path;

// Flat bands with a noisy block: compressible, with literals.
Image makeFrame(int width, int height, int channels, uint32_t seed) {
  return test::stripTestImage(width, height, channels, seed);
}

std::vector<uint8_t> fileBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::filesystem::path writeBytes(const std::filesystem::path& path,
                                 const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  return path;
}

std::filesystem::path writeStrips(const std::filesystem::path& path, const Image& image) {
  const std::vector<uint8_t> png = encodePngStrips(image);
  REQUIRE_FALSE(png.empty());
  return writeBytes(path, png);
}

uint32_t bigEndian32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

void putBigEndian32(uint8_t* p, uint32_t value) {
  p[0] = static_cast<uint8_t>(value >> 24);
  p[1] = static_cast<uint8_t>(value >> 16);
  p[2] = static_cast<uint8_t>(value >> 8);
  p[3] = static_cast<uint8_t>(value);
}

// Byte offsets of a PNG's chunks (of their length fields).
std::vector<size_t> chunkOffsets(const std::vector<uint8_t>& png) {
  std::vector<size_t> offsets;
  for (size_t pos = 8; pos + 12 <= png.size(); pos += 12 + bigEndian32(png.data() + pos)) {
    offsets.push_back(pos);
  }
  return offsets;
}

// Rewrites the CRC of the chunk at `offset` after its data was edited.
void resealChunk(std::vector<uint8_t>& png, size_t offset) {
  const uint32_t length = bigEndian32(png.data() + offset);
  putBigEndian32(png.data() + offset + 8 + length,
                 libdeflate_crc32(0, png.data() + offset + 4, 4 + size_t{length}));
}

// What stb_image makes of the file: the reference for every decode.
Image stbDecode(const std::filesystem::path& path) {
  std::optional<Image> image = readPng(path);
  REQUIRE(image.has_value());
  return *image;
}

bool oneLine(const std::string& message) {
  return message.find('\n') == std::string::npos;
}

}  // namespace

TEST_CASE("png sequence reader: only the strips of the changed rows are decoded, RGB and RGBA") {
  for (int channels : {3, 4, 1}) {
    CAPTURE(channels);
    test::TempDir dir;
    const Image first = makeFrame(100, 100, channels, 7);  // 7 strips, the last of 4 rows
    Image second = first;
    for (int y = 40; y <= 50; ++y) {
      for (int x = 10; x < 20; ++x) second.row(y)[x * channels] ^= 0x33;
    }
    const auto a = writeStrips(dir.path() / "frame_000000.png", first);
    const auto b = writeStrips(dir.path() / "frame_000001.png", second);

    PngSequenceReader reader;
    CHECK(reader.lastPath() == Path::kNone);
    CHECK(reader.image().empty());
    REQUIRE_FALSE(reader.read(a).has_value());
    CHECK(reader.lastPath() == Path::kStrips);
    CHECK(reader.stripsDecoded() == 7);
    CHECK(reader.changedTop() == 0);
    CHECK(reader.changedBottom() == 100);
    CHECK(reader.image().channels == 4);
    CHECK(reader.image().pixels == convertChannels(first, 4).pixels);
    CHECK(reader.image().pixels == stbDecode(a).pixels);

    REQUIRE_FALSE(reader.read(b).has_value());
    CHECK(reader.lastPath() == Path::kStrips);
    CHECK(reader.stripsDecoded() == 2);  // rows 40..50: strips 2 and 3
    CHECK(reader.changedTop() == 32);
    CHECK(reader.changedBottom() == 64);
    CHECK(reader.changed());
    CHECK(reader.image().pixels == convertChannels(second, 4).pixels);

    // Back to the first frame: the same two strips again.
    REQUIRE_FALSE(reader.read(a).has_value());
    CHECK(reader.changedTop() == 32);
    CHECK(reader.changedBottom() == 64);
    CHECK(reader.image().pixels == convertChannels(first, 4).pixels);

    // A change in the last, short strip ends the range at the last row.
    Image third = first;
    third.row(99)[0] ^= 1;
    const auto c = writeStrips(dir.path() / "frame_000002.png", third);
    REQUIRE_FALSE(reader.read(c).has_value());
    CHECK(reader.changedTop() == 96);
    CHECK(reader.changedBottom() == 100);
    CHECK(reader.stripsDecoded() == 1);
    CHECK(reader.image().pixels == convertChannels(third, 4).pixels);
  }
}

TEST_CASE("png sequence reader: a hard link or a byte-identical copy changes nothing") {
  test::TempDir dir;
  const Image image = makeFrame(64, 40, 4, 3);
  const auto a = writeStrips(dir.path() / "a.png", image);
  const auto link = dir.path() / "link.png";
  std::filesystem::create_hard_link(a, link);
  const auto copy = writeStrips(dir.path() / "copy.png", image);

  PngSequenceReader reader;
  REQUIRE_FALSE(reader.read(a).has_value());
  REQUIRE_FALSE(reader.read(link).has_value());
  CHECK(reader.lastPath() == Path::kSameFile);
  CHECK(reader.changedTop() == reader.changedBottom());
  CHECK_FALSE(reader.changed());
  CHECK(reader.image().pixels == image.pixels);

  REQUIRE_FALSE(reader.read(copy).has_value());  // another inode, the same chunks
  CHECK(reader.lastPath() == Path::kStrips);
  CHECK(reader.stripsDecoded() == 0);
  CHECK_FALSE(reader.changed());
  CHECK(reader.image().pixels == image.pixels);
}

TEST_CASE("png sequence reader: a foreign PNG is decoded whole, then strips start over") {
  test::TempDir dir;
  for (int channels : {3, 4}) {
    CAPTURE(channels);
    const Image foreign = makeFrame(90, 50, channels, 11);
    std::string error;
    const auto stb = dir.path() / ("stb" + std::to_string(channels) + ".png");
    REQUIRE(writePngAtomic(stb, foreign, &error));
    const Image strips = makeFrame(90, 50, channels, 12);
    const auto ours =
        writeStrips(dir.path() / ("ours" + std::to_string(channels) + ".png"), strips);

    PngSequenceReader reader;
    REQUIRE_FALSE(reader.read(stb).has_value());
    CHECK(reader.lastPath() == Path::kWhole);
    CHECK(reader.changedTop() == 0);
    CHECK(reader.changedBottom() == 50);
    CHECK(reader.image().pixels == convertChannels(foreign, 4).pixels);

    // After a whole decode every strip is decoded and the whole frame is changed.
    REQUIRE_FALSE(reader.read(ours).has_value());
    CHECK(reader.lastPath() == Path::kStrips);
    CHECK(reader.stripsDecoded() == 4);
    CHECK(reader.changedTop() == 0);
    CHECK(reader.changedBottom() == 50);
    CHECK(reader.image().pixels == convertChannels(strips, 4).pixels);

    REQUIRE_FALSE(reader.read(stb).has_value());
    CHECK(reader.lastPath() == Path::kWhole);
    CHECK(reader.image().pixels == convertChannels(foreign, 4).pixels);
  }
}

TEST_CASE("png sequence reader: strip-like files that are not in strip layout are decoded whole") {
  test::TempDir dir;
  const int width = 40;
  const int height = 32;
  const Image image = makeFrame(width, height, 3, 5);
  const auto plain = writeStrips(dir.path() / "plain.png", image);
  const size_t rowBytes = 1 + width * 3;

  // Strip 1 deflated from rows with filter 1 (Sub): same chunk count and sizes, other filter.
  std::vector<uint8_t> filtered(rowBytes * 16);
  for (int y = 0; y < 16; ++y) {
    uint8_t* out = filtered.data() + y * rowBytes;
    const uint8_t* in = image.row(16 + y);
    out[0] = 1;
    for (int x = 0; x < width * 3; ++x) {
      out[1 + x] = static_cast<uint8_t>(in[x] - (x >= 3 ? in[x - 3] : 0));
    }
  }
  auto deflateStrip = [&](int flush) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::vector<uint8_t> out(deflateBound(&z, filtered.size()) + 64);
    z.next_in = filtered.data();
    z.avail_in = static_cast<uInt>(filtered.size());
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, flush);
    out.resize(out.size() - z.avail_out);
    deflateEnd(&z);
    auto strip = std::make_shared<PngStrip>();
    strip->rawSize = filtered.size();
    strip->adler = libdeflate_adler32(1, filtered.data(), filtered.size());
    strip->chunk.resize(12 + out.size());
    putBigEndian32(strip->chunk.data(), static_cast<uint32_t>(out.size()));
    std::memcpy(strip->chunk.data() + 4, "IDAT", 4);
    std::memcpy(strip->chunk.data() + 8, out.data(), out.size());
    putBigEndian32(strip->chunk.data() + 8 + out.size(),
                   libdeflate_crc32(0, strip->chunk.data() + 4, 4 + out.size()));
    return PngStripPtr(strip);
  };
  const PngStripPtr strip0 = compressPngStrip(image.row(0), width, 16, 3, false, 1);
  REQUIRE(strip0);
  const auto sub = writeBytes(dir.path() / "sub.png",
                              assemblePng(width, height, 3, {strip0, deflateStrip(Z_SYNC_FLUSH)}));
  // Strip 1 deflated as a full zlib-less stream ending with a final block (no sync flush): the
  // strip is the end of the stream, which stb still decodes.
  const auto finished = writeBytes(dir.path() / "final.png",
                                   assemblePng(width, height, 3, {strip0, deflateStrip(Z_FINISH)}));

  for (const auto& file : {sub, finished}) {
    CAPTURE(file);
    PngSequenceReader reader;
    REQUIRE_FALSE(reader.read(plain).has_value());
    CHECK(reader.lastPath() == Path::kStrips);
    const std::optional<std::string> error = reader.read(file);
    std::optional<Image> reference = readPng(file);
    if (reference.has_value()) {
      REQUIRE_FALSE(error.has_value());
      CHECK(reader.lastPath() == Path::kWhole);
      CHECK(reader.changedTop() == 0);
      CHECK(reader.changedBottom() == height);
      CHECK(reader.image().pixels == reference->pixels);
    } else {
      REQUIRE(error.has_value());
      CHECK(oneLine(*error));
      CHECK(reader.image().pixels == convertChannels(image, 4).pixels);
    }
  }
  // The filter-Sub file decodes to the same pixels either way.
  CHECK(stbDecode(sub).pixels == convertChannels(image, 4).pixels);
}

TEST_CASE("png sequence reader: errors are one line naming the file, and change nothing") {
  test::TempDir dir;
  const Image first = makeFrame(100, 70, 4, 1);
  const auto good = writeStrips(dir.path() / "good.png", first);
  const std::vector<uint8_t> bytes = fileBytes(good);
  const std::vector<size_t> chunks = chunkOffsets(bytes);
  REQUIRE(chunks.size() == 1 + 1 + 5 + 1 + 1);  // IHDR, zlib header, 5 strips, end, IEND

  PngSequenceReader reader;
  REQUIRE_FALSE(reader.read(good).has_value());
  const Image before = reader.image();

  auto expectError = [&](const std::filesystem::path& file, const std::string& problem) {
    CAPTURE(file);
    const std::optional<std::string> error = reader.read(file);
    REQUIRE(error.has_value());
    CHECK(oneLine(*error));
    CHECK(error->rfind("'" + file.string() + "': ", 0) == 0);
    CHECK_MESSAGE(error->find(problem) != std::string::npos, *error);
    CHECK(reader.image().pixels == before.pixels);
    CHECK(reader.image().width == before.width);
  };

  std::string writeError;
  const auto small = dir.path() / "small.png";
  REQUIRE(writePngAtomic(small, makeFrame(50, 40, 3, 2), &writeError));
  expectError(small, "50x40, expected 100x70 like the first frame");
  expectError(writeStrips(dir.path() / "small_strips.png", makeFrame(100, 69, 4, 2)),
              "100x69, expected 100x70 like the first frame");
  expectError(dir.path() / "missing.png", "cannot open");
  expectError(writeBytes(dir.path() / "text.png", {'h', 'e', 'l', 'l', 'o'}), "not a PNG");
  expectError(writeBytes(dir.path() / "empty.png", {}), "not a PNG");
  expectError(dir.path(), "not a regular file");

  // Cut anywhere: an error, never a crash, the image as it was.
  for (size_t size : {size_t{8}, size_t{20}, size_t{33}, size_t{40}, chunks[3] + 5, chunks[5],
                      bytes.size() - 12, bytes.size() - 1}) {
    CAPTURE(size);
    expectError(writeBytes(dir.path() / "cut.png", {bytes.begin(), bytes.begin() + size}),
                "truncated");
  }

  // A flipped byte in a strip, in IHDR, in a chunk length.
  std::vector<uint8_t> corrupt = bytes;
  corrupt[chunks[4] + 20] ^= 0x10;
  expectError(writeBytes(dir.path() / "corrupt.png", corrupt), "CRC mismatch");
  corrupt = bytes;
  corrupt[chunks[0] + 9] ^= 0x01;
  expectError(writeBytes(dir.path() / "ihdr.png", corrupt), "IHDR is corrupted");
  corrupt = bytes;
  corrupt[chunks[3]] = 0x7F;
  expectError(writeBytes(dir.path() / "length.png", corrupt), "truncated");
  corrupt = bytes;
  corrupt[chunks[3]] = 0xFF;
  expectError(writeBytes(dir.path() / "length2.png", corrupt), "invalid chunk length");

  // The stream's Adler-32 wrong, its chunk's CRC right.
  corrupt = bytes;
  corrupt[chunks[7] + 8 + 3] ^= 0x01;
  resealChunk(corrupt, chunks[7]);
  expectError(writeBytes(dir.path() / "adler.png", corrupt), "Adler-32 mismatch");

  // Sizes beyond the cap are refused before anything is allocated.
  corrupt = bytes;
  putBigEndian32(corrupt.data() + 16, 100000);
  resealChunk(corrupt, chunks[0]);
  PngSequenceReader fresh;
  const std::optional<std::string> huge = fresh.read(writeBytes(dir.path() / "huge.png", corrupt));
  REQUIRE(huge.has_value());
  CHECK(huge->find("100000x70 is larger than supported") != std::string::npos);
  CHECK(fresh.image().empty());

  // A file far larger than its image needs.
  corrupt = bytes;
  std::vector<uint8_t> padding(12 + (2 << 20));
  putBigEndian32(padding.data(), 2 << 20);
  std::memcpy(padding.data() + 4, "zzZz", 4);
  resealChunk(padding, 0);
  corrupt.insert(corrupt.begin() + static_cast<std::ptrdiff_t>(chunks[1]), padding.begin(),
                 padding.end());
  expectError(writeBytes(dir.path() / "padded.png", corrupt), "too large for a 100x70 PNG");

  // After all that the reader still continues the sequence from the good frame.
  Image next = first;
  next.row(69)[3] ^= 0x80;
  REQUIRE_FALSE(reader.read(writeStrips(dir.path() / "next.png", next)).has_value());
  CHECK(reader.changedTop() == 64);
  CHECK(reader.changedBottom() == 70);
  CHECK(reader.image().pixels == next.pixels);
}

TEST_CASE("png sequence reader: every prefix and random byte flips never crash") {
  test::TempDir dir;
  const Image image = makeFrame(33, 35, 3, 9);
  const auto good = writeStrips(dir.path() / "good.png", image);
  const std::vector<uint8_t> bytes = fileBytes(good);
  const Image expected = convertChannels(image, 4);
  for (size_t size = 0; size < bytes.size(); ++size) {
    PngSequenceReader reader;
    REQUIRE_FALSE(reader.read(good).has_value());
    CHECK(reader.read(writeBytes(dir.path() / "cut.png", {bytes.begin(), bytes.begin() + size}))
              .has_value());
    CHECK(reader.image().pixels == expected.pixels);
  }
  // Flips with CRCs fixed up, so that they reach the inflater and the layout checks: either an
  // error or exactly what stb_image decodes.
  std::mt19937 random(42);
  const std::vector<size_t> chunks = chunkOffsets(bytes);
  for (int i = 0; i < 300; ++i) {
    std::vector<uint8_t> mutated = bytes;
    const size_t chunk = chunks[random() % chunks.size()];
    const uint32_t length = bigEndian32(mutated.data() + chunk);
    if (length == 0) continue;
    mutated[chunk + 8 + random() % length] ^= static_cast<uint8_t>(1u << (random() % 8));
    resealChunk(mutated, chunk);
    const auto file = writeBytes(dir.path() / "flip.png", mutated);
    PngSequenceReader reader;
    REQUIRE_FALSE(reader.read(good).has_value());
    const std::optional<std::string> error = reader.read(file);
    if (error.has_value()) {
      CHECK(oneLine(*error));
      CHECK(reader.image().pixels == expected.pixels);
    } else {
      const std::optional<Image> reference = readPng(file);
      REQUIRE(reference.has_value());
      CHECK(reader.image().pixels == reference->pixels);
    }
  }
}

TEST_CASE("png sequence reader: a long sequence of small random changes matches stb_image") {
  for (int channels : {3, 4}) {
    CAPTURE(channels);
    test::TempDir dir;
    const int width = 120;
    const int height = 90;
    std::mt19937 random(static_cast<unsigned>(channels));
    Image source = makeFrame(width, height, channels, 21);
    PngSequenceReader reader;
    Image previous;
    std::filesystem::path previousPath;
    for (int frame = 0; frame < 80; ++frame) {
      CAPTURE(frame);
      int low = height;
      int high = -1;
      const int edits = frame == 0 ? 0 : static_cast<int>(random() % 4);
      for (int e = 0; e < edits; ++e) {
        const int y0 = static_cast<int>(random() % height);
        const int y1 = std::min(height, y0 + 1 + static_cast<int>(random() % 20));
        const int x0 = static_cast<int>(random() % width);
        const int x1 = std::min(width, x0 + 1 + static_cast<int>(random() % 30));
        const uint8_t value = static_cast<uint8_t>(random());
        for (int y = y0; y < y1; ++y) {
          for (int x = x0; x < x1; ++x) {
            for (int c = 0; c < channels; ++c) {
              uint8_t& p = source.row(y)[x * channels + c];
              if (p != value) {
                p = value;
                low = std::min(low, y);
                high = std::max(high, y);
              }
            }
          }
        }
      }
      char name[32];
      std::snprintf(name, sizeof(name), "frame_%06d.png", frame);
      const auto path = dir.path() / name;
      const bool link = frame > 0 && high < 0 && random() % 2 == 0;
      if (link) {
        std::filesystem::create_hard_link(previousPath, path);
      } else {
        writeStrips(path, source);
      }
      REQUIRE_FALSE(reader.read(path).has_value());
      CHECK(reader.image().pixels == stbDecode(path).pixels);
      if (frame == 0) {
        CHECK(reader.changedTop() == 0);
        CHECK(reader.changedBottom() == height);
      } else if (high < 0) {
        CHECK_FALSE(reader.changed());
        CHECK(reader.lastPath() == (link ? Path::kSameFile : Path::kStrips));
      } else {
        // Exactly the strips of the changed rows.
        CHECK(reader.changedTop() == low / kPngStripRows * kPngStripRows);
        CHECK(reader.changedBottom() ==
              std::min(height, (high / kPngStripRows + 1) * kPngStripRows));
      }
      // Outside the range nothing changed.
      if (frame > 0) {
        for (int y = 0; y < height; ++y) {
          if (y >= reader.changedTop() && y < reader.changedBottom()) continue;
          CHECK(std::memcmp(previous.row(y), reader.image().row(y), width * 4) == 0);
        }
      }
      previous = reader.image();
      previousPath = path;
    }
  }
}

TEST_CASE("png sequence reader: narrow and short frames, every channel count") {
  test::TempDir dir;
  for (int width = 1; width <= 9; ++width) {
    for (int channels : {1, 3, 4}) {
      CAPTURE(width);
      CAPTURE(channels);
      const Image image = makeFrame(width, 1 + width * 3, channels, static_cast<uint32_t>(width));
      const auto path = writeStrips(dir.path() / "narrow.png", image);
      PngSequenceReader reader;
      REQUIRE_FALSE(reader.read(path).has_value());
      CHECK(reader.lastPath() == Path::kStrips);
      CHECK(reader.image().pixels == convertChannels(image, 4).pixels);
      CHECK(reader.image().pixels == stbDecode(path).pixels);
    }
  }
}

}  // namespace tfviz
