// The section registry (see registry.hpp).
#include "scene/sections/registry.hpp"

namespace tfviz {

std::span<const SectionInfo> allSections() {
  // The tutorial (title, the 12 sections of "Transformers from Scratch", recap), then the
  // attention explainer of the client's notebook.
  static const SectionInfo sections[] = {
      {"title", "Transformers from scratch", buildTitleSection},
      {"s01-one-hot", "One-hot encoding", buildOneHotSection},
      {"s02-dot-product", "Dot product", buildDotProductSection},
      {"s03-matrix-multiplication", "Matrix multiplication", buildMatrixMultiplicationSection},
      {"s04-table-lookup", "Matrix multiplication as a table lookup", buildTableLookupSection},
      {"s05-first-order", "First-order sequence model", buildFirstOrderSection},
      {"s06-second-order", "Second-order sequence model", buildSecondOrderSection},
      {"s07-skips", "Second-order model with skips", buildSkipsSection},
      {"s08-attention", "Masking and attention", buildAttentionSection},
      {"s09-embeddings", "Embeddings", buildEmbeddingsSection},
      {"s10-positional-encoding", "Positional encoding", buildPositionalEncodingSection},
      {"s11-multi-head", "Multi-head attention", buildMultiHeadSection},
      {"s12-architecture", "The complete architecture", buildArchitectureSection},
      {"recap", "Recap", buildRecapSection},
      {"matmul", "Attention, entry by entry", buildMatmulSection},
  };
  return sections;
}

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

}  // namespace tfviz
