// libFuzzer harness: tfviz::io::parseNpy (the .npy reader behind `--load FILE.npy`) on any bytes.
// Seeds: corpus/npy (make_corpus.py); dictionary: npy.dict.
#include <cstddef>
#include <cstdint>

#include "tensor_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tfviz;
  fuzz::checkTensorResult(io::parseNpy(fuzz::bytesOf(data, size), fuzz::kTensorName));
  return 0;
}
