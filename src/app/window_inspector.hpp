// The window's inspector: it edits a copy of the matmul explainer's settings (the prompt, the
// token table, the weights, the options, a file to load). An edit or a load that makes valid
// settings is handed back to be shown; a refused one leaves its reason in the inspector and the
// last good settings on screen. No GL, no window (the conversions it uses are unit-tested:
// toInspector, fromInspector).
#pragma once

#include <optional>

#include "app/matmul_settings.hpp"
#include "ui/inspector_panel.hpp"

namespace tfviz {

class WindowInspector {
 public:
  explicit WindowInspector(SectionInputs settings) : m_settings(std::move(settings)) {
    toInspector(m_settings, m_state);
    m_state.loadKinds.assign(kLoadKinds.begin(), kLoadKinds.end());
  }
  ui::InspectorState& state() { return m_state; }
  const SectionInputs& settings() const { return m_settings; }
  // The settings the inspector's edits make (ApplyInspector), when valid; they are then current.
  std::optional<SectionInputs> apply();
  // The settings with the inspector's file loaded as its kind (LoadTensorFile), when valid.
  std::optional<SectionInputs> load();

 private:
  SectionInputs m_settings;
  ui::InspectorState m_state;
};

}  // namespace tfviz
