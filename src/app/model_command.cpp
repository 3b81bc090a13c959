// `tfviz model` (see model_settings.hpp): the next-token distribution, and every intermediate
// tensor of the pass as .npy with --dump.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <system_error>

#include "app/model_settings.hpp"
#include "core/log.hpp"
#include "export/png_writer.hpp"
#include "math/gpt.hpp"

namespace fs = std::filesystem;

namespace tfviz {
namespace {

// A .npy (version 1.0) of a float64 matrix, C order.
std::string npyBytes(const Eigen::MatrixXd& m) {
  char dict[160];
  std::snprintf(dict, sizeof dict,
                "{'descr': '<f8', 'fortran_order': False, 'shape': (%ld, %ld), }",
                static_cast<long>(m.rows()), static_cast<long>(m.cols()));
  std::string header = dict;
  const size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string out = "\x93NUMPY";
  out += '\x01';
  out += '\x00';
  const auto length = static_cast<uint16_t>(header.size());
  out += static_cast<char>(length & 0xff);
  out += static_cast<char>(length >> 8);
  out += header;
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rows = m;
  out.append(reinterpret_cast<const char*>(rows.data()),
             static_cast<size_t>(rows.size()) * sizeof(double));
  return out;
}

// Every intermediate of the trace, by name, in the order of the pass.
std::vector<std::pair<std::string, Eigen::MatrixXd>> traceTensors(const math::GptTrace& t) {
  std::vector<std::pair<std::string, Eigen::MatrixXd>> out;
  Eigen::MatrixXd ids(1, static_cast<Eigen::Index>(t.tokens.size()));
  for (size_t i = 0; i < t.tokens.size(); ++i) ids(0, static_cast<Eigen::Index>(i)) = t.tokens[i];
  out.emplace_back("tokens", ids);
  out.emplace_back("token_embedding", t.tokenEmbedding);
  out.emplace_back("position_embedding", t.positionEmbedding);
  out.emplace_back("x0", t.x0);
  for (size_t b = 0; b < t.blocks.size(); ++b) {
    const math::GptBlockTrace& k = t.blocks[b];
    const std::string p = "h" + std::to_string(b) + ".";
    out.emplace_back(p + "input", k.input);
    out.emplace_back(p + "ln_1", k.ln1);
    out.emplace_back(p + "attn.c_attn", k.qkv);
    for (size_t h = 0; h < k.heads.size(); ++h) {
      const std::string q = p + "attn.head" + std::to_string(h) + ".";
      out.emplace_back(q + "q", k.heads[h].q);
      out.emplace_back(q + "k", k.heads[h].k);
      out.emplace_back(q + "v", k.heads[h].v);
      out.emplace_back(q + "scores", k.heads[h].scores);
      out.emplace_back(q + "weights", k.heads[h].weights);
      out.emplace_back(q + "output", k.heads[h].output);
    }
    out.emplace_back(p + "attn.heads", k.attnConcat);
    out.emplace_back(p + "attn.c_proj", k.attnOut);
    out.emplace_back(p + "resid_1", k.resid1);
    out.emplace_back(p + "ln_2", k.ln2);
    out.emplace_back(p + "mlp.c_fc", k.fc);
    out.emplace_back(p + "mlp.gelu", k.gelu);
    out.emplace_back(p + "mlp.c_proj", k.mlpOut);
    out.emplace_back(p + "output", k.output);
  }
  out.emplace_back("ln_f", t.lnF);
  out.emplace_back("logits", t.logits);
  out.emplace_back("probs", t.probs.transpose());
  return out;
}

}  // namespace

int runModelCommand(const ModelCommand& cmd) {
  ModelInputs in;
  if (auto error = loadModel(cmd.model, in)) {
    logError(*error);
    return 2;
  }
  if (auto error = promptTokens(cmd.prompt, cmd.model.tokens, in)) {
    logError(*error);
    return 2;
  }
  std::error_code ec;
  if (!cmd.dump.empty()) {
    if (fs::exists(cmd.dump, ec) && !fs::is_directory(cmd.dump, ec)) {
      logError("--dump: '" + escapeControls(cmd.dump) + "'" + " exists and is not a folder");
      return 2;
    }
    if (!fs::exists(cmd.dump, ec) && !fs::create_directories(cmd.dump, ec)) {
      logError("--dump: cannot create '" + escapeControls(cmd.dump) + "': " + ec.message());
      return 2;
    }
  }
  const math::GptTrace trace = math::gptForward(*in.weights, in.tokens);
  std::vector<int> order(static_cast<size_t>(trace.probs.size()));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return trace.probs(a) > trace.probs(b); });
  for (int id : order) {
    const std::string name =
        in.vocab.empty() ? std::to_string(id) : escapeControls(in.vocab[static_cast<size_t>(id)]);
    std::printf("%s\t%.6f\n", name.c_str(), trace.probs(id));
  }
  if (!cmd.dump.empty()) {
    std::string error;
    for (const auto& [name, m] : traceTensors(trace)) {
      if (!writeFileAtomic(fs::path(cmd.dump) / (name + ".npy"), npyBytes(m), &error)) {
        logError("--dump: " + error);
        return 1;
      }
    }
  }
  return 0;
}

}  // namespace tfviz
