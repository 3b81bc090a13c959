// The draw list: quads, batching, and outlines drawn as bands around their edge.
#include <doctest/doctest.h>

#include "render/draw_list.hpp"

using namespace tfviz;

TEST_CASE("draw list: a large outline is four bands that share the rectangle's centre") {
  DrawList list;
  list.reset(1920, 1080, {0, 0, 0, 1});
  list.addRectStroke({{100, 100}, {900, 700}}, {1, 1, 1, 1}, 12, 4);
  CHECK(list.stats().rects == 1);
  REQUIRE(list.vertices().size() == 16);  // four quads
  CHECK(list.commands().size() == 1);
  for (const DrawVertex& v : list.vertices()) {
    // Local coordinates are measured from the whole rectangle's centre (500, 400).
    CHECK(v.uv.x == doctest::Approx(v.pos.x - 500));
    CHECK(v.uv.y == doctest::Approx(v.pos.y - 400));
    CHECK(v.params.x == doctest::Approx(400));
    CHECK(v.params.y == doctest::Approx(300));
    // No band reaches into the empty middle.
    const bool nearEdge =
        v.pos.x < 100 + 14 || v.pos.x > 900 - 14 || v.pos.y < 100 + 14 || v.pos.y > 700 - 14;
    CHECK(nearEdge);
  }
  // A small one stays a single quad.
  list.addRectStroke({{0, 0}, {24, 20}}, {1, 1, 1, 1}, 6, 3);
  CHECK(list.vertices().size() == 20);
  CHECK(list.indices().size() == 30);
}

TEST_CASE("draw list: invisible things add nothing; glyphs and rects batch into one command") {
  DrawList list;
  list.reset(100, 100, {0, 0, 0, 1});
  list.addRect({{0, 0}, {10, 10}}, {1, 1, 1, 0});
  list.addRectStroke({{0, 0}, {10, 10}}, {1, 1, 1, 1}, 2, 0);
  CHECK(list.vertices().empty());
  list.addRect({{0, 0}, {10, 10}}, {1, 0, 0, 1}, 3);
  list.addGlyph({5, 5}, {8, 8}, {0, 0}, {0.1f, 0.1f}, {1, 1, 1, 1});
  list.addSegment({0, 0}, {50, 50}, 3, {0, 1, 0, 1});
  CHECK(list.stats().rects == 2);
  CHECK(list.stats().glyphs == 1);
  REQUIRE(list.commands().size() == 1);
  CHECK(list.commands()[0].indexCount == 18);
}

TEST_CASE("changed area: equal lists change nothing; a moved quad changes its old and new place") {
  DrawList a;
  a.reset(200, 100, {0, 0, 0, 1});
  a.addRect({{10, 10}, {20, 20}}, {1, 0, 0, 1});
  a.addGlyph({100, 40}, {10, 12}, {0, 0}, {0.1f, 0.1f}, {1, 1, 1, 1});
  a.addRect({{150, 70}, {160, 80}}, {0, 1, 0, 1});
  DrawList b = a;
  CHECK(changedArea(a, b).empty());

  b.reset(200, 100, {0, 0, 0, 1});
  b.addRect({{10, 10}, {20, 20}}, {1, 0, 0, 1});
  b.addGlyph({104, 41}, {10, 12}, {0, 0}, {0.1f, 0.1f}, {1, 1, 1, 1});  // moved
  b.addRect({{150, 70}, {160, 80}}, {0, 1, 0, 1});
  const PixelRect r = changedArea(a, b);
  // Both places of the glyph, plus a pixel of margin; the red and green rects are outside.
  CHECK(r.x0 == 99);
  CHECK(r.y0 == 39);
  CHECK(r.x1 == 115);
  CHECK(r.y1 == 54);
}

TEST_CASE("changed area: an added quad, a new colour, a resize and a new background") {
  DrawList a;
  a.reset(200, 100, {0, 0, 0, 1});
  a.addRect({{10, 10}, {20, 20}}, {1, 0, 0, 1});
  a.addRect({{150, 70}, {160, 80}}, {0, 1, 0, 1});

  DrawList inserted;  // a quad between the two: only it changes
  inserted.reset(200, 100, {0, 0, 0, 1});
  inserted.addRect({{10, 10}, {20, 20}}, {1, 0, 0, 1});
  inserted.addRect({{60, 30}, {70, 40}}, {0, 0, 1, 1});
  inserted.addRect({{150, 70}, {160, 80}}, {0, 1, 0, 1});
  PixelRect r = changedArea(a, inserted);
  CHECK(r.x0 == 58);  // the quad is grown by a pixel for antialiasing, then a pixel of margin
  CHECK(r.x1 == 72);
  CHECK(r.y0 == 28);
  CHECK(r.y1 == 42);
  CHECK(changedArea(inserted, a) == r);  // and removing it again

  DrawList recoloured = a;
  recoloured.reset(200, 100, {0, 0, 0, 1});
  recoloured.addRect({{10, 10}, {20, 20}}, {1, 0.5f, 0, 1});
  recoloured.addRect({{150, 70}, {160, 80}}, {0, 1, 0, 1});
  r = changedArea(a, recoloured);
  CHECK(r.x0 == 8);
  CHECK(r.x1 == 22);

  DrawList bigger = a;
  bigger.reset(400, 200, {0, 0, 0, 1});
  CHECK(changedArea(a, bigger) == PixelRect{0, 0, 400, 200});
  DrawList brighter = a;
  brighter.reset(200, 100, {0.1f, 0, 0, 1});
  CHECK(changedArea(a, brighter) == PixelRect{0, 0, 200, 100});
}

TEST_CASE("changed area: clipped to the target; a change wholly outside it changes nothing") {
  DrawList a;
  a.reset(100, 100, {0, 0, 0, 1});
  DrawList b = a;
  b.addRect({{90, -20}, {130, 10}}, {1, 1, 1, 1});
  CHECK(changedArea(a, b) == PixelRect{88, 0, 100, 12});
  DrawList outside = a;
  outside.addRect({{120, 120}, {130, 130}}, {1, 1, 1, 1});
  CHECK(changedArea(a, outside).empty());
}
