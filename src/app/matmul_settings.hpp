// The matmul explainer's editable inputs (prompt, token table, W_q, W_k, W_v, the user's own
// hidden states) and options (scaling, causal mask, temperature), and loading them from the
// user's .npy or CSV files. A change that would not make a valid attention computation is refused
// with one line saying why, and the last good settings stay. Pure: no GL, no window.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "math/matmul.hpp"
#include "render/font_atlas.hpp"
#include "scene/script.hpp"
#include "scene/sections/registry.hpp"
#include "ui/inspector_panel.hpp"

namespace tfviz {

// Why `settings` cannot be shown (one line), or nothing when they can.
std::optional<std::string> checkSettings(const SectionInputs& settings);

// Applies `--load [KIND=]FILE` specs in order (KIND: hidden, table, wq, wk, wv; default hidden),
// then checks the result. Each file obeys its kind's limits (io/tensor_file.hpp: tokens, d_model,
// d_k, file size), at most io::kMaxLoads specs. On any error `settings` is left unchanged and the
// error (one line, control characters escaped) names the file.
std::optional<std::string> loadTensors(SectionInputs& settings,
                                       const std::vector<std::string>& specs);

// Applies the command line's inspector settings (--prompt, --no-scale, --causal, --temperature)
// for `section`, after any --load. Refused with one line naming the flag for any section but
// matmul, for --prompt when loaded hidden states replace the prompt, and when the result is not
// a valid attention computation; on error `settings` is left unchanged.
std::optional<std::string> applyMatmulFlags(SectionInputs& settings, const MatmulFlags& flags,
                                            const std::string& section);

// The inspector's fields for `settings` (what it holds of its own, the file to load, its
// messages, stays as it is).
void toInspector(const SectionInputs& settings, ui::InspectorState& inspector);
// The settings the inspector's edits make from `current`: in `next`, or one line saying why they
// cannot be shown (the prompt rule of validPrompt, then checkSettings), `next` left unchanged.
std::optional<std::string> fromInspector(const ui::InspectorState& inspector,
                                         const SectionInputs& current, SectionInputs& next);

}  // namespace tfviz
