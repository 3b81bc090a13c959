// Image buffers and comparison (golden tests). CPU only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tfviz {

// Tightly packed 8-bit pixels, row 0 on top (PNG order).
struct Image {
  int width = 0;
  int height = 0;
  int channels = 4;  // 1..4
  std::vector<uint8_t> pixels;

  bool empty() const { return pixels.empty(); }
  uint8_t* row(int y) { return pixels.data() + static_cast<size_t>(y) * width * channels; }
  const uint8_t* row(int y) const {
    return pixels.data() + static_cast<size_t>(y) * width * channels;
  }
};

// Drops or adds channels: RGBA to RGB drops alpha; RGB to RGBA sets alpha to 255.
Image convertChannels(const Image& source, int channels);

struct ImageDiff {
  bool sameSize = false;
  int maxDelta = 0;          // largest per-channel absolute difference
  double meanDelta = 0;      // mean per-channel absolute difference
  double mismatchRatio = 0;  // fraction of pixels with any channel differing by more than threshold
  Image diff;                // RGB visualisation: red where different over dim grey expected
};

// Compares two images channel by channel (both converted to RGBA first). diff: red =
// min(255, 8 * the pixel's largest channel delta), plus the expected image's luminance / 4 in all
// channels for context. Different sizes: sameSize false, maxDelta 255, meanDelta 255,
// mismatchRatio 1, diff empty.
ImageDiff compareImages(const Image& expected, const Image& actual, int threshold);

}  // namespace tfviz
