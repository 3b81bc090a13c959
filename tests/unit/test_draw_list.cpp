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
