// Maths markup drawn for real: text items with '$...$' rendered at 1920x1080 on the headless
// context. Every lit pixel must lie inside some item's textBounds (fractions, radicals and
// scripts included). With TFVIZ_MATH_STILL_DIR set, the picture is also written there as
// math_markup.png (also math_markup_720p.png, and math_markup_boxes.png with the bounds
// outlined) to look at.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "export/png_writer.hpp"
#include "gl/gl_fixture.hpp"
#include "render/palette.hpp"
#include "scene/builder.hpp"
#include "scene/script.hpp"

using namespace tfviz;

namespace {

constexpr int kWidth = 1920;
constexpr int kHeight = 1080;

const char* const kStrings[] = {
    "$\\frac{QK^T}{\\sqrt{d_k}}$",
    "$W_q^T$   $x_{i,j}$   $e^{x}$   $\\alpha, \\beta, \\infty$",
    "$\\mathrm{softmax}(x)_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}$",
    "$d_{model} = 512$",
    "$e^{-\\infty} = 0$",
    "attention weights $A = \\mathrm{softmax}(S / \\sqrt{d_k})$",
    "plain text, no maths: W_q.T costs \\$5",
};

SectionScript markupScene(const FontAtlas& atlas, bool outlines) {
  SectionBuilder b("math_markup", "maths markup", atlas);
  float y = 110;
  for (const char* text : kStrings) {
    ItemState s;
    s.pos = {kDesignWidth / 2, y};
    s.opacity = 1;
    const ItemId id = b.add(makeText(text, 48), s);
    const Rect r = b.bounds(id);
    if (outlines) {
      ItemState box;
      box.pos = r.center();
      box.size = r.size();
      box.opacity = 0.5f;
      box.color = {1.0f, 0.5f, 0.2f, 1.0f};
      b.add(makeBox(1, 0), box);
    }
    y += r.size().y + 40;
  }
  b.wait(1);
  return std::move(b).finish();
}

}  // namespace

TEST_CASE("maths markup: every lit pixel lies inside its item's text bounds") {
  test::GlFixture& gl = test::GlFixture::get();
  const SectionScript script = markupScene(gl.atlas, false);
  Image image;
  gl.frames->renderImage(script, 0.5, kWidth, kHeight, image);
  REQUIRE(image.width == kWidth);

  std::vector<Rect> bounds;
  const SceneState state = evaluate(script, 0.5);
  for (size_t i = 0; i < script.items.size(); ++i) {
    bounds.push_back(itemBounds(gl.atlas, script.items[i], state.items[i]).expanded(1.5f));
  }
  const glm::vec4 bg = palette::kBackground;
  int lit = 0, outside = 0;
  for (int y = 0; y < image.height; ++y) {
    const uint8_t* row = image.row(y);
    for (int x = 0; x < image.width; ++x) {
      const uint8_t* p = row + x * image.channels;
      const int delta = std::abs(p[0] - static_cast<int>(bg.r * 255.0f + 0.5f)) +
                        std::abs(p[1] - static_cast<int>(bg.g * 255.0f + 0.5f)) +
                        std::abs(p[2] - static_cast<int>(bg.b * 255.0f + 0.5f));
      if (delta < 48) continue;  // background or the faintest antialiasing
      ++lit;
      const Rect px{{x + 0.5f, y + 0.5f}, {x + 0.5f, y + 0.5f}};
      bool inside = false;
      for (const Rect& r : bounds) inside = inside || r.contains(px);
      if (!inside && ++outside <= 10) MESSAGE("lit pixel outside every item: " << x << "," << y);
    }
  }
  CHECK(lit > 20000);
  CHECK(outside == 0);

  if (const char* dir = std::getenv("TFVIZ_MATH_STILL_DIR")) {
    std::string error;
    const std::filesystem::path out(dir);
    std::filesystem::create_directories(out);
    CHECK_MESSAGE(writePngAtomic(out / "math_markup.png", convertChannels(image, 3), &error),
                  error);
    Image small;
    gl.frames->renderImage(script, 0.5, 1280, 720, small);
    CHECK_MESSAGE(writePngAtomic(out / "math_markup_720p.png", convertChannels(small, 3), &error),
                  error);
    Image boxes;
    gl.frames->renderImage(markupScene(gl.atlas, true), 0.5, kWidth, kHeight, boxes);
    CHECK_MESSAGE(writePngAtomic(out / "math_markup_boxes.png", convertChannels(boxes, 3), &error),
                  error);
  }
}
