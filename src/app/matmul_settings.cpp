// The matmul explainer's settings and the user's tensor files (see matmul_settings.hpp).
#include "app/matmul_settings.hpp"

#include <filesystem>
#include <new>
#include <stdexcept>

#include "core/log.hpp"
#include "io/tensor_file.hpp"
#include "scene/sections/matmul.hpp"

namespace tfviz {
namespace {

// The limits of each kind of tensor (io/tensor_file.hpp), in the words its messages use.
std::optional<io::TensorLimits> limitsOf(const std::string& kind) {
  io::TensorLimits limits;
  limits.colsAre = "d_model";
  if (kind == "hidden") {
    limits.what = "hidden states";
    limits.maxRows = io::kMaxTokens;
    limits.rowsAre = "tokens";
    limits.maxCols = io::kMaxModelDim;
  } else if (kind == "table") {
    limits.what = "the token table";
    limits.maxRows = io::kMaxTableRows;
    limits.rowsAre = "token ids";
    limits.maxCols = io::kMaxModelDim;
  } else if (kind == "wq" || kind == "wk" || kind == "wv") {
    limits.what = kind == "wq" ? "W_q" : kind == "wk" ? "W_k" : "W_v";
    limits.maxRows = io::kMaxHeadDim;
    limits.rowsAre = kind == "wv" ? "out: d_v" : "out: d_k";
    limits.maxCols = io::kMaxModelDim;
    limits.colsAre = "in: d_model";
  } else {
    return std::nullopt;
  }
  return limits;
}

}  // namespace

std::optional<std::string> checkSettings(const MatmulSettings& settings) {
  try {
    math::computeAttention(settings.inputs, settings.options);
  } catch (const std::bad_alloc&) {
    return std::string("out of memory computing attention");
  } catch (const std::exception& e) {
    return std::string(e.what());
  }
  return std::nullopt;
}

std::optional<std::string> loadTensors(MatmulSettings& settings,
                                       const std::vector<std::string>& specs) {
  if (specs.size() > static_cast<size_t>(io::kMaxLoads)) {
    return "given " + std::to_string(specs.size()) + " times; at most " +
           std::to_string(io::kMaxLoads) + " files";
  }
  MatmulSettings next = settings;
  std::string files;
  for (const std::string& spec : specs) {
    const size_t eq = spec.find('=');
    const std::string kind = eq == std::string::npos ? "hidden" : spec.substr(0, eq);
    const std::string file = eq == std::string::npos ? spec : spec.substr(eq + 1);
    const std::optional<io::TensorLimits> limits = limitsOf(kind);
    if (!limits) {
      return "unknown kind '" + escapeControls(kind) + "' (hidden, table, wq, wk or wv)";
    }
    // The limits make memory trouble unlikely; should it come, it names the file all the same.
    try {
      auto read = io::readTensor(file, *limits);
      if (const auto* error = std::get_if<io::TensorError>(&read)) return error->message;
      Eigen::MatrixXd m = std::get<Eigen::MatrixXd>(std::move(read));
      if (kind == "hidden") {
        next.inputs.hidden = std::move(m);
        next.inputs.hiddenSource = std::filesystem::path(file).filename().string();
      } else if (kind == "table") {
        next.inputs.tokenTable = std::move(m);
      } else if (kind == "wq") {
        next.inputs.wq = std::move(m);
      } else if (kind == "wk") {
        next.inputs.wk = std::move(m);
      } else {
        next.inputs.wv = std::move(m);
      }
    } catch (const std::bad_alloc&) {
      return escapeControls(file) + ": out of memory while reading it";
    } catch (const std::exception& e) {
      return escapeControls(file) + ": " + e.what();
    }
    files += (files.empty() ? "" : ", ") + escapeControls(file);
  }
  if (auto error = checkSettings(next)) return files + ": " + *error;
  settings = std::move(next);
  return std::nullopt;
}

std::optional<std::string> applyMatmulFlags(MatmulSettings& settings, const MatmulFlags& flags,
                                            const std::string& section) {
  const std::string flag = flags.firstFlag();
  if (flag.empty()) return std::nullopt;
  if (section != "matmul") {
    return flag + ": only the matmul section has these settings, not '" + escapeControls(section) +
           "'";
  }
  MatmulSettings next = settings;
  if (flags.prompt) {
    if (next.inputs.hidden) {
      return std::string(
          "--prompt: the hidden states given with --load replace the prompt; "
          "give one or the other");
    }
    next.inputs.prompt = *flags.prompt;
  }
  if (flags.noScale) next.options.scale = false;
  if (flags.causal) next.options.causalMask = true;
  if (flags.temperature) next.options.temperature = *flags.temperature;
  if (auto error = checkSettings(next)) {
    // Name the flag the error comes from: the temperature's own, else the prompt's.
    const bool temperature = error->find("temperature") != std::string::npos;
    return (temperature && flags.temperature ? "--temperature" : flag) + ": " + *error;
  }
  settings = std::move(next);
  return std::nullopt;
}

SectionScript buildMatmul(const FontAtlas& atlas, const MatmulSettings& settings) {
  return buildMatmulSection(atlas, settings.inputs, settings.options);
}

void toInspector(const MatmulSettings& settings, ui::InspectorState& inspector) {
  inspector.prompt = settings.inputs.prompt;
  inspector.table = settings.inputs.tokenTable;
  inspector.wq = settings.inputs.wq;
  inspector.wk = settings.inputs.wk;
  inspector.wv = settings.inputs.wv;
  inspector.hasHidden = settings.inputs.hidden.has_value();
  inspector.hiddenSource = settings.inputs.hiddenSource;
  inspector.scale = settings.options.scale;
  inspector.mask = settings.options.causalMask;
  inspector.temperature = static_cast<float>(settings.options.temperature);
}

std::optional<std::string> fromInspector(const ui::InspectorState& inspector,
                                         const MatmulSettings& current, MatmulSettings& next) {
  if (!inspector.hasHidden && !validPrompt(inspector.prompt)) {
    return "the prompt needs 1 to " + std::to_string(kMaxPromptDigits) + " digits 0-9";
  }
  MatmulSettings edited = current;
  edited.inputs.prompt = inspector.prompt;
  edited.inputs.tokenTable = inspector.table;
  edited.inputs.wq = inspector.wq;
  edited.inputs.wk = inspector.wk;
  edited.inputs.wv = inspector.wv;
  edited.options.scale = inspector.scale;
  edited.options.causalMask = inspector.mask;
  edited.options.temperature = inspector.temperature;
  if (auto error = checkSettings(edited)) return error;
  next = std::move(edited);
  return std::nullopt;
}

}  // namespace tfviz
