// Section 12 (the complete architecture): the worked layer normalisation, the layer counts, the
// shapes annotated on the blocks, and that the section builds.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "scene/registry.hpp"
#include "scene/sections/s12_architecture.hpp"

using namespace tfviz;

namespace {
const FontAtlas& atlas() {
  static const FontAtlas a = FontAtlas::bake();
  return a;
}

// The smallest text on screen at any beat: text items, and matrices' numbers, labels and headers,
// all times the item's scale.
float smallestText(const SectionScript& s) {
  float smallest = 1e9f;
  for (const Beat& beat : s.beats) {
    const SceneState st = evaluate(s, beat.time);
    for (size_t i = 0; i < s.items.size(); ++i) {
      const ItemState& is = st.items[i];
      if (is.opacity < 0.02f) continue;
      const ItemDef& d = s.items[i];
      if (d.kind == ItemKind::Text) smallest = std::min(smallest, d.text.size * is.scale);
      if (d.kind == ItemKind::Matrix) {
        smallest = std::min(smallest, d.matrix.fontSize * is.scale);
        if (!d.matrix.label.empty()) smallest = std::min(smallest, d.matrix.labelSize * is.scale);
        if (!d.matrix.rowLabels.empty() || !d.matrix.colLabels.empty())
          smallest = std::min(smallest, d.matrix.headerSize * is.scale);
      }
    }
  }
  return smallest;
}
}  // namespace

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

TEST_CASE("s12-architecture: the section builds, with beats and a sensible length") {
  const SectionScript s = buildArchitectureSection(atlas());
  CHECK(s.id == "s12-architecture");
  CHECK(s.beats.size() >= 5);
  CHECK(s.duration >= 30);
  CHECK(s.duration <= 180);
  CHECK(smallestText(s) >= 28.0f);
}
