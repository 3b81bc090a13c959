// The checks shared by the .npy and CSV harnesses: a parse either gives a matrix of finite
// numbers within the limits, or one error line that starts with the file's name
// (src/io/tensor_file.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include "fuzz_check.hpp"
#include "io/tensor_file.hpp"

namespace tfviz::fuzz {

inline constexpr const char* kTensorName = "fuzz-input";

inline void checkTensorResult(const std::variant<Eigen::MatrixXd, io::TensorError>& result) {
  if (const auto* error = std::get_if<io::TensorError>(&result)) {
    checkOneLine(error->message);
    check(error->message.starts_with(std::string(kTensorName) + ": "),
          "a tensor error does not start with the file's name");
    return;
  }
  const Eigen::MatrixXd& matrix = std::get<Eigen::MatrixXd>(result);
  check(matrix.rows() >= 1 && matrix.cols() >= 1, "an empty matrix was accepted");
  check(matrix.rows() <= io::kMaxTensorDim && matrix.cols() <= io::kMaxTensorDim,
        "a matrix over kMaxTensorDim rows or columns was accepted");
  check(matrix.allFinite(), "a matrix holds NaN or infinity (the parser must refuse them)");
}

inline std::string bytesOf(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

}  // namespace tfviz::fuzz
