// Unit tests of the presenter's playhead (app/presenter): stepping to beats, jumping back, free
// play, home/end, speed and beat numbers, on a small script with beats at 1, 3, 4.5 and 6.
#include <doctest/doctest.h>

#include <iterator>

#include "app/presenter.hpp"
#include "scene/animation.hpp"
#include "scene/builder.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

namespace {

// Beats at 1, 3, 4.5 and the "end" beat that finish() adds at the duration, 6. Every time is
// exactly representable, so the playhead must land on them exactly.
const SectionScript& script() {
  static const SectionScript built = [] {
    SectionBuilder b("presenter", "Presenter", test::atlas());
    const ItemId a = b.add(makeText("a", 40), ItemState{});
    b.wait(1.0);
    b.beat("one");
    b.play(fadeIn(a), 2.0);
    b.beat("two");
    b.play(moveTo(a, {100, 100}), 1.5);
    b.beat("three");
    b.wait(1.5);
    return std::move(b).finish();
  }();
  return built;
}

constexpr double kFrame = 1.0 / 60.0;

// Updates in frames of dt until the presenter pauses (at most maxSteps); returns the steps taken.
int runUntilPaused(Presenter& p, double dt, int maxSteps = 10000) {
  int steps = 0;
  while (p.playing() && steps < maxSteps) {
    p.update(dt);
    ++steps;
  }
  return steps;
}

}  // namespace

TEST_CASE("presenter: the script under test has the expected beats") {
  const SectionScript& s = script();
  REQUIRE(s.beats.size() == 4);
  CHECK(s.beats[0].time == 1.0);
  CHECK(s.beats[1].time == 3.0);
  CHECK(s.beats[2].time == 4.5);
  CHECK(s.beats[3].time == 6.0);
  CHECK(s.duration == 6.0);
}

TEST_CASE("presenter: starts paused at 0 at normal speed") {
  Presenter p(script());
  CHECK(p.time() == 0.0);
  CHECK_FALSE(p.playing());
  CHECK(p.speed() == 1.0);
  CHECK(p.beatNumber() == 0);
  p.update(0.5);  // paused: nothing moves
  CHECK(p.time() == 0.0);
}

TEST_CASE("presenter: nextBeat plays and stops exactly at the next beat") {
  Presenter p(script());
  p.nextBeat();
  CHECK(p.playing());
  CHECK(p.time() == 0.0);  // nextBeat starts playing; update moves the playhead

  int steps = 0;
  bool overshot = false;
  while (p.playing() && steps < 1000) {
    p.update(kFrame);
    if (p.time() > 1.0) overshot = true;
    ++steps;
  }
  CHECK_FALSE(overshot);
  CHECK_FALSE(p.playing());
  CHECK(p.time() == 1.0);
  CHECK(steps >= 60);
  CHECK(steps <= 61);
  CHECK(p.beatNumber() == 1);

  p.update(0.5);  // paused at the beat
  CHECK(p.time() == 1.0);

  // From the beat, the next step goes to the next beat.
  p.nextBeat();
  CHECK(p.playing());
  runUntilPaused(p, kFrame);
  CHECK(p.time() == 3.0);
  CHECK(p.beatNumber() == 2);
}

TEST_CASE("presenter: one large update still stops at the beat") {
  Presenter p(script());
  p.nextBeat();
  p.update(10.0);
  CHECK(p.time() == 1.0);
  CHECK_FALSE(p.playing());
}

TEST_CASE("presenter: nextBeat while a step is playing finishes it at once") {
  Presenter p(script());
  p.nextBeat();
  p.update(0.25);
  CHECK(p.playing());
  CHECK(p.time() == doctest::Approx(0.25));
  p.nextBeat();
  CHECK_FALSE(p.playing());
  CHECK(p.time() == 1.0);
  CHECK(p.beatNumber() == 1);

  p.nextBeat();
  p.update(0.5);
  CHECK(p.time() == doctest::Approx(1.5));
  p.nextBeat();
  CHECK_FALSE(p.playing());
  CHECK(p.time() == 3.0);
  p.update(1.0);
  CHECK(p.time() == 3.0);
}

TEST_CASE("presenter: nextBeat to the end beat and at the end") {
  Presenter p(script());
  p.seek(4.5);
  p.nextBeat();
  CHECK(p.playing());
  p.update(10.0);
  CHECK(p.time() == 6.0);
  CHECK_FALSE(p.playing());
  CHECK(p.beatNumber() == 4);
  p.nextBeat();  // nothing after the end
  CHECK(p.time() == 6.0);
  CHECK_FALSE(p.playing());
  p.update(1.0);
  CHECK(p.time() == 6.0);
}

TEST_CASE("presenter: previousBeat jumps to the beat strictly before now") {
  Presenter p(script());
  p.seek(3.0);  // at beat 2
  p.previousBeat();
  CHECK(p.time() == 1.0);
  CHECK_FALSE(p.playing());
  p.previousBeat();
  CHECK(p.time() == 0.0);
  p.previousBeat();  // from 0 stays at 0
  CHECK(p.time() == 0.0);
  CHECK(p.beatNumber() == 0);

  p.seek(2.0);  // between beats 1 and 2
  p.previousBeat();
  CHECK(p.time() == 1.0);
  p.end();
  p.previousBeat();
  CHECK(p.time() == 4.5);
  p.seek(0.5);  // before the first beat
  p.previousBeat();
  CHECK(p.time() == 0.0);
}

TEST_CASE("presenter: previousBeat while playing pauses and forgets the step") {
  Presenter p(script());
  p.seek(1.0);
  p.nextBeat();  // towards 3
  p.update(0.5);
  CHECK(p.time() == doctest::Approx(1.5));
  p.previousBeat();
  CHECK(p.time() == 1.0);
  CHECK_FALSE(p.playing());
  p.update(1.0);
  CHECK(p.time() == 1.0);
  // The next step starts afresh, rather than finishing the abandoned one.
  p.nextBeat();
  CHECK(p.playing());
  CHECK(p.time() == 1.0);
  runUntilPaused(p, 0.1);
  CHECK(p.time() == 3.0);
}

TEST_CASE("presenter: home and end") {
  Presenter p(script());
  p.seek(2.5);
  p.nextBeat();
  CHECK(p.playing());
  p.home();
  CHECK(p.time() == 0.0);
  CHECK_FALSE(p.playing());
  CHECK(p.beatNumber() == 0);
  p.update(1.0);
  CHECK(p.time() == 0.0);

  p.nextBeat();
  p.end();
  CHECK(p.time() == 6.0);
  CHECK_FALSE(p.playing());
  CHECK(p.beatNumber() == 4);
  p.update(1.0);
  CHECK(p.time() == 6.0);
  // Home after end starts a fresh step to the first beat.
  p.home();
  p.nextBeat();
  p.update(5.0);
  CHECK(p.time() == 1.0);
}

TEST_CASE("presenter: togglePlay plays through beats and stops at the end") {
  Presenter p(script());
  p.togglePlay();
  CHECK(p.playing());
  int steps = 0;
  double pausedAt = -1;
  while (steps < 1000) {
    p.update(0.1);
    ++steps;
    if (!p.playing()) {
      pausedAt = p.time();
      break;
    }
  }
  CHECK(pausedAt == 6.0);  // never stopped at 1, 3 or 4.5
  CHECK(steps >= 60);
  CHECK(steps <= 61);
  CHECK(p.beatNumber() == 4);

  // From the end, play restarts at 0.
  p.togglePlay();
  CHECK(p.playing());
  CHECK(p.time() == 0.0);
  p.update(0.5);
  CHECK(p.time() == doctest::Approx(0.5));
  // And toggling again pauses where it is.
  p.togglePlay();
  CHECK_FALSE(p.playing());
  CHECK(p.time() == doctest::Approx(0.5));
  p.update(1.0);
  CHECK(p.time() == doctest::Approx(0.5));
}

TEST_CASE("presenter: togglePlay during a step pauses, then plays freely past the beat") {
  Presenter p(script());
  p.nextBeat();
  p.update(0.5);
  p.togglePlay();
  CHECK_FALSE(p.playing());
  CHECK(p.time() == doctest::Approx(0.5));
  p.togglePlay();
  CHECK(p.playing());
  p.update(1.0);
  CHECK(p.playing());
  CHECK(p.time() == doctest::Approx(1.5));
  p.update(10.0);
  CHECK_FALSE(p.playing());
  CHECK(p.time() == 6.0);
}

TEST_CASE("presenter: setSpeed clamps to [0.25, 4] and scales update") {
  Presenter p(script());
  p.setSpeed(2.0);
  CHECK(p.speed() == 2.0);
  p.togglePlay();
  p.update(0.25);
  CHECK(p.time() == doctest::Approx(0.5));

  p.setSpeed(10.0);
  CHECK(p.speed() == 4.0);
  p.update(0.125);
  CHECK(p.time() == doctest::Approx(1.0));

  p.setSpeed(0.01);
  CHECK(p.speed() == 0.25);
  p.update(1.0);
  CHECK(p.time() == doctest::Approx(1.25));

  p.setSpeed(-3.0);
  CHECK(p.speed() == 0.25);
  p.setSpeed(4.0);
  CHECK(p.speed() == 4.0);
  p.setSpeed(0.25);
  CHECK(p.speed() == 0.25);
  p.setSpeed(1.5);
  CHECK(p.speed() == 1.5);
  p.update(0.5);
  CHECK(p.time() == doctest::Approx(2.0));
}

TEST_CASE("presenter: a fast step still stops at its beat") {
  Presenter p(script());
  p.setSpeed(4.0);
  p.nextBeat();
  p.update(0.1);
  CHECK(p.time() == doctest::Approx(0.4));
  CHECK(p.playing());
  p.update(0.2);  // would reach 1.2
  CHECK(p.time() == 1.0);
  CHECK_FALSE(p.playing());
}

TEST_CASE("presenter: beatNumber counts the beats reached") {
  Presenter p(script());
  const double times[] = {0.0, 0.999, 1.0, 2.0, 2.999, 3.0, 4.49, 4.5, 5.9, 6.0};
  const int numbers[] = {0, 0, 1, 1, 1, 2, 2, 3, 3, 4};
  for (size_t i = 0; i < std::size(times); ++i) {
    CAPTURE(times[i]);
    p.seek(times[i]);
    CHECK(p.beatNumber() == numbers[i]);
  }
}

TEST_CASE("presenter: seek clamps to the section") {
  Presenter p(script());
  p.seek(-1.0);
  CHECK(p.time() == 0.0);
  p.seek(100.0);
  CHECK(p.time() == 6.0);
  p.seek(2.25);
  CHECK(p.time() == 2.25);
}

TEST_CASE("presenter: Shift+Left plays backwards and stops at the previous beat") {
  Presenter p(script());
  p.seek(4.5);
  p.playBackToPreviousBeat();
  CHECK(p.playing());
  CHECK(p.reversing());
  p.update(0.5);
  CHECK(p.time() == doctest::Approx(4.0));
  p.update(5.0);
  CHECK_FALSE(p.playing());
  CHECK(p.time() == doctest::Approx(3.0));
  // From the first beat it goes back to the start and stops there.
  p.seek(1.0);
  p.playBackToPreviousBeat();
  p.update(10.0);
  CHECK(p.time() == 0.0);
  CHECK_FALSE(p.playing());
  // Right while reversing stops it, then plays forwards as usual.
  p.seek(3.0);
  p.playBackToPreviousBeat();
  p.update(0.5);
  p.nextBeat();
  CHECK(p.playing());
  CHECK_FALSE(p.reversing());
}

TEST_CASE("presenter: R replays the step that ends at the current beat") {
  Presenter p(script());
  p.seek(3.0);  // paused at beat "two": the step 1 -> 3 replays
  p.replayStep();
  CHECK(p.time() == doctest::Approx(1.0));
  CHECK(p.playing());
  p.update(10.0);
  CHECK(p.time() == doctest::Approx(3.0));
  p.seek(3.7);  // mid-step: restart it from beat "two"
  p.replayStep();
  CHECK(p.time() == doctest::Approx(3.0));
  p.update(10.0);
  CHECK(p.time() == doctest::Approx(4.5));
}

TEST_CASE("presenter: free play loops when asked") {
  Presenter p(script());
  p.setLoop(true);
  p.seek(5.5);
  p.togglePlay();
  p.update(1.0);
  CHECK(p.playing());
  CHECK(p.time() == doctest::Approx(0.5));
  p.setLoop(false);
  p.update(10.0);
  CHECK_FALSE(p.playing());
  CHECK(p.time() == doctest::Approx(6.0));
}
