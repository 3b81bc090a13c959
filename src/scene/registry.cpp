// The section registry (see registry.hpp).
#include "scene/registry.hpp"

namespace tfviz {

std::span<const SectionInfo> allSections() {
  static const SectionInfo sections[] = {
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
