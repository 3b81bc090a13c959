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

std::optional<std::string> checkSettings(const SectionInputs& settings) {
  try {
    math::computeAttention(settings.attention, settings.options);
  } catch (const std::bad_alloc&) {
    return std::string("out of memory computing attention");
  } catch (const std::exception& e) {
    return std::string(e.what());
  }
  return std::nullopt;
}

std::optional<std::string> loadTensors(SectionInputs& settings,
                                       const std::vector<std::string>& specs) {
  if (specs.size() > static_cast<size_t>(io::kMaxLoads)) {
    return "given " + std::to_string(specs.size()) + " times; at most " +
           std::to_string(io::kMaxLoads) + " files";
  }
  SectionInputs next = settings;
  std::string files;
  for (const std::string& spec : specs) {
    const size_t eq = spec.find('=');
    const std::string kind = eq == std::string::npos ? kLoadKinds[0] : spec.substr(0, eq);
    const std::string file = eq == std::string::npos ? spec : spec.substr(eq + 1);
    const std::optional<io::TensorLimits> limits = limitsOf(kind);
    if (!limits) {
      return "unknown kind '" + escapeControls(kind) + "' (" + loadKindList() + ")";
    }
    // The limits make memory trouble unlikely; should it come, it names the file all the same.
    try {
      auto read = io::readTensor(file, *limits);
      if (const auto* error = std::get_if<io::TensorError>(&read)) return error->message;
      Eigen::MatrixXd m = std::get<Eigen::MatrixXd>(std::move(read));
      if (kind == "hidden") {
        next.attention.hidden = std::move(m);
        next.attention.hiddenSource = std::filesystem::path(file).filename().string();
      } else if (kind == "table") {
        next.attention.tokenTable = std::move(m);
      } else if (kind == "wq") {
        next.attention.wq = std::move(m);
      } else if (kind == "wk") {
        next.attention.wk = std::move(m);
      } else {
        next.attention.wv = std::move(m);
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

std::optional<std::string> applyMatmulFlags(SectionInputs& settings, const MatmulFlags& flags,
                                            const std::string& section) {
  const std::string flag = flags.firstFlag();
  if (flag.empty()) return std::nullopt;
  const SectionInfo* info = findSection(section);
  if (info == nullptr || !info->takesInputs) {
    return flag + ": only " + inputSectionList() + " has these settings, not '" +
           escapeControls(section) + "'";
  }
  SectionInputs next = settings;
  if (flags.prompt) {
    if (!validPrompt(*flags.prompt)) {
      return "--prompt: expected 1 to " + std::to_string(kMaxPromptDigits) +
             " digits 0-9 (one token each), got '" + escapeControls(*flags.prompt) + "'";
    }
    if (next.attention.hidden) {
      return std::string(
          "--prompt: the hidden states given with --load replace the prompt; "
          "give one or the other");
    }
    next.attention.prompt = *flags.prompt;
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

void toInspector(const SectionInputs& settings, ui::InspectorState& inspector) {
  inspector.prompt = settings.attention.prompt;
  inspector.table = settings.attention.tokenTable;
  inspector.wq = settings.attention.wq;
  inspector.wk = settings.attention.wk;
  inspector.wv = settings.attention.wv;
  inspector.hasHidden = settings.attention.hidden.has_value();
  inspector.hiddenSource = settings.attention.hiddenSource;
  inspector.scale = settings.options.scale;
  inspector.mask = settings.options.causalMask;
  inspector.temperature = static_cast<float>(settings.options.temperature);
}

std::optional<std::string> fromInspector(const ui::InspectorState& inspector,
                                         const SectionInputs& current, SectionInputs& next) {
  if (!inspector.hasHidden && !validPrompt(inspector.prompt)) {
    return "the prompt needs 1 to " + std::to_string(kMaxPromptDigits) + " digits 0-9";
  }
  SectionInputs edited = current;
  edited.attention.prompt = inspector.prompt;
  edited.attention.tokenTable = inspector.table;
  edited.attention.wq = inspector.wq;
  edited.attention.wk = inspector.wk;
  edited.attention.wv = inspector.wv;
  edited.options.scale = inspector.scale;
  edited.options.causalMask = inspector.mask;
  edited.options.temperature = inspector.temperature;
  if (auto error = checkSettings(edited)) return error;
  next = std::move(edited);
  return std::nullopt;
}

}  // namespace tfviz
