// Unit tests of the animation timeline: naturalSpan, the SectionBuilder's layout of plays, waits
// and beats, evaluate(script, t) at clip boundaries, purity, matrix cells and beat look-ups.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "core/easing.hpp"
#include "scene/animation.hpp"
#include "scene/builder.hpp"
#include "scene/script.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

namespace {

ItemState visibleAt(glm::vec2 pos) {
  ItemState s;
  s.pos = pos;
  s.opacity = 1;
  return s;
}

std::vector<Clip> clipsFor(const SectionScript& script, ItemId item, Prop prop) {
  std::vector<Clip> out;
  for (const Clip& c : script.clips) {
    if (c.item == item && c.prop == prop) out.push_back(c);
  }
  return out;
}

template <int N>
bool near(const glm::vec<N, float>& a, const glm::vec<N, float>& b, float eps = 1e-3f) {
  for (int i = 0; i < N; ++i) {
    if (std::abs(a[i] - b[i]) > eps) return false;
  }
  return true;
}

template <int N>
std::string str(const glm::vec<N, float>& v) {
  std::ostringstream os;
  os << "(";
  for (int i = 0; i < N; ++i) os << (i ? ", " : "") << v[i];
  os << ")";
  return os.str();
}

#define CHECK_VEC(actual, expected) \
  CHECK_MESSAGE(near(actual, expected), "actual ", str(actual), " expected ", str(expected))

// Exact, field-by-field equality of two scene states (evaluate must be deterministic).
void checkSameState(const SceneState& a, const SceneState& b) {
  CHECK(a.time == b.time);
  REQUIRE(a.items.size() == b.items.size());
  for (size_t i = 0; i < a.items.size(); ++i) {
    CAPTURE(i);
    const ItemState& x = a.items[i];
    const ItemState& y = b.items[i];
    CHECK(x.pos == y.pos);
    CHECK(x.size == y.size);
    CHECK(x.scale == y.scale);
    CHECK(x.opacity == y.opacity);
    CHECK(x.color == y.color);
    CHECK(x.reveal == y.reveal);
    REQUIRE(x.cells.size() == y.cells.size());
    for (size_t c = 0; c < x.cells.size(); ++c) {
      CAPTURE(c);
      CHECK(x.cells[c].opacity == y.cells[c].opacity);
      CHECK(x.cells[c].color == y.cells[c].color);
      CHECK(x.cells[c].highlight == y.cells[c].highlight);
      CHECK(x.cells[c].textA == y.cells[c].textA);
      CHECK(x.cells[c].textB == y.cells[c].textB);
      CHECK(x.cells[c].mix == y.cells[c].mix);
    }
  }
}

Eigen::MatrixXd values2x2() {
  Eigen::MatrixXd m(2, 2);
  m << 1, 2, 3, 4;
  return m;
}

// Beats at 1, 3, 4.5 and an "end" beat added by finish() at 6.
SectionScript beatScript() {
  SectionBuilder b("beats", "Beats", test::atlas());
  const ItemId a = b.add(makeText("a", 40), ItemState{});
  b.wait(1.0);
  b.beat("one", "first note");
  b.play(fadeIn(a), 2.0);
  b.beat("two");
  b.play(moveTo(a, {100, 100}), 1.5);
  b.beat("three");
  b.wait(1.5);
  return std::move(b).finish();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// naturalSpan

TEST_CASE("timeline: naturalSpan of leaves") {
  CHECK(naturalSpan(fadeIn(0)) == doctest::Approx(1.0));
  CHECK(naturalSpan(withDuration(fadeIn(0), 2.5)) == doctest::Approx(2.5));
  CHECK(naturalSpan(pause(3.0)) == doctest::Approx(3.0));
  CHECK(naturalSpan(write(0)) == doctest::Approx(1.0));  // instant opacity + reveal of span 1
  CHECK(naturalSpan(create(0)) == doctest::Approx(1.0));
}

TEST_CASE("timeline: naturalSpan of group, succession and laggedStart") {
  auto leafOf = [](double d) { return withDuration(fadeIn(0), d); };
  CHECK(naturalSpan(group({leafOf(1), leafOf(3), leafOf(2)})) == doctest::Approx(3.0));
  CHECK(naturalSpan(succession({leafOf(1), leafOf(3), leafOf(2)})) == doctest::Approx(6.0));
  CHECK(naturalSpan(laggedStart(0.5, {leafOf(1), leafOf(1), leafOf(1)})) == doctest::Approx(2.0));
  CHECK(naturalSpan(laggedStart(0.0, {leafOf(1), leafOf(1), leafOf(1)})) == doctest::Approx(1.0));
  CHECK(naturalSpan(laggedStart(1.0, {leafOf(1), leafOf(1), leafOf(1)})) == doctest::Approx(3.0));
  CHECK(naturalSpan(laggedStart(0.25, {leafOf(2), leafOf(2)})) == doctest::Approx(2.5));
  // A long first child outlasts the lagged later ones: 0..4, then 2..3.
  CHECK(naturalSpan(laggedStart(0.5, {leafOf(4), leafOf(1)})) == doctest::Approx(4.0));
  // Nesting: a group of span 2, then a lagged pair of span 1.5.
  CHECK(naturalSpan(succession(
            {group({leafOf(1), leafOf(2)}), laggedStart(0.5, {leafOf(1), leafOf(1)})})) ==
        doctest::Approx(3.5));
  CHECK(naturalSpan(group({})) == doctest::Approx(0.0));
  CHECK(naturalSpan(succession({})) == doctest::Approx(0.0));
}

// ---------------------------------------------------------------------------------------------
// SectionBuilder: layout of plays, waits and beats

TEST_CASE("timeline: play(succession) lays children one after another") {
  SectionBuilder b("s", "S", test::atlas());
  const ItemId a = b.add(makeText("a", 40), ItemState{});
  const ItemId c = b.add(makeText("b", 40), ItemState{});
  b.play(succession({fadeIn(a), fadeIn(c)}), 2.0);
  CHECK(b.now() == doctest::Approx(2.0));
  const SectionScript s = std::move(b).finish();
  const auto ca = clipsFor(s, a, Prop::Opacity);
  const auto cb = clipsFor(s, c, Prop::Opacity);
  REQUIRE(ca.size() == 1);
  REQUIRE(cb.size() == 1);
  CHECK(ca[0].t0 == doctest::Approx(0.0));
  CHECK(ca[0].t1 == doctest::Approx(1.0));
  CHECK(cb[0].t0 == doctest::Approx(1.0));
  CHECK(cb[0].t1 == doctest::Approx(2.0));
  CHECK(ca[0].from.x == 0.0f);
  CHECK(ca[0].to.x == 1.0f);
  CHECK(ca[0].ease == Ease::Smooth);  // play()'s default
  CHECK(s.duration == doctest::Approx(2.0));
}

TEST_CASE("timeline: play(laggedStart) offsets each child's start") {
  SectionBuilder b("s", "S", test::atlas());
  const ItemId a = b.add(makeText("a", 40), ItemState{});
  const ItemId c = b.add(makeText("b", 40), ItemState{});
  const ItemId d = b.add(makeText("c", 40), ItemState{});
  b.wait(1.0);
  // Natural span 2 scaled to 4: each child lasts 2 and starts 1 after the previous one.
  b.play(laggedStart(0.5, {fadeIn(a), fadeIn(c), fadeIn(d)}), 4.0);
  CHECK(b.now() == doctest::Approx(5.0));
  const SectionScript s = std::move(b).finish();
  const double t0[] = {1.0, 2.0, 3.0};
  const ItemId ids[] = {a, c, d};
  for (int i = 0; i < 3; ++i) {
    CAPTURE(i);
    const auto clips = clipsFor(s, ids[i], Prop::Opacity);
    REQUIRE(clips.size() == 1);
    CHECK(clips[0].t0 == doctest::Approx(t0[i]));
    CHECK(clips[0].t1 == doctest::Approx(t0[i] + 2.0));
  }
}

TEST_CASE("timeline: play(laggedStart) lags by a fraction of each child's own span") {
  SectionBuilder b("s", "S", test::atlas());
  const ItemId a = b.add(makeText("a", 40), ItemState{});
  const ItemId c = b.add(makeText("b", 40), ItemState{});
  const ItemId d = b.add(makeText("c", 40), ItemState{});
  // Natural: a 0..2, c 1..2, d 1.5..4.5 (span 4.5); scaled by 2 to a run time of 9.
  b.play(laggedStart(0.5, {withDuration(fadeIn(a), 2.0), fadeIn(c), withDuration(fadeIn(d), 3.0)}),
         9.0);
  CHECK(b.now() == doctest::Approx(9.0));
  const SectionScript s = std::move(b).finish();
  const ItemId ids[] = {a, c, d};
  const double t0[] = {0.0, 2.0, 3.0};
  const double t1[] = {4.0, 4.0, 9.0};
  for (int i = 0; i < 3; ++i) {
    CAPTURE(i);
    const auto clips = clipsFor(s, ids[i], Prop::Opacity);
    REQUIRE(clips.size() == 1);
    CHECK(clips[0].t0 == doctest::Approx(t0[i]));
    CHECK(clips[0].t1 == doctest::Approx(t1[i]));
  }
}

TEST_CASE("timeline: play(group) scales every child by the same factor") {
  SectionBuilder b("s", "S", test::atlas());
  const ItemId a = b.add(makeText("a", 40), ItemState{});
  const ItemId c = b.add(makeText("b", 40), ItemState{});
  b.play(group({withDuration(fadeIn(a), 1.0), withDuration(fadeIn(c), 2.0)}),
         PlayOptions{.runTime = 4.0, .ease = Ease::EaseIn});
  b.play(withEase(moveTo(a, {1, 2}), Ease::Linear),
         PlayOptions{.runTime = 1.0, .ease = Ease::EaseOut});
  const SectionScript s = std::move(b).finish();
  const auto ca = clipsFor(s, a, Prop::Opacity);
  const auto cb = clipsFor(s, c, Prop::Opacity);
  REQUIRE(ca.size() == 1);
  REQUIRE(cb.size() == 1);
  CHECK(ca[0].t0 == doctest::Approx(0.0));
  CHECK(ca[0].t1 == doctest::Approx(2.0));
  CHECK(cb[0].t0 == doctest::Approx(0.0));
  CHECK(cb[0].t1 == doctest::Approx(4.0));
  CHECK(ca[0].ease == Ease::EaseIn);  // from PlayOptions
  const auto move = clipsFor(s, a, Prop::Position);
  REQUIRE(move.size() == 1);
  CHECK(move[0].ease == Ease::Linear);  // the leaf's own ease wins over PlayOptions
  CHECK(move[0].t0 == doctest::Approx(4.0));
  CHECK(move[0].t1 == doctest::Approx(5.0));
  CHECK(s.duration == doctest::Approx(5.0));
}

TEST_CASE("timeline: wait advances now() and beats are recorded at now()") {
  SectionBuilder b("s", "S", test::atlas());
  const ItemId a = b.add(makeText("a", 40), ItemState{});
  CHECK(b.now() == 0.0);
  b.wait(1.5);
  CHECK(b.now() == doctest::Approx(1.5));
  b.wait(0.0);
  CHECK(b.now() == doctest::Approx(1.5));
  b.beat("first", "a note");
  b.play(fadeIn(a), 2.0);
  CHECK(b.now() == doctest::Approx(3.5));
  b.beat("second");
  const SectionScript s = std::move(b).finish();
  REQUIRE(s.beats.size() == 2);  // the last beat is at the end: no "end" beat added
  CHECK(s.beats[0].time == doctest::Approx(1.5));
  CHECK(s.beats[0].label == "first");
  CHECK(s.beats[0].note == "a note");
  CHECK(s.beats[1].time == doctest::Approx(3.5));
  CHECK(s.beats[1].label == "second");
  CHECK(s.duration == doctest::Approx(3.5));
  CHECK(s.id == "s");
  CHECK(s.title == "S");
}

TEST_CASE("timeline: finish() adds an end beat when the last beat is earlier") {
  SectionBuilder b("s", "S", test::atlas());
  const ItemId a = b.add(makeText("a", 40), ItemState{});
  b.play(fadeIn(a), 1.0);
  b.beat("shown");
  b.wait(2.0);
  const SectionScript s = std::move(b).finish();
  REQUIRE(s.beats.size() == 2);
  CHECK(s.beats[0].time == doctest::Approx(1.0));
  CHECK(s.beats[1].time == doctest::Approx(3.0));
  CHECK(s.beats[1].label == "end");
  CHECK(s.duration == doctest::Approx(3.0));

  SectionBuilder empty("e", "E", test::atlas());
  empty.wait(2.0);
  const SectionScript e = std::move(empty).finish();
  REQUIRE(e.beats.size() == 1);
  CHECK(e.beats[0].time == doctest::Approx(2.0));
  CHECK(e.beats[0].label == "end");
}

TEST_CASE("timeline: two beats at one instant make one stop") {
  SectionBuilder b("s", "S", test::atlas());
  b.wait(1.0);
  b.beat("first");
  b.beat("second", "kept");
  b.wait(1.0);
  const SectionScript s = std::move(b).finish();
  REQUIRE(s.beats.size() == 2);
  CHECK(s.beats[0].time == doctest::Approx(1.0));
  CHECK(s.beats[0].label == "second");
  CHECK(s.beats[0].note == "kept");
  CHECK(s.beats[1].label == "end");
}

TEST_CASE("timeline: clips are sorted by t0, stable in authoring order") {
  SectionBuilder b("s", "S", test::atlas());
  const ItemId a = b.add(makeText("a", 40), ItemState{});
  const ItemId c = b.add(makeText("b", 40), ItemState{});
  const ItemId d = b.add(makeText("c", 40), ItemState{});
  // Laid out: a 0..1, c 1..2, d 0..2 -> sorted a, d, c. Then two clips at t0 = 2 for a.
  b.play(group({succession({fadeIn(a), fadeIn(c)}), withDuration(fadeIn(d), 2.0)}), 2.0);
  b.play(group({moveTo(a, {1, 1}), scaleTo(a, 2.0f)}), 1.0);
  const SectionScript s = std::move(b).finish();
  REQUIRE(s.clips.size() == 5);
  for (size_t i = 1; i < s.clips.size(); ++i) CHECK(s.clips[i - 1].t0 <= s.clips[i].t0);
  CHECK(s.clips[0].item == a);
  CHECK(s.clips[1].item == d);
  CHECK(s.clips[2].item == c);
  CHECK(s.clips[3].prop == Prop::Position);
  CHECK(s.clips[4].prop == Prop::Scale);
}

TEST_CASE("timeline: `from` is resolved at authoring time") {
  SectionBuilder b("s", "S", test::atlas());
  const glm::vec2 start{100, 200};
  const glm::vec2 p1{300, 400};
  const glm::vec2 p2{700, 800};
  const ItemId a = b.add(makeText("a", 40), visibleAt(start));
  b.play(moveTo(a, p1), 1.0);
  CHECK_VEC(b.state(a).pos, p1);
  b.play(moveTo(a, p2), 1.0);
  CHECK_VEC(b.state(a).pos, p2);
  // Inside one succession too: the second change starts where the first ended.
  b.play(succession({moveTo(a, p1), fadeTo(a, 0.25f), fadeOut(a)}), 3.0);
  const SectionScript s = std::move(b).finish();
  const auto moves = clipsFor(s, a, Prop::Position);
  REQUIRE(moves.size() == 3);
  CHECK_VEC(glm::vec2(moves[0].from), start);
  CHECK_VEC(glm::vec2(moves[0].to), p1);
  CHECK_VEC(glm::vec2(moves[1].from), p1);
  CHECK_VEC(glm::vec2(moves[1].to), p2);
  CHECK_VEC(glm::vec2(moves[2].from), p2);
  const auto fades = clipsFor(s, a, Prop::Opacity);
  REQUIRE(fades.size() == 2);
  CHECK(fades[0].from.x == doctest::Approx(1.0));
  CHECK(fades[0].to.x == doctest::Approx(0.25));
  CHECK(fades[1].from.x == doctest::Approx(0.25));
  CHECK(fades[1].to.x == doctest::Approx(0.0));
}

// ---------------------------------------------------------------------------------------------
// evaluate

TEST_CASE("timeline: evaluate at clip boundaries, in between and outside the section") {
  SectionBuilder b("s", "S", test::atlas());
  const glm::vec2 start{100, 100};
  const glm::vec2 target{300, 500};
  const ItemId a = b.add(makeText("a", 40), visibleAt(start));
  const ItemId c = b.add(makeText("b", 40), visibleAt(start));
  b.wait(1.0);
  b.play(moveTo(a, target), PlayOptions{.runTime = 2.0, .ease = Ease::Linear});  // 1..3
  b.play(scaleTo(c, 3.0f), PlayOptions{.runTime = 1.0, .ease = Ease::EaseIn});   // 3..4
  b.wait(1.0);
  const SectionScript s = std::move(b).finish();
  REQUIRE(s.duration == doctest::Approx(5.0));

  // Before the first clip: the initial state.
  for (double t : {0.0, 0.5, 0.999}) {
    CAPTURE(t);
    const SceneState st = evaluate(s, t);
    CHECK(st.time == doctest::Approx(t));
    CHECK_VEC(st.items[a].pos, start);
    CHECK(st.items[c].scale == 1.0f);
  }
  CHECK_VEC(evaluate(s, 1.0).items[a].pos, start);  // t0: from
  CHECK_VEC(evaluate(s, 1.5).items[a].pos, glm::vec2(150, 200));
  CHECK_VEC(evaluate(s, 2.0).items[a].pos, glm::vec2(200, 300));  // linear midpoint
  CHECK_VEC(evaluate(s, 3.0).items[a].pos, target);               // t1: to
  CHECK_VEC(evaluate(s, 4.5).items[a].pos, target);               // held afterwards

  // Eased: EaseIn at the midpoint of 1 -> 3 is 1 + 2 * 0.125.
  CHECK(evaluate(s, 3.0).items[c].scale == doctest::Approx(1.0));
  CHECK(evaluate(s, 3.5).items[c].scale == doctest::Approx(1.25));
  CHECK(evaluate(s, 4.0).items[c].scale == doctest::Approx(3.0));

  // Clamped to [0, duration].
  const SceneState before = evaluate(s, -2.0);
  CHECK(before.time == 0.0);
  CHECK_VEC(before.items[a].pos, start);
  const SceneState after = evaluate(s, 100.0);
  CHECK(after.time == doctest::Approx(5.0));
  CHECK_VEC(after.items[a].pos, target);
  CHECK(after.items[c].scale == doctest::Approx(3.0));
}

TEST_CASE("timeline: evaluate uses the clip's ease in between") {
  SectionBuilder b("s", "S", test::atlas());
  const ItemId a = b.add(makeText("a", 40), visibleAt({0, 0}));
  b.play(moveTo(a, {1000, 0}), 4.0);  // default Smooth
  const SectionScript s = std::move(b).finish();
  for (double t : {0.4, 1.0, 2.0, 3.3}) {
    CAPTURE(t);
    const float p = applyEase(Ease::Smooth, static_cast<float>(t / 4.0));
    CHECK(evaluate(s, t).items[a].pos.x == doctest::Approx(1000.0 * p).epsilon(1e-4));
  }
  CHECK(evaluate(s, 1.0).items[a].pos.x < 250.0f);  // slower than linear at the start
}

TEST_CASE("timeline: there-and-back returns to `from` after its end") {
  SectionBuilder b("s", "S", test::atlas());
  const ItemId a = b.add(makeText("a", 40), visibleAt({0, 0}));
  b.play(withEase(scaleTo(a, 2.0f), Ease::ThereAndBack), 2.0);
  CHECK(b.state(a).scale == 1.0f);  // the authoring state is back at the start
  b.wait(1.0);
  const SectionScript s = std::move(b).finish();
  CHECK(evaluate(s, 0.0).items[a].scale == doctest::Approx(1.0));
  CHECK(evaluate(s, 1.0).items[a].scale == doctest::Approx(2.0));
  CHECK(evaluate(s, 2.0).items[a].scale == doctest::Approx(1.0));
  CHECK(evaluate(s, 3.0).items[a].scale == doctest::Approx(1.0));
}

TEST_CASE("timeline: an instant clip holds strictly after its time") {
  SectionBuilder b("s", "S", test::atlas());
  const ItemId a = b.add(makeText("a", 40), visibleAt({0, 0}));
  b.play(fadeTo(a, 0.5f), 0.0);  // instant at t = 0
  b.wait(2.0);
  b.play(fadeTo(a, 0.25f), 0.0);  // instant at t = 2
  CHECK(b.now() == doctest::Approx(2.0));
  CHECK(b.state(a).opacity == doctest::Approx(0.25));
  b.wait(1.0);
  const SectionScript s = std::move(b).finish();
  const auto clips = clipsFor(s, a, Prop::Opacity);
  REQUIRE(clips.size() == 2);
  CHECK(clips[0].t0 == clips[0].t1);
  CHECK(clips[1].t0 == doctest::Approx(2.0));
  CHECK(clips[1].t1 == doctest::Approx(2.0));

  CHECK(evaluate(s, 0.0).items[a].opacity == doctest::Approx(1.0));  // exactly at: before
  CHECK(evaluate(s, 1e-6).items[a].opacity == doctest::Approx(0.5));
  CHECK(evaluate(s, 1.0).items[a].opacity == doctest::Approx(0.5));
  CHECK(evaluate(s, 2.0).items[a].opacity == doctest::Approx(0.5));  // exactly at: before
  CHECK(evaluate(s, 2.0 + 1e-6).items[a].opacity == doctest::Approx(0.25));
  CHECK(evaluate(s, 3.0).items[a].opacity == doctest::Approx(0.25));
}

TEST_CASE("timeline: write(text) reveals from 0 to 1 and shows the text at once") {
  SectionBuilder b("s", "S", test::atlas());
  const ItemId a = b.add(makeText("hello", 40), ItemState{});  // hidden, reveal 1
  b.wait(1.0);
  b.play(write(a), 2.0);  // 1..3
  b.wait(1.0);
  const SectionScript s = std::move(b).finish();
  const SceneState early = evaluate(s, 0.5);
  CHECK(early.items[a].opacity == 0.0f);
  const SceneState start = evaluate(s, 1.0);
  CHECK(start.items[a].reveal == doctest::Approx(0.0));
  const SceneState justAfter = evaluate(s, 1.0 + 1e-4);
  CHECK(justAfter.items[a].opacity == doctest::Approx(1.0));
  CHECK(justAfter.items[a].reveal < 0.01f);
  CHECK(evaluate(s, 2.0).items[a].reveal == doctest::Approx(0.5));  // write's reveal is linear
  const SceneState end = evaluate(s, 3.0);
  CHECK(end.items[a].reveal == doctest::Approx(1.0));
  CHECK(end.items[a].opacity == doctest::Approx(1.0));
  CHECK(evaluate(s, 4.0).items[a].reveal == doctest::Approx(1.0));
}

TEST_CASE("timeline: create(box) draws the outline from 0 to 1") {
  SectionBuilder b("s", "S", test::atlas());
  ItemState st;
  st.size = {200, 100};
  const ItemId box = b.add(makeBox(), st);
  b.play(create(box), 1.0);  // 0..1
  b.wait(0.5);
  const SectionScript s = std::move(b).finish();
  CHECK(s.items[box].kind == ItemKind::Box);
  CHECK(evaluate(s, 0.0).items[box].reveal == doctest::Approx(0.0));
  CHECK(evaluate(s, 0.0).items[box].opacity == 0.0f);
  CHECK(evaluate(s, 0.001).items[box].opacity == doctest::Approx(1.0));
  CHECK(evaluate(s, 0.5).items[box].reveal == doctest::Approx(0.5));
  CHECK(evaluate(s, 1.0).items[box].reveal == doctest::Approx(1.0));
  CHECK(evaluate(s, 1.5).items[box].reveal == doctest::Approx(1.0));
  CHECK(evaluate(s, 1.5).items[box].opacity == doctest::Approx(1.0));
}

TEST_CASE("timeline: evaluate is pure, whatever the order of the calls") {
  SectionBuilder b("s", "S", test::atlas());
  const ItemId t = b.add(makeText("x", 40), ItemState{});
  const ItemId m =
      b.add(makeMatrix(test::atlas(), values2x2(), MatrixStyle{}), visibleAt({500, 500}));
  ItemState boxState;
  boxState.size = {10, 10};
  const ItemId box = b.add(makeBox(), boxState);
  b.play(write(t), 1.0);
  b.play(laggedStart(0.3, {cellText(m, 0, "9"), cellColor(m, 1, {1, 0, 0, 1}),
                           cellHighlight(m, 2, 1.0f), cellOpacity(m, 3, 0.3f)}),
         2.0);
  b.beat("cells");
  b.play(group({moveTo(t, {10, 20}), recolor(t, {0, 1, 0, 1}), scaleTo(m, 1.5f),
                surround(box, Rect{{0, 0}, {50, 80}}), create(box)}),
         1.5);
  b.play(fadeTo(t, 0.5f), 0.0);
  b.play(withEase(cellHighlight(m, 0, 1.0f), Ease::ThereAndBack), 1.0);
  b.wait(0.5);
  const SectionScript s = std::move(b).finish();

  std::vector<double> times;
  for (int i = -2; i <= 62; ++i) times.push_back(i * 0.1);
  times.push_back(1.0);
  times.push_back(4.5);
  std::vector<double> shuffled = times;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(12345));

  std::vector<SceneState> inOrder;
  for (double time : times) inOrder.push_back(evaluate(s, time));
  for (double time : shuffled) {
    CAPTURE(time);
    const size_t i =
        static_cast<size_t>(std::find(times.begin(), times.end(), time) - times.begin());
    checkSameState(evaluate(s, time), inOrder[i]);
  }

  const SceneState first = evaluate(s, 2.2);
  const SceneState other = evaluate(s, 4.1);
  const SceneState again = evaluate(s, 2.2);
  checkSameState(first, again);
  checkSameState(other, evaluate(s, 4.1));
  // The states differ, so the comparison above can tell them apart.
  CHECK(first.items[t].pos != other.items[t].pos);
}

TEST_CASE("timeline: the builder's authoring state matches evaluate after each play") {
  SectionBuilder b("s", "S", test::atlas());
  const ItemId t = b.add(makeText("x", 40), ItemState{});
  const ItemId m =
      b.add(makeMatrix(test::atlas(), values2x2(), MatrixStyle{}), visibleAt({500, 500}));
  const ItemId box = b.add(makeBox(), ItemState{});
  std::vector<double> times;
  std::vector<std::vector<ItemState>> states;
  // Recorded at the end of each play, then a wait: a clip with an explicit `from` (write, create)
  // already shows that `from` at its own start, so the next play must start later.
  auto record = [&] {
    times.push_back(b.now());
    states.push_back({b.state(t), b.state(m), b.state(box)});
    b.wait(0.5);
  };
  b.play(write(t), 1.0);
  record();
  b.play(laggedStart(0.5, {cellText(m, 0, "9"), cellColor(m, 1, {1, 0, 0, 1}),
                           cellHighlight(m, 2, 0.5f), cellOpacity(m, 3, 0.3f)}),
         2.0);
  record();
  b.play(succession({moveTo(t, {10, 20}), scaleTo(t, 2.0f), fadeTo(t, 0.4f)}), 3.0);
  record();
  b.play(group({surround(box, Rect{{0, 0}, {50, 80}}), create(box), recolor(box, {0, 0, 1, 1})}),
         1.0);
  record();
  b.play(withEase(cellHighlight(m, 0, 1.0f), Ease::ThereAndBack), 1.0);
  record();
  const SectionScript s = std::move(b).finish();

  for (size_t k = 0; k < times.size(); ++k) {
    CAPTURE(times[k]);
    const SceneState st = evaluate(s, times[k]);
    for (size_t i = 0; i < st.items.size(); ++i) {
      CAPTURE(i);
      const ItemState& e = st.items[i];
      const ItemState& w = states[k][i];
      CHECK_VEC(e.pos, w.pos);
      CHECK_VEC(e.size, w.size);
      CHECK(e.scale == doctest::Approx(w.scale));
      CHECK(e.opacity == doctest::Approx(w.opacity));
      CHECK_VEC(e.color, w.color);
      CHECK(e.reveal == doctest::Approx(w.reveal));
      REQUIRE(e.cells.size() == w.cells.size());
      for (size_t c = 0; c < e.cells.size(); ++c) {
        CAPTURE(c);
        CHECK(e.cells[c].opacity == doctest::Approx(w.cells[c].opacity));
        CHECK_VEC(e.cells[c].color, w.cells[c].color);
        CHECK(e.cells[c].highlight == doctest::Approx(w.cells[c].highlight));
        const int cell = static_cast<int>(c);
        CHECK(readProp(e, Prop::CellText, cell).x == readProp(w, Prop::CellText, cell).x);
        CHECK(e.cells[c].mix == doctest::Approx(w.cells[c].mix));
      }
    }
  }
}

// An instant clip is a finished clip, and a finished there-and-back clip is back at `from` (as
// the builder assumes when it resolves the next clip's `from`). Documents the correct behaviour;
// fails while evaluate() gives instant clips p = 1 whatever their ease (scene/evaluate.cpp).
TEST_CASE("timeline: an instant there-and-back clip ends where it started, as the builder says") {
  SectionBuilder b("s", "S", test::atlas());
  const ItemId a = b.add(makeText("a", 40), visibleAt({0, 0}));
  b.play(withEase(fadeTo(a, 0.5f), Ease::ThereAndBack), 0.0);  // instant at t = 0
  CHECK(b.state(a).opacity == doctest::Approx(1.0));
  b.wait(1.0);
  const ItemId w = b.add(makeText("w", 40), ItemState{});
  // write() holds an instant opacity leaf; play()'s ease applies to it.
  b.play(write(w), PlayOptions{.runTime = 2.0, .ease = Ease::ThereAndBack});  // 1..3
  const float authoredOpacity = b.state(w).opacity;
  CHECK(authoredOpacity == 0.0f);
  b.wait(1.0);
  const SectionScript s = std::move(b).finish();
  CHECK(evaluate(s, 0.5).items[a].opacity == doctest::Approx(1.0));
  CHECK(evaluate(s, 4.0).items[a].opacity == doctest::Approx(1.0));
  CHECK(evaluate(s, 2.0).items[w].opacity == doctest::Approx(authoredOpacity));
  CHECK(evaluate(s, 4.0).items[w].opacity == doctest::Approx(authoredOpacity));
}

// ---------------------------------------------------------------------------------------------
// Matrix cells

TEST_CASE("timeline: cellText cross-fades a cell into a new interned string") {
  SectionBuilder b("s", "S", test::atlas());
  const ItemId m =
      b.add(makeMatrix(test::atlas(), values2x2(), MatrixStyle{}), visibleAt({500, 500}));
  REQUIRE(b.def(m).matrix.texts.size() == 4);
  CHECK(b.def(m).matrix.texts[1] == "2");
  REQUIRE(b.state(m).cells.size() == 4);
  for (int i = 0; i < 4; ++i) CHECK(b.state(m).cells[static_cast<size_t>(i)].textA == i);

  b.play(cellText(m, 1, "42"), PlayOptions{.runTime = 2.0, .ease = Ease::Linear});  // 0..2
  b.play(cellText(m, 2, "1"), 1.0);  // 2..3, an existing string: no new text
  b.play(cellText(m, 1, "7"), 1.0);  // 3..4, starts from "42"
  const SectionScript s = std::move(b).finish();
  const MatrixDef& def = s.items[m].matrix;
  REQUIRE(def.texts.size() == 6);
  CHECK(def.texts[4] == "42");
  CHECK(def.texts[5] == "7");

  const auto clips = clipsFor(s, m, Prop::CellText);
  REQUIRE(clips.size() == 3);
  CHECK(clips[0].cell == 1);
  CHECK(clips[0].from.x == 1.0f);
  CHECK(def.texts[static_cast<size_t>(clips[0].to.x)] == "42");
  CHECK(clips[1].to.x == 0.0f);  // "1" is text 0
  CHECK(def.texts[static_cast<size_t>(clips[2].from.x)] == "42");
  CHECK(def.texts[static_cast<size_t>(clips[2].to.x)] == "7");

  const CellState atStart = evaluate(s, 0.0).items[m].cells[1];
  CHECK(atStart.textA == 1);
  CHECK(atStart.mix == 0.0f);

  const SceneState mid = evaluate(s, 1.0);
  const CellState& c1 = mid.items[m].cells[1];
  CHECK(c1.textA == 1);
  CHECK(def.texts[static_cast<size_t>(c1.textB)] == "42");
  CHECK(c1.mix > 0.0f);
  CHECK(c1.mix < 1.0f);
  CHECK(c1.mix == doctest::Approx(0.5));
  // The other cells are untouched.
  for (int i : {0, 2, 3}) {
    CAPTURE(i);
    const CellState& c = mid.items[m].cells[static_cast<size_t>(i)];
    CHECK(c.textA == i);
    CHECK(c.textB == i);
    CHECK(c.mix == 0.0f);
  }

  const CellState settled = evaluate(s, 2.0).items[m].cells[1];
  CHECK(def.texts[static_cast<size_t>(settled.textA)] == "42");
  CHECK(def.texts[static_cast<size_t>(settled.textB)] == "42");
  CHECK(settled.mix == 1.0f);

  const SceneState end = evaluate(s, 4.0);
  CHECK(def.texts[static_cast<size_t>(end.items[m].cells[1].textA)] == "7");
  CHECK(def.texts[static_cast<size_t>(end.items[m].cells[2].textB)] == "1");
  CHECK(end.items[m].cells[2].mix == 1.0f);
}

TEST_CASE("timeline: cellOpacity, cellColor and cellHighlight touch only their cell") {
  SectionBuilder b("s", "S", test::atlas());
  ItemState st = visibleAt({500, 500});
  st.color = {0.5f, 0.5f, 0.5f, 1};
  const ItemId m = b.add(makeMatrix(test::atlas(), values2x2(), MatrixStyle{}), st);
  CHECK(b.cellIndex(m, 1, 1) == 3);
  CHECK(b.cellIndex(m, 1, 0) == 2);
  const glm::vec4 red{1, 0, 0, 1};
  b.play(cellOpacity(m, b.cellIndex(m, 1, 1), 0.2f), 1.0);    // 0..1
  b.play(cellColor(m, b.cellIndex(m, 0, 0), red), 1.0);       // 1..2
  b.play(cellHighlight(m, b.cellIndex(m, 1, 0), 0.7f), 1.0);  // 2..3
  const SectionScript s = std::move(b).finish();

  const SceneState end = evaluate(s, 3.0);
  const auto& cells = end.items[m].cells;
  REQUIRE(cells.size() == 4);
  const glm::vec4 grey{0.5f, 0.5f, 0.5f, 1};
  // Cell 3: only opacity.
  CHECK(cells[3].opacity == doctest::Approx(0.2));
  CHECK_VEC(cells[3].color, grey);
  CHECK(cells[3].highlight == 0.0f);
  // Cell 0: only colour.
  CHECK(cells[0].opacity == 1.0f);
  CHECK_VEC(cells[0].color, red);
  CHECK(cells[0].highlight == 0.0f);
  // Cell 2: only highlight.
  CHECK(cells[2].opacity == 1.0f);
  CHECK_VEC(cells[2].color, grey);
  CHECK(cells[2].highlight == doctest::Approx(0.7));
  // Cell 1: nothing.
  CHECK(cells[1].opacity == 1.0f);
  CHECK_VEC(cells[1].color, grey);
  CHECK(cells[1].highlight == 0.0f);
  // The matrix itself is unchanged.
  CHECK(end.items[m].opacity == 1.0f);
  CHECK_VEC(end.items[m].color, grey);
  CHECK_VEC(end.items[m].pos, glm::vec2(500, 500));

  // Half way through the colour change, only cell 0 is between grey and red.
  const SceneState mid = evaluate(s, 1.5);
  CHECK(mid.items[m].cells[0].color.r == doctest::Approx(0.75));
  CHECK(mid.items[m].cells[0].color.g == doctest::Approx(0.25));
  CHECK_VEC(mid.items[m].cells[1].color, grey);
  CHECK(mid.items[m].cells[3].opacity == doctest::Approx(0.2));
  CHECK(mid.items[m].cells[2].highlight == 0.0f);
}

TEST_CASE("timeline: surround moves a box onto a rectangle") {
  SectionBuilder b("s", "S", test::atlas());
  const ItemId box = b.add(makeBox(), visibleAt({0, 0}));
  const Rect target{{100, 200}, {500, 400}};
  b.play(surround(box, target), 1.0);
  CHECK_VEC(b.state(box).pos, glm::vec2(300, 300));
  CHECK_VEC(b.state(box).size, glm::vec2(400, 200));
  const Rect bounds = b.bounds(box);
  CHECK_VEC(bounds.min, target.min);
  CHECK_VEC(bounds.max, target.max);
  const SectionScript s = std::move(b).finish();
  const SceneState end = evaluate(s, 1.0);
  CHECK_VEC(end.items[box].pos, glm::vec2(300, 300));
  CHECK_VEC(end.items[box].size, glm::vec2(400, 200));
  const SceneState start = evaluate(s, 0.0);
  CHECK_VEC(start.items[box].pos, glm::vec2(0, 0));
  CHECK_VEC(start.items[box].size, glm::vec2(0, 0));
}

// ---------------------------------------------------------------------------------------------
// Errors

TEST_CASE("timeline: cell changes on a non-matrix or a missing cell throw std::out_of_range") {
  SectionBuilder b("s", "S", test::atlas());
  const ItemId text = b.add(makeText("t", 40), ItemState{});
  const ItemId box = b.add(makeBox(), ItemState{});
  const ItemId m = b.add(makeMatrix(test::atlas(), values2x2(), MatrixStyle{}), ItemState{});
  CHECK_THROWS_AS(b.play(cellColor(box, 0, {1, 0, 0, 1}), 1.0), std::out_of_range);
  CHECK_THROWS_AS(b.play(cellText(text, 0, "x"), 1.0), std::out_of_range);
  CHECK_THROWS_AS(b.play(cellOpacity(m, 4, 0.5f), 1.0), std::out_of_range);
  CHECK_THROWS_AS(b.play(cellHighlight(m, -1, 0.5f), 1.0), std::out_of_range);
  CHECK_THROWS_AS(b.play(fadeIn(99), 1.0), std::out_of_range);
  CHECK(b.now() == 0.0);
  b.play(cellOpacity(m, 3, 0.5f), 1.0);  // a valid cell still works
  CHECK(b.state(m).cells[3].opacity == doctest::Approx(0.5));
  const SectionScript s = std::move(b).finish();
  CHECK(s.clips.size() == 1);
}

TEST_CASE("timeline: negative run time or wait throws std::invalid_argument") {
  SectionBuilder b("s", "S", test::atlas());
  const ItemId a = b.add(makeText("a", 40), ItemState{});
  b.wait(1.0);
  CHECK_THROWS_AS(b.play(fadeIn(a), -1.0), std::invalid_argument);
  CHECK_THROWS_AS(b.play(fadeIn(a), PlayOptions{.runTime = -0.001}), std::invalid_argument);
  CHECK_THROWS_AS(b.wait(-0.5), std::invalid_argument);
  CHECK(b.now() == doctest::Approx(1.0));
  CHECK(b.state(a).opacity == 0.0f);
  const SectionScript s = std::move(b).finish();
  CHECK(s.clips.empty());
}

// ---------------------------------------------------------------------------------------------
// Beat look-ups

TEST_CASE("timeline: beatIndexAtOrBefore and beatIndexAfter around beat times") {
  const SectionScript s = beatScript();
  REQUIRE(s.beats.size() == 4);
  CHECK(s.beats[0].time == doctest::Approx(1.0));
  CHECK(s.beats[1].time == doctest::Approx(3.0));
  CHECK(s.beats[2].time == doctest::Approx(4.5));
  CHECK(s.beats[3].time == doctest::Approx(6.0));
  CHECK(s.beats[3].label == "end");

  constexpr double e = 1e-6;
  CHECK(beatIndexAtOrBefore(s, 0.0) == -1);
  CHECK(beatIndexAtOrBefore(s, 1.0 - e) == -1);
  CHECK(beatIndexAtOrBefore(s, 1.0) == 0);
  CHECK(beatIndexAtOrBefore(s, 1.0 + e) == 0);
  CHECK(beatIndexAtOrBefore(s, 3.0 - e) == 0);
  CHECK(beatIndexAtOrBefore(s, 3.0) == 1);
  CHECK(beatIndexAtOrBefore(s, 3.0 + e) == 1);
  CHECK(beatIndexAtOrBefore(s, 4.5 - e) == 1);
  CHECK(beatIndexAtOrBefore(s, 4.5) == 2);
  CHECK(beatIndexAtOrBefore(s, 6.0 - e) == 2);
  CHECK(beatIndexAtOrBefore(s, 6.0) == 3);
  CHECK(beatIndexAtOrBefore(s, 100.0) == 3);

  CHECK(beatIndexAfter(s, -1.0) == 0);
  CHECK(beatIndexAfter(s, 0.0) == 0);
  CHECK(beatIndexAfter(s, 1.0 - e) == 0);
  CHECK(beatIndexAfter(s, 1.0) == 1);
  CHECK(beatIndexAfter(s, 1.0 + e) == 1);
  CHECK(beatIndexAfter(s, 3.0 - e) == 1);
  CHECK(beatIndexAfter(s, 3.0) == 2);
  CHECK(beatIndexAfter(s, 4.5 - e) == 2);
  CHECK(beatIndexAfter(s, 4.5) == 3);
  CHECK(beatIndexAfter(s, 6.0 - e) == 3);
  CHECK(beatIndexAfter(s, 6.0) == -1);
  CHECK(beatIndexAfter(s, 100.0) == -1);
}

TEST_CASE("timeline: a beat reached by summed run times still counts as at that beat") {
  SectionBuilder b("s", "S", test::atlas());
  b.wait(0.1);
  b.wait(0.2);  // 0.30000000000000004
  b.beat("sum");
  b.wait(1.0);
  const SectionScript s = std::move(b).finish();
  CHECK(beatIndexAtOrBefore(s, 0.3) == 0);
  CHECK(beatIndexAfter(s, 0.3) == 1);
  SectionScript none;
  CHECK(beatIndexAtOrBefore(none, 1.0) == -1);
  CHECK(beatIndexAfter(none, 1.0) == -1);
}
