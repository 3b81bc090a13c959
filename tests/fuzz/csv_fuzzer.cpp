// libFuzzer harness: tfviz::io::parseCsv (the CSV reader behind `--load FILE.csv`) on any bytes.
// Seeds: corpus/csv (make_corpus.py); dictionary: csv.dict.
#include <cstddef>
#include <cstdint>

#include "tensor_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tfviz;
  fuzz::checkTensorResult(io::parseCsv(fuzz::bytesOf(data, size), fuzz::kTensorName));
  return 0;
}
