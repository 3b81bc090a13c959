// Hand-over between sections (scene/hand_over.hpp): the next section opens on the last picture
// of the one before, which clears while the new title is written; nothing else of it changes.
#include <doctest/doctest.h>

#include "scene/hand_over.hpp"
#include "scene/layout_audit.hpp"
#include "scene/sections/registry.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

namespace {

std::vector<Rect> visibleBounds(const SectionScript& script, const SceneState& state,
                                size_t firstItem, size_t count) {
  std::vector<Rect> out;
  for (size_t i = firstItem; i < firstItem + count; ++i) {
    if (state.items[i].opacity < 0.02f) continue;
    out.push_back(test::boundsIn(script, state, i));
  }
  return out;
}

}  // namespace

TEST_CASE("hand-over: every pair of consecutive sections leads from one picture into the next") {
  const auto sections = allSections();
  for (size_t k = 1; k < sections.size(); ++k) {
    CAPTURE(sections[k].id);
    const SectionScript previous = sections[k - 1].build(test::atlas());
    const SectionScript next = sections[k].build(test::atlas());
    const SectionScript joined = handOver(previous, next);

    // At 0 it draws previous's last frame: the same items in the same places.
    const SceneState lastOfPrevious = evaluate(previous, previous.duration);
    const SceneState start = evaluate(joined, 0);
    size_t shown = 0;
    for (const ItemState& s : lastOfPrevious.items) shown += s.opacity >= 0.02f ? 1 : 0;
    REQUIRE(shown > 0);
    const auto was = visibleBounds(previous, lastOfPrevious, 0, previous.items.size());
    const auto now = visibleBounds(joined, start, next.items.size(), shown);
    REQUIRE(was.size() == now.size());
    for (size_t i = 0; i < was.size(); ++i) {
      CHECK(now[i].min.x == doctest::Approx(was[i].min.x));
      CHECK(now[i].max.y == doctest::Approx(was[i].max.y));
    }
    CHECK(visibleBounds(joined, start, 0, next.items.size()).empty());

    // Then it is next, kHandOverDelay later: the same beats, the same end.
    CHECK(joined.duration == doctest::Approx(next.duration + kHandOverDelay));
    REQUIRE(joined.beats.size() == next.beats.size());
    for (size_t i = 0; i < next.beats.size(); ++i) {
      CHECK(joined.beats[i].time == doctest::Approx(next.beats[i].time + kHandOverDelay));
      CHECK(joined.beats[i].label == next.beats[i].label);
    }
    const SceneState endJoined = evaluate(joined, joined.duration);
    const SceneState endNext = evaluate(next, next.duration);
    for (size_t i = 0; i < next.items.size(); ++i) {
      CHECK(endJoined.items[i].opacity == doctest::Approx(endNext.items[i].opacity));
      CHECK(endJoined.items[i].pos.x == doctest::Approx(endNext.items[i].pos.x));
    }
    for (size_t i = next.items.size(); i < joined.items.size(); ++i)
      CHECK(endJoined.items[i].opacity == 0.0f);

    // The carried picture clears without touching what arrives (the sections' own problems
    // are the section audit's).
    for (const AuditProblem& p : auditLayout(joined, test::atlas(), test::sectionAudit())) {
      if (p.kind == AuditProblem::Kind::Overlap && p.from < kHandOverDelay + 0.1)
        FAIL_CHECK(describe(p));
    }
  }
}
