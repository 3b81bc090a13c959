// The section registry: every section tfviz knows, in presentation order. CPU only.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "math/matmul.hpp"
#include "render/font_atlas.hpp"
#include "scene/script.hpp"
#include "scene/sections/model.hpp"

namespace tfviz {

// What a section is built from besides the font atlas. Today one kind: the attention
// explainer's inputs (the prompt, the token table, the weights, or the user's own hidden states)
// and options (scaling, the causal mask, temperature), which the inspector, --load and the
// explainer's flags edit. A user's tensors, a scene file or a model's weights are the kinds to
// come. A section that takes no inputs ignores them.
struct SectionInputs {
  math::AttentionInputs attention = math::notebookInputs();
  math::AttentionOptions options{};
  ModelInputs model{};  // the model section's: no weights means the shipped model and prompt
};

struct SectionInfo {
  std::string id;
  std::string title;
  std::function<SectionScript(const FontAtlas&, const SectionInputs&)> make;
  bool takesInputs = false;  // the inspector, --load and the explainer's flags apply to it
  bool takesModel = false;   // --weights, --vocab, --prompt words and the Model panel apply to it

  // Builds the section from `inputs` (the defaults: the built-in numbers). A section that takes
  // inputs throws std::invalid_argument for inputs that checkSettings would refuse.
  SectionScript build(const FontAtlas& atlas, const SectionInputs& inputs = {}) const {
    return make(atlas, inputs);
  }
};

// Every section: the scene sections (see setSceneSections) first, then the built-in ones.
std::span<const SectionInfo> allSections();
// Sections defined outside the program (a Python scene file, the Python module), listed before
// the built-in ones by allSections() and findSection(). Set by the command that loads them before
// anything reads the list; setting them again invalidates pointers into the list. Throws
// std::invalid_argument (one line) when an id is empty, given twice, or a built-in section's.
void setSceneSections(std::vector<SectionInfo> sections);
// A section already built (by a scene): its info builds a copy of `script`.
SectionInfo prebuiltSection(SectionScript script);
// Whether a section is one of setSceneSections'.
bool isSceneSection(std::string_view id);
const SectionInfo* findSection(std::string_view id);
// "matmul, s01-..." for error messages.
std::string sectionIdList();
// The ids of the sections that take inputs, for error messages: "the matmul section".
std::string inputSectionList();
// The first section that takes inputs (where the window opens after --load), or none.
const SectionInfo* firstSectionWithInputs();

// Section entry points, one file each under scene/sections/, in presentation order.
SectionScript buildTitleSection(const FontAtlas& atlas);       // sections/title.cpp
SectionScript buildOneHotSection(const FontAtlas& atlas);      // sections/s01_one_hot.cpp
SectionScript buildDotProductSection(const FontAtlas& atlas);  // sections/s02_dot_product.cpp
SectionScript buildMatrixMultiplicationSection(
    const FontAtlas& atlas);  // sections/s03_matrix_multiplication.cpp
SectionScript buildTableLookupSection(const FontAtlas& atlas);  // sections/s04_table_lookup.cpp
SectionScript buildFirstOrderSection(const FontAtlas& atlas);   // sections/s05_first_order.cpp
SectionScript buildSecondOrderSection(const FontAtlas& atlas);  // sections/s06_second_order.cpp
SectionScript buildSkipsSection(const FontAtlas& atlas);        // sections/s07_skips.cpp
SectionScript buildAttentionSection(const FontAtlas& atlas);    // sections/s08_attention.cpp
SectionScript buildEmbeddingsSection(const FontAtlas& atlas);   // sections/s09_embeddings.cpp
SectionScript buildPositionalEncodingSection(
    const FontAtlas& atlas);  // sections/s10_positional_encoding.cpp
SectionScript buildMultiHeadSection(const FontAtlas& atlas);     // sections/s11_multi_head.cpp
SectionScript buildArchitectureSection(const FontAtlas& atlas);  // sections/s12_architecture.cpp
SectionScript buildRecapSection(const FontAtlas& atlas);         // sections/recap.cpp
SectionScript buildMatmulSection(const FontAtlas& atlas);        // sections/matmul.cpp

}  // namespace tfviz
