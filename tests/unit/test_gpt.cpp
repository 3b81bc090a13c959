// Unit tests for the GPT forward pass (src/math/gpt.cpp): against PyTorch's numbers for the
// committed tiny models (tests/data/gpt, written by tools/make_gpt_reference.py with its own
// nanoGPT implementation, in float64 on the float32 weights), every intermediate of the trace,
// causality, GELU and LayerNorm, the weights' shape check, the pass's refusals; and, skipped by
// default, the time of one pass of GPT-2 small's shape:
//   build/.../tests/tfviz_unit_tests -tc='gpt: forward pass time*' --no-skip
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "io/model_file.hpp"
#include "io/tensor_file.hpp"
#include "math/gpt.hpp"

namespace tfviz::math {
namespace {

namespace fs = std::filesystem;

fs::path dataDir() {
  return fs::path(TFVIZ_README).parent_path() / "tests" / "data" / "gpt";
}

Eigen::MatrixXd reference(const std::string& name) {
  const auto r = io::readTensor(dataDir() / (name + ".npy"));
  if (const auto* e = std::get_if<io::TensorError>(&r)) FAIL(e->message);
  return std::get<Eigen::MatrixXd>(r);
}

GptWeights load(const std::string& file) {
  const auto r = io::readGptWeights(dataDir() / file);
  if (const auto* e = std::get_if<io::ModelError>(&r)) FAIL(e->message);
  return std::get<GptWeights>(r);
}

std::vector<int> referenceTokens() {
  const Eigen::MatrixXd t = reference("tiny_tokens");
  std::vector<int> tokens;
  for (Eigen::Index i = 0; i < t.size(); ++i) tokens.push_back(static_cast<int>(t(i)));
  return tokens;
}

// The float64 references agree with the pass (in double, same float32 weights) to rounding; the
// issue asks for 1e-5 against PyTorch, which its float32 pass meets too (asserted by the script).
constexpr double kTolerance = 1e-9;

void near(const Eigen::MatrixXd& actual, const Eigen::MatrixXd& expected, const std::string& what) {
  CAPTURE(what);
  REQUIRE(actual.rows() == expected.rows());
  REQUIRE(actual.cols() == expected.cols());
  const double diff = (actual - expected).cwiseAbs().maxCoeff();
  CHECK(diff < kTolerance);
}

void checkAgainstReference(const std::string& file, const std::string& prefix) {
  CAPTURE(file);
  const GptWeights w = load(file);
  const std::vector<int> tokens = referenceTokens();
  const GptTrace t = gptForward(w, tokens);
  const auto T = static_cast<Eigen::Index>(tokens.size());
  CHECK(t.tokens == tokens);
  near(t.x0, reference(prefix + "_x0"), "x0");
  CHECK((t.tokenEmbedding + t.positionEmbedding - t.x0).cwiseAbs().maxCoeff() == 0.0);
  REQUIRE(t.blocks.size() == 2);
  for (std::size_t b = 0; b < 2; ++b) {
    const std::string p = prefix + "_b" + std::to_string(b) + "_";
    const GptBlockTrace& bt = t.blocks[b];
    near(bt.input, reference(p + "input"), p + "input");
    near(bt.ln1, reference(p + "ln1"), p + "ln1");
    near(bt.qkv, reference(p + "qkv"), p + "qkv");
    near(bt.attnConcat, reference(p + "concat"), p + "concat");
    near(bt.attnOut, reference(p + "attn_out"), p + "attn_out");
    near(bt.resid1, reference(p + "resid1"), p + "resid1");
    near(bt.fc, reference(p + "fc"), p + "fc");
    near(bt.output, reference(p + "output"), p + "output");
    REQUIRE(bt.heads.size() == 2);
    for (std::size_t h = 0; h < 2; ++h) {
      const GptHeadTrace& head = bt.heads[h];
      near(head.weights, reference(p + "h" + std::to_string(h) + "_weights"), p + "head weights");
      CHECK(head.q.rows() == T);
      CHECK(head.q.cols() == 4);
      // The head's slices of qkv, in nanoGPT's order: q, k, v, heads side by side.
      CHECK(head.q == bt.qkv.middleCols(static_cast<Eigen::Index>(h) * 4, 4));
      CHECK(head.k == bt.qkv.middleCols(8 + static_cast<Eigen::Index>(h) * 4, 4));
      CHECK(head.v == bt.qkv.middleCols(16 + static_cast<Eigen::Index>(h) * 4, 4));
      for (Eigen::Index r = 0; r < T; ++r) {
        CHECK(std::abs(head.weights.row(r).sum() - 1.0) < 1e-12);
        for (Eigen::Index c = r + 1; c < T; ++c) {
          CHECK(head.scores(r, c) == -std::numeric_limits<double>::infinity());
          CHECK(head.weights(r, c) == 0.0);
        }
        for (Eigen::Index c = 0; c <= r; ++c) {
          CHECK(std::abs(head.scores(r, c) - head.q.row(r).dot(head.k.row(c)) / 2.0) < 1e-12);
        }
      }
      near(head.output, head.weights * head.v, "head output");
    }
    for (Eigen::Index i = 0; i < bt.fc.size(); ++i) {
      CHECK(bt.gelu.data()[i] == gelu(bt.fc.data()[i]));
    }
    near(bt.output, bt.resid1 + bt.mlpOut, "residual");
  }
  near(t.lnF, reference(prefix + "_lnf"), "ln_f");
  near(t.logits, reference(prefix + "_logits"), "logits");
  near(t.probs.transpose(), reference(prefix + "_probs"), "probs");
  CHECK(std::abs(t.probs.sum() - 1.0) < 1e-12);
}

TEST_CASE("gpt: the forward pass matches PyTorch's numbers (bias true, .npz)") {
  checkAgainstReference("tiny.npz", "tiny");
}

TEST_CASE("gpt: the forward pass matches PyTorch's numbers (bias false, .safetensors)") {
  checkAgainstReference("tiny_nobias.safetensors", "tiny_nobias");
}

TEST_CASE("gpt: causal: a prefix of the prompt gives the same rows") {
  const GptWeights w = load("tiny.npz");
  const std::vector<int> tokens = referenceTokens();
  const GptTrace full = gptForward(w, tokens);
  for (std::size_t n = 1; n < tokens.size(); ++n) {
    CAPTURE(n);
    const GptTrace part = gptForward(w, std::span<const int>(tokens.data(), n));
    const auto rows = static_cast<Eigen::Index>(n);
    CHECK((part.logits - full.logits.topRows(rows)).cwiseAbs().maxCoeff() < 1e-12);
    CHECK((part.blocks[1].heads[1].weights - full.blocks[1].heads[1].weights.topLeftCorner(rows, rows))
              .cwiseAbs()
              .maxCoeff() < 1e-12);
    CHECK(part.probs.size() == 11);
  }
  // One token: its only attention weight is 1.
  const std::vector<int> one = {7};
  const GptTrace single = gptForward(w, one);
  CHECK(single.blocks[0].heads[0].weights(0, 0) == 1.0);
}

TEST_CASE("gpt: gelu and layerNorm") {
  CHECK(gelu(0.0) == 0.0);
  CHECK(gelu(1.0) == doctest::Approx(0.8413447460685429).epsilon(1e-15));
  CHECK(gelu(-1.0) == doctest::Approx(-0.15865525393145707).epsilon(1e-15));
  CHECK(gelu(-40.0) == 0.0);
  CHECK(gelu(40.0) == 40.0);

  Eigen::MatrixXd x(2, 4);
  x << 1, 2, 3, 4, 5, 5, 5, 5;
  LayerNormWeights plain{Eigen::VectorXf::Ones(4), Eigen::VectorXf()};
  const Eigen::MatrixXd y = layerNorm(x, plain);
  // Mean 2.5, biased variance 1.25.
  const double s = 1.0 / std::sqrt(1.25 + 1e-5);
  CHECK(y(0, 0) == doctest::Approx(-1.5 * s).epsilon(1e-14));
  CHECK(y(0, 3) == doctest::Approx(1.5 * s).epsilon(1e-14));
  CHECK(y.row(1).cwiseAbs().maxCoeff() == 0.0);  // a constant row: eps keeps it finite
  LayerNormWeights affine{Eigen::VectorXf::Constant(4, 2.0f), Eigen::VectorXf::Constant(4, 0.5f)};
  CHECK((layerNorm(x, affine).array() - 2.0 * y.array() - 0.5).abs().maxCoeff() < 1e-14);
}

GptWeights randomWeights(const GptConfig& c, unsigned seed, float scale) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> uniform(-scale, scale);
  const auto mat = [&](Eigen::Index r, Eigen::Index cols) {
    Eigen::MatrixXf m(r, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = uniform(rng);
    return m;
  };
  const auto vec = [&](Eigen::Index n, bool present, float base) {
    Eigen::VectorXf v(present ? n : 0);
    for (Eigen::Index i = 0; i < v.size(); ++i) v(i) = base + uniform(rng);
    return v;
  };
  const Eigen::Index e = c.nEmbd;
  GptWeights w;
  w.config = c;
  w.wte = mat(c.vocabSize, e);
  w.wpe = mat(c.blockSize, e);
  for (int i = 0; i < c.nLayer; ++i) {
    GptBlockWeights b;
    b.ln1 = {vec(e, true, 1.0f), vec(e, c.bias, 0.0f)};
    b.attn = {mat(3 * e, e), vec(3 * e, c.bias, 0.0f)};
    b.attnProj = {mat(e, e), vec(e, c.bias, 0.0f)};
    b.ln2 = {vec(e, true, 1.0f), vec(e, c.bias, 0.0f)};
    b.fc = {mat(4 * e, e), vec(4 * e, c.bias, 0.0f)};
    b.mlpProj = {mat(e, 4 * e), vec(e, c.bias, 0.0f)};
    w.blocks.push_back(std::move(b));
  }
  w.lnF = {vec(e, true, 1.0f), vec(e, c.bias, 0.0f)};
  return w;
}

TEST_CASE("gpt: checkGptWeights names the tensor; the pass refuses bad input") {
  GptConfig c;
  c.nLayer = 2;
  c.nHead = 2;
  c.nEmbd = 4;
  c.blockSize = 3;
  c.vocabSize = 5;
  const GptWeights good = randomWeights(c, 1, 0.5f);
  CHECK(checkGptWeights(good).empty());

  GptWeights w = good;
  w.blocks[0].attn.weight.resize(12, 5);
  CHECK(checkGptWeights(w) == "transformer.h.0.attn.c_attn.weight is 12 x 5, expected 12 x 4");
  w = good;
  w.blocks[1].mlpProj.bias.resize(3);
  CHECK(checkGptWeights(w) == "transformer.h.1.mlp.c_proj.bias has 3 entries, expected 4");
  w = good;
  w.lnF.bias.resize(0);
  CHECK(checkGptWeights(w) == "transformer.ln_f.bias has 0 entries, expected 4");
  w = good;
  w.config.bias = false;
  CHECK(checkGptWeights(w) ==
        "transformer.h.0.ln_1.bias has 4 entries, but the config has bias false (expected none)");
  w = good;
  w.wpe.resize(2, 4);
  CHECK(checkGptWeights(w) == "transformer.wpe.weight is 2 x 4, expected 3 x 4");
  w = good;
  w.blocks.pop_back();
  CHECK(checkGptWeights(w) == "transformer.h has 1 blocks, expected 2 (n_layer)");
  w = good;
  w.config.nHead = 3;
  CHECK(checkGptWeights(w) == "model_args: n_embd 4 is not a multiple of n_head 3");
  w = good;
  w.config.nLayer = 0;
  CHECK(checkGptWeights(w).starts_with("model_args: "));
  CHECK_THROWS_AS(gptForward(w, std::vector<int>{1}), std::invalid_argument);

  CHECK_THROWS_WITH_AS(gptForward(good, std::vector<int>{}),
                       "no tokens: the forward pass needs at least one", std::invalid_argument);
  CHECK_THROWS_WITH_AS(gptForward(good, std::vector<int>{1, 2, 3, 4}),
                       "4 tokens; this model's block_size is 3", std::invalid_argument);
  CHECK_THROWS_WITH_AS(gptForward(good, std::vector<int>{1, 5}),
                       "token 2 is id 5, outside the vocabulary (ids 0 to 4)",
                       std::invalid_argument);
  CHECK_THROWS_AS(gptForward(good, std::vector<int>{-1}), std::invalid_argument);
  const GptTrace t = gptForward(good, std::vector<int>{4, 0, 4});
  CHECK(t.logits.rows() == 3);
  CHECK(t.logits.cols() == 5);
  CHECK(t.probs.size() == 5);
  CHECK(t.logits.allFinite());
}

// GPT-2 small's shape with random weights, built in memory: the time of one pass of 64 tokens.
TEST_CASE("gpt: forward pass time, GPT-2 small shape, 64 tokens" * doctest::skip()) {
  GptConfig c;
  c.nLayer = 12;
  c.nHead = 12;
  c.nEmbd = 768;
  c.blockSize = 1024;
  c.vocabSize = 50257;
  const auto start = std::chrono::steady_clock::now();
  const GptWeights w = randomWeights(c, 7, 0.05f);
  const double buildSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<int> tokens(64);
  for (std::size_t i = 0; i < tokens.size(); ++i) tokens[i] = static_cast<int>((i * 7919) % 50257);
  double best = 1e9;
  for (int run = 0; run < 3; ++run) {
    const auto t0 = std::chrono::steady_clock::now();
    const GptTrace t = gptForward(w, tokens);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = std::min(best, s);
    CHECK(t.probs.allFinite());
    MESSAGE("run " << run + 1 << ": " << s * 1000.0 << " ms");
  }
  {
    // One token: the part of the time that does not grow with the prompt (reading every weight).
    const auto t0 = std::chrono::steady_clock::now();
    const GptTrace t = gptForward(w, std::vector<int>{42});
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(t.probs.allFinite());
    MESSAGE("1 token: " << s * 1000.0 << " ms");
  }
  MESSAGE("GPT-2 small shape, 64 tokens: best of 3 " << best * 1000.0 << " ms (weights built in "
                                                     << buildSeconds << " s)");
}

}  // namespace
}  // namespace tfviz::math
