// The DejaVu TrueType files (Sans, Sans Mono, Math TeX Gyre) embedded by fonts_embedded.S
// (configured from fonts_embedded.S.in), exposed as byte spans.
#include "render/font_atlas.hpp"

#include <cstdint>
#include <span>

extern "C" {
extern const uint8_t tfviz_font_sans_begin[];
extern const uint8_t tfviz_font_sans_end[];
extern const uint8_t tfviz_font_mono_begin[];
extern const uint8_t tfviz_font_mono_end[];
extern const uint8_t tfviz_font_math_begin[];
extern const uint8_t tfviz_font_math_end[];
}

namespace tfviz {

namespace {

std::span<const uint8_t> between(const uint8_t* begin, const uint8_t* end) {
  // The two symbols delimit one blob but are distinct objects to C++: subtract addresses.
  const auto size = reinterpret_cast<uintptr_t>(end) - reinterpret_cast<uintptr_t>(begin);
  return {begin, static_cast<size_t>(size)};
}

}  // namespace

std::span<const uint8_t> embeddedFontData(FontFace face) {
  switch (face) {
    case FontFace::Sans:
      return between(tfviz_font_sans_begin, tfviz_font_sans_end);
    case FontFace::Mono:
      return between(tfviz_font_mono_begin, tfviz_font_mono_end);
    case FontFace::Math:
      return between(tfviz_font_math_begin, tfviz_font_math_end);
  }
  return {};
}

}  // namespace tfviz
