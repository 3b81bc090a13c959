// Clicking the scene in the window (app/picking.hpp): the design point under the mouse through
// the letterbox, and the clicked entry remembered for its own section only.
#include <doctest/doctest.h>

#include <cmath>

#include "app/picking.hpp"
#include "scene/provenance.hpp"
#include "scene/sections/registry.hpp"
#include "test_support.hpp"

using namespace tfviz;

TEST_CASE("picking: window coordinates to design space through the letterbox") {
  // 1280x720 window, same framebuffer: a uniform 2/3 scale, no bars.
  glm::vec2 p = designPoint({640, 360}, {1280, 720}, {1280, 720});
  CHECK(p.x == doctest::Approx(960));
  CHECK(p.y == doctest::Approx(540));
  // A HiDPI framebuffer twice the window: the same point.
  p = designPoint({640, 360}, {1280, 720}, {2560, 1440});
  CHECK(p.x == doctest::Approx(960));
  CHECK(p.y == doctest::Approx(540));
  // A square window: bars above and below; its top-left corner of the picture is design (0, 0).
  p = designPoint({0, 218.75f}, {1000, 1000}, {1000, 1000});
  CHECK(std::abs(p.x) < 0.01f);
  CHECK(std::abs(p.y) < 0.01f);
  p = designPoint({1000, 781.25f}, {1000, 1000}, {1000, 1000});
  CHECK(p.x == doctest::Approx(1920));
  CHECK(p.y == doctest::Approx(1080).epsilon(0.01));
}

TEST_CASE("picking: a click on a product entry, kept for its own section only") {
  const SectionScript script = buildTableLookupSection(test::atlas());
  REQUIRE(!script.products.empty());
  const ProductRecord& rec = script.products.front();
  double t = 0;  // the product complete: its last entry's beat
  for (const Beat& b : script.beats) {
    if (b.label.find("(2, 1)") != std::string::npos) t = b.time;
  }
  REQUIRE(t > 0);
  const SceneState state = evaluate(script, t);
  const Rect cell =
      matrixGeometry(script.items[rec.result].matrix, state.items[rec.result]).cell(1, 0);

  Picking picking;
  picking.click(script, 4, t, {5, 5});  // outside every matrix: nothing
  CHECK(picking.at(4) == nullptr);
  CHECK_FALSE(picking.marks(script, 4, t).has_value());

  picking.click(script, 4, t, cell.center());
  const Provenance* p = picking.at(4);
  REQUIRE(p != nullptr);
  CHECK(p->row == 1);
  CHECK(p->col == 0);
  const auto marks = picking.marks(script, 4, t);
  REQUIRE(marks.has_value());
  CHECK(marks->entry.contains(cell));

  // Shown another section, the entry is forgotten, and stays forgotten back in this one.
  CHECK(picking.at(5) == nullptr);
  CHECK(picking.at(4) == nullptr);
  picking.click(script, 4, t, cell.center());
  picking.clear();
  CHECK(picking.at(4) == nullptr);
}
