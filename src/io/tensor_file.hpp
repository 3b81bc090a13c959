// Reading a user's tensors: NumPy .npy files (float32, float64, int32, int64; C order; 1-D or
// 2-D) and CSV files of numbers, into Eigen matrices. Pure CPU, no GL; every failure is one line
// naming the file and what was wrong. The limits below are checked before any allocation or work
// that grows with the file, so no file, of any size or content, can hang tfviz or exhaust memory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <Eigen/Core>

namespace tfviz::io {

// ---- limits (README.md, "Limits") --------------------------------------------------------------
// The matmul explainer lays out every entry of every matrix, so its work grows with tokens² and
// with tokens x dimensions. At 32 tokens, d_model 32 and d_k 32 (random float64 values, the
// widest labels) building the section adds about 0.5 s of CPU to `tfviz still`; at 64 x 64 it
// adds 3.7 s, at 1024 tokens a minute and 4 GB. A teacher's example is a handful of tokens.

// Bytes in one file, .npy or CSV. 32 x 32 float64 is 8 KiB; a CSV of it about 25 KiB.
inline constexpr std::uintmax_t kMaxTensorFileBytes = std::uintmax_t{1} << 20;  // 1 MiB
// The .npy header (the Python dict), as np.load's own default max_header_size.
inline constexpr std::uint64_t kMaxNpyHeaderBytes = 10000;
// Per kind of tensor (--load KIND=FILE):
inline constexpr Eigen::Index kMaxTokens = 32;     // hidden: rows (tokens)
inline constexpr Eigen::Index kMaxModelDim = 32;   // hidden, table: columns; wq, wk, wv: in
inline constexpr Eigen::Index kMaxHeadDim = 32;    // wq, wk, wv: rows (out: d_k, d_v)
inline constexpr Eigen::Index kMaxTableRows = 32;  // table: rows (token ids; digits use 0-9)
// Any tensor read without a kind: rows and columns. The largest of the above.
inline constexpr Eigen::Index kMaxTensorDim = 32;
static_assert(kMaxTensorDim >= kMaxTokens && kMaxTensorDim >= kMaxModelDim &&
              kMaxTensorDim >= kMaxHeadDim && kMaxTensorDim >= kMaxTableRows);
// --load flags in one command (there are 5 kinds; a later file of a kind replaces an earlier).
inline constexpr int kMaxLoads = 16;

// The limits one read obeys, and the words its messages use for them.
struct TensorLimits {
  std::uintmax_t maxBytes = kMaxTensorFileBytes;
  Eigen::Index maxRows = kMaxTensorDim;
  Eigen::Index maxCols = kMaxTensorDim;
  std::string_view what = "a tensor";  // "hidden states": "... hidden states may have at most 32"
  std::string_view rowsAre;            // "tokens": "40 rows (tokens)"; empty: "40 rows"
  std::string_view colsAre;            // "d_model"
};

struct TensorError {
  std::string message;  // "<file>: <what was wrong>", one line, control characters escaped
};

// A 1-D array reads as one row. NaN or infinity anywhere is an error. Files over
// kMaxTensorFileBytes and tensors with more than kMaxTensorDim rows or columns are refused.
std::variant<Eigen::MatrixXd, TensorError> readTensor(const std::filesystem::path& path);
std::variant<Eigen::MatrixXd, TensorError> readTensor(const std::filesystem::path& path,
                                                      const TensorLimits& limits);

// The same, from bytes already in memory (e.g. a fuzzer's input); `name` is used in messages.
// Bytes over limits.maxBytes are refused as a file of that size would be.
std::variant<Eigen::MatrixXd, TensorError> parseNpy(const std::string& bytes,
                                                    const std::string& name);
std::variant<Eigen::MatrixXd, TensorError> parseCsv(const std::string& text,
                                                    const std::string& name);
std::variant<Eigen::MatrixXd, TensorError> parseNpy(std::string_view bytes, std::string_view name,
                                                    const TensorLimits& limits);
std::variant<Eigen::MatrixXd, TensorError> parseCsv(std::string_view text, std::string_view name,
                                                    const TensorLimits& limits);

// A .npy file's header, for readers of larger arrays (the model weights of io/model_file.hpp):
// checked as parseNpy checks it (magic, version 1.0-3.0, the header dict, a little-endian f4, f8,
// i4 or i8 dtype, C order), with any number of dimensions and no limit on them. parseNpy is this
// plus its limits and the data. Errors start with `name`, as parseNpy's.
struct NpyHeader {
  std::vector<std::uint64_t> shape;  // () for a scalar
  char kind = 'f';                   // 'f' (float) or 'i' (signed integer)
  std::size_t itemSize = 0;          // 4 or 8
  std::string descr;                 // as written, e.g. "<f4"
  std::string_view data;             // every byte after the header: not checked against shape
};
std::variant<NpyHeader, TensorError> parseNpyHeader(std::string_view bytes, std::string_view name);
// A shape as NumPy writes it: "(3, 4)", "(5,)", "()".
std::string shapeText(const std::vector<std::uint64_t>& shape);

}  // namespace tfviz::io
