// The shipped model (see shipped_model.hpp).
#include "io/shipped_model.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <variant>

#include "io/model_file.hpp"

extern "C" {
extern const uint8_t tfviz_model_weights_begin[];
extern const uint8_t tfviz_model_weights_end[];
extern const uint8_t tfviz_model_vocab_begin[];
extern const uint8_t tfviz_model_vocab_end[];
}

namespace tfviz::io {

const ShippedModel& shippedModel() {
  static const ShippedModel model = [] {
    ShippedModel m;
    m.name = "toy_gpt.npz (shipped with tfviz)";
    const std::string bytes(reinterpret_cast<const char*>(tfviz_model_weights_begin),
                            reinterpret_cast<const char*>(tfviz_model_weights_end));
    auto read = readGptWeightsFromBytes(bytes, "toy_gpt.npz");
    if (const ModelError* e = std::get_if<ModelError>(&read))
      throw std::runtime_error("the shipped model does not load: " + e->message);
    m.weights =
        std::make_shared<const math::GptWeights>(std::move(std::get<math::GptWeights>(read)));
    const std::string vocab(reinterpret_cast<const char*>(tfviz_model_vocab_begin),
                            reinterpret_cast<const char*>(tfviz_model_vocab_end));
    size_t start = 0;
    while (start < vocab.size()) {
      size_t end = vocab.find('\n', start);
      if (end == std::string::npos) end = vocab.size();
      m.vocab.push_back(vocab.substr(start, end - start));
      start = end + 1;
    }
    if (static_cast<int>(m.vocab.size()) != m.weights->config.vocabSize)
      throw std::runtime_error("the shipped vocabulary has " + std::to_string(m.vocab.size()) +
                               " tokens but the model " +
                               std::to_string(m.weights->config.vocabSize));
    return m;
  }();
  return model;
}

}  // namespace tfviz::io
