// Lookups in a built section, shared by the section tests (see test_support.hpp).
#include "unit/test_support.hpp"

#include <doctest/doctest.h>

#include <sstream>

#include "scene/kit.hpp"

namespace tfviz::test {

double beatTime(const SectionScript& script, const std::string& label) {
  for (const Beat& b : script.beats)
    if (b.label == label) return b.time;
  FAIL("no beat '" << label << "'");
  return 0;
}

bool hasBeat(const SectionScript& script, const std::string& label) {
  for (const Beat& b : script.beats)
    if (b.label == label) return true;
  return false;
}

std::optional<size_t> findItem(const SectionScript& script, const std::string& name) {
  for (size_t i = 0; i < script.items.size(); ++i)
    if (script.items[i].name == name) return i;
  return std::nullopt;
}

std::optional<size_t> findItem(const SectionScript& script, const std::string& name,
                               ItemKind kind) {
  for (size_t i = 0; i < script.items.size(); ++i)
    if (script.items[i].kind == kind && script.items[i].name == name) return i;
  return std::nullopt;
}

std::optional<size_t> findText(const SectionScript& script, const std::string& text) {
  for (size_t i = 0; i < script.items.size(); ++i)
    if (script.items[i].kind == ItemKind::Text && script.items[i].text.text == text) return i;
  return std::nullopt;
}

std::optional<size_t> findMatrix(const SectionScript& script, const std::string& label) {
  for (size_t i = 0; i < script.items.size(); ++i)
    if (script.items[i].kind == ItemKind::Matrix && script.items[i].matrix.label == label) return i;
  return std::nullopt;
}

std::vector<std::string> textSizeProblems(const SectionScript& script, double t) {
  std::vector<std::string> problems;
  const SceneState state = evaluate(script, t);
  for (size_t i = 0; i < script.items.size(); ++i) {
    const ItemDef& def = script.items[i];
    const ItemState& s = state.items[i];
    if (s.opacity < 0.02f) continue;
    auto check = [&](const char* what, float size) {
      if (size * s.scale >= kit::kMinTextSize) return;
      std::ostringstream out;
      out << "'" << def.name << "' " << what << " is " << size * s.scale << " px";
      problems.push_back(out.str());
    };
    if (def.kind == ItemKind::Text && !def.text.text.empty()) check("text", def.text.size);
    if (def.kind != ItemKind::Matrix) continue;
    check("entries", def.matrix.fontSize);
    if (!def.matrix.label.empty()) check("label", def.matrix.labelSize);
    if (!def.matrix.rowLabels.empty() || !def.matrix.colLabels.empty())
      check("headers", def.matrix.headerSize);
  }
  return problems;
}

std::string cellText(const SectionScript& script, const SceneState& state, size_t item, int cell) {
  const CellState& c = state.items.at(item).cells.at(static_cast<size_t>(cell));
  return script.items[item].matrix.texts.at(static_cast<size_t>(c.mix >= 1 ? c.textB : c.textA));
}

Rect boundsIn(const SectionScript& script, const SceneState& state, size_t item) {
  return itemBounds(atlas(), script.items.at(item), state.items.at(item));
}

Rect boundsAt(const SectionScript& script, size_t item, double t) {
  return boundsIn(script, evaluate(script, t), item);
}

}  // namespace tfviz::test
