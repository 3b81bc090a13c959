// Shared by the unit tests: one baked font atlas per test process.
#pragma once

#include "render/font_atlas.hpp"

namespace tfviz::test {

inline const FontAtlas& atlas() {
  static const FontAtlas a = FontAtlas::bake();
  return a;
}

}  // namespace tfviz::test
