// The section registry (see registry.hpp).
#include "scene/sections/registry.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "io/shipped_model.hpp"
#include "scene/sections/matmul.hpp"

namespace tfviz {
namespace {

// A section with no inputs.
template <SectionScript (*build)(const FontAtlas&)>
SectionScript plain(const FontAtlas& atlas, const SectionInputs& /*inputs*/) {
  return build(atlas);
}

SectionScript buildExplainer(const FontAtlas& atlas, const SectionInputs& inputs) {
  return buildMatmulSection(atlas, inputs.attention, inputs.options);
}

// The model section: the shipped model and its prompt unless the inputs name others.
SectionScript buildModel(const FontAtlas& atlas, const SectionInputs& inputs) {
  ModelInputs in = inputs.model;
  if (!in.weights) {
    const io::ShippedModel& shipped = io::shippedModel();
    in.weights = shipped.weights;
    in.vocab = shipped.vocab;
    in.source = shipped.name;
  }
  if (in.tokens.empty()) {
    // The shipped prompt, word by word, when the vocabulary has its words; else token 0.
    const std::string prompt = io::kShippedPrompt;
    size_t start = 0;
    while (start < prompt.size()) {
      size_t end = prompt.find(' ', start);
      if (end == std::string::npos) end = prompt.size();
      const auto it =
          std::find(in.vocab.begin(), in.vocab.end(), prompt.substr(start, end - start));
      if (it == in.vocab.end()) {
        in.tokens.clear();
        break;
      }
      in.tokens.push_back(static_cast<int>(it - in.vocab.begin()));
      start = end + 1;
    }
    if (in.tokens.empty()) in.tokens = {0};
  }
  return buildModelSection(atlas, in);
}

std::span<const SectionInfo> builtInSections();

// The scene sections, then the built-in ones.
std::vector<SectionInfo>& sectionList() {
  static std::vector<SectionInfo> list = [] {
    const auto builtIn = builtInSections();
    return std::vector<SectionInfo>(builtIn.begin(), builtIn.end());
  }();
  return list;
}
size_t& sceneCount() {
  static size_t count = 0;
  return count;
}

}  // namespace

std::span<const SectionInfo> allSections() {
  return sectionList();
}

void setSceneSections(std::vector<SectionInfo> sections) {
  std::vector<SectionInfo> list;
  for (const SectionInfo& s : sections) {
    if (s.id.empty()) throw std::invalid_argument("a scene section has an empty id");
    for (const SectionInfo& b : builtInSections()) {
      if (b.id == s.id)
        throw std::invalid_argument("scene section '" + s.id +
                                    "' has the id of a built-in section; choose another id");
    }
    for (const SectionInfo& o : list) {
      if (o.id == s.id)
        throw std::invalid_argument("two scene sections have the id '" + s.id + "'");
    }
    list.push_back(s);
  }
  sceneCount() = list.size();
  const auto builtIn = builtInSections();
  list.insert(list.end(), builtIn.begin(), builtIn.end());
  sectionList() = std::move(list);
}

SectionInfo prebuiltSection(SectionScript script) {
  auto shared = std::make_shared<const SectionScript>(std::move(script));
  SectionInfo info{.id = shared->id, .title = shared->title};
  info.make = [shared](const FontAtlas&, const SectionInputs&) { return *shared; };
  return info;
}

bool isSceneSection(std::string_view id) {
  const auto list = allSections();
  for (size_t i = 0; i < sceneCount() && i < list.size(); ++i) {
    if (list[i].id == id) return true;
  }
  return false;
}

namespace {
std::span<const SectionInfo> builtInSections() {
  // The tutorial (title, the 12 sections of "Transformers from Scratch", recap), then the
  // attention explainer of the client's notebook.
  static const SectionInfo sections[] = {
      {"title", "Transformers from scratch", plain<buildTitleSection>},
      {"s01-one-hot", "One-hot encoding", plain<buildOneHotSection>},
      {"s02-dot-product", "Dot product", plain<buildDotProductSection>},
      {"s03-matrix-multiplication", "Matrix multiplication",
       plain<buildMatrixMultiplicationSection>},
      {"s04-table-lookup", "Matrix multiplication as a table lookup",
       plain<buildTableLookupSection>},
      {"s05-first-order", "First-order sequence model", plain<buildFirstOrderSection>},
      {"s06-second-order", "Second-order sequence model", plain<buildSecondOrderSection>},
      {"s07-skips", "Second-order model with skips", plain<buildSkipsSection>},
      {"s08-attention", "Masking and attention", plain<buildAttentionSection>},
      {"s09-embeddings", "Embeddings", plain<buildEmbeddingsSection>},
      {"s10-positional-encoding", "Positional encoding", plain<buildPositionalEncodingSection>},
      {"s11-multi-head", "Multi-head attention", plain<buildMultiHeadSection>},
      {"s12-architecture", "The complete architecture", plain<buildArchitectureSection>},
      {"recap", "Recap", plain<buildRecapSection>},
      {"model", "Inside a trained GPT", buildModel, false, true},
      {"matmul", "Attention, entry by entry", buildExplainer, true},
  };
  return sections;
}
}  // namespace

const SectionInfo* findSection(std::string_view id) {
  for (const SectionInfo& s : allSections()) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

std::string sectionIdList() {
  std::string out;
  for (const SectionInfo& s : allSections()) {
    if (!out.empty()) out += ", ";
    out += s.id;
  }
  return out;
}

std::string inputSectionList() {
  std::string out;
  for (const SectionInfo& s : allSections()) {
    if (!s.takesInputs) continue;
    if (!out.empty()) out += ", ";
    out += s.id;
  }
  return "the " + out + " section";
}

const SectionInfo* firstSectionWithInputs() {
  for (const SectionInfo& s : allSections()) {
    if (s.takesInputs) return &s;
  }
  return nullptr;
}

}  // namespace tfviz
