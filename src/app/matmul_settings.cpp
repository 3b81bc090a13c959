// The matmul explainer's settings and the user's tensor files (see matmul_settings.hpp).
#include "app/matmul_settings.hpp"

#include <filesystem>
#include <stdexcept>

#include "io/tensor_file.hpp"
#include "scene/sections/matmul.hpp"

namespace tfviz {

std::optional<std::string> checkSettings(const MatmulSettings& settings) {
  try {
    math::computeAttention(settings.inputs, settings.options);
  } catch (const std::exception& e) {
    return std::string(e.what());
  }
  return std::nullopt;
}

std::optional<std::string> loadTensors(MatmulSettings& settings,
                                       const std::vector<std::string>& specs) {
  MatmulSettings next = settings;
  std::string files;
  for (const std::string& spec : specs) {
    const size_t eq = spec.find('=');
    const std::string kind = eq == std::string::npos ? "hidden" : spec.substr(0, eq);
    const std::string file = eq == std::string::npos ? spec : spec.substr(eq + 1);
    auto read = io::readTensor(file);
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
    } else if (kind == "wv") {
      next.inputs.wv = std::move(m);
    } else {
      return "--load: unknown kind '" + kind + "' (hidden, table, wq, wk or wv)";
    }
    files += (files.empty() ? "" : ", ") + file;
  }
  if (auto error = checkSettings(next)) return files + ": " + *error;
  settings = std::move(next);
  return std::nullopt;
}

SectionScript buildMatmul(const FontAtlas& atlas, const MatmulSettings& settings) {
  return buildMatmulSection(atlas, settings.inputs, settings.options);
}

}  // namespace tfviz
