// Reading a user's tensors: NumPy .npy files (float32, float64, int32, int64; C order; 1-D or
// 2-D) and CSV files of numbers, into Eigen matrices. Pure CPU, no GL; every failure is one line
// naming the file and what was wrong.
#pragma once

#include <filesystem>
#include <string>
#include <variant>

#include <Eigen/Core>

namespace tfviz::io {

struct TensorError {
  std::string message;  // "<file>: <what was wrong>", one line
};

// A 1-D array reads as one row. NaN or infinity anywhere is an error. Files over 64 MiB are
// refused.
std::variant<Eigen::MatrixXd, TensorError> readTensor(const std::filesystem::path& path);

// The same, from bytes already in memory; `name` is used in messages.
std::variant<Eigen::MatrixXd, TensorError> parseNpy(const std::string& bytes, const std::string& name);
std::variant<Eigen::MatrixXd, TensorError> parseCsv(const std::string& text, const std::string& name);

}  // namespace tfviz::io
