// The section registry: every section tfviz knows, in presentation order. CPU only.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "render/font_atlas.hpp"
#include "scene/script.hpp"

namespace tfviz {

struct SectionInfo {
  std::string id;
  std::string title;
  std::function<SectionScript(const FontAtlas&)> build;
};

std::span<const SectionInfo> allSections();
const SectionInfo* findSection(std::string_view id);
// "matmul, s01-..." for error messages.
std::string sectionIdList();

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
