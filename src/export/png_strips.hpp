// PNG encoding in strips, for frame sequences. The image data is cut into strips of
// kPngStripRows rows; each strip is compressed on its own (zlib, raw deflate ended by a sync
// flush, so the strips concatenate into one valid zlib stream) and kept as a complete IDAT chunk
// with its CRC and its Adler-32. A frame that differs from the one before in a few rows reuses
// every other strip's chunk as it is: only the changed strips are compressed again.
//
// The bytes depend only on the pixels: a strip reused from an earlier frame is byte for byte the
// strip a fresh encode would make, so sequences stay reproducible. Rows are filter 0 (None), the
// fastest and smallest choice on flat fills with antialiased text (measured). CPU only.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/image.hpp"

namespace tfviz {

inline constexpr int kPngStripRows = 16;

// The number of strips of an image `height` rows tall.
inline int pngStripCount(int height) {
  return (height + kPngStripRows - 1) / kPngStripRows;
}

struct PngStrip {
  std::vector<uint8_t> chunk;  // a complete IDAT chunk: length, type, compressed data, CRC
  uint32_t adler = 1;          // Adler-32 of the strip's filtered bytes
  size_t rawSize = 0;          // its filtered bytes: rows * (1 + row bytes)
};
using PngStripPtr = std::shared_ptr<const PngStrip>;

// Compresses `rows` rows of `width` pixels starting at `pixels` (tightly packed, 1, 3 or 4
// channels). `dropAlpha` writes RGBA as RGB. `level`: zlib's 1 (fastest) .. 9. Null when the
// compressor fails (out of memory).
PngStripPtr compressPngStrip(const uint8_t* pixels, int width, int rows, int channels,
                             bool dropAlpha, int level);

// The PNG file made of `strips` (strip i holds rows [16 i, 16 i + 16) of a `width` x `height`
// image with `channels` channels in the file). Empty when the strips do not add up to the image.
std::vector<uint8_t> assemblePng(int width, int height, int channels,
                                 const std::vector<PngStripPtr>& strips);

// Every strip of `image`, then the file: the whole encode in one call. Empty for an empty image,
// 2 channels, or pixels that do not match the size.
std::vector<uint8_t> encodePngStrips(const Image& image, int level = 1, bool dropAlpha = false);

}  // namespace tfviz
