// Shared state of the GL tests: a headless context, the atlas and the matmul section, made once.
#pragma once

#include <memory>
#include <string>

#include "app/frame_renderer.hpp"
#include "app/headless_context.hpp"
#include "scene/script.hpp"

namespace tfviz::test {

struct GlFixture {
  std::unique_ptr<HeadlessContext> context;
  FontAtlas atlas;
  std::unique_ptr<FrameRenderer> frames;

  static bool init(std::string* error);
  static void shutdown();
  static GlFixture& get();
};

}  // namespace tfviz::test
