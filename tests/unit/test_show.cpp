// The show: arrow keys walk across section boundaries; [ and ] and the section list jump.
#include <doctest/doctest.h>

#include "app/show.hpp"
#include "scene/builder.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

namespace {

// A section with beats at 1 and 2 (the end).
SectionScript twoBeats(const std::string& id) {
  SectionBuilder b(id, id, test::atlas());
  const ItemId t = b.add(makeText(id, 40), {});
  b.play(fadeIn(t), 1.0);
  b.beat("shown");
  b.play(fadeOut(t), 1.0);
  b.beat("gone");
  return std::move(b).finish();
}

void finishStep(Show& show) {
  for (int i = 0; i < 1000 && show.presenter().playing(); ++i) show.presenter().update(0.05);
}

}  // namespace

TEST_CASE("show: next beat walks into the next section, previous beat walks back") {
  const std::vector<SectionScript> sections{twoBeats("a"), twoBeats("b")};
  Show show(sections, 0);
  CHECK(show.section().id == "a");
  CHECK_FALSE(show.presenter().playing());  // the first section waits for the first key
  show.nextBeat();
  finishStep(show);
  CHECK(show.presenter().time() == doctest::Approx(1.0));
  show.nextBeat();
  finishStep(show);
  CHECK(show.presenter().time() == doctest::Approx(2.0));
  show.nextBeat();  // at the end of "a": the start of "b", playing its opening
  CHECK(show.section().id == "b");
  CHECK(show.presenter().time() == 0.0);
  CHECK(show.presenter().playing());
  finishStep(show);
  CHECK(show.presenter().time() == doctest::Approx(1.0));
  show.presenter().home();
  show.previousBeat();  // at the start of "b": the end of "a"
  CHECK(show.section().id == "a");
  CHECK(show.presenter().time() == doctest::Approx(2.0));
  show.previousBeat();
  CHECK(show.presenter().time() == doctest::Approx(1.0));
}

TEST_CASE("show: the last section's end and the first section's start stay put") {
  const std::vector<SectionScript> sections{twoBeats("a"), twoBeats("b")};
  Show show(sections, 1);
  show.presenter().end();
  show.nextBeat();
  CHECK(show.section().id == "b");
  CHECK(show.presenter().time() == doctest::Approx(2.0));
  show.goTo(0);
  show.previousBeat();
  CHECK(show.section().id == "a");
  CHECK(show.presenter().time() == 0.0);
}

TEST_CASE("show: brackets and the list jump to section starts, keeping the speed") {
  const std::vector<SectionScript> sections{twoBeats("a"), twoBeats("b"), twoBeats("c")};
  Show show(sections, 0);
  show.presenter().setSpeed(2.0);
  show.nextSection();
  CHECK(show.section().id == "b");
  CHECK(show.presenter().speed() == doctest::Approx(2.0));
  show.nextSection();
  show.nextSection();
  CHECK(show.section().id == "c");
  show.previousSection();
  CHECK(show.section().id == "b");
  show.goTo(99);
  CHECK(show.index() == 2);
  show.goTo(-4);
  CHECK(show.index() == 0);
  show.previousSection();
  CHECK(show.index() == 0);
}
