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

// Section entry points (one file each under scene/sections/).
SectionScript buildMatmulSection(const FontAtlas& atlas);

}  // namespace tfviz
