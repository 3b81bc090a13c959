// Unit tests for reading a GPT's weights and vocabulary (src/io/model_file.cpp): the committed
// tiny models (tests/data/gpt, tools/make_gpt_reference.py: np.savez, np.savez_compressed and a
// hand-written safetensors), archives built here from weights in memory, and every kind of bad
// file: a missing, extra, misshapen, mistyped or non-finite tensor, bad model_args, an untied
// lm_head, truncation at every cut point, hostile sizes and offsets in zip headers and safetensors
// headers, random damage. Each refusal is one line that names the file (and the tensor); nothing
// crashes.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "io/model_file.hpp"
#include "math/gpt.hpp"
#include "test_support.hpp"

namespace tfviz::io {
namespace {

namespace fs = std::filesystem;
using Weights = math::GptWeights;
using Result = std::variant<Weights, ModelError>;

fs::path dataDir() {
  return fs::path(TFVIZ_README).parent_path() / "tests" / "data" / "gpt";
}

std::string fileBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// ---- weights in memory, and the two formats written by hand ------------------------------------

math::GptConfig smallConfig(bool bias) {
  math::GptConfig c;
  c.nLayer = 2;
  c.nHead = 2;
  c.nEmbd = 4;
  c.blockSize = 4;
  c.vocabSize = 5;
  c.bias = bias;
  return c;
}

struct Tensor {
  std::string name;
  std::string descr = "<f4";  // .npy
  std::string dtype = "F32";  // safetensors
  std::vector<std::uint64_t> shape;
  std::string bytes;
};

std::string floatBytes(const std::vector<float>& values) {
  std::string out(values.size() * 4, '\0');
  std::memcpy(out.data(), values.data(), out.size());
  return out;
}

Tensor matrixTensor(const std::string& name, const Eigen::MatrixXf& m) {
  std::vector<float> values;
  for (Eigen::Index r = 0; r < m.rows(); ++r)
    for (Eigen::Index c = 0; c < m.cols(); ++c) values.push_back(m(r, c));
  return {name, "<f4", "F32", {static_cast<std::uint64_t>(m.rows()), static_cast<std::uint64_t>(m.cols())},
          floatBytes(values)};
}

Tensor vectorTensor(const std::string& name, const Eigen::VectorXf& v) {
  return {name, "<f4", "F32", {static_cast<std::uint64_t>(v.size())},
          floatBytes(std::vector<float>(v.data(), v.data() + v.size()))};
}

Weights randomWeights(const math::GptConfig& c, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 0.5f);
  const auto mat = [&](Eigen::Index r, Eigen::Index cols) {
    Eigen::MatrixXf m(r, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = normal(rng);
    return m;
  };
  const auto vec = [&](Eigen::Index n, bool present, float base) {
    Eigen::VectorXf v(present ? n : 0);
    for (Eigen::Index i = 0; i < v.size(); ++i) v(i) = base + normal(rng);
    return v;
  };
  const Eigen::Index e = c.nEmbd;
  Weights w;
  w.config = c;
  w.wte = mat(c.vocabSize, e);
  w.wpe = mat(c.blockSize, e);
  for (int i = 0; i < c.nLayer; ++i) {
    math::GptBlockWeights b;
    b.ln1 = {vec(e, true, 1.0f), vec(e, c.bias, 0.0f)};
    b.attn = {mat(3 * e, e), vec(3 * e, c.bias, 0.0f)};
    b.attnProj = {mat(e, e), vec(e, c.bias, 0.0f)};
    b.ln2 = {vec(e, true, 1.0f), vec(e, c.bias, 0.0f)};
    b.fc = {mat(4 * e, e), vec(4 * e, c.bias, 0.0f)};
    b.mlpProj = {mat(e, 4 * e), vec(e, c.bias, 0.0f)};
    w.blocks.push_back(b);
  }
  w.lnF = {vec(e, true, 1.0f), vec(e, c.bias, 0.0f)};
  return w;
}

// nanoGPT's state_dict order.
std::vector<Tensor> tensorsOf(const Weights& w) {
  std::vector<Tensor> t;
  const bool bias = w.config.bias;
  t.push_back(matrixTensor("transformer.wte.weight", w.wte));
  t.push_back(matrixTensor("transformer.wpe.weight", w.wpe));
  for (std::size_t i = 0; i < w.blocks.size(); ++i) {
    const auto& b = w.blocks[i];
    const std::string p = "transformer.h." + std::to_string(i) + ".";
    const auto ln = [&](const std::string& n, const math::LayerNormWeights& l) {
      t.push_back(vectorTensor(p + n + ".weight", l.weight));
      if (bias) t.push_back(vectorTensor(p + n + ".bias", l.bias));
    };
    const auto lin = [&](const std::string& n, const math::LinearWeights& l) {
      t.push_back(matrixTensor(p + n + ".weight", l.weight));
      if (bias) t.push_back(vectorTensor(p + n + ".bias", l.bias));
    };
    ln("ln_1", b.ln1);
    lin("attn.c_attn", b.attn);
    lin("attn.c_proj", b.attnProj);
    ln("ln_2", b.ln2);
    lin("mlp.c_fc", b.fc);
    lin("mlp.c_proj", b.mlpProj);
  }
  t.push_back(vectorTensor("transformer.ln_f.weight", w.lnF.weight));
  if (bias) t.push_back(vectorTensor("transformer.ln_f.bias", w.lnF.bias));
  return t;
}

Tensor* tensorNamed(std::vector<Tensor>& tensors, const std::string& name) {
  for (Tensor& t : tensors)
    if (t.name == name) return &t;
  FAIL("no tensor " << name);
  return nullptr;
}

void dropTensor(std::vector<Tensor>& tensors, const std::string& name) {
  std::erase_if(tensors, [&](const Tensor& t) { return t.name == name; });
}

std::string le(std::uint64_t value, int bytes) {
  std::string out;
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
  return out;
}

void patch(std::string& bytes, std::size_t offset, std::uint64_t value, int size) {
  const std::string v = le(value, size);
  bytes.replace(offset, static_cast<std::size_t>(size), v);
}

std::uint32_t crc32Of(std::string_view data) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (const char ch : data) {
    crc ^= static_cast<unsigned char>(ch);
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

std::string shapeTuple(const std::vector<std::uint64_t>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

std::string npyOf(const Tensor& t) {
  std::string header = "{'descr': '" + t.descr + "', 'fortran_order': False, 'shape': " +
                       shapeTuple(t.shape) + ", }";
  header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  return std::string("\x93NUMPY\x01\x00", 8) + le(header.size(), 2) + header + t.bytes;
}

std::string modelArgsNpy(const math::GptConfig& c) {
  Tensor args{"model_args", "<i8", "I64", {6}, ""};
  for (const std::int64_t v : {c.nLayer, c.nHead, c.nEmbd, c.blockSize, c.vocabSize, c.bias ? 1 : 0})
    args.bytes += le(static_cast<std::uint64_t>(v), 8);
  return npyOf(args);
}

// A stored zip, as zipfile writes without compression; where each header starts, for patching.
struct Zip {
  std::string bytes;
  std::vector<std::size_t> local, central;
  std::size_t eocd = 0;
};

Zip zipOf(const std::vector<std::pair<std::string, std::string>>& files) {
  Zip z;
  std::string cd;
  std::vector<std::size_t> cdRel;
  for (const auto& [name, data] : files) {
    const std::uint32_t crc = crc32Of(data);
    z.local.push_back(z.bytes.size());
    const std::size_t offset = z.bytes.size();
    z.bytes += le(0x04034b50, 4) + le(20, 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0x21, 2) +
               le(crc, 4) + le(data.size(), 4) + le(data.size(), 4) + le(name.size(), 2) + le(0, 2) +
               name + data;
    cdRel.push_back(cd.size());
    cd += le(0x02014b50, 4) + le(20, 2) + le(20, 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0x21, 2) +
          le(crc, 4) + le(data.size(), 4) + le(data.size(), 4) + le(name.size(), 2) + le(0, 2) +
          le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(offset, 4) + name;
  }
  const std::size_t cdOffset = z.bytes.size();
  for (const std::size_t r : cdRel) z.central.push_back(cdOffset + r);
  z.bytes += cd;
  z.eocd = z.bytes.size();
  z.bytes += le(0x06054b50, 4) + le(0, 2) + le(0, 2) + le(files.size(), 2) + le(files.size(), 2) +
             le(cd.size(), 4) + le(cdOffset, 4) + le(0, 2);
  return z;
}

Zip npzOf(const std::vector<Tensor>& tensors, const math::GptConfig& c, bool withArgs = true) {
  std::vector<std::pair<std::string, std::string>> files;
  if (withArgs) files.emplace_back("model_args.npy", modelArgsNpy(c));
  for (const Tensor& t : tensors) files.emplace_back(t.name + ".npy", npyOf(t));
  return zipOf(files);
}

std::string shapeList(const std::vector<std::uint64_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) s += ',';
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

std::string metadataOf(const math::GptConfig& c) {
  return "{\"n_layer\":\"" + std::to_string(c.nLayer) + "\",\"n_head\":\"" + std::to_string(c.nHead) +
         "\",\"n_embd\":\"" + std::to_string(c.nEmbd) + "\",\"block_size\":\"" +
         std::to_string(c.blockSize) + "\",\"vocab_size\":\"" + std::to_string(c.vocabSize) +
         "\",\"bias\":\"" + (c.bias ? "true" : "false") + "\"}";
}

std::string safetensorsWith(const std::vector<Tensor>& tensors, const std::string& metadata) {
  std::string header = "{";
  if (!metadata.empty()) header += "\"__metadata__\":" + metadata;
  std::string data;
  for (const Tensor& t : tensors) {
    if (header.size() > 1) header += ",";
    header += "\"" + t.name + "\":{\"dtype\":\"" + t.dtype + "\",\"shape\":" + shapeList(t.shape) +
              ",\"data_offsets\":[" + std::to_string(data.size()) + "," +
              std::to_string(data.size() + t.bytes.size()) + "]}";
    data += t.bytes;
  }
  header += "}";
  return le(header.size(), 8) + header + data;
}

std::string safetensorsOf(const std::vector<Tensor>& tensors, const math::GptConfig& c) {
  return safetensorsWith(tensors, metadataOf(c));
}

std::string safetensorsHeader(const std::string& json, const std::string& data = "") {
  return le(json.size(), 8) + json + data;
}

// ---- checking results ------------------------------------------------------------------------------

const Weights& loaded(const Result& r) {
  if (const auto* e = std::get_if<ModelError>(&r)) FAIL("refused: " << e->message);
  return std::get<Weights>(r);
}

std::string errorOf(const Result& r, const std::string& name) {
  const auto* e = std::get_if<ModelError>(&r);
  if (!e) {
    FAIL_CHECK("accepted, expected a refusal");
    return "";
  }
  const std::string& m = e->message;
  CHECK(m.starts_with(name + ": "));
  for (const char c : m) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      FAIL_CHECK("control character in: " << m);
      break;
    }
  }
  return m;
}

// The refusal of `bytes` read as `name`: one line starting with "<name>: ".
std::string refusal(const std::string& bytes, const std::string& name) {
  return errorOf(readGptWeightsFromBytes(bytes, name), name);
}

void checkSame(const Weights& a, const Weights& b) {
  CHECK(a.config.nLayer == b.config.nLayer);
  CHECK(a.config.nHead == b.config.nHead);
  CHECK(a.config.nEmbd == b.config.nEmbd);
  CHECK(a.config.blockSize == b.config.blockSize);
  CHECK(a.config.vocabSize == b.config.vocabSize);
  CHECK(a.config.bias == b.config.bias);
  CHECK(a.wte == b.wte);
  CHECK(a.wpe == b.wpe);
  REQUIRE(a.blocks.size() == b.blocks.size());
  for (std::size_t i = 0; i < a.blocks.size(); ++i) {
    const auto& x = a.blocks[i];
    const auto& y = b.blocks[i];
    CHECK(x.ln1.weight == y.ln1.weight);
    CHECK(x.ln1.bias == y.ln1.bias);
    CHECK(x.attn.weight == y.attn.weight);
    CHECK(x.attn.bias == y.attn.bias);
    CHECK(x.attnProj.weight == y.attnProj.weight);
    CHECK(x.attnProj.bias == y.attnProj.bias);
    CHECK(x.ln2.weight == y.ln2.weight);
    CHECK(x.ln2.bias == y.ln2.bias);
    CHECK(x.fc.weight == y.fc.weight);
    CHECK(x.fc.bias == y.fc.bias);
    CHECK(x.mlpProj.weight == y.mlpProj.weight);
    CHECK(x.mlpProj.bias == y.mlpProj.bias);
  }
  CHECK(a.lnF.weight == b.lnF.weight);
  CHECK(a.lnF.bias == b.lnF.bias);
}

constexpr const char* kNpz = "m.npz";
constexpr const char* kSt = "m.safetensors";

// ---- the committed files ---------------------------------------------------------------------------

TEST_CASE("model file: the committed tiny models load, from files and from bytes") {
  const fs::path dir = dataDir();
  const Result npz = readGptWeights(dir / "tiny.npz");
  const Weights& w = loaded(npz);
  CHECK(w.config.nLayer == 2);
  CHECK(w.config.nHead == 2);
  CHECK(w.config.nEmbd == 8);
  CHECK(w.config.blockSize == 8);
  CHECK(w.config.vocabSize == 11);
  CHECK(w.config.bias);
  CHECK(math::checkGptWeights(w).empty());
  CHECK(w.blocks[1].attn.bias.size() == 24);

  // Deflated entries (np.savez_compressed): the same numbers.
  checkSame(w, loaded(readGptWeights(dir / "tiny_compressed.npz")));
  checkSame(w, loaded(readGptWeightsFromBytes(fileBytes(dir / "tiny.npz"), "tiny.npz")));

  const Result st = readGptWeights(dir / "tiny_nobias.safetensors");
  const Weights& nb = loaded(st);
  CHECK_FALSE(nb.config.bias);
  CHECK(nb.config.nLayer == 2);
  CHECK(nb.blocks[0].attn.bias.size() == 0);
  CHECK(nb.lnF.bias.size() == 0);
  CHECK(math::checkGptWeights(nb).empty());
}

TEST_CASE("model file: what tfviz writes it reads back, both formats, both bias settings") {
  for (const bool bias : {true, false}) {
    const math::GptConfig c = smallConfig(bias);
    const Weights w = randomWeights(c, bias ? 1u : 2u);
    const auto tensors = tensorsOf(w);
    checkSame(w, loaded(readGptWeightsFromBytes(npzOf(tensors, c).bytes, kNpz)));
    checkSame(w, loaded(readGptWeightsFromBytes(safetensorsOf(tensors, c), kSt)));
    // Upper-case extensions are the same formats.
    checkSame(w, loaded(readGptWeightsFromBytes(npzOf(tensors, c).bytes, "M.NPZ")));
  }
}

TEST_CASE("model file: accepted extras: lm_head tied, mask buffers, _orig_mod., float64") {
  const math::GptConfig c = smallConfig(true);
  const Weights w = randomWeights(c, 3);
  auto tensors = tensorsOf(w);
  Tensor lm = matrixTensor("lm_head.weight", w.wte);
  tensors.push_back(lm);
  // nanoGPT's causal mask, 1 x 1 x block x block, in any dtype: ignored.
  Tensor mask{"transformer.h.1.attn.bias", "<f4", "F32", {1, 1, 4, 4}, std::string(64, '\0')};
  tensors.push_back(mask);
  Tensor maskBool{"transformer.h.0.attn.bias", "|b1", "BOOL", {1, 1, 4, 4}, std::string(16, '\1')};
  checkSame(w, loaded(readGptWeightsFromBytes(npzOf(tensors, c).bytes, kNpz)));
  auto withBool = tensors;
  withBool.push_back(maskBool);
  checkSame(w, loaded(readGptWeightsFromBytes(safetensorsOf(withBool, c), kSt)));

  // torch.compile's prefix, on every name.
  auto compiled = tensors;
  for (Tensor& t : compiled) t.name = "_orig_mod." + t.name;
  checkSame(w, loaded(readGptWeightsFromBytes(npzOf(compiled, c).bytes, kNpz)));
  checkSame(w, loaded(readGptWeightsFromBytes(safetensorsOf(compiled, c), kSt)));

  // float64 tensors are read to float32 (exactly, when they came from float32).
  auto wide = tensorsOf(w);
  for (Tensor& t : wide) {
    std::string bytes;
    for (std::size_t i = 0; i < t.bytes.size(); i += 4) {
      float f;
      std::memcpy(&f, t.bytes.data() + i, 4);
      bytes += le(std::bit_cast<std::uint64_t>(static_cast<double>(f)), 8);
    }
    t.bytes = bytes;
    t.descr = "<f8";
    t.dtype = "F64";
  }
  checkSame(w, loaded(readGptWeightsFromBytes(npzOf(wide, c).bytes, kNpz)));
  checkSame(w, loaded(readGptWeightsFromBytes(safetensorsOf(wide, c), kSt)));

  // model_args as int32 in the .npz; "True" and extra metadata keys in safetensors.
  {
    Tensor args{"model_args", "<i4", "I32", {6}, ""};
    for (const int v : {2, 2, 4, 4, 5, 1}) args.bytes += le(static_cast<std::uint32_t>(v), 4);
    std::vector<std::pair<std::string, std::string>> files = {{"model_args.npy", npyOf(args)}};
    for (const Tensor& t : tensorsOf(w)) files.emplace_back(t.name + ".npy", npyOf(t));
    checkSame(w, loaded(readGptWeightsFromBytes(zipOf(files).bytes, kNpz)));
    std::string meta = metadataOf(c);
    meta.replace(meta.find("\"true\""), 6, "\"True\"");
    meta.insert(1, "\"format\":\"pt\",\"note\":\"caf\\u00e9 \\ud83d\\ude00\",");
    checkSame(w, loaded(readGptWeightsFromBytes(safetensorsWith(tensorsOf(w), meta), kSt)));
  }
}

// ---- refusals naming the tensor ----------------------------------------------------------------------

TEST_CASE("model file: a missing, extra, misshapen, mistyped or non-finite tensor is named") {
  const math::GptConfig c = smallConfig(true);
  const Weights w = randomWeights(c, 4);
  const auto good = tensorsOf(w);
  // Each case: a change to the tensors, and the message after "<file>: " for both formats.
  struct Case {
    const char* what;
    std::function<void(std::vector<Tensor>&)> change;
    std::string expected;  // after "<file>: "
  };
  const std::vector<Case> cases = {
      {"missing", [](auto& t) { dropTensor(t, "transformer.h.1.mlp.c_fc.weight"); },
       "transformer.h.1.mlp.c_fc.weight: missing"},
      {"missing bias", [](auto& t) { dropTensor(t, "transformer.ln_f.bias"); },
       "transformer.ln_f.bias: missing"},
      {"extra", [](auto& t) { t.push_back({"transformer.h.0.attn.scale", "<f4", "F32", {1}, le(0, 4)}); },
       "transformer.h.0.attn.scale: unexpected tensor: not one of nanoGPT's GPT with n_layer 2, "
       "bias true"},
      {"a layer too many", [](auto& t) {
         t.push_back({"transformer.h.2.ln_1.weight", "<f4", "F32", {4}, std::string(16, '\0')});
       },
       "transformer.h.2.ln_1.weight: unexpected tensor: not one of nanoGPT's GPT with n_layer 2, "
       "bias true"},
      {"a mask of a layer that is not there", [](auto& t) {
         t.push_back({"transformer.h.2.attn.bias", "<f4", "F32", {1}, le(0, 4)});
       },
       "transformer.h.2.attn.bias: unexpected tensor: not one of nanoGPT's GPT with n_layer 2, "
       "bias true"},
      {"wrong shape", [](auto& t) {
         Tensor* x = tensorNamed(t, "transformer.wpe.weight");
         x->shape = {2, 8};
       },
       "transformer.wpe.weight: shape (2, 8), expected (4, 4)"},
      {"transposed", [](auto& t) {
         Tensor* x = tensorNamed(t, "transformer.h.0.mlp.c_fc.weight");
         x->shape = {4, 16};
       },
       "transformer.h.0.mlp.c_fc.weight: shape (4, 16), expected (16, 4)"},
      {"vector as a matrix", [](auto& t) {
         Tensor* x = tensorNamed(t, "transformer.h.1.ln_2.weight");
         x->shape = {1, 4};
       },
       "transformer.h.1.ln_2.weight: shape (1, 4), expected (4,)"},
      {"int32", [](auto& t) {
         Tensor* x = tensorNamed(t, "transformer.h.0.attn.c_proj.bias");
         x->descr = "<i4";
         x->dtype = "I32";
       },
       "transformer.h.0.attn.c_proj.bias: dtype "},
      {"NaN", [](auto& t) {
         Tensor* x = tensorNamed(t, "transformer.h.1.attn.c_attn.weight");
         const float nan = std::numeric_limits<float>::quiet_NaN();
         std::memcpy(x->bytes.data() + 4 * (4 * 2 + 3), &nan, 4);  // row 3, column 4
       },
       "transformer.h.1.attn.c_attn.weight: NaN or infinity at row 3, column 4 (1-based)"},
      {"infinity", [](auto& t) {
         Tensor* x = tensorNamed(t, "transformer.ln_f.weight");
         const float inf = -std::numeric_limits<float>::infinity();
         std::memcpy(x->bytes.data() + 4, &inf, 4);
       },
       "transformer.ln_f.weight: NaN or infinity at entry 2 (1-based)"},
      {"untied lm_head", [&](auto& t) {
         Eigen::MatrixXf lm = w.wte;
         lm(1, 2) += 1e-3f;
         t.push_back(matrixTensor("lm_head.weight", lm));
       },
       "lm_head.weight: differs from transformer.wte.weight at row 2, column 3 (1-based); tfviz "
       "ties them, as nanoGPT does (the logits use wte)"},
      {"twice, once compiled", [](auto& t) {
         Tensor copy = *tensorNamed(t, "transformer.wte.weight");
         copy.name = "_orig_mod.transformer.wte.weight";
         t.push_back(copy);
       },
       "_orig_mod.transformer.wte.weight: appears twice (names are compared without a _orig_mod. "
       "prefix)"},
  };
  for (const Case& k : cases) {
    CAPTURE(k.what);
    auto tensors = good;
    k.change(tensors);
    const std::string a = refusal(npzOf(tensors, c).bytes, kNpz);
    const std::string b = refusal(safetensorsOf(tensors, c), kSt);
    CHECK(a.starts_with(std::string(kNpz) + ": " + k.expected));
    CHECK(b.starts_with(std::string(kSt) + ": " + k.expected));
  }

  // dtypes: float16 in each format's words.
  {
    auto tensors = good;
    Tensor* x = tensorNamed(tensors, "transformer.wte.weight");
    x->descr = "<f2";
    x->dtype = "F16";
    x->bytes.resize(x->bytes.size() / 2);
    CHECK(refusal(npzOf(tensors, c).bytes, kNpz) ==
          "m.npz: transformer.wte.weight: unsupported dtype '<f2' (expected float32, float64, "
          "int32 or int64: '<f4', '<f8', '<i4', '<i8')");
    CHECK(refusal(safetensorsOf(tensors, c), kSt) ==
          "m.safetensors: transformer.wte.weight: dtype F16; expected float32 or float64");
  }
  // Biases in a model without them.
  {
    const math::GptConfig nb = smallConfig(false);
    auto tensors = tensorsOf(randomWeights(nb, 5));
    tensors.push_back({"transformer.h.0.ln_2.bias", "<f4", "F32", {4}, std::string(16, '\0')});
    CHECK(refusal(safetensorsOf(tensors, nb), kSt) ==
          "m.safetensors: transformer.h.0.ln_2.bias: unexpected tensor: not one of nanoGPT's GPT "
          "with n_layer 2, bias false (a bias, but model_args says bias false)");
  }
  // A float64 beyond float32's range.
  {
    auto tensors = good;
    Tensor* x = tensorNamed(tensors, "transformer.wpe.weight");
    x->descr = "<f8";
    x->dtype = "F64";
    x->bytes = std::string();
    for (int i = 0; i < 16; ++i) x->bytes += le(std::bit_cast<std::uint64_t>(i == 5 ? 1e300 : 0.5), 8);
    CHECK(refusal(safetensorsOf(tensors, c), kSt) ==
          "m.safetensors: transformer.wpe.weight: the value at row 2, column 2 (1-based) is beyond "
          "float32's range");
  }
  // The npz's own data length against the .npy header's shape.
  {
    auto tensors = good;
    tensorNamed(tensors, "transformer.h.0.ln_1.bias")->bytes += "xxxx";
    CHECK(refusal(npzOf(tensors, c).bytes, kNpz) ==
          "m.npz: transformer.h.0.ln_1.bias: has 4 extra bytes after its data");
    tensors = good;
    tensorNamed(tensors, "transformer.h.0.ln_1.bias")->bytes.resize(12);
    CHECK(refusal(npzOf(tensors, c).bytes, kNpz) ==
          "m.npz: transformer.h.0.ln_1.bias: truncated: shape (4,) needs 16 bytes of data, found 12");
  }
  // A name with control characters and a very long name: escaped and cut, still one line.
  {
    auto tensors = good;
    tensors.push_back({"evil\nname\x1b[31m", "<f4", "F32", {1}, le(0, 4)});
    const std::string m = refusal(npzOf(tensors, c).bytes, kNpz);
    CHECK(m.starts_with("m.npz: evil\\nname\\x1b[31m: unexpected tensor"));
    // The same name escaped in JSON.
    const std::string json = "{\"__metadata__\":" + metadataOf(c) +
                             ",\"evil\\nname\\u001b\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}";
    CHECK(refusal(safetensorsHeader(json, le(0, 4)), kSt)
              .starts_with("m.safetensors: evil\\nname\\x1b: unexpected tensor"));
    tensors.back().name = std::string(5000, 'a');
    const std::string longName = refusal(npzOf(tensors, c).bytes, kNpz);
    CHECK(longName.size() < 400);
    CHECK(longName.find("aaa...: unexpected") != std::string::npos);
  }
}

TEST_CASE("model file: bad model_args") {
  const math::GptConfig c = smallConfig(true);
  const auto tensors = tensorsOf(randomWeights(c, 6));
  const auto npzWithArgs = [&](const Tensor& args) {
    std::vector<std::pair<std::string, std::string>> files = {{"model_args.npy", npyOf(args)}};
    for (const Tensor& t : tensors) files.emplace_back(t.name + ".npy", npyOf(t));
    return zipOf(files).bytes;
  };
  const auto ints = [](std::initializer_list<std::int64_t> v) {
    Tensor t{"model_args", "<i8", "I64", {v.size()}, ""};
    for (const std::int64_t x : v) t.bytes += le(static_cast<std::uint64_t>(x), 8);
    return t;
  };
  CHECK(refusal(npzOf(tensors, c, false).bytes, kNpz) ==
        "m.npz: model_args: missing: an .npz of GPT weights needs model_args.npy, six int64 "
        "(n_layer, n_head, n_embd, block_size, vocab_size, bias)");
  CHECK(refusal(npzWithArgs(ints({2, 2, 4, 4, 5})), kNpz) ==
        "m.npz: model_args: shape (5,), expected (6,): n_layer, n_head, n_embd, block_size, "
        "vocab_size, bias");
  CHECK(refusal(npzWithArgs(ints({0, 2, 4, 4, 5, 1})), kNpz) ==
        "m.npz: model_args: n_layer is 0; tfviz reads 1 to 48");
  CHECK(refusal(npzWithArgs(ints({2, 2, 4, 4, 70000, 1})), kNpz) ==
        "m.npz: model_args: vocab_size is 70000; tfviz reads 1 to 65536");
  CHECK(refusal(npzWithArgs(ints({2, -3, 4, 4, 5, 1})), kNpz) ==
        "m.npz: model_args: n_head is -3; tfviz reads 1 to 64");
  CHECK(refusal(npzWithArgs(ints({2, 3, 4, 4, 5, 1})), kNpz) ==
        "m.npz: model_args: n_embd 4 is not a multiple of n_head 3");
  CHECK(refusal(npzWithArgs(ints({2, 2, 4, 4, 5, 2})), kNpz) ==
        "m.npz: model_args: bias is 2; expected 0 (false) or 1 (true)");
  CHECK(refusal(npzWithArgs(ints({INT64_MAX, 2, 4, 4, 5, 1})), kNpz).find("n_layer is 9223372036854775807") !=
        std::string::npos);
  {
    Tensor f{"model_args", "<f8", "F64", {6}, ""};
    for (int i = 0; i < 6; ++i) f.bytes += le(std::bit_cast<std::uint64_t>(2.0), 8);
    CHECK(refusal(npzWithArgs(f), kNpz) == "m.npz: model_args: dtype float64; expected int64 (six integers)");
  }
  // model_args that disagree with the tensors: the tensors are named.
  CHECK(refusal(npzWithArgs(ints({3, 2, 4, 4, 5, 1})), kNpz) ==
        "m.npz: transformer.h.2.ln_1.weight: missing");
  CHECK(refusal(npzWithArgs(ints({2, 2, 4, 4, 6, 1})), kNpz) ==
        "m.npz: transformer.wte.weight: shape (5, 4), expected (6, 4)");

  // safetensors metadata.
  const auto st = [&](const std::string& meta) { return refusal(safetensorsWith(tensors, meta), kSt); };
  CHECK(st("") ==
        "m.safetensors: __metadata__: missing: tfviz needs model_args in the safetensors metadata "
        "(n_layer, n_head, n_embd, block_size, vocab_size, bias)");
  CHECK(st("{\"n_layer\":\"2\"}") ==
        "m.safetensors: __metadata__: model_args: no n_head (the metadata needs n_layer, n_head, "
        "n_embd, block_size, vocab_size and bias)");
  std::string meta = metadataOf(c);
  CHECK(st(std::string(meta).replace(meta.find("\"2\""), 3, "\"two\"")) ==
        "m.safetensors: __metadata__: n_layer is 'two'; expected an integer");
  CHECK(st(std::string(meta).replace(meta.find("\"true\""), 6, "\"yes\"")) ==
        "m.safetensors: __metadata__: bias is 'yes'; expected \"true\" or \"false\"");
  CHECK(st(std::string(meta).replace(meta.find("\"2\""), 3, "2")) ==
        "m.safetensors: __metadata__: 'n_layer' is not a string");
  CHECK(st(std::string(meta).replace(meta.find("\"2\""), 3, "\"99999999999999999999\"")) ==
        "m.safetensors: __metadata__: n_layer is '99999999999999999999'; expected an integer");
  CHECK(st("[1]").starts_with("m.safetensors: __metadata__: not a JSON object of strings"));
}

// ---- damaged and hostile files -----------------------------------------------------------------------

TEST_CASE("model file: truncation at every cut point is one line, never a crash") {
  const math::GptConfig c = smallConfig(true);
  const auto tensors = tensorsOf(randomWeights(c, 7));
  const std::vector<std::pair<std::string, std::string>> files = {
      {kNpz, npzOf(tensors, c).bytes},
      {kSt, safetensorsOf(tensors, c)},
      {"tiny.npz", fileBytes(dataDir() / "tiny.npz")},
      {"tiny_compressed.npz", fileBytes(dataDir() / "tiny_compressed.npz")},
      {"tiny_nobias.safetensors", fileBytes(dataDir() / "tiny_nobias.safetensors")}};
  for (const auto& file : files) {
    const std::string& name = file.first;
    const std::string& bytes = file.second;
    CAPTURE(name);
    REQUIRE(std::holds_alternative<Weights>(readGptWeightsFromBytes(bytes, name)));
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
      refusal(bytes.substr(0, cut), name);
      // The front cut off instead (the directory survives, the offsets point at the wrong bytes).
      if (cut % 7 == 1) refusal(bytes.substr(cut), name);
    }
  }
}

TEST_CASE("model file: hostile zip headers") {
  const math::GptConfig c = smallConfig(true);
  const auto tensors = tensorsOf(randomWeights(c, 8));
  const Zip good = npzOf(tensors, c);
  REQUIRE(std::holds_alternative<Weights>(readGptWeightsFromBytes(good.bytes, kNpz)));
  // Entry 2 (after model_args) is transformer.wte.weight.
  const std::size_t cd = good.central[1];
  const std::size_t local = good.local[1];
  const std::size_t e = good.eocd;
  struct Case {
    const char* what;
    std::size_t offset;
    std::uint64_t value;
    int size;
    std::string expected;  // a part of the message
  };
  const std::vector<Case> cases = {
      {"compressed size huge", cd + 20, 0x7FFFFFF0, 4, "transformer.wte.weight: a stored entry"},
      {"both sizes huge", cd + 20, 0x7FFFFFF07FFFFFF0, 8,
       "transformer.wte.weight: the entries unpack to more than 1073741824 bytes"},
      {"both sizes past the data", cd + 20, 0x0001000000010000, 8,
       "transformer.wte.weight: its 65536 bytes of data run past the end of the archive's data"},
      {"size zip64", cd + 24, 0xFFFFFFFF, 4, "transformer.wte.weight: a zip64 entry"},
      {"local offset past the end", cd + 42, 0x7FFFFFFF, 4, "transformer.wte.weight: its local header (at 2147483647) lies outside"},
      {"local offset into the directory", cd + 42, cd, 4, "lies outside the archive's data"},
      {"local offset at another entry", cd + 42, good.local[2], 4, "transformer.wte.weight: its local header names another file"},
      {"name length huge", cd + 28, 0xFFFF, 2, "central directory entry 2: its name, extra field and comment run past"},
      {"comment length huge", cd + 32, 0xFFFF, 2, "central directory entry 2: its name, extra field and comment run past"},
      {"method 12 (bzip2)", cd + 10, 12, 2, "transformer.wte.weight: zip compression method 12 is not supported"},
      {"encrypted", cd + 8, 1, 2, "transformer.wte.weight: encrypted zip entries are not supported"},
      {"bad CRC", cd + 16, 0x12345678, 4, "transformer.wte.weight: CRC-32 mismatch"},
      {"bad directory signature", cd, 0x02014b51, 4, "central directory entry 2 has a bad signature"},
      {"bad local signature", local, 0x04034b51, 4, "transformer.wte.weight: its local header has a bad signature"},
      {"local name length huge", local + 26, 0xFFFF, 2, "transformer.wte.weight: its"},
      {"local extra length huge", local + 28, 0xFFFF, 2, "run past the end of the archive's data"},
      {"local method differs", local + 8, 8, 2, "disagrees with the central directory on the compression"},
      {"entry count huge", e + 8, 0x7FFF7FFF, 4, "holds 32767 entries; tfviz reads at most 4096"},
      {"entry count too big for the directory", e + 8, 0x03E803E8, 4, "1000 entries cannot fit"},
      {"entry count zip64", e + 8, 0xFFFFFFFF, 4, "zip64"},
      {"directory offset past the end", e + 16, 0x7FFFFFFF, 4, "the central directory"},
      {"directory size huge", e + 12, 0xFFFFFFF0, 4, "the central directory"},
      {"directory offset zip64", e + 16, 0xFFFFFFFF, 4, "zip64"},
      {"multi-disk", e + 4, 1, 2, "multi-part"},
      {"count differs between disks", e + 8, 3, 2, "multi-part"},
      {"comment length wrong", e + 20, 5, 2, "no end-of-central-directory record"},
  };
  for (const Case& k : cases) {
    CAPTURE(k.what);
    std::string bytes = good.bytes;
    patch(bytes, k.offset, k.value, k.size);
    const std::string m = refusal(bytes, kNpz);
    CHECK_MESSAGE(m.find(k.expected) != std::string::npos, m);
  }
  // A deflated entry that claims far more than deflate can give, and deflate data that is damaged.
  {
    std::string bytes = good.bytes;
    patch(bytes, cd + 10, 8, 2);
    patch(bytes, local + 8, 8, 2);
    patch(bytes, cd + 24, 0x40000000, 4);
    CHECK(refusal(bytes, kNpz).find("more than deflate can give") != std::string::npos);
    patch(bytes, cd + 24, 100, 4);  // the stored bytes are not a deflate stream
    const std::string m = refusal(bytes, kNpz);
    CHECK_MESSAGE(m.starts_with("m.npz: transformer.wte.weight: "), m);
  }
  // A real deflated file with a wrong uncompressed size, and with flipped deflate bytes.
  {
    const std::string real = fileBytes(dataDir() / "tiny_compressed.npz");
    const std::size_t eocd = real.rfind(std::string("PK\x05\x06", 4));
    REQUIRE(eocd != std::string::npos);
    const std::size_t cdStart = static_cast<unsigned char>(real[eocd + 16]) |
                                static_cast<std::size_t>(static_cast<unsigned char>(real[eocd + 17])) << 8;
    std::string bigger = real;
    const std::uint32_t size = static_cast<unsigned char>(bigger[cdStart + 24]) |
                               static_cast<std::uint32_t>(static_cast<unsigned char>(bigger[cdStart + 25])) << 8;
    patch(bigger, cdStart + 24, size + 10, 4);
    CHECK(refusal(bigger, "tiny_compressed.npz").find("inflates to ") != std::string::npos);
    patch(bigger, cdStart + 24, size - 10, 4);
    CHECK(refusal(bigger, "tiny_compressed.npz").find("inflates to more than") != std::string::npos);
    std::mt19937 rng(11);
    for (int i = 0; i < 300; ++i) {
      std::string damaged = real;
      damaged[rng() % cdStart] ^= static_cast<char>(1 + rng() % 255);
      const Result r = readGptWeightsFromBytes(damaged, "tiny_compressed.npz");
      if (std::holds_alternative<ModelError>(r)) errorOf(r, "tiny_compressed.npz");
    }
  }
  // Not a zip, an empty zip, an entry that is not .npy, duplicate entries.
  CHECK(refusal("", kNpz) == "m.npz: not a zip archive (.npz) or truncated: 0 bytes, no "
                             "end-of-central-directory record");
  CHECK(refusal(zipOf({}).bytes, kNpz).starts_with("m.npz: model_args: missing"));
  CHECK(refusal(zipOf({{"notes.txt", "hi"}}).bytes, kNpz) ==
        "m.npz: notes.txt: not a .npy file (an .npz of weights holds only .npy files)");
  {
    auto twice = tensors;
    twice.push_back(tensors[3]);
    CHECK(refusal(npzOf(twice, c).bytes, kNpz).starts_with("m.npz: " + tensors[3].name + ": appears twice"));
  }
  // A .npy entry that is not a .npy.
  {
    std::vector<std::pair<std::string, std::string>> files = {{"model_args.npy", "garbage"}};
    CHECK(refusal(zipOf(files).bytes, kNpz) == "m.npz: model_args: not a .npy file (bad magic bytes)");
  }
}

TEST_CASE("model file: hostile safetensors headers") {
  const math::GptConfig c = smallConfig(true);
  const auto tensors = tensorsOf(randomWeights(c, 9));
  const std::string good = safetensorsOf(tensors, c);
  REQUIRE(std::holds_alternative<Weights>(readGptWeightsFromBytes(good, kSt)));
  const std::string meta = "\"__metadata__\":" + metadataOf(c);

  // The header length.
  {
    std::string bytes = good;
    patch(bytes, 0, 0xFFFFFFFFFFFFFFFFull, 8);
    CHECK(refusal(bytes, kSt).find("the header claims 18446744073709551615 bytes") != std::string::npos);
    patch(bytes, 0, 0, 8);
    CHECK(refusal(bytes, kSt).starts_with("m.safetensors: bad safetensors header: unexpected end"));
    CHECK(refusal("abc", kSt) == "m.safetensors: truncated: 3 bytes, less than a safetensors "
                                 "header's 8-byte length");
  }
  const std::string f4 = std::string(16, '\0');  // 4 float32
  const auto one = [&](const std::string& entry, const std::string& data = std::string(16, '\0')) {
    return refusal(safetensorsHeader("{" + meta + ",\"transformer.ln_f.weight\":" + entry + "}", data), kSt);
  };
  const std::string t = "m.safetensors: transformer.ln_f.weight: ";
  CHECK(one("{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,17]}") ==
        t + "data_offsets [0, 17] lie outside the file's 16 bytes of data (truncated or damaged)");
  CHECK(one("{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,18446744073709551615]}")
            .starts_with(t + "data_offsets [0, 18446744073709551615] lie outside"));
  CHECK(one("{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,4]}").starts_with(t + "data_offsets [8, 4] lie outside"));
  CHECK(one("{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,12]}") ==
        t + "shape (4,) of F32 needs 16 bytes, data_offsets give 12");
  CHECK(one("{\"dtype\":\"F32\",\"shape\":[1099511627776,1099511627776],\"data_offsets\":[0,16]}") ==
        t + "shape (1099511627776, 1099511627776) of F32 needs more bytes than the file has, data_offsets give 16");
  CHECK(one("{\"dtype\":\"F32\",\"shape\":[18446744073709551615,18446744073709551615,2],\"data_offsets\":[0,16]}")
            .find("needs more bytes than the file has") != std::string::npos);
  CHECK(one("{\"dtype\":\"F32\",\"shape\":[-4],\"data_offsets\":[0,16]}") ==
        t + "shape holds something other than non-negative integers");
  CHECK(one("{\"dtype\":\"F32\",\"shape\":[4.0],\"data_offsets\":[0,16]}") ==
        t + "shape holds something other than non-negative integers");
  CHECK(one("{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0]}") ==
        t + "data_offsets is not a list of two non-negative integers");
  CHECK(one("{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16],\"extra\":1}") ==
        t + "unexpected key 'extra' in its header entry");
  CHECK(one("{\"dtype\":\"F32\",\"shape\":[4]}") == t + "its header entry needs dtype, shape and data_offsets");
  CHECK(one("{\"dtype\":\"Q4\",\"shape\":[4],\"data_offsets\":[0,16]}") == t + "unknown dtype 'Q4'");
  CHECK(one("{\"dtype\":4,\"shape\":[4],\"data_offsets\":[0,16]}") == t + "dtype is not a string");
  CHECK(one("[]") == t + "its header entry is not a JSON object");
  CHECK(one("{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}", f4 + "junk") ==
        "m.safetensors: the safetensors data section has 4 bytes after the last tensor's (damaged file)");
  // Overlaps and gaps between two tensors.
  {
    const auto two = [&](const std::string& a, const std::string& b, std::size_t dataSize) {
      return refusal(safetensorsHeader("{" + meta + ",\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":" +
                                           a + "},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":" + b + "}}",
                                       std::string(dataSize, '\0')),
                     kSt);
    };
    CHECK(two("[0,8]", "[4,12]", 12) ==
          "m.safetensors: b: data_offsets [4, 12] overlap another tensor's (expected to start at 8)");
    CHECK(two("[8,16]", "[0,8]", 16).starts_with("m.safetensors: a: unexpected tensor"));  // fine layout
    CHECK(two("[0,8]", "[12,20]", 20) ==
          "m.safetensors: b: data_offsets [12, 20] leave a gap before them (expected to start at 8)");
    CHECK(two("[0,8]", "[0,8]", 8) ==
          "m.safetensors: b: data_offsets [0, 8] overlap another tensor's (expected to start at 8)");
  }
  // Broken JSON: each a one-line refusal.
  const std::vector<std::string> broken = {
      "",
      "{",
      "[",
      "{\"a\":}",
      "{\"a\" 1}",
      "{\"a\":1,}",
      "{'a':1}",
      "{\"a\":01}",
      "{\"a\":1.}",
      "{\"a\":-}",
      "{\"a\":1e}",
      "{\"a\":tru}",
      "{\"a\":\"\\x\"}",
      "{\"a\":\"\\u12\"}",
      "{\"a\":\"\\ud800\"}",
      "{\"a\":\"\\udc00\"}",
      "{\"a\":\"\\ud800\\u0041\"}",
      std::string("{\"a\":\"\x01\"}"),
      std::string("{\"a\":\"\xff\"}"),
      std::string("{\"a\":\"\xc0\xaf\"}"),
      std::string("{\"a\":\"\xed\xa0\x80\"}"),
      "{\"a\":1,\"a\":2}",
      "{} {}",
      "{\"a\":\"unterminated",
      std::string(100000, '['),
      "[" + std::string(40, '[') + std::string(41, ']'),
      "\"just a string\"",
      "12",
      "null",
  };
  for (const std::string& json : broken) {
    CAPTURE(json.substr(0, 40));
    const std::string m = refusal(safetensorsHeader(json), kSt);
    CHECK(m.starts_with("m.safetensors: bad safetensors header: "));
  }
  // Too many values: a long array of zeros, and many tensors.
  {
    std::string many = "{\"a\":[";
    for (int i = 0; i < 300000; ++i) many += i ? ",0" : "0";
    many += "]}";
    CHECK(refusal(safetensorsHeader(many), kSt).find("too many values") != std::string::npos);
    std::string names = "{";
    for (int i = 0; i < 5000; ++i) names += (i ? ",\"" : "\"") + std::to_string(i) + "\":0";
    names += "}";
    CHECK(refusal(safetensorsHeader(names), kSt) == "m.safetensors: holds 5000 tensors; tfviz reads at most 4096");
  }
  // Random damage to the header and data: one line or a valid model, never a crash.
  std::mt19937 rng(12);
  for (int i = 0; i < 2000; ++i) {
    std::string damaged = good;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < flips; ++k) {
      const std::size_t at = rng() % std::min<std::size_t>(damaged.size(), 8 + 4096);
      damaged[at] = static_cast<char>(rng());
    }
    const Result r = readGptWeightsFromBytes(damaged, kSt);
    if (std::holds_alternative<ModelError>(r)) errorOf(r, kSt);
    else CHECK(math::checkGptWeights(std::get<Weights>(r)).empty());
  }
}

TEST_CASE("model file: files on disk, formats by extension, limits") {
  test::TempDir dir;
  const math::GptConfig c = smallConfig(false);
  const Weights w = randomWeights(c, 10);
  const fs::path npz = dir.write("w.npz", npzOf(tensorsOf(w), c).bytes);
  const fs::path st = dir.write("w.safetensors", safetensorsOf(tensorsOf(w), c));
  checkSame(w, loaded(readGptWeights(npz)));
  checkSame(w, loaded(readGptWeights(st)));
  // The format is the extension's: safetensors bytes named .npz are refused as a zip.
  const fs::path wrong = dir.write("w2.npz", safetensorsOf(tensorsOf(w), c));
  CHECK(errorOf(readGptWeights(wrong), wrong.string()).find("not a zip archive") != std::string::npos);
  const fs::path pt = dir.write("ckpt.pt", "x");
  CHECK(errorOf(readGptWeights(pt), pt.string()) ==
        pt.string() + ": unknown format '.pt' (expected .npz or .safetensors)");
  CHECK(errorOf(readGptWeights(dir.path() / "absent.npz"), (dir.path() / "absent.npz").string())
            .find("cannot read: No such file or directory") != std::string::npos);
  fs::create_directory(dir.path() / "d.npz");
  CHECK(errorOf(readGptWeights(dir.path() / "d.npz"), (dir.path() / "d.npz").string())
            .find("Is a directory") != std::string::npos);
  // Over the limit: refused by its size, before reading (a sparse file costs nothing).
  const fs::path big = dir.write("big.npz", "");
  fs::resize_file(big, kMaxModelFileBytes + 1);
  CHECK(errorOf(readGptWeights(big), big.string()) ==
        big.string() + ": is 1073741825 bytes; a model file may be at most 1073741824 bytes");
}

TEST_CASE("model file: vocabulary files") {
  test::TempDir dir;
  const auto vocab = [&](const std::string& text) { return readVocab(dir.write("v.txt", text)); };
  const auto tokens = [](const auto& r) {
    if (const auto* e = std::get_if<ModelError>(&r)) FAIL("refused: " << e->message);
    return std::get<std::vector<std::string>>(r);
  };
  const std::string name = (dir.path() / "v.txt").string();
  const auto error = [&](const auto& r) {
    const auto* e = std::get_if<ModelError>(&r);
    REQUIRE(e);
    CHECK(e->message.starts_with(name + ": "));
    return e->message.substr(name.size() + 2);
  };
  CHECK(tokens(vocab("show\nme\nmy files\n")) == std::vector<std::string>{"show", "me", "my files"});
  CHECK(tokens(vocab("a\r\nb")) == std::vector<std::string>{"a", "b"});
  CHECK(tokens(vocab("caf\xc3\xa9\n \n")) == std::vector<std::string>{"caf\xc3\xa9", " "});
  CHECK(error(vocab("")) == "empty (no tokens)");
  CHECK(error(vocab("a\n\nb\n")) == "line 2: empty (one token per line, no empty lines)");
  CHECK(error(vocab("a\nb\na\n")) == "line 3: the token 'a' again (first on line 1)");
  CHECK(error(vocab("a\n\xff\n")) == "line 2: not valid UTF-8");
  std::string big;
  for (int i = 0; i <= kMaxVocab; ++i) big += std::to_string(i) + "\n";
  CHECK(error(vocab(big)) == "line 65537: more than 65536 tokens; tfviz reads at most 65536");
  {
    const fs::path none = dir.path() / "none.txt";
    const auto r = readVocab(none);
    REQUIRE(std::holds_alternative<ModelError>(r));
    CHECK(std::get<ModelError>(r).message == none.string() + ": cannot read: No such file or directory");
  }
  const fs::path shipped = fs::path(TFVIZ_README).parent_path() / "assets" / "model" / "vocab.txt";
  if (fs::exists(shipped)) CHECK(tokens(readVocab(shipped)).size() > 10);
}

// GPT-2 small's shape (124M parameters, random): the time to read it, both formats, from a file
// (skipped by default; about 500 MB each in the temporary directory):
//   build/.../tests/tfviz_unit_tests -tc='model file: load time*' --no-skip
TEST_CASE("model file: load time, GPT-2 small shape" * doctest::skip()) {
  math::GptConfig c;
  c.nLayer = 12;
  c.nHead = 12;
  c.nEmbd = 768;
  c.blockSize = 1024;
  c.vocabSize = 50257;
  const Weights w = randomWeights(c, 13);
  test::TempDir dir;
  for (const char* name : {"gpt2.npz", "gpt2.safetensors"}) {
    const bool npz = std::string(name).ends_with(".npz");
    fs::path path;
    {
      auto tensors = tensorsOf(w);
      tensors.push_back(matrixTensor("lm_head.weight", w.wte));
      path = dir.write(name, npz ? npzOf(tensors, c).bytes : safetensorsOf(tensors, c));
    }
    const auto t0 = std::chrono::steady_clock::now();
    const Result r = readGptWeights(path);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    checkSame(w, loaded(r));
    MESSAGE(std::string(name) << ": " << fs::file_size(path) << " bytes read in " << s * 1000.0 << " ms");
  }
}

}  // namespace
}  // namespace tfviz::io
