// Section 9 (embeddings): its numbers against the article's, and the cluster plot: rings that
// enclose their dots, dots coloured by cluster, a legend of plotted words only.
// (The section itself is checked with every other one in test_sections.cpp.)
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <glm/geometric.hpp>

#include "math/tutorial.hpp"
#include "scene/sections/registry.hpp"
#include "scene/sections/s09_embeddings.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;
using test::beatTime;
using test::row;

TEST_CASE("s09-embeddings: a one-hot pair model for 50,000 words has over 100 trillion elements") {
  const EmbeddingSectionNumbers n = embeddingSectionNumbers();
  CHECK(n.vocabSize == 50000);
  CHECK(n.pairRows == doctest::Approx(2.5e9));
  CHECK(n.elements == doctest::Approx(50000.0 * 50000.0 * 50000.0));
  CHECK(n.elements > 1e14);
}

TEST_CASE("s09-embeddings: the word positions and the projection matmul") {
  const EmbeddingSectionNumbers n = embeddingSectionNumbers();
  REQUIRE(n.vocab.size() == 13);
  CHECK(n.embedding.row(math::wordIndex(n.vocab, "battery")).isApprox(row({0.2, 1.0})));
  CHECK(n.embedding.row(math::wordIndex(n.vocab, "program")).isApprox(row({-0.3, 1.1})));
  CHECK(n.embedding.row(math::wordIndex(n.vocab, "down")).isApprox(row({-0.9, -0.8})));
  CHECK(n.embedding.row(math::wordIndex(n.vocab, "out")).isApprox(row({-0.5, -1.2})));
  CHECK(n.embedding.rows() == 13);
  CHECK(n.embedding.cols() == 2);
  CHECK(n.battery.isApprox(row({0.2, 1.0})));
  CHECK(n.program.isApprox(row({-0.3, 1.1})));
  int placed = 0;
  for (bool p : n.placed) placed += p ? 1 : 0;
  CHECK(placed == 4);
}

TEST_CASE("s09-embeddings: de-embedding program, argmax and softmax") {
  const EmbeddingSectionNumbers n = embeddingSectionNumbers();
  CHECK(n.deEmbedding.rows() == 2);
  CHECK(n.deEmbedding.cols() == 13);
  CHECK(n.programScore == doctest::Approx(1.02));
  REQUIRE(n.scores.size() == 13);
  CHECK(n.scores.isApprox(
      row({-0.7, 0.9, 0.1, -0.2, 0.0, -0.7, 0.8, -0.3, -0.6, 1.0, 0.4, -0.8, 0.0})));
  CHECK(n.vocab[static_cast<size_t>(n.best)] == "program");
  CHECK(n.probabilities.sum() == doctest::Approx(1.0));
  CHECK((n.probabilities.array() > 0).all());
  CHECK(n.vocab[static_cast<size_t>(n.mostLikely)] == "program");
  // e^x / sum e^x, by hand for program.
  CHECK(n.probabilities(9) == doctest::Approx(std::exp(1.0) / n.scores.array().exp().sum()));
}

namespace {

// The words of a text ("battery, program: components" -> battery, program, components).
std::vector<std::string> wordsOf(const std::string& s) {
  std::vector<std::string> out;
  std::string w;
  for (char c : s + " ") {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      w += c;
    } else if (!w.empty()) {
      out.push_back(w);
      w.clear();
    }
  }
  return out;
}

float distanceToSegment(glm::vec2 p, glm::vec2 a, glm::vec2 b) {
  const glm::vec2 d = b - a;
  const float t = std::clamp(glm::dot(p - a, d) / glm::dot(d, d), 0.0f, 1.0f);
  return glm::length(p - (a + t * d));
}

bool insidePolygon(glm::vec2 p, const std::vector<glm::vec2>& poly) {
  bool in = false;
  for (size_t i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
    if ((poly[i].y > p.y) != (poly[j].y > p.y) &&
        p.x < (poly[j].x - poly[i].x) * (p.y - poly[i].y) / (poly[j].y - poly[i].y) + poly[i].x)
      in = !in;
  }
  return in;
}

struct Plot {
  const SectionScript& script;
  SceneState state;
  std::optional<size_t> visible(const std::string& name) const {
    for (size_t i = 0; i < script.items.size(); ++i)
      if (script.items[i].name == name && state.items[i].opacity > 0.5f) return i;
    return std::nullopt;
  }
};

}  // namespace

TEST_CASE(
    "s09-embeddings: cluster rings enclose their dots with a margin, in the cluster's colour") {
  const SectionScript script = buildEmbeddingsSection(test::atlas());
  const Plot plot{script, evaluate(script, beatTime(script, "clusters"))};
  const std::string prefix = "cluster ring: ";
  int rings = 0;
  std::vector<glm::vec4> colours;
  for (size_t i = 0; i < script.items.size(); ++i) {
    const ItemDef& def = script.items[i];
    if (def.name.rfind(prefix, 0) != 0 || plot.state.items[i].opacity < 0.5f) continue;
    ++rings;
    REQUIRE(def.kind == ItemKind::Path);
    REQUIRE(def.path.closed);
    const ItemState& ring = plot.state.items[i];
    std::vector<glm::vec2> poly;
    for (glm::vec2 p : def.path.points) poly.push_back(ring.pos + p * ring.scale);
    colours.push_back(ring.color);
    const std::vector<std::string> members = wordsOf(def.name.substr(prefix.size()));
    CHECK(members.size() >= 2);
    for (const std::string& w : members) {
      CAPTURE(def.name);
      CAPTURE(w);
      const std::optional<size_t> dot = plot.visible(w + " dot");
      REQUIRE(dot.has_value());
      const ItemState& d = plot.state.items[*dot];
      CHECK(insidePolygon(d.pos, poly));
      float nearest = 1e9f;
      for (size_t k = 0; k < poly.size(); ++k)
        nearest = std::min(nearest, distanceToSegment(d.pos, poly[k], poly[(k + 1) % poly.size()]));
      // The whole dot is inside, 12 px clear of the ring (minus half the ring's stroke).
      CHECK(nearest - def.path.width / 2 >= d.size.x / 2 + 12);
      // The dot wears its cluster's colour.
      CHECK(glm::length(d.color - ring.color) < 1e-3f);
    }
  }
  CHECK(rings == 2);
  REQUIRE(colours.size() == 2);
  CHECK(glm::length(colours[0] - colours[1]) > 0.1f);
}

TEST_CASE("s09-embeddings: the legend names plotted words only, in their cluster's colour") {
  const EmbeddingSectionNumbers n = embeddingSectionNumbers();
  const SectionScript script = buildEmbeddingsSection(test::atlas());
  const Plot plot{script, evaluate(script, beatTime(script, "clusters"))};
  int lines = 0;
  for (size_t i = 0; i < script.items.size(); ++i) {
    const ItemDef& def = script.items[i];
    if (def.name != "cluster legend" || plot.state.items[i].opacity < 0.5f) continue;
    ++lines;
    int named = 0;
    for (const std::string& w : wordsOf(def.text.text)) {
      if (std::find(n.vocab.begin(), n.vocab.end(), w) == n.vocab.end()) continue;
      ++named;
      CAPTURE(def.text.text);
      CAPTURE(w);
      const std::optional<size_t> dot = plot.visible(w + " dot");
      REQUIRE(dot.has_value());  // a word in the legend is a word on the plot
      CHECK(glm::length(plot.state.items[*dot].color - plot.state.items[i].color) < 1e-3f);
    }
    CHECK(named >= 2);
  }
  CHECK(lines == 2);
}
