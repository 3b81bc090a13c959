// Image channel conversion and comparison for golden tests. CPU only.
#include "core/image.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>

namespace tfviz {
namespace {

bool isValid(const Image& image) {
  return image.width >= 0 && image.height >= 0 && image.channels >= 1 && image.channels <= 4 &&
         image.pixels.size() ==
             static_cast<size_t>(image.width) * static_cast<size_t>(image.height) * image.channels;
}

// Rec. 601 luma in integers; exact for grey (weights sum to 256).
uint8_t luminance(int r, int g, int b) {
  return static_cast<uint8_t>((77 * r + 150 * g + 29 * b + 128) >> 8);
}

// Reads one pixel as RGBA whatever the channel count (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA).
std::array<uint8_t, 4> readRgba(const uint8_t* p, int channels) {
  switch (channels) {
    case 1:
      return {p[0], p[0], p[0], 255};
    case 2:
      return {p[0], p[0], p[0], p[1]};
    case 3:
      return {p[0], p[1], p[2], 255};
    default:
      return {p[0], p[1], p[2], p[3]};
  }
}

void writeRgba(const std::array<uint8_t, 4>& rgba, uint8_t* p, int channels) {
  switch (channels) {
    case 1:
      p[0] = luminance(rgba[0], rgba[1], rgba[2]);
      break;
    case 2:
      p[0] = luminance(rgba[0], rgba[1], rgba[2]);
      p[1] = rgba[3];
      break;
    case 3:
      std::copy_n(rgba.begin(), 3, p);
      break;
    default:
      std::copy_n(rgba.begin(), 4, p);
      break;
  }
}

}  // namespace

Image convertChannels(const Image& source, int channels) {
  if (!isValid(source) || channels < 1 || channels > 4) return {};
  if (source.channels == channels) return source;
  Image result;
  result.width = source.width;
  result.height = source.height;
  result.channels = channels;
  const size_t count = static_cast<size_t>(source.width) * static_cast<size_t>(source.height);
  result.pixels.resize(count * channels);
  for (size_t i = 0; i < count; ++i) {
    writeRgba(readRgba(&source.pixels[i * source.channels], source.channels),
              &result.pixels[i * channels], channels);
  }
  return result;
}

ImageDiff compareImages(const Image& expected, const Image& actual, int threshold) {
  ImageDiff result;
  const Image a = convertChannels(expected, 4);
  const Image b = convertChannels(actual, 4);
  result.sameSize = isValid(expected) && isValid(actual) && expected.width == actual.width &&
                    expected.height == actual.height;
  if (!result.sameSize) {
    // Nothing to compare pixel by pixel: report everything as different.
    result.maxDelta = 255;
    result.meanDelta = 255;
    result.mismatchRatio = 1;
    return result;
  }

  result.diff.width = a.width;
  result.diff.height = a.height;
  result.diff.channels = 3;
  const size_t count = static_cast<size_t>(a.width) * static_cast<size_t>(a.height);
  result.diff.pixels.resize(count * 3);
  uint64_t deltaSum = 0;
  size_t mismatches = 0;
  for (size_t i = 0; i < count; ++i) {
    const uint8_t* pa = &a.pixels[i * 4];
    const uint8_t* pb = &b.pixels[i * 4];
    int pixelMax = 0;
    for (int c = 0; c < 4; ++c) {
      const int delta = std::abs(static_cast<int>(pa[c]) - static_cast<int>(pb[c]));
      deltaSum += static_cast<uint64_t>(delta);
      pixelMax = std::max(pixelMax, delta);
    }
    result.maxDelta = std::max(result.maxDelta, pixelMax);
    if (pixelMax > threshold) ++mismatches;

    const int grey = luminance(pa[0], pa[1], pa[2]) / 4;
    uint8_t* out = &result.diff.pixels[i * 3];
    out[0] = static_cast<uint8_t>(std::min(255, pixelMax * 8 + grey));
    out[1] = static_cast<uint8_t>(grey);
    out[2] = static_cast<uint8_t>(grey);
  }
  if (count > 0) {
    result.meanDelta = static_cast<double>(deltaSum) / static_cast<double>(count * 4);
    result.mismatchRatio = static_cast<double>(mismatches) / static_cast<double>(count);
  }
  return result;
}

}  // namespace tfviz
