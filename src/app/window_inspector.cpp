// The window's inspector (see window_inspector.hpp).
#include "app/window_inspector.hpp"

namespace tfviz {

std::optional<SectionInputs> WindowInspector::apply() {
  SectionInputs next;
  const auto error = fromInspector(m_state, m_settings, next);
  m_state.error = error.value_or("");
  if (error) return std::nullopt;
  m_settings = next;
  return next;
}

std::optional<SectionInputs> WindowInspector::load() {
  SectionInputs next = m_settings;
  const std::string spec =
      std::string(kLoadKinds.at(static_cast<size_t>(m_state.loadKind))) + "=" + m_state.loadPath;
  if (auto error = loadTensors(next, {spec})) {
    m_state.error = *error;
    return std::nullopt;
  }
  m_settings = next;
  toInspector(m_settings, m_state);
  m_state.error.clear();
  m_state.message = "loaded " + m_state.loadPath;
  return next;
}

}  // namespace tfviz
