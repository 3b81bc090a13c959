// libFuzzer harness: tfviz::io::readGptWeightsFromBytes (the .npz and .safetensors readers behind
// `tfviz model --weights FILE`) on any bytes, read as both formats. Seeds: corpus/model_file (the
// tiny models of tests/data/gpt, from tools/make_gpt_reference.py).
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include "fuzz_check.hpp"
#include "io/model_file.hpp"

namespace {

void checkModelResult(const std::variant<tfviz::math::GptWeights, tfviz::io::ModelError>& result,
                      const std::string& name) {
  using namespace tfviz;
  if (const auto* error = std::get_if<io::ModelError>(&result)) {
    fuzz::checkOneLine(error->message);
    fuzz::check(error->message.starts_with(name + ": "),
                "a model error does not start with the file's name");
    return;
  }
  const math::GptWeights& w = std::get<math::GptWeights>(result);
  fuzz::check(math::checkGptWeights(w).empty(), "accepted weights fail checkGptWeights");
  const math::GptConfig& c = w.config;
  fuzz::check(c.nLayer <= io::kMaxLayers && c.nHead <= io::kMaxHeads && c.nEmbd <= io::kMaxEmbd &&
                  c.blockSize <= io::kMaxBlockSize && c.vocabSize <= io::kMaxVocab,
              "accepted model_args over the limits");
  bool finite = w.wte.allFinite() && w.wpe.allFinite() && w.lnF.weight.allFinite() &&
                w.lnF.bias.allFinite();
  for (const auto& b : w.blocks) {
    finite = finite && b.attn.weight.allFinite() && b.attn.bias.allFinite() &&
             b.fc.weight.allFinite() && b.mlpProj.weight.allFinite() && b.ln1.weight.allFinite();
  }
  fuzz::check(finite, "accepted weights hold NaN or infinity");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  for (const char* name : {"fuzz-input.npz", "fuzz-input.safetensors"}) {
    checkModelResult(tfviz::io::readGptWeightsFromBytes(bytes, name), name);
  }
  return 0;
}
