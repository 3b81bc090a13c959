// The kit's panels (src/scene/kit/panel.hpp): text wrapped to a width that never breaks inside a
// $...$ maths span or a [...] shape, paragraphs set as a block, a panel that replaces its lines,
// and rows of groups that keep their parts together.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "render/text_layout.hpp"
#include "scene/kit/panel.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

namespace {

float widthOf(const std::string& s, float size = 30) {
  return measureText(test::atlas(), FontFace::Sans, s, size);
}

}  // namespace

TEST_CASE("kit panel: wrapLines keeps lines within the width and every word in order") {
  const std::string text =
      "The skip connection adds the block's input to its output, so the gradient stays smooth "
      "and the original word is kept.";
  const float width = 400;
  const std::vector<std::string> lines = kit::wrapLines(test::atlas(), text, 30, width);
  REQUIRE(lines.size() >= 3);
  std::string rejoined;
  for (const std::string& l : lines) {
    CAPTURE(l);
    CHECK(widthOf(l) <= width);
    CHECK(l.front() != ' ');
    rejoined += (rejoined.empty() ? "" : " ") + l;
  }
  CHECK(rejoined == text);
  // Wide enough: one line.
  CHECK(kit::wrapLines(test::atlas(), text, 30, 5000) == std::vector<std::string>{text});
}

TEST_CASE("kit panel: wrapLines never breaks a maths span or a shape, and honours \\n") {
  const std::string text =
      "Linear maps $[n \\times d_{\\mathrm{model}}]$ to [n × N] words, then $\\mathrm{softmax}(x "
      "+ y)$ per row.\nA new line";
  // Narrow: every space is a chance to break, except inside $...$ and [...].
  const std::vector<std::string> lines = kit::wrapLines(test::atlas(), text, 30, 60);
  for (const std::string& l : lines) {
    CAPTURE(l);
    CHECK(std::count(l.begin(), l.end(), '$') % 2 == 0);
    CHECK(std::count(l.begin(), l.end(), '[') == std::count(l.begin(), l.end(), ']'));
  }
  CHECK(std::find(lines.begin(), lines.end(), "[n × N]") != lines.end());
  CHECK(std::find(lines.begin(), lines.end(), "$\\mathrm{softmax}(x + y)$") != lines.end());
  const std::vector<std::string> wide = kit::wrapLines(test::atlas(), text, 30, 5000);
  REQUIRE(wide.size() == 2);
  CHECK(wide[1] == "A new line");
  CHECK(kit::wrapLines(test::atlas(), "", 30, 100).empty());
}

TEST_CASE("kit panel: paragraphs set lines a line apart, paragraphs further, hidden") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  const std::vector<ItemId> left =
      kit::paragraphs(kit, {{"one\ntwo"}, {"three", palette::kQuery}}, {300, 400}, 1000,
                      {.size = 30, .line = 50, .paragraph = 25});
  REQUIRE(left.size() == 3);
  CHECK(b.state(left[0]).pos == glm::vec2(300, 400));
  CHECK(b.state(left[1]).pos == glm::vec2(300, 450));
  CHECK(b.state(left[2]).pos == glm::vec2(300, 525));
  CHECK(b.state(left[2]).color == palette::kQuery);
  CHECK(b.def(left[1]).text.text == "two");
  CHECK(b.bounds(left[0]).min.x == doctest::Approx(300).epsilon(0.02));  // starts at x
  for (ItemId id : left) CHECK(b.state(id).opacity == 0.0f);
  const std::vector<ItemId> centred =
      kit::paragraphs(kit, {{"centred"}}, {960, 700}, 1000, {.align = Align::Center});
  CHECK(b.bounds(centred[0]).center().x == doctest::Approx(960).epsilon(0.01));
}

TEST_CASE("kit panel: a panel's new lines replace the old ones, which fade first") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  kit::Panel panel(kit, 1200, 500);
  panel.write({{"first text"}}, 400, 1.0);
  const std::vector<ItemId> first = panel.lines();
  const double written = b.now();
  panel.write({{"second text"}, {"more"}}, 420, 1.0);
  const std::vector<ItemId> second = panel.lines();
  const double rewritten = b.now();
  const std::vector<ItemId> kept = panel.release();
  CHECK(panel.lines().empty());
  CHECK(kept == second);
  REQUIRE(first.size() == 1);
  REQUIRE(second.size() == 2);
  CHECK(b.state(second[0]).pos == glm::vec2(1200, 420));
  const SectionScript s = std::move(b).finish();
  CHECK(evaluate(s, written).items[first[0]].opacity == doctest::Approx(1.0f));
  // The old line is gone before the new one starts to show.
  const SceneState between = evaluate(s, written + 0.5);
  CHECK(between.items[first[0]].opacity == doctest::Approx(0.0f));
  CHECK(between.items[second[0]].opacity == doctest::Approx(0.0f));
  const SceneState after = evaluate(s, rewritten);
  CHECK(after.items[first[0]].opacity == 0.0f);
  for (ItemId id : second) CHECK(after.items[id].opacity == doctest::Approx(1.0f));
}

TEST_CASE("kit panel: layOutGroups centres the row and keeps each group's parts together") {
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  // A label above a sign, 60 apart; a second sign; a group shown already (it glides).
  const ItemId top = kit.text("label", 30, {0, -60});
  const ItemId sign = kit.text("×", 50, {0, 0});
  const ItemId other = kit.sign("=");
  const ItemId shown = kit.text("shown", 30, {100, 100});
  b.play(fadeIn(shown), 0.5);
  const double before = b.now();
  CHECK(kit::layOutGroups(kit, {{top, sign}, {other}, {shown}}, 500, 40, 1.0) == 1.0f);
  CHECK(b.now() == doctest::Approx(before + 1.0));  // the visible one glided
  CHECK(b.state(sign).pos.x == doctest::Approx(b.state(top).pos.x));
  CHECK(b.state(sign).pos.y - b.state(top).pos.y == doctest::Approx(60));
  Rect row = b.bounds(top);
  for (ItemId id : {sign, other, shown}) row = row.united(b.bounds(id));
  CHECK(row.center().x == doctest::Approx(960).epsilon(0.01));
  CHECK(b.bounds(top).united(b.bounds(sign)).center().y == doctest::Approx(500));
  CHECK(b.bounds(other).min.x > b.bounds(top).united(b.bounds(sign)).max.x);
  // Too wide for the frame: the row shrinks by fitRow's rule, each group about itself.
  const ItemId wide1 = kit.text(std::string(80, 'm'), 40, {0, 0});
  const ItemId wide2 = kit.text(std::string(80, 'm'), 40, {0, 60});
  const float scale = kit::layOutGroups(kit, {{wide1, wide2}, {other}}, 700, 40, 0.0);
  CHECK(scale < 1.0f);
  CHECK(b.state(wide1).scale == doctest::Approx(scale));
  CHECK(b.state(wide2).pos.y - b.state(wide1).pos.y == doctest::Approx(60 * scale));
  const Rect all = b.bounds(wide1).united(b.bounds(other));
  CHECK(all.size().x <= kit::kMaxRowWidth + 1);
}

TEST_CASE("kit panel: join keeps order; fadeInGroup shows every item together") {
  CHECK(kit::join({{1, 2}, {}, {3}}) == kit::Group{1, 2, 3});
  SectionBuilder b("kit-test", "Kit", test::atlas());
  SectionKit kit(b);
  const ItemId a = kit.text("a", 30, {500, 500}), c = kit.text("c", 30, {600, 500});
  b.play(kit::fadeInGroup({a, c}), 1.0);
  const SectionScript s = std::move(b).finish();
  const SceneState mid = evaluate(s, 0.5);
  CHECK(mid.items[a].opacity == doctest::Approx(mid.items[c].opacity));
  CHECK(mid.items[a].opacity > 0.0f);
  CHECK(mid.items[a].opacity < 1.0f);
  CHECK(evaluate(s, 1.0).items[c].opacity == doctest::Approx(1.0f));
}
