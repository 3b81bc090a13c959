// The model section's inputs and `tfviz model` (see model_settings.hpp).
#include "app/model_settings.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "core/log.hpp"
#include "io/model_file.hpp"
#include "io/shipped_model.hpp"
#include "math/gpt.hpp"

namespace fs = std::filesystem;

namespace tfviz {
namespace {

std::string quoted(const std::string& s) {
  return "'" + escapeControls(s) + "'";
}

}  // namespace

std::optional<std::string> loadModel(const ModelFlags& flags, ModelInputs& out) {
  if (flags.weights) {
    auto read = io::readGptWeights(*flags.weights);
    if (const io::ModelError* e = std::get_if<io::ModelError>(&read))
      return "--weights: " + e->message;
    out.weights =
        std::make_shared<const math::GptWeights>(std::move(std::get<math::GptWeights>(read)));
    out.source = fs::path(*flags.weights).filename().string();
    out.vocab.clear();
  } else {
    const io::ShippedModel& shipped = io::shippedModel();
    out.weights = shipped.weights;
    out.vocab = shipped.vocab;
    out.source = shipped.name;
  }
  if (flags.vocab) {
    auto read = io::readVocab(*flags.vocab);
    if (const io::ModelError* e = std::get_if<io::ModelError>(&read))
      return "--vocab: " + e->message;
    out.vocab = std::move(std::get<std::vector<std::string>>(read));
  }
  const int vocabSize = out.weights->config.vocabSize;
  if (!out.vocab.empty() && static_cast<int>(out.vocab.size()) != vocabSize) {
    return "--vocab: " + std::to_string(out.vocab.size()) +
           " tokens, but the model has a vocabulary of " + std::to_string(vocabSize);
  }
  return std::nullopt;
}

std::optional<std::string> promptTokens(const std::optional<std::string>& prompt,
                                        const std::optional<std::vector<int>>& tokens,
                                        ModelInputs& out) {
  if (prompt) {
    if (out.vocab.empty())
      return "--prompt: these weights come without a vocabulary; give --vocab FILE, or the prompt "
             "as --tokens 1,2,3";
    auto ids = tokenize(*prompt, out.vocab);
    if (const std::string* e = std::get_if<std::string>(&ids)) return "--prompt: " + *e;
    out.tokens = std::get<std::vector<int>>(ids);
  } else if (tokens) {
    out.tokens = *tokens;
  }
  if (out.tokens.empty()) return std::nullopt;
  const math::GptConfig& c = out.weights->config;
  const char* flag = prompt ? "--prompt" : "--tokens";
  if (static_cast<int>(out.tokens.size()) > c.blockSize)
    return std::string(flag) + ": " + std::to_string(out.tokens.size()) +
           " tokens, but the model reads at most " + std::to_string(c.blockSize) + " (block_size)";
  for (int id : out.tokens) {
    if (id >= c.vocabSize)
      return std::string(flag) + ": token id " + std::to_string(id) +
             " is outside the vocabulary (0 to " + std::to_string(c.vocabSize - 1) + ")";
  }
  return std::nullopt;
}

std::variant<std::vector<int>, std::string> tokenize(const std::string& prompt,
                                                     const std::vector<std::string>& vocab) {
  std::vector<int> ids;
  size_t start = 0;
  while (start < prompt.size()) {
    if (prompt[start] == ' ') {
      ++start;
      continue;
    }
    size_t end = prompt.find(' ', start);
    if (end == std::string::npos) end = prompt.size();
    const std::string word = prompt.substr(start, end - start);
    const auto it = std::find(vocab.begin(), vocab.end(), word);
    if (it == vocab.end()) {
      std::string known;
      for (size_t i = 0; i < vocab.size() && i < 12; ++i) known += (i ? ", " : "") + vocab[i];
      if (vocab.size() > 12) known += ", ...";
      return "the word " + quoted(word) + " is not in the vocabulary (" + known + ")";
    }
    ids.push_back(static_cast<int>(it - vocab.begin()));
    start = end;
  }
  if (ids.empty()) return std::string("the prompt has no words");
  return ids;
}

std::optional<std::string> applyModelFlags(SectionInputs& settings, const ModelFlags& flags,
                                           const std::optional<std::string>& prompt,
                                           const std::string& section) {
  if (!flags.any() && !prompt) return std::nullopt;
  const SectionInfo* info = findSection(section);
  const bool model = section == "all" || (info != nullptr && info->takesModel);
  if (!model) {
    const std::string flag = flags.weights  ? "--weights"
                             : flags.vocab  ? "--vocab"
                             : flags.tokens ? "--tokens"
                                            : "--prompt";
    return flag + ": only the model section uses a model, not " + quoted(section);
  }
  if (prompt && flags.tokens) return std::string("--prompt and --tokens: give one or the other");
  ModelInputs next = settings.model;
  if (auto error = loadModel(flags, next)) return error;
  if (!flags.weights && !flags.vocab && !prompt && !flags.tokens) return std::nullopt;
  if (auto error = promptTokens(prompt, flags.tokens, next)) return error;
  settings.model = std::move(next);
  return std::nullopt;
}

}  // namespace tfviz
