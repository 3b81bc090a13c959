// PNG strips (see png_strips.hpp): zlib for deflate (its sync flush ends a strip on a byte
// boundary, which libdeflate cannot do), libdeflate for the checksums (SIMD, several times faster
// than zlib's). Compressors and scratch buffers are kept per thread.
#include "export/png_strips.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include <libdeflate.h>
#include <zlib.h>

namespace tfviz {
namespace {

constexpr uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
constexpr size_t kChunkOverhead = 12;  // length, type, CRC
constexpr size_t kMaxChunkLength = 0x7FFFFFFF;

void putBigEndian32(uint8_t* out, uint32_t value) {
  out[0] = static_cast<uint8_t>(value >> 24);
  out[1] = static_cast<uint8_t>(value >> 16);
  out[2] = static_cast<uint8_t>(value >> 8);
  out[3] = static_cast<uint8_t>(value);
}

// Writes a chunk around `size` bytes of data already at out + 8: length, type, then the CRC.
void sealChunk(uint8_t* out, const char (&type)[5], size_t size) {
  putBigEndian32(out, static_cast<uint32_t>(size));
  std::memcpy(out + 4, type, 4);
  putBigEndian32(out + 8 + size, libdeflate_crc32(0, out + 4, 4 + size));
}

void appendChunk(std::vector<uint8_t>& out, const char (&type)[5], const uint8_t* data,
                 size_t size) {
  const size_t start = out.size();
  out.resize(start + kChunkOverhead + size);
  if (size > 0) std::memcpy(out.data() + start + 8, data, size);
  sealChunk(out.data() + start, type, size);
}

uint8_t colorType(int channels) {
  switch (channels) {
    case 1:
      return 0;  // grayscale
    case 3:
      return 2;  // truecolor
    default:
      return 6;  // truecolor with alpha
  }
}

// A raw-deflate zlib stream per level, reset for every strip, and the filtered rows' buffer.
struct ThreadState {
  struct Stream {
    z_stream z{};
    bool ready = false;
    ~Stream() {
      if (ready) deflateEnd(&z);
    }
  };
  std::array<Stream, 10> streams;
  std::vector<uint8_t> filtered;
};

ThreadState& threadState() {
  thread_local ThreadState state;
  return state;
}

z_stream* streamFor(ThreadState& state, int level) {
  ThreadState::Stream& s = state.streams[static_cast<size_t>(level)];
  if (!s.ready) {
    // windowBits -15: raw deflate, no zlib header or trailer (assemblePng writes those once).
    if (deflateInit2(&s.z, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return nullptr;
    s.ready = true;
  } else if (deflateReset(&s.z) != Z_OK) {
    return nullptr;
  }
  return &s.z;
}

}  // namespace

PngStripPtr compressPngStrip(const uint8_t* pixels, int width, int rows, int channels,
                             bool dropAlpha, int level) {
  dropAlpha = dropAlpha && channels == 4;
  const int outChannels = dropAlpha ? 3 : channels;
  const size_t sourceRowBytes = static_cast<size_t>(width) * static_cast<size_t>(channels);
  const size_t rowBytes = static_cast<size_t>(width) * static_cast<size_t>(outChannels);
  const size_t filteredRowBytes = 1 + rowBytes;
  const size_t rawSize = filteredRowBytes * static_cast<size_t>(rows);

  ThreadState& state = threadState();
  if (state.filtered.size() < rawSize) state.filtered.resize(rawSize);
  uint8_t* filtered = state.filtered.data();
  for (int y = 0; y < rows; ++y) {
    uint8_t* row = filtered + static_cast<size_t>(y) * filteredRowBytes;
    row[0] = 0;  // filter None
    const uint8_t* in = pixels + static_cast<size_t>(y) * sourceRowBytes;
    if (!dropAlpha) {
      std::memcpy(row + 1, in, rowBytes);
      continue;
    }
    uint8_t* out = row + 1;  // RGBA to RGB while building the row: no separate pass
    for (int x = 0; x < width; ++x, in += 4, out += 3) {
      out[0] = in[0];
      out[1] = in[1];
      out[2] = in[2];
    }
  }

  z_stream* z = streamFor(state, std::clamp(level, 1, 9));
  if (z == nullptr) return nullptr;
  auto strip = std::make_shared<PngStrip>();
  strip->rawSize = rawSize;
  strip->adler = libdeflate_adler32(1, filtered, rawSize);
  // deflateBound covers a zlib wrapper and Z_FINISH; a sync flush adds at most an empty stored
  // block (5 bytes) plus a partial byte, so the margin is generous.
  const size_t bound = deflateBound(z, static_cast<uLong>(rawSize)) + 64;
  strip->chunk.resize(kChunkOverhead + bound);
  z->next_in = filtered;
  z->avail_in = static_cast<uInt>(rawSize);
  z->next_out = strip->chunk.data() + 8;
  z->avail_out = static_cast<uInt>(bound);
  // One call: the output space is enough for everything, so the flush completes.
  if (deflate(z, Z_SYNC_FLUSH) != Z_OK || z->avail_in != 0 || z->avail_out == 0) return nullptr;
  const size_t size = bound - z->avail_out;
  if (size > kMaxChunkLength) return nullptr;
  strip->chunk.resize(kChunkOverhead + size);
  strip->chunk.shrink_to_fit();
  sealChunk(strip->chunk.data(), "IDAT", size);
  return strip;
}

std::vector<uint8_t> assemblePng(int width, int height, int channels,
                                 const std::vector<PngStripPtr>& strips) {
  if (width <= 0 || height <= 0 || static_cast<int>(strips.size()) != pngStripCount(height)) {
    return {};
  }
  const size_t filteredRowBytes = 1 + static_cast<size_t>(width) * static_cast<size_t>(channels);
  size_t total = sizeof(kSignature) + 4 * kChunkOverhead + 13 + 2 + 6;
  uint32_t adler = 1;
  for (size_t i = 0; i < strips.size(); ++i) {
    const PngStrip* s = strips[i].get();
    const int rows = std::min(kPngStripRows, height - static_cast<int>(i) * kPngStripRows);
    if (s == nullptr || s->rawSize != filteredRowBytes * static_cast<size_t>(rows)) return {};
    total += s->chunk.size();
    adler =
        static_cast<uint32_t>(adler32_combine(adler, s->adler, static_cast<z_off_t>(s->rawSize)));
  }

  std::vector<uint8_t> out;
  out.reserve(total);
  out.insert(out.end(), std::begin(kSignature), std::end(kSignature));
  uint8_t ihdr[13];
  putBigEndian32(ihdr, static_cast<uint32_t>(width));
  putBigEndian32(ihdr + 4, static_cast<uint32_t>(height));
  ihdr[8] = 8;                    // bit depth
  ihdr[9] = colorType(channels);  // colour type
  ihdr[10] = 0;                   // compression: deflate
  ihdr[11] = 0;                   // filter method: adaptive (every row uses None)
  ihdr[12] = 0;                   // interlace: none
  appendChunk(out, "IHDR", ihdr, sizeof(ihdr));
  // The zlib header: deflate, 32 KB window, fastest; 0x7801 is a multiple of 31 as required.
  const uint8_t header[2] = {0x78, 0x01};
  appendChunk(out, "IDAT", header, sizeof(header));
  for (const PngStripPtr& s : strips) out.insert(out.end(), s->chunk.begin(), s->chunk.end());
  // The end: an empty final block (fixed Huffman, end-of-block code), then the Adler-32.
  uint8_t tail[6] = {0x03, 0x00};
  putBigEndian32(tail + 2, adler);
  appendChunk(out, "IDAT", tail, sizeof(tail));
  appendChunk(out, "IEND", nullptr, 0);
  return out;
}

std::vector<uint8_t> encodePngStrips(const Image& image, int level, bool dropAlpha) {
  const int channels = image.channels;
  if (image.width <= 0 || image.height <= 0 || image.empty()) return {};
  if (channels != 1 && channels != 3 && channels != 4) return {};
  const size_t rowBytes = static_cast<size_t>(image.width) * static_cast<size_t>(channels);
  if (image.pixels.size() != rowBytes * static_cast<size_t>(image.height)) return {};
  std::vector<PngStripPtr> strips;
  for (int top = 0; top < image.height; top += kPngStripRows) {
    const int rows = std::min(kPngStripRows, image.height - top);
    strips.push_back(
        compressPngStrip(image.row(top), image.width, rows, channels, dropAlpha, level));
    if (!strips.back()) return {};
  }
  return assemblePng(image.width, image.height, dropAlpha && channels == 4 ? 3 : channels, strips);
}

}  // namespace tfviz
