// A fast PNG encoder for frame sequences: libdeflate at a low level, filter NONE (fastest and
// smallest on flat fills with antialiased text, as measured), and a minimal chunk writer.
// Deterministic: the same image gives the same bytes. CPU only.
#pragma once

#include <cstdint>
#include <vector>

#include "export/image.hpp"

namespace tfviz {

// 1 (fastest) .. 12. Gray, RGB or RGBA (1, 3 or 4 channels), 8-bit. `dropAlpha` writes an RGBA
// image as an RGB PNG (opaque frames straight from the GL target, without a conversion pass).
std::vector<uint8_t> encodePngFast(const Image& image, int level = 1, bool dropAlpha = false);

}  // namespace tfviz
