// Reading a GPT's weights and vocabulary (README "A real model"): nanoGPT's state_dict names with
// its model_args, in .npz (NumPy's zip of .npy files, stored or deflated) or .safetensors.
//
//   .npz         one entry per tensor, named as nanoGPT's state_dict keys plus ".npy"
//                (transformer.wte.weight.npy, transformer.h.0.attn.c_attn.weight.npy, ...),
//                float32 or float64, C order; and model_args.npy: six int64 in the order
//                n_layer, n_head, n_embd, block_size, vocab_size, bias (0 or 1).
//   .safetensors the same names with dtype F32 or F64, and model_args in "__metadata__" as strings
//                ({"n_layer": "2", ..., "bias": "true"}).
//
// lm_head.weight may be present (nanoGPT ties it to transformer.wte.weight); it must then equal
// it. nanoGPT's causal-mask buffers (*.attn.bias of shape 1 x 1 x block x block) and a
// torch.compile "_orig_mod." prefix are accepted and ignored. Any other name, a missing tensor, a
// wrong shape, a NaN or infinity, or a truncated or hostile file is refused with one line naming
// the file and the tensor. Every size is checked against the limits below and the file's length
// before anything is allocated. Pure CPU, no GL.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "math/gpt.hpp"

namespace tfviz::io {

// Limits: GPT-2 small (124M parameters, 50,257 tokens, 768 wide, 12 layers, 1,024 positions) fits;
// GPT-2 medium does not.
inline constexpr std::uintmax_t kMaxModelFileBytes = std::uintmax_t{1} << 30;  // 1 GiB
inline constexpr int kMaxLayers = 48;
inline constexpr int kMaxHeads = 64;
inline constexpr int kMaxEmbd = 2048;
inline constexpr int kMaxBlockSize = 4096;
inline constexpr int kMaxVocab = 65536;
// A vocabulary file: one token per line (UTF-8, no empty lines), at most kMaxVocab lines.
inline constexpr std::uintmax_t kMaxVocabFileBytes = std::uintmax_t{4} << 20;  // 4 MiB

struct ModelError {
  std::string message;  // "<file>: <tensor>: <what was wrong>", one line, controls escaped
};

std::variant<math::GptWeights, ModelError> readGptWeights(const std::filesystem::path& path);
// The same from bytes in memory (a fuzzer's input); `name` is the file name in messages and
// decides the format by its extension (.npz or .safetensors).
std::variant<math::GptWeights, ModelError> readGptWeightsFromBytes(const std::string& bytes,
                                                                   const std::string& name);

// One token per line; line i is token id i.
std::variant<std::vector<std::string>, ModelError> readVocab(const std::filesystem::path& path);

}  // namespace tfviz::io
