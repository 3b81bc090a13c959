// Section 12 (the complete architecture): the worked layer normalisation, the layer counts and the
// shapes annotated on the blocks.
// Its layout holds over the whole timeline (the audit) and its side text never splits a shape.
// Beats are also checked in test_sections.cpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "scene/sections/registry.hpp"
#include "scene/sections/s12_architecture.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

TEST_CASE("s12-architecture: layer normalisation gives mean 0 and std 1") {
  const ArchitectureNumbers a = architectureNumbers();
  REQUIRE(a.normInput.size() == 4);
  CHECK(a.inputMean == doctest::Approx(4.0));
  CHECK(a.inputStd == doctest::Approx(std::sqrt(5.0)));
  CHECK(a.normCentred(0) == doctest::Approx(-3.0));
  CHECK(a.normCentred(3) == doctest::Approx(3.0));
  CHECK(a.outputMean == doctest::Approx(0.0));
  CHECK(a.outputStd == doctest::Approx(1.0).epsilon(1e-5));
  CHECK(a.normOutput(0) == doctest::Approx(-3.0 / std::sqrt(5.0)).epsilon(1e-5));
  CHECK(a.normOutput(2) == doctest::Approx(1.0 / std::sqrt(5.0)).epsilon(1e-5));
}

TEST_CASE("s12-architecture: layers and shapes") {
  const ArchitectureNumbers a = architectureNumbers();
  CHECK(a.paperLayers == 6);
  CHECK(a.gptLayers == 12);
  CHECK(shapeText(a.shapes.embedded, true) == "[n \xC3\x97 d_model]");
  CHECK(shapeText(a.shapes.logits, true) == "[n \xC3\x97 N]");
  CHECK(shapeText(a.shapes.logits) == "[12 \xC3\x97 13]");
  CHECK(a.shapes.attended == a.shapes.embedded);
}

TEST_CASE("s12-architecture: wrapped side text keeps every shape on one line") {
  const SectionScript script = buildArchitectureSection(test::atlas());
  int shapes = 0;
  for (const ItemDef& def : script.items) {
    if (def.kind != ItemKind::Text) continue;
    const std::string& t = def.text.text;
    CAPTURE(t);
    CHECK(std::count(t.begin(), t.end(), '[') == std::count(t.begin(), t.end(), ']'));
    shapes += static_cast<int>(std::count(t.begin(), t.end(), '['));
  }
  CHECK(shapes > 0);
}
