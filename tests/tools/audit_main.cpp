// tfviz_audit [ID...]: the layout audit (scene/layout_audit.hpp) of every section, or of the ones
// named, printed one problem per line. For section authors; the unit tests run the same audit.
#include <cstdio>
#include <string>

#include "render/font_atlas.hpp"
#include "scene/layout_audit.hpp"
#include "scene/sections/registry.hpp"

int main(int argc, char** argv) {
  using namespace tfviz;
  const FontAtlas atlas = FontAtlas::bake();
  int total = 0;
  for (const SectionInfo& info : allSections()) {
    bool wanted = argc == 1;
    for (int i = 1; i < argc; ++i) wanted = wanted || info.id == argv[i];
    if (!wanted) continue;
    const auto problems = auditLayout(info.build(atlas), atlas);
    std::printf("%s: %zu problems\n", info.id.c_str(), problems.size());
    for (const AuditProblem& p : problems) std::printf("  %s\n", describe(p).c_str());
    total += static_cast<int>(problems.size());
  }
  return total == 0 ? 0 : 1;
}
