// nanoGPT's forward pass (karpathy/nanoGPT model.py) in double, with every intermediate kept for
// the model section and `tfviz model --dump`. The matrix products are Eigen's (one product per
// Linear, per head and for the logits); only GELU and the masks touch single entries.
#include "math/gpt.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace tfviz::math {
namespace {

constexpr double kLayerNormEps = 1e-5;

std::string dims(Eigen::Index rows, Eigen::Index cols) {
  return std::to_string(rows) + " x " + std::to_string(cols);
}

// "" when `m` is rows x cols, else the line checkGptWeights returns.
std::string checkMatrix(const std::string& name, const Eigen::MatrixXf& m, Eigen::Index rows,
                        Eigen::Index cols) {
  if (m.rows() == rows && m.cols() == cols) return "";
  return name + " is " + dims(m.rows(), m.cols()) + ", expected " + dims(rows, cols);
}

// A bias or LayerNorm vector: `size` entries when the config has biases (or `always`), none
// otherwise.
std::string checkVector(const std::string& name, const Eigen::VectorXf& v, Eigen::Index size,
                        bool present) {
  if (!present) {
    if (v.size() == 0) return "";
    return name + " has " + std::to_string(v.size()) +
           " entries, but the config has bias false (expected none)";
  }
  if (v.size() == size) return "";
  return name + " has " + std::to_string(v.size()) + " entries, expected " + std::to_string(size);
}

std::string checkLayerNorm(const std::string& name, const LayerNormWeights& ln, Eigen::Index n,
                           bool bias) {
  std::string e = checkVector(name + ".weight", ln.weight, n, true);
  if (e.empty()) e = checkVector(name + ".bias", ln.bias, n, bias);
  return e;
}

std::string checkLinear(const std::string& name, const LinearWeights& lin, Eigen::Index out,
                        Eigen::Index in, bool bias) {
  std::string e = checkMatrix(name + ".weight", lin.weight, out, in);
  if (e.empty()) e = checkVector(name + ".bias", lin.bias, out, bias);
  return e;
}

// nn.Linear on the rows of x: x @ weight.T + bias, in double.
Eigen::MatrixXd linear(const Eigen::MatrixXd& x, const LinearWeights& lin) {
  const Eigen::MatrixXd weight = lin.weight.cast<double>();
  Eigen::MatrixXd y = x * weight.transpose();
  if (lin.bias.size() > 0) y.rowwise() += lin.bias.cast<double>().transpose();
  return y;
}

// Softmax of each row; -inf entries (the mask) get weight 0. A row's maximum is finite: the
// diagonal is never masked.
Eigen::MatrixXd rowSoftmax(const Eigen::MatrixXd& scores) {
  Eigen::MatrixXd out(scores.rows(), scores.cols());
  for (Eigen::Index r = 0; r < scores.rows(); ++r) {
    const double top = scores.row(r).maxCoeff();
    out.row(r) = (scores.row(r).array() - top).exp().matrix();
    out.row(r) /= out.row(r).sum();
  }
  return out;
}

}  // namespace

double gelu(double x) {
  return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
}

Eigen::MatrixXd layerNorm(const Eigen::MatrixXd& x, const LayerNormWeights& w) {
  const Eigen::Index n = x.cols();
  Eigen::MatrixXd out(x.rows(), n);
  if (n == 0) return out;
  const Eigen::RowVectorXd weight = w.weight.cast<double>().transpose();
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    const double mean = x.row(r).mean();
    const Eigen::RowVectorXd centred = x.row(r).array() - mean;
    const double variance = centred.squaredNorm() / static_cast<double>(n);  // biased, as torch
    out.row(r) = centred * (1.0 / std::sqrt(variance + kLayerNormEps));
  }
  out.array().rowwise() *= weight.array();
  if (w.bias.size() > 0) out.rowwise() += w.bias.cast<double>().transpose();
  return out;
}

std::string checkGptWeights(const GptWeights& w) {
  const GptConfig& c = w.config;
  if (c.nLayer < 1 || c.nHead < 1 || c.nEmbd < 1 || c.blockSize < 1 || c.vocabSize < 1) {
    return "model_args: n_layer, n_head, n_embd, block_size and vocab_size must all be positive";
  }
  if (c.nEmbd % c.nHead != 0) {
    return "model_args: n_embd " + std::to_string(c.nEmbd) + " is not a multiple of n_head " +
           std::to_string(c.nHead);
  }
  const Eigen::Index e = c.nEmbd;
  std::string err = checkMatrix("transformer.wte.weight", w.wte, c.vocabSize, e);
  if (err.empty()) err = checkMatrix("transformer.wpe.weight", w.wpe, c.blockSize, e);
  if (!err.empty()) return err;
  if (w.blocks.size() != static_cast<std::size_t>(c.nLayer)) {
    return "transformer.h has " + std::to_string(w.blocks.size()) + " blocks, expected " +
           std::to_string(c.nLayer) + " (n_layer)";
  }
  for (std::size_t i = 0; i < w.blocks.size(); ++i) {
    const GptBlockWeights& b = w.blocks[i];
    const std::string p = "transformer.h." + std::to_string(i) + ".";
    if (err.empty()) err = checkLayerNorm(p + "ln_1", b.ln1, e, c.bias);
    if (err.empty()) err = checkLinear(p + "attn.c_attn", b.attn, 3 * e, e, c.bias);
    if (err.empty()) err = checkLinear(p + "attn.c_proj", b.attnProj, e, e, c.bias);
    if (err.empty()) err = checkLayerNorm(p + "ln_2", b.ln2, e, c.bias);
    if (err.empty()) err = checkLinear(p + "mlp.c_fc", b.fc, 4 * e, e, c.bias);
    if (err.empty()) err = checkLinear(p + "mlp.c_proj", b.mlpProj, e, 4 * e, c.bias);
    if (!err.empty()) return err;
  }
  return checkLayerNorm("transformer.ln_f", w.lnF, e, c.bias);
}

GptTrace gptForward(const GptWeights& w, std::span<const int> tokens) {
  if (const std::string err = checkGptWeights(w); !err.empty()) throw std::invalid_argument(err);
  const GptConfig& c = w.config;
  if (tokens.empty()) throw std::invalid_argument("no tokens: the forward pass needs at least one");
  if (tokens.size() > static_cast<std::size_t>(c.blockSize)) {
    throw std::invalid_argument(std::to_string(tokens.size()) + " tokens; this model's block_size is " +
                                std::to_string(c.blockSize));
  }
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i] < 0 || tokens[i] >= c.vocabSize) {
      throw std::invalid_argument("token " + std::to_string(i + 1) + " is id " +
                                  std::to_string(tokens[i]) + ", outside the vocabulary (ids 0 to " +
                                  std::to_string(c.vocabSize - 1) + ")");
    }
  }

  const auto T = static_cast<Eigen::Index>(tokens.size());
  const Eigen::Index E = c.nEmbd;
  const Eigen::Index hs = c.headSize();
  const double scale = 1.0 / std::sqrt(static_cast<double>(hs));

  GptTrace trace;
  trace.tokens.assign(tokens.begin(), tokens.end());
  trace.tokenEmbedding.resize(T, E);
  for (Eigen::Index t = 0; t < T; ++t) {
    trace.tokenEmbedding.row(t) = w.wte.row(tokens[static_cast<std::size_t>(t)]).cast<double>();
  }
  trace.positionEmbedding = w.wpe.topRows(T).cast<double>();
  trace.x0 = trace.tokenEmbedding + trace.positionEmbedding;

  // The causal mask, added to every head's scores: 0 on and below the diagonal, -inf above.
  Eigen::MatrixXd mask = Eigen::MatrixXd::Zero(T, T);
  for (Eigen::Index r = 0; r < T; ++r) {
    for (Eigen::Index col = r + 1; col < T; ++col) {
      mask(r, col) = -std::numeric_limits<double>::infinity();
    }
  }

  trace.blocks.reserve(w.blocks.size());
  const Eigen::MatrixXd* x = &trace.x0;
  for (const GptBlockWeights& bw : w.blocks) {
    GptBlockTrace& b = trace.blocks.emplace_back();
    b.input = *x;
    b.ln1 = layerNorm(b.input, bw.ln1);
    b.qkv = linear(b.ln1, bw.attn);
    b.attnConcat.resize(T, E);
    b.heads.resize(static_cast<std::size_t>(c.nHead));
    for (Eigen::Index h = 0; h < c.nHead; ++h) {
      GptHeadTrace& head = b.heads[static_cast<std::size_t>(h)];
      head.q = b.qkv.middleCols(h * hs, hs);
      head.k = b.qkv.middleCols(E + h * hs, hs);
      head.v = b.qkv.middleCols(2 * E + h * hs, hs);
      head.scores = (head.q * head.k.transpose()) * scale + mask;
      head.weights = rowSoftmax(head.scores);
      head.output = head.weights * head.v;
      b.attnConcat.middleCols(h * hs, hs) = head.output;
    }
    b.attnOut = linear(b.attnConcat, bw.attnProj);
    b.resid1 = b.input + b.attnOut;
    b.ln2 = layerNorm(b.resid1, bw.ln2);
    b.fc = linear(b.ln2, bw.fc);
    b.gelu = b.fc.unaryExpr([](double v) { return gelu(v); });
    b.mlpOut = linear(b.gelu, bw.mlpProj);
    b.output = b.resid1 + b.mlpOut;
    x = &b.output;
  }

  trace.lnF = layerNorm(*x, w.lnF);
  // The logits in slices of the vocabulary: GPT-2's wte in double would be 300 MB at once.
  trace.logits.resize(T, c.vocabSize);
  constexpr Eigen::Index kSlice = 4096;
  for (Eigen::Index v0 = 0; v0 < c.vocabSize; v0 += kSlice) {
    const Eigen::Index n = std::min<Eigen::Index>(kSlice, c.vocabSize - v0);
    const Eigen::MatrixXd rows = w.wte.middleRows(v0, n).cast<double>();
    trace.logits.middleCols(v0, n).noalias() = trace.lnF * rows.transpose();
  }
  const Eigen::RowVectorXd last = trace.logits.row(T - 1);
  trace.probs = (last.array() - last.maxCoeff()).exp().matrix().transpose();
  trace.probs /= trace.probs.sum();
  return trace;
}

}  // namespace tfviz::math
