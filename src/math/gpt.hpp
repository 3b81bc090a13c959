// A GPT's forward pass, with every intermediate kept: the architecture of nanoGPT (karpathy/nanoGPT
// model.py). Token and position embeddings; blocks of x + attn(ln_1(x)) then x + mlp(ln_2(x));
// causal multi-head self-attention with c_attn (q, k, v in one Linear, split in that order, heads
// side by side) and c_proj; an MLP of c_fc, exact GELU (nn.GELU()), c_proj; ln_f; lm_head tied to
// the token embedding. LayerNorm with eps 1e-5, with or without bias. Weights are stored as in the
// file (float32); the pass computes in double. CPU only, no GL.
#pragma once

#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace tfviz::math {

// nanoGPT's model_args.
struct GptConfig {
  int nLayer = 0;
  int nHead = 0;
  int nEmbd = 0;
  int blockSize = 0;
  int vocabSize = 0;
  bool bias = true;  // biases in every Linear and LayerNorm
  int headSize() const { return nHead > 0 ? nEmbd / nHead : 0; }
};

struct LayerNormWeights {
  Eigen::VectorXf weight;  // n_embd
  Eigen::VectorXf bias;    // n_embd, or empty without bias
};

// nn.Linear: y = x @ weight.T + bias.
struct LinearWeights {
  Eigen::MatrixXf weight;  // out_features x in_features
  Eigen::VectorXf bias;    // out_features, or empty without bias
};

struct GptBlockWeights {
  LayerNormWeights ln1;    // transformer.h.N.ln_1
  LinearWeights attn;      // transformer.h.N.attn.c_attn: 3 n_embd x n_embd
  LinearWeights attnProj;  // transformer.h.N.attn.c_proj: n_embd x n_embd
  LayerNormWeights ln2;    // transformer.h.N.ln_2
  LinearWeights fc;        // transformer.h.N.mlp.c_fc: 4 n_embd x n_embd
  LinearWeights mlpProj;   // transformer.h.N.mlp.c_proj: n_embd x 4 n_embd
};

struct GptWeights {
  GptConfig config;
  Eigen::MatrixXf wte;  // transformer.wte.weight: vocab_size x n_embd (also lm_head.weight)
  Eigen::MatrixXf wpe;  // transformer.wpe.weight: block_size x n_embd
  std::vector<GptBlockWeights> blocks;
  LayerNormWeights lnF;  // transformer.ln_f
};

// One attention head of one block: T x T each.
struct GptHeadTrace {
  Eigen::MatrixXd q, k, v;   // T x head_size: this head's columns of the split c_attn output
  Eigen::MatrixXd scores;    // q @ k.T / sqrt(head_size), masked above the diagonal with -inf
  Eigen::MatrixXd weights;   // softmax of each row of scores
  Eigen::MatrixXd output;    // weights @ v: T x head_size
};

// Every intermediate of one block, T rows each (T = tokens).
struct GptBlockTrace {
  Eigen::MatrixXd input;     // x
  Eigen::MatrixXd ln1;       // ln_1(x)
  Eigen::MatrixXd qkv;       // c_attn(ln_1(x)): T x 3 n_embd
  std::vector<GptHeadTrace> heads;
  Eigen::MatrixXd attnConcat;  // the heads' outputs side by side: T x n_embd
  Eigen::MatrixXd attnOut;     // c_proj(attnConcat)
  Eigen::MatrixXd resid1;      // x + attnOut
  Eigen::MatrixXd ln2;         // ln_2(resid1)
  Eigen::MatrixXd fc;          // c_fc(ln2): T x 4 n_embd
  Eigen::MatrixXd gelu;        // GELU(fc)
  Eigen::MatrixXd mlpOut;      // c_proj(gelu)
  Eigen::MatrixXd output;      // resid1 + mlpOut
};

struct GptTrace {
  std::vector<int> tokens;
  Eigen::MatrixXd tokenEmbedding;     // wte rows of the tokens: T x n_embd
  Eigen::MatrixXd positionEmbedding;  // wpe rows 0 .. T-1
  Eigen::MatrixXd x0;                 // their sum
  std::vector<GptBlockTrace> blocks;
  Eigen::MatrixXd lnF;     // ln_f(last block's output)
  Eigen::MatrixXd logits;  // lnF @ wte.T: T x vocab_size
  Eigen::VectorXd probs;   // softmax of the last row of logits: the next token's distribution
};

// Checks the weights' shapes against their config: one line naming the tensor (by its nanoGPT
// name, e.g. "transformer.h.0.attn.c_attn.weight is 48 x 16, expected 48 x 17"), or empty.
std::string checkGptWeights(const GptWeights& w);

// The forward pass. Throws std::invalid_argument (one line) for no tokens, more tokens than
// block_size, or a token id outside the vocabulary.
GptTrace gptForward(const GptWeights& w, std::span<const int> tokens);

// nn.GELU() (exact: 0.5 x (1 + erf(x / sqrt 2))) and nn.LayerNorm's normalisation (eps 1e-5,
// biased variance) of each row.
double gelu(double x);
Eigen::MatrixXd layerNorm(const Eigen::MatrixXd& x, const LayerNormWeights& w);

}  // namespace tfviz::math
