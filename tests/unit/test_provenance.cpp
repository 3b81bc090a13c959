// Provenance: a click on a product entry finds it and lists its real terms.
#include <doctest/doctest.h>

#include "scene/provenance.hpp"
#include "scene/sections/registry.hpp"
#include "test_support.hpp"

using namespace tfviz;

TEST_CASE("provenance: a result entry of the table lookup explains itself") {
  const SectionScript script = buildTableLookupSection(test::atlas());
  REQUIRE(!script.products.empty());
  const ProductRecord& rec = script.products.front();
  CHECK(rec.rows == 3);
  CHECK(rec.inner == 4);
  CHECK(rec.cols == 2);
  // Once the product is complete, every entry is clickable.
  double t = 0;
  for (const Beat& b : script.beats) {
    if (b.label.rfind("entry (2, 1)", 0) == 0 || b.label.find("(2, 1)") != std::string::npos)
      t = b.time;
  }
  REQUIRE(t > 0);
  const SceneState state = evaluate(script, t);
  const Rect cell =
      matrixGeometry(script.items[rec.result].matrix, state.items[rec.result]).cell(1, 0);
  const auto p = provenanceAt(script, state, cell.center());
  REQUIRE(p.has_value());
  CHECK(p->row == 1);
  CHECK(p->col == 0);
  REQUIRE(p->terms.size() == 4);
  // Row 2 of A is one-hot at column 4: only the last term is non-zero (1·.1).
  CHECK(p->terms[3] ==
        "1\xC2\xB7"
        "0.1 = 0.1");
  CHECK(p->sum.size() > 0);
  CHECK(p->sum.substr(p->sum.size() - 6) == " = 0.1");
  const ProvenanceMarks m = provenanceMarks(script, state, *p);
  CHECK(m.entry.contains(cell));
  CHECK(m.lhsRow.size().x > m.lhsRow.size().y);
  CHECK(m.rhsCol.size().y > m.rhsCol.size().x);
  // Outside every matrix: nothing.
  CHECK_FALSE(provenanceAt(script, state, {5, 5}).has_value());
}

TEST_CASE("provenance: the matmul explainer's queries entry (0, 0) is 1·2 + 0·4 + 0·(−2)") {
  const SectionScript script = findSection("matmul")->build(test::atlas());
  const SceneState state = evaluate(script, test::beatTime(script, "queries done"));
  const ProductRecord& rec = script.products.front();
  const Rect cell =
      matrixGeometry(script.items[rec.result].matrix, state.items[rec.result]).cell(0, 0);
  const auto p = provenanceAt(script, state, cell.center());
  REQUIRE(p.has_value());
  CHECK(p->terms[0] ==
        "1\xC2\xB7"
        "2 = 2");
  CHECK(p->terms[2] ==
        "0\xC2\xB7(\xE2\x88\x92"
        "2) = 0");
  CHECK(p->sum == "2 + 0 + 0 = 2");
}

TEST_CASE("provenance: every recorded product of every section can be clicked, entry by entry") {
  for (const SectionInfo& info : allSections()) {
    const SectionScript script = info.build(test::atlas());
    for (size_t n = 0; n < script.products.size(); ++n) {
      const ProductRecord& rec = script.products[n];
      CAPTURE(info.id);
      CAPTURE(script.items[rec.result].name);
      // The records' shapes match the matrices they name.
      CHECK(script.items[rec.lhs].matrix.rows == rec.rows);
      CHECK(script.items[rec.lhs].matrix.cols == rec.inner);
      CHECK(script.items[rec.rhs].matrix.rows == rec.inner);
      CHECK(script.items[rec.rhs].matrix.cols == rec.cols);
      CHECK(script.items[rec.result].matrix.rows == rec.rows);
      CHECK(script.items[rec.result].matrix.cols == rec.cols);
      // At some beat the whole product is on screen and its last entry explains itself.
      bool clicked = false;
      for (const Beat& b : script.beats) {
        const SceneState state = evaluate(script, b.time);
        const Rect cell = matrixGeometry(script.items[rec.result].matrix, state.items[rec.result])
                              .cell(rec.rows - 1, rec.cols - 1);
        const auto p = provenanceAt(script, state, cell.center());
        if (p && p->product == n) {
          CHECK(p->row == rec.rows - 1);
          CHECK(p->col == rec.cols - 1);
          CHECK(static_cast<int>(p->terms.size()) == rec.inner);
          clicked = true;
          break;
        }
      }
      CHECK(clicked);
    }
  }
}
