// Section 12 (the complete architecture): the worked layer normalisation, the layer counts and the
// shapes annotated on the blocks.
// (The section itself is checked with every other one in test_sections.cpp.)
#include <doctest/doctest.h>

#include <cmath>

#include "scene/sections/s12_architecture.hpp"

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
