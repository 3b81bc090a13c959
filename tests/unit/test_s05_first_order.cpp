// Section "s05-first-order": its numbers are the article's (transition matrix, lookup of "my").
// Its layout holds over the whole timeline (the audit); beats are also checked in
// test_sections.cpp.
#include <doctest/doctest.h>

#include "scene/layout_audit.hpp"
#include "scene/sections/registry.hpp"
#include "scene/sections/s05_first_order.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

TEST_CASE("s05-first-order: the vocabulary is the article's 7 words, alphabetical") {
  const FirstOrderNumbers n = firstOrderNumbers();
  const math::Vocabulary expected = {"directories", "files",  "me",  "my",
                                     "photos",      "please", "show"};
  CHECK(n.vocab == expected);
}

TEST_CASE("s05-first-order: the transition matrix is the article's") {
  const FirstOrderNumbers n = firstOrderNumbers();
  Eigen::MatrixXd expected(7, 7);
  // clang-format off
  expected << 0,  0,  0, 0, 0,  1, 0,   // directories
              0,  0,  0, 0, 0,  1, 0,   // files
              0,  0,  0, 1, 0,  0, 0,   // me
              .2, .3, 0, 0, .5, 0, 0,   // my
              0,  0,  0, 0, 0,  1, 0,   // photos
              0,  0,  0, 0, 0,  0, 0,   // please
              0,  0,  1, 0, 0,  0, 0;   // show
  // clang-format on
  REQUIRE(n.transition.rows() == 7);
  REQUIRE(n.transition.cols() == 7);
  CHECK(n.transition.isApprox(expected, 1e-12));
  for (int r = 0; r < 7; ++r) {
    CAPTURE(n.vocab[r]);
    const double expectedSum = n.vocab[r] == "please" ? 0.0 : 1.0;
    CHECK(n.rowSums(r) == doctest::Approx(expectedSum));
    CHECK(n.transition.row(r).sum() == doctest::Approx(expectedSum));
  }
}

TEST_CASE("s05-first-order: one-hot(my) times T looks up the row of my") {
  const FirstOrderNumbers n = firstOrderNumbers();
  Eigen::RowVectorXd oneHot(7);
  oneHot << 0, 0, 0, 1, 0, 0, 0;
  CHECK(n.queryOneHot.isApprox(oneHot));
  Eigen::RowVectorXd expected(7);
  expected << .2, .3, 0, 0, .5, 0, 0;
  CHECK(n.next.isApprox(expected, 1e-12));
  CHECK(n.next.sum() == doctest::Approx(1.0));
}

TEST_CASE("s05-first-order: the chain turns into T without an empty frame") {
  // Its words slide onto T's row labels while T forms: from the chain's last beat to the empty
  // T, something besides the title, caption and note is on screen at every sample.
  const SectionScript script = buildFirstOrderSection(test::atlas());
  const double from = test::beatTime(script, "branch"), to = test::beatTime(script, "empty T");
  REQUIRE(to > from);
  for (const AuditProblem& p : auditLayout(script, test::atlas(), {.deadLimit = 1.0 / 30})) {
    if (p.kind != AuditProblem::Kind::DeadFrames) continue;
    CAPTURE(describe(p));
    CHECK((p.to < from || p.from > to));
  }
}
