// Reading a GPT's weights (.npz or .safetensors) and vocabulary: see model_file.hpp. Untrusted
// input throughout: every offset and size read from the file is checked against the bytes there
// before it is used, every count against a limit before anything grows with it, and nothing
// recurses without a depth limit. A refusal is one line, "<file>: <tensor>: <what>", thrown
// inside as a Refusal and returned as a ModelError.
#include "io/model_file.hpp"

#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <set>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "core/log.hpp"
#include "io/tensor_file.hpp"

namespace tfviz::io {
namespace {

namespace fs = std::filesystem;
using math::GptConfig;
using math::GptWeights;
using WeightsResult = std::variant<GptWeights, ModelError>;

// Tensors (or zip entries) in one file: nanoGPT has 12 per layer (with biases) plus a mask
// buffer, so 48 layers need about 640.
constexpr std::size_t kMaxEntries = 4096;
// The safetensors JSON header: GPT-2 small's is about 15 KB.
constexpr std::uint64_t kMaxSafetensorsHeaderBytes = std::uint64_t{16} << 20;
// Values in that header (each costs a node in memory), and how deeply they may nest.
constexpr std::size_t kMaxJsonValues = std::size_t{1} << 18;
constexpr int kMaxJsonDepth = 32;
// A name quoted in a message is cut after this many bytes.
constexpr std::size_t kMaxShownName = 96;
// Deflate never compresses better than 1032 to 1: an entry claiming more is damaged or hostile.
constexpr std::uint64_t kMaxDeflateRatio = 1032;

struct Refusal {
  std::string message;
};

std::string shortName(std::string_view name) {
  if (name.empty()) return "(empty name)";
  if (name.size() <= kMaxShownName) return std::string(name);
  return std::string(name.substr(0, kMaxShownName)) + "...";
}

// The file's name for messages, and the way to refuse it.
class Context {
 public:
  explicit Context(std::string_view file) : m_file(file) {}

  [[noreturn]] void fail(std::string_view tensor, const std::string& what) const {
    throw Refusal{escapeControls(m_file + ": " + shortName(tensor)) + ": " + what};
  }
  [[noreturn]] void failFile(const std::string& what) const {
    throw Refusal{escapeControls(m_file) + ": " + what};
  }
  // The name parseNpyHeader is given, so that its messages read as ours do.
  std::string npyName(std::string_view tensor) const { return m_file + ": " + shortName(tensor); }
  const std::string& file() const { return m_file; }

 private:
  std::string m_file;
};

std::string quotedText(std::string_view text) {
  return "'" + escapeControls(shortName(text)) + "'";
}

std::uint64_t loadLE(std::string_view bytes, std::uint64_t offset, int size) {
  std::uint64_t value = 0;
  for (int i = 0; i < size; ++i) {
    value |= std::uint64_t{static_cast<unsigned char>(bytes[offset + static_cast<unsigned>(i)])}
             << (8 * i);
  }
  return value;
}

std::string lowerExtension(std::string_view name) {
  std::string ext = fs::path(std::string(name)).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool validUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (text.size() - i <= static_cast<std::size_t>(extra)) return false;
    for (int k = 1; k <= extra; ++k) {
      const auto d = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += static_cast<std::size_t>(extra) + 1;
  }
  return true;
}

// ---- a tensor as a file holds it -------------------------------------------------------------

struct TensorData {
  std::string dtype;   // for messages: "float32", "int64", "F16", ...
  char kind = 0;       // 'f' float, 'i' signed integer, 0 anything else
  std::size_t itemSize = 0;
  std::vector<std::uint64_t> shape;
  std::string_view data;  // the bytes after the header (npz) or between the offsets (safetensors)
  std::string storage;    // the inflated entry, when `data` points into it
};

// What a format reader gives the common part: the tensors' names in file order (.npz: without
// ".npy"; model_args taken out), a way to load one, and the config.
struct Source {
  std::vector<std::string> names;
  std::function<void(std::size_t, TensorData&)> load;
  GptConfig config;
};

// model_args, in nanoGPT's order, checked against the limits.
GptConfig configFrom(const Context& ctx, std::string_view where, const std::int64_t (&v)[6]) {
  struct Field {
    const char* name;
    std::int64_t max;
  };
  const Field fields[5] = {{"n_layer", kMaxLayers},
                           {"n_head", kMaxHeads},
                           {"n_embd", kMaxEmbd},
                           {"block_size", kMaxBlockSize},
                           {"vocab_size", kMaxVocab}};
  for (int i = 0; i < 5; ++i) {
    if (v[i] < 1 || v[i] > fields[i].max) {
      ctx.fail(where, std::string(fields[i].name) + " is " + std::to_string(v[i]) +
                          "; tfviz reads 1 to " + std::to_string(fields[i].max));
    }
  }
  if (v[5] != 0 && v[5] != 1) {
    ctx.fail(where, "bias is " + std::to_string(v[5]) + "; expected 0 (false) or 1 (true)");
  }
  GptConfig c;
  c.nLayer = static_cast<int>(v[0]);
  c.nHead = static_cast<int>(v[1]);
  c.nEmbd = static_cast<int>(v[2]);
  c.blockSize = static_cast<int>(v[3]);
  c.vocabSize = static_cast<int>(v[4]);
  c.bias = v[5] == 1;
  if (c.nEmbd % c.nHead != 0) {
    ctx.fail(where, "n_embd " + std::to_string(c.nEmbd) + " is not a multiple of n_head " +
                        std::to_string(c.nHead));
  }
  return c;
}

// ---- .npz: a zip archive ------------------------------------------------------------------------

class ZipArchive {
 public:
  struct Item {
    std::string name;
    std::uint16_t method = 0;
    std::uint32_t crc = 0;
    std::uint64_t compressedSize = 0;
    std::uint64_t size = 0;
    std::uint64_t dataOffset = 0;
  };

  ZipArchive(const Context& ctx, std::string_view bytes) : m_ctx(ctx), m_bytes(bytes) {
    readCentralDirectory();
  }

  const std::vector<Item>& items() const { return m_items; }

  // Entry i's bytes, CRC checked: a view into the archive (stored) or into `storage` (deflated).
  std::string_view extract(std::size_t index, std::string& storage, std::string_view shown) const {
    const Item& item = m_items[index];
    std::string_view out;
    const std::string_view packed = m_bytes.substr(item.dataOffset, item.compressedSize);
    if (item.method == 0) {
      out = packed;
    } else {
      storage.assign(item.size, '\0');
      z_stream z{};
      if (inflateInit2(&z, -MAX_WBITS) != Z_OK) m_ctx.fail(shown, "zlib could not start");
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
      z.avail_in = static_cast<uInt>(packed.size());  // < 4 GiB: the file is at most 1 GiB
      z.next_out = reinterpret_cast<Bytef*>(storage.data());
      z.avail_out = static_cast<uInt>(storage.size());
      const int status = inflate(&z, Z_FINISH);
      const std::uint64_t produced = z.total_out;
      const std::string zmsg = z.msg != nullptr ? z.msg : "";
      inflateEnd(&z);
      if (status == Z_DATA_ERROR) {
        m_ctx.fail(shown, "damaged deflate data (" + escapeControls(zmsg) + ")");
      }
      if (status != Z_STREAM_END) {
        if (z.avail_out == 0) {
          m_ctx.fail(shown, "inflates to more than the " + std::to_string(item.size) +
                                " bytes its zip header says");
        }
        m_ctx.fail(shown, "deflate data ends early (truncated entry)");
      }
      if (produced != item.size) {
        m_ctx.fail(shown, "inflates to " + std::to_string(produced) + " bytes; its zip header says " +
                              std::to_string(item.size));
      }
      out = storage;
    }
    uLong crc = crc32(0L, Z_NULL, 0);
    for (std::size_t done = 0; done < out.size();) {
      const std::size_t chunk = std::min<std::size_t>(out.size() - done, std::size_t{1} << 30);
      crc = crc32(crc, reinterpret_cast<const Bytef*>(out.data() + done), static_cast<uInt>(chunk));
      done += chunk;
    }
    if (crc != item.crc) m_ctx.fail(shown, "CRC-32 mismatch: the entry is damaged");
    return out;
  }

 private:
  void need(std::uint64_t offset, std::uint64_t size, std::uint64_t end, const std::string& what) const {
    if (offset > end || size > end - offset) m_ctx.failFile(what);
  }

  void readCentralDirectory() {
    constexpr std::uint64_t kEocdSize = 22;
    const std::uint64_t total = m_bytes.size();
    if (total < kEocdSize) {
      m_ctx.failFile("not a zip archive (.npz) or truncated: " + std::to_string(total) +
                     " bytes, no end-of-central-directory record");
    }
    // The record is the last thing in the file but for its comment (at most 65535 bytes).
    std::optional<std::uint64_t> eocd;
    const std::uint64_t lowest = total - kEocdSize > 0xFFFF ? total - kEocdSize - 0xFFFF : 0;
    for (std::uint64_t at = total - kEocdSize + 1; at-- > lowest;) {
      if (m_bytes[at] == 'P' && loadLE(m_bytes, at, 4) == 0x06054b50 && at + kEocdSize + loadLE(m_bytes, at + 20, 2) == total) {
        eocd = at;
        break;
      }
    }
    if (!eocd) {
      m_ctx.failFile("not a zip archive (.npz) or truncated: no end-of-central-directory record");
    }
    const std::uint64_t e = *eocd;
    if (e >= 20 && loadLE(m_bytes, e - 20, 4) == 0x07064b50) {
      m_ctx.failFile("is a zip64 archive, which tfviz does not read (zip64 is needed only past "
                     "4 GiB; a model file may be at most 1 GiB)");
    }
    const std::uint64_t disk = loadLE(m_bytes, e + 4, 2);
    const std::uint64_t cdDisk = loadLE(m_bytes, e + 6, 2);
    const std::uint64_t countHere = loadLE(m_bytes, e + 8, 2);
    const std::uint64_t count = loadLE(m_bytes, e + 10, 2);
    const std::uint64_t cdSize = loadLE(m_bytes, e + 12, 4);
    const std::uint64_t cdOffset = loadLE(m_bytes, e + 16, 4);
    if (count == 0xFFFF || cdSize == 0xFFFFFFFF || cdOffset == 0xFFFFFFFF) {
      m_ctx.failFile("is a zip64 archive, which tfviz does not read");
    }
    if (disk != 0 || cdDisk != 0 || countHere != count) {
      m_ctx.failFile("is a multi-part zip archive, which tfviz does not read");
    }
    if (count > kMaxEntries) {
      m_ctx.failFile("holds " + std::to_string(count) + " entries; tfviz reads at most " +
                     std::to_string(kMaxEntries));
    }
    need(cdOffset, cdSize, e,
         "damaged zip archive: the central directory (" + std::to_string(cdSize) + " bytes at " +
             std::to_string(cdOffset) + ") lies outside the file's " + std::to_string(e) +
             " bytes before its end record");
    if (count * 46 > cdSize) {
      m_ctx.failFile("damaged zip archive: " + std::to_string(count) + " entries cannot fit in a " +
                     std::to_string(cdSize) + "-byte central directory");
    }

    const std::uint64_t cdEnd = cdOffset + cdSize;
    std::uint64_t pos = cdOffset;
    std::uint64_t totalSize = 0;
    m_items.reserve(count);
    for (std::uint64_t i = 0; i < count; ++i) {
      const std::string where = "damaged zip archive: central directory entry " + std::to_string(i + 1);
      need(pos, 46, cdEnd, where + " runs past the directory's end");
      if (loadLE(m_bytes, pos, 4) != 0x02014b50) m_ctx.failFile(where + " has a bad signature");
      const std::uint64_t flags = loadLE(m_bytes, pos + 8, 2);
      Item item;
      item.method = static_cast<std::uint16_t>(loadLE(m_bytes, pos + 10, 2));
      item.crc = static_cast<std::uint32_t>(loadLE(m_bytes, pos + 16, 4));
      item.compressedSize = loadLE(m_bytes, pos + 20, 4);
      item.size = loadLE(m_bytes, pos + 24, 4);
      const std::uint64_t nameLength = loadLE(m_bytes, pos + 28, 2);
      const std::uint64_t extraLength = loadLE(m_bytes, pos + 30, 2);
      const std::uint64_t commentLength = loadLE(m_bytes, pos + 32, 2);
      const std::uint64_t diskStart = loadLE(m_bytes, pos + 34, 2);
      const std::uint64_t localOffset = loadLE(m_bytes, pos + 42, 4);
      need(pos + 46, nameLength + extraLength + commentLength, cdEnd,
           where + ": its name, extra field and comment run past the directory's end");
      item.name = std::string(m_bytes.substr(pos + 46, nameLength));
      pos += 46 + nameLength + extraLength + commentLength;

      const std::string shown = item.name.ends_with(".npy")
                                    ? item.name.substr(0, item.name.size() - 4)
                                    : item.name;
      if (item.compressedSize == 0xFFFFFFFF || item.size == 0xFFFFFFFF ||
          localOffset == 0xFFFFFFFF || diskStart == 0xFFFF) {
        m_ctx.fail(shown, "a zip64 entry, which tfviz does not read");
      }
      if ((flags & 0x41) != 0) m_ctx.fail(shown, "encrypted zip entries are not supported");
      if (item.method != 0 && item.method != 8) {
        m_ctx.fail(shown, "zip compression method " + std::to_string(item.method) +
                              " is not supported (stored or deflate only, as np.savez and "
                              "np.savez_compressed write)");
      }
      if (item.method == 0 && item.compressedSize != item.size) {
        m_ctx.fail(shown, "a stored entry of " + std::to_string(item.size) + " bytes that takes " +
                              std::to_string(item.compressedSize) + " bytes in the archive");
      }
      if (item.method == 8 && item.size > item.compressedSize * kMaxDeflateRatio + 1024) {
        m_ctx.fail(shown, "claims " + std::to_string(item.size) + " bytes from " +
                              std::to_string(item.compressedSize) +
                              " compressed, more than deflate can give (damaged or hostile)");
      }
      totalSize += item.size;
      if (totalSize > kMaxModelFileBytes) {
        m_ctx.fail(shown, "the entries unpack to more than " + std::to_string(kMaxModelFileBytes) +
                              " bytes, tfviz's limit for a model");
      }
      // The local header: its own name and extra field lengths decide where the data starts
      // (np.savez writes zip64 sizes there; the central directory's are the ones used).
      const std::string local = "its local header";
      if (localOffset > cdOffset || cdOffset - localOffset < 30) {
        m_ctx.fail(shown, local + " (at " + std::to_string(localOffset) +
                              ") lies outside the archive's data: damaged or truncated");
      }
      if (loadLE(m_bytes, localOffset, 4) != 0x04034b50) {
        m_ctx.fail(shown, local + " has a bad signature: damaged or truncated");
      }
      const std::uint64_t localMethod = loadLE(m_bytes, localOffset + 8, 2);
      const std::uint64_t localNameLength = loadLE(m_bytes, localOffset + 26, 2);
      const std::uint64_t localExtraLength = loadLE(m_bytes, localOffset + 28, 2);
      const std::uint64_t dataOffset = localOffset + 30 + localNameLength + localExtraLength;
      if (dataOffset > cdOffset || item.compressedSize > cdOffset - dataOffset) {
        m_ctx.fail(shown, "its " + std::to_string(item.compressedSize) +
                              " bytes of data run past the end of the archive's data: damaged "
                              "or truncated");
      }
      if (m_bytes.substr(localOffset + 30, localNameLength) != item.name) {
        m_ctx.fail(shown, local + " names another file: damaged archive");
      }
      if (localMethod != item.method) {
        m_ctx.fail(shown, local + " disagrees with the central directory on the compression");
      }
      item.dataOffset = dataOffset;
      m_items.push_back(std::move(item));
    }
  }

  const Context& m_ctx;
  std::string_view m_bytes;
  std::vector<Item> m_items;
};

// Fills `out` from a .npy held in `npy` (which `out.storage` may own).
void parseNpyInto(const Context& ctx, std::string_view tensor, std::string_view npy,
                  TensorData& out) {
  auto parsed = parseNpyHeader(npy, ctx.npyName(tensor));
  if (auto* error = std::get_if<TensorError>(&parsed)) throw Refusal{error->message};
  NpyHeader& header = std::get<NpyHeader>(parsed);
  out.kind = header.kind;
  out.itemSize = header.itemSize;
  out.dtype = std::string(header.kind == 'f' ? "float" : "int") +
              std::to_string(header.itemSize * 8);
  out.shape = std::move(header.shape);
  out.data = header.data;
}

Source readNpz(const Context& ctx, std::string_view bytes) {
  auto zip = std::make_shared<ZipArchive>(ctx, bytes);
  Source source;
  std::vector<std::size_t> indices;  // source.names[i] is zip entry indices[i]
  std::optional<std::size_t> modelArgs;
  const auto& items = zip->items();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string& name = items[i].name;
    if (!name.ends_with(".npy")) {
      ctx.fail(name, "not a .npy file (an .npz of weights holds only .npy files)");
    }
    std::string tensor = name.substr(0, name.size() - 4);
    if (tensor == "model_args") {
      if (modelArgs) ctx.fail(tensor, "appears twice");
      modelArgs = i;
      continue;
    }
    source.names.push_back(std::move(tensor));
    indices.push_back(i);
  }
  if (!modelArgs) {
    ctx.fail("model_args", "missing: an .npz of GPT weights needs model_args.npy, six int64 "
                           "(n_layer, n_head, n_embd, block_size, vocab_size, bias)");
  }
  {
    TensorData args;
    const std::string_view npy = zip->extract(*modelArgs, args.storage, "model_args");
    parseNpyInto(ctx, "model_args", npy, args);
    if (args.kind != 'i') {
      ctx.fail("model_args", "dtype " + args.dtype + "; expected int64 (six integers)");
    }
    if (args.shape != std::vector<std::uint64_t>{6}) {
      ctx.fail("model_args", "shape " + shapeText(args.shape) +
                                 ", expected (6,): n_layer, n_head, n_embd, block_size, "
                                 "vocab_size, bias");
    }
    if (args.data.size() != 6 * args.itemSize) {
      ctx.fail("model_args", "holds " + std::to_string(args.data.size()) + " bytes of data, expected " +
                                 std::to_string(6 * args.itemSize));
    }
    std::int64_t values[6];
    for (std::size_t k = 0; k < 6; ++k) {
      const std::uint64_t raw = loadLE(args.data, k * args.itemSize, static_cast<int>(args.itemSize));
      values[k] = args.itemSize == 4 ? std::int64_t{std::bit_cast<std::int32_t>(static_cast<std::uint32_t>(raw))}
                                     : std::bit_cast<std::int64_t>(raw);
    }
    source.config = configFrom(ctx, "model_args", values);
  }
  source.load = [zip, indices, names = source.names, &ctx](std::size_t i, TensorData& out) {
    const std::string_view npy = zip->extract(indices[i], out.storage, names[i]);
    parseNpyInto(ctx, names[i], npy, out);
  };
  return source;
}

// ---- .safetensors: a length, a JSON header, the data ----------------------------------------------

struct JsonMember;

struct Json {
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  bool flag = false;
  bool isCount = false;  // a number written as digits only, that fits in 64 bits
  std::uint64_t count = 0;
  std::string text;  // String
  std::vector<Json> items;
  std::vector<JsonMember> members;  // Object, in order
};

struct JsonMember {
  std::string key;
  Json value;
};

// Strict JSON (RFC 8259) with a depth and a size limit; keys must not repeat.
class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : m_text(text) {}

  // "" on success.
  std::string parseDocument(Json& out) {
    if (!validUtf8(m_text)) return "not valid UTF-8";
    if (!value(out, 0)) return m_error;
    space();
    if (m_pos != m_text.size()) return "unexpected text after the JSON value, at byte " + std::to_string(m_pos);
    return "";
  }

 private:
  bool failWith(const std::string& why) {
    if (m_error.empty()) m_error = why + " at byte " + std::to_string(m_pos);
    return false;
  }

  void space() {
    while (m_pos < m_text.size() &&
           (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n' || m_text[m_pos] == '\r')) {
      ++m_pos;
    }
  }

  bool literal(std::string_view word) {
    if (m_text.substr(m_pos, word.size()) != word) return failWith("unexpected character");
    m_pos += word.size();
    return true;
  }

  bool value(Json& out, int depth) {
    if (depth > kMaxJsonDepth) return failWith("nested too deeply");
    if (++m_values > kMaxJsonValues) return failWith("too many values");
    space();
    if (m_pos >= m_text.size()) return failWith("unexpected end");
    const char c = m_text[m_pos];
    switch (c) {
      case '{':
        return object(out, depth);
      case '[':
        return array(out, depth);
      case '"':
        out.kind = Json::Kind::String;
        return string(out.text);
      case 't':
        out.kind = Json::Kind::Bool;
        out.flag = true;
        return literal("true");
      case 'f':
        out.kind = Json::Kind::Bool;
        return literal("false");
      case 'n':
        out.kind = Json::Kind::Null;
        return literal("null");
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return number(out);
        return failWith("unexpected character");
    }
  }

  bool object(Json& out, int depth) {
    out.kind = Json::Kind::Object;
    ++m_pos;
    space();
    if (m_pos < m_text.size() && m_text[m_pos] == '}') {
      ++m_pos;
      return true;
    }
    std::set<std::string> keys;
    for (;;) {
      space();
      if (m_pos >= m_text.size() || m_text[m_pos] != '"') return failWith("expected a string key");
      std::string key;
      if (!string(key)) return false;
      if (!keys.insert(key).second) return failWith("key " + quotedText(key) + " appears twice");
      space();
      if (m_pos >= m_text.size() || m_text[m_pos] != ':') return failWith("expected ':'");
      ++m_pos;
      Json member;
      if (!value(member, depth + 1)) return false;
      out.members.push_back(JsonMember{std::move(key), std::move(member)});
      space();
      if (m_pos < m_text.size() && m_text[m_pos] == ',') {
        ++m_pos;
        continue;
      }
      if (m_pos < m_text.size() && m_text[m_pos] == '}') {
        ++m_pos;
        return true;
      }
      return failWith("expected ',' or '}'");
    }
  }

  bool array(Json& out, int depth) {
    out.kind = Json::Kind::Array;
    ++m_pos;
    space();
    if (m_pos < m_text.size() && m_text[m_pos] == ']') {
      ++m_pos;
      return true;
    }
    for (;;) {
      Json item;
      if (!value(item, depth + 1)) return false;
      out.items.push_back(std::move(item));
      space();
      if (m_pos < m_text.size() && m_text[m_pos] == ',') {
        ++m_pos;
        continue;
      }
      if (m_pos < m_text.size() && m_text[m_pos] == ']') {
        ++m_pos;
        return true;
      }
      return failWith("expected ',' or ']'");
    }
  }

  bool hex4(std::uint32_t& out) {
    if (m_text.size() - m_pos < 4) return failWith("unexpected end in a \\u escape");
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = m_text[m_pos++];
      out <<= 4;
      if (h >= '0' && h <= '9') out |= static_cast<std::uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f') out |= static_cast<std::uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') out |= static_cast<std::uint32_t>(h - 'A' + 10);
      else return failWith("bad \\u escape");
    }
    return true;
  }

  static void appendUtf8(std::string& s, std::uint32_t cp) {
    if (cp < 0x80) {
      s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      s += static_cast<char>(0xC0 | (cp >> 6));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xE0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | (cp >> 18));
      s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool string(std::string& out) {
    ++m_pos;  // the opening quote
    for (;;) {
      if (m_pos >= m_text.size()) return failWith("unterminated string");
      const char c = m_text[m_pos++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return failWith("control character in a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (m_pos >= m_text.size()) return failWith("unterminated string");
      const char e = m_text[m_pos++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          std::uint32_t cp = 0;
          if (!hex4(cp)) return false;
          if (cp >= 0xDC00 && cp <= 0xDFFF) return failWith("lone low surrogate in a \\u escape");
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (m_text.substr(m_pos, 2) != "\\u") return failWith("lone high surrogate in a \\u escape");
            m_pos += 2;
            std::uint32_t low = 0;
            if (!hex4(low)) return false;
            if (low < 0xDC00 || low > 0xDFFF) return failWith("bad surrogate pair in a \\u escape");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          appendUtf8(out, cp);
          break;
        }
        default:
          return failWith("bad escape in a string");
      }
    }
  }

  bool number(Json& out) {
    out.kind = Json::Kind::Number;
    const std::size_t start = m_pos;
    bool plain = true;  // digits only
    if (m_text[m_pos] == '-') {
      plain = false;
      ++m_pos;
    }
    const auto digits = [&] {
      const std::size_t from = m_pos;
      while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') ++m_pos;
      return m_pos - from;
    };
    const std::size_t intStart = m_pos;
    const std::size_t intDigits = digits();
    if (intDigits == 0) return failWith("bad number");
    if (intDigits > 1 && m_text[intStart] == '0') return failWith("bad number (leading zero)");
    if (m_pos < m_text.size() && m_text[m_pos] == '.') {
      plain = false;
      ++m_pos;
      if (digits() == 0) return failWith("bad number");
    }
    if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
      plain = false;
      ++m_pos;
      if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-')) ++m_pos;
      if (digits() == 0) return failWith("bad number");
    }
    if (plain) {
      const auto [ptr, ec] = std::from_chars(m_text.data() + start, m_text.data() + m_pos, out.count);
      out.isCount = ec == std::errc{} && ptr == m_text.data() + m_pos;
    }
    return true;
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
  std::size_t m_values = 0;
  std::string m_error;
};

struct SafetensorsDtype {
  std::string_view name;
  char kind;
  std::size_t size;
};
constexpr SafetensorsDtype kSafetensorsDtypes[] = {
    {"F64", 'f', 8},  {"F32", 'f', 4},  {"F16", 0, 2},     {"BF16", 0, 2},
    {"I64", 'i', 8},  {"I32", 'i', 4},  {"I16", 0, 2},     {"I8", 0, 1},
    {"U64", 0, 8},    {"U32", 0, 4},    {"U16", 0, 2},     {"U8", 0, 1},
    {"BOOL", 0, 1},   {"F8_E4M3", 0, 1}, {"F8_E5M2", 0, 1}};

struct SafetensorsEntry {
  std::string name;
  std::string dtype;
  char kind = 0;
  std::size_t itemSize = 0;
  std::vector<std::uint64_t> shape;
  std::uint64_t begin = 0, end = 0;
};

std::int64_t metadataNumber(const Context& ctx, const std::vector<JsonMember>& meta,
                            const char* key) {
  for (const auto& [name, value] : meta) {
    if (name != key) continue;
    const std::string& text = value.text;
    if (std::string_view(key) == "bias") {
      if (text == "true" || text == "True" || text == "1") return 1;
      if (text == "false" || text == "False" || text == "0") return 0;
      ctx.fail("__metadata__", "bias is " + quotedText(text) + "; expected \"true\" or \"false\"");
    }
    std::int64_t number = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec != std::errc{} || ptr != text.data() + text.size() || text.empty()) {
      ctx.fail("__metadata__", std::string(key) + " is " + quotedText(text) + "; expected an integer");
    }
    return number;
  }
  ctx.fail("__metadata__",
           std::string("model_args: no ") + key +
               " (the metadata needs n_layer, n_head, n_embd, block_size, vocab_size and bias)");
}

Source readSafetensors(const Context& ctx, std::string_view bytes) {
  if (bytes.size() < 8) {
    ctx.failFile("truncated: " + std::to_string(bytes.size()) +
                 " bytes, less than a safetensors header's 8-byte length");
  }
  const std::uint64_t headerLength = loadLE(bytes, 0, 8);
  if (headerLength > bytes.size() - 8) {
    ctx.failFile("truncated or not safetensors: the header claims " + std::to_string(headerLength) +
                 " bytes, the file has " + std::to_string(bytes.size() - 8) + " after the length");
  }
  if (headerLength > kMaxSafetensorsHeaderBytes) {
    ctx.failFile("safetensors header of " + std::to_string(headerLength) + " bytes; tfviz reads at most " +
                 std::to_string(kMaxSafetensorsHeaderBytes));
  }
  const std::string_view headerText = bytes.substr(8, headerLength);
  const std::string_view data = bytes.substr(8 + headerLength);

  Json root;
  {
    JsonParser parser(headerText);
    const std::string error = parser.parseDocument(root);
    if (!error.empty()) ctx.failFile("bad safetensors header: " + error);
  }
  if (root.kind != Json::Kind::Object) ctx.failFile("bad safetensors header: not a JSON object");
  if (root.members.size() > kMaxEntries) {
    ctx.failFile("holds " + std::to_string(root.members.size()) + " tensors; tfviz reads at most " +
                 std::to_string(kMaxEntries));
  }

  const std::vector<JsonMember>* metadata = nullptr;
  std::vector<SafetensorsEntry> entries;
  for (const auto& [name, value] : root.members) {
    if (name == "__metadata__") {
      if (value.kind != Json::Kind::Object) ctx.fail(name, "not a JSON object of strings");
      for (const auto& [key, text] : value.members) {
        if (text.kind != Json::Kind::String) ctx.fail(name, quotedText(key) + " is not a string");
      }
      metadata = &value.members;
      continue;
    }
    if (value.kind != Json::Kind::Object) ctx.fail(name, "its header entry is not a JSON object");
    SafetensorsEntry entry;
    entry.name = name;
    const Json* dtype = nullptr;
    const Json* shape = nullptr;
    const Json* offsets = nullptr;
    for (const auto& [key, field] : value.members) {
      if (key == "dtype") dtype = &field;
      else if (key == "shape") shape = &field;
      else if (key == "data_offsets") offsets = &field;
      else ctx.fail(name, "unexpected key " + quotedText(key) + " in its header entry");
    }
    if (!dtype || !shape || !offsets) {
      ctx.fail(name, "its header entry needs dtype, shape and data_offsets");
    }
    if (dtype->kind != Json::Kind::String) ctx.fail(name, "dtype is not a string");
    for (const auto& known : kSafetensorsDtypes) {
      if (dtype->text == known.name) {
        entry.kind = known.kind;
        entry.itemSize = known.size;
      }
    }
    if (entry.itemSize == 0) ctx.fail(name, "unknown dtype " + quotedText(dtype->text));
    entry.dtype = dtype->text;
    if (shape->kind != Json::Kind::Array) ctx.fail(name, "shape is not a list");
    std::uint64_t elements = 1;
    bool overflow = false;
    for (const Json& dim : shape->items) {
      if (dim.kind != Json::Kind::Number || !dim.isCount) {
        ctx.fail(name, "shape holds something other than non-negative integers");
      }
      entry.shape.push_back(dim.count);
      if (dim.count != 0 && elements > std::numeric_limits<std::uint64_t>::max() / dim.count) overflow = true;
      else elements *= dim.count;
    }
    if (entry.shape.size() > 8) ctx.fail(name, "shape has " + std::to_string(entry.shape.size()) + " dimensions");
    if (offsets->kind != Json::Kind::Array || offsets->items.size() != 2 ||
        offsets->items[0].kind != Json::Kind::Number || !offsets->items[0].isCount ||
        offsets->items[1].kind != Json::Kind::Number || !offsets->items[1].isCount) {
      ctx.fail(name, "data_offsets is not a list of two non-negative integers");
    }
    entry.begin = offsets->items[0].count;
    entry.end = offsets->items[1].count;
    if (entry.begin > entry.end || entry.end > data.size()) {
      ctx.fail(name, "data_offsets [" + std::to_string(entry.begin) + ", " + std::to_string(entry.end) +
                         "] lie outside the file's " + std::to_string(data.size()) +
                         " bytes of data (truncated or damaged)");
    }
    if (overflow || elements > data.size() / entry.itemSize ||
        elements * entry.itemSize != entry.end - entry.begin) {
      ctx.fail(name, "shape " + shapeText(entry.shape) + " of " + entry.dtype + " needs " +
                         (overflow || elements > data.size() ? std::string("more bytes than the file has")
                                                              : std::to_string(elements * entry.itemSize) + " bytes") +
                         ", data_offsets give " + std::to_string(entry.end - entry.begin));
    }
    entries.push_back(std::move(entry));
  }

  // The tensors' data must tile the data section exactly, as the safetensors library requires.
  {
    std::vector<std::size_t> order(entries.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return std::pair(entries[a].begin, entries[a].end) < std::pair(entries[b].begin, entries[b].end);
    });
    std::uint64_t expected = 0;
    for (const std::size_t i : order) {
      if (entries[i].begin != expected) {
        ctx.fail(entries[i].name, "data_offsets [" + std::to_string(entries[i].begin) + ", " +
                                      std::to_string(entries[i].end) + "] " +
                                      (entries[i].begin < expected ? "overlap another tensor's"
                                                                   : "leave a gap before them") +
                                      " (expected to start at " + std::to_string(expected) + ")");
      }
      expected = entries[i].end;
    }
    if (expected != data.size()) {
      ctx.failFile("the safetensors data section has " + std::to_string(data.size() - expected) +
                   " bytes after the last tensor's (damaged file)");
    }
  }

  if (!metadata) {
    ctx.fail("__metadata__",
             "missing: tfviz needs model_args in the safetensors metadata (n_layer, n_head, "
             "n_embd, block_size, vocab_size, bias)");
  }
  const char* keys[6] = {"n_layer", "n_head", "n_embd", "block_size", "vocab_size", "bias"};
  std::int64_t values[6];
  for (int k = 0; k < 6; ++k) values[k] = metadataNumber(ctx, *metadata, keys[k]);

  Source source;
  source.config = configFrom(ctx, "__metadata__", values);
  for (const SafetensorsEntry& entry : entries) source.names.push_back(entry.name);
  source.load = [entries = std::move(entries), data](std::size_t i, TensorData& out) {
    const SafetensorsEntry& entry = entries[i];
    out.dtype = entry.dtype;
    out.kind = entry.kind;
    out.itemSize = entry.itemSize;
    out.shape = entry.shape;
    out.data = data.substr(entry.begin, entry.end - entry.begin);
  };
  return source;
}

// ---- the common part: names, shapes, values ------------------------------------------------------

struct Target {
  std::string name;
  std::vector<std::uint64_t> shape;
  Eigen::MatrixXf* matrix = nullptr;  // or
  Eigen::VectorXf* vector = nullptr;
};

std::string positionText(const std::vector<std::uint64_t>& shape, std::uint64_t index) {
  if (shape.size() == 2) {
    return "row " + std::to_string(index / shape[1] + 1) + ", column " +
           std::to_string(index % shape[1] + 1) + " (1-based)";
  }
  return "entry " + std::to_string(index + 1) + " (1-based)";
}

// The values of a float tensor, checked: dtype, shape, size, finite and within float32's range.
std::vector<float> floatValues(const Context& ctx, std::string_view shown, const TensorData& d,
                               const std::vector<std::uint64_t>& shape) {
  if (d.kind != 'f' || (d.itemSize != 4 && d.itemSize != 8)) {
    ctx.fail(shown, "dtype " + escapeControls(d.dtype) + "; expected float32 or float64");
  }
  if (d.shape != shape) {
    ctx.fail(shown, "shape " + shapeText(d.shape) + ", expected " + shapeText(shape));
  }
  std::uint64_t count = 1;
  for (const std::uint64_t n : shape) count *= n;  // small: within the limits of the config
  const std::uint64_t bytes = count * d.itemSize;
  if (d.data.size() < bytes) {
    ctx.fail(shown, "truncated: shape " + shapeText(shape) + " needs " + std::to_string(bytes) +
                        " bytes of data, found " + std::to_string(d.data.size()));
  }
  if (d.data.size() > bytes) {
    ctx.fail(shown, "has " + std::to_string(d.data.size() - bytes) +
                        " extra bytes after its data");
  }
  std::vector<float> values(count);
  if (d.itemSize == 4) {
    std::memcpy(values.data(), d.data.data(), bytes);
    if constexpr (std::endian::native == std::endian::big) {
      for (float& v : values) v = std::bit_cast<float>(static_cast<std::uint32_t>(loadLE(
                                  std::string_view(reinterpret_cast<const char*>(&v), 4), 0, 4)));
    }
  } else {
    for (std::uint64_t i = 0; i < count; ++i) {
      const double v = std::bit_cast<double>(loadLE(d.data, i * 8, 8));
      if (std::isfinite(v) && std::abs(v) > std::numeric_limits<float>::max()) {
        ctx.fail(shown, "the value at " + positionText(shape, i) + " is beyond float32's range");
      }
      values[i] = static_cast<float>(v);
    }
  }
  for (std::uint64_t i = 0; i < count; ++i) {
    if (!std::isfinite(values[i])) ctx.fail(shown, "NaN or infinity at " + positionText(shape, i));
  }
  return values;
}

void store(const std::vector<float>& values, const Target& t) {
  const auto rows = static_cast<Eigen::Index>(t.shape[0]);
  if (t.matrix) {
    const auto cols = static_cast<Eigen::Index>(t.shape[1]);
    const Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>
        source(values.data(), rows, cols);
    // Row-major to column-major in tiles that stay in cache (a plain copy of GPT-2's wte, one
    // row at a time, strides across all of the destination).
    Eigen::MatrixXf& m = *t.matrix;
    m.resize(rows, cols);
    constexpr Eigen::Index kTile = 64;
    for (Eigen::Index r = 0; r < rows; r += kTile) {
      for (Eigen::Index c = 0; c < cols; c += kTile) {
        const Eigen::Index nr = std::min(kTile, rows - r);
        const Eigen::Index nc = std::min(kTile, cols - c);
        m.block(r, c, nr, nc) = source.block(r, c, nr, nc);
      }
    }
  } else {
    *t.vector = Eigen::Map<const Eigen::VectorXf>(values.data(), rows);
  }
}

// "transformer.h.N.attn.bias" with N a layer of this model: nanoGPT's causal-mask buffer.
bool isMaskBuffer(std::string_view name, int nLayer) {
  constexpr std::string_view kPrefix = "transformer.h.";
  constexpr std::string_view kSuffix = ".attn.bias";
  if (!name.starts_with(kPrefix) || !name.ends_with(kSuffix)) return false;
  const std::string_view number = name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
  if (number.empty() || number.size() > 3 || (number.size() > 1 && number[0] == '0')) return false;
  int layer = 0;
  const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), layer);
  return ec == std::errc{} && ptr == number.data() + number.size() && layer < nLayer;
}

std::string unexpectedWhy(std::string_view name, const GptConfig& c) {
  std::string text = "unexpected tensor: not one of nanoGPT's GPT with n_layer " + std::to_string(c.nLayer) +
                     ", bias " + (c.bias ? "true" : "false");
  if (!c.bias && name.ends_with(".bias")) text += " (a bias, but model_args says bias false)";
  return text;
}

GptWeights assemble(const Context& ctx, const Source& source) {
  const GptConfig& c = source.config;
  const auto E = static_cast<std::uint64_t>(c.nEmbd);
  GptWeights w;
  w.config = c;
  w.blocks.resize(static_cast<std::size_t>(c.nLayer));

  std::vector<Target> targets;
  const auto matrix = [&](std::string name, Eigen::MatrixXf& m, std::uint64_t rows, std::uint64_t cols) {
    targets.push_back({std::move(name), {rows, cols}, &m, nullptr});
  };
  const auto vector = [&](std::string name, Eigen::VectorXf& v, std::uint64_t size) {
    targets.push_back({std::move(name), {size}, nullptr, &v});
  };
  const auto layerNorm = [&](const std::string& prefix, math::LayerNormWeights& ln) {
    vector(prefix + ".weight", ln.weight, E);
    if (c.bias) vector(prefix + ".bias", ln.bias, E);
  };
  const auto linear = [&](const std::string& prefix, math::LinearWeights& lin, std::uint64_t out,
                          std::uint64_t in) {
    matrix(prefix + ".weight", lin.weight, out, in);
    if (c.bias) vector(prefix + ".bias", lin.bias, out);
  };
  matrix("transformer.wte.weight", w.wte, static_cast<std::uint64_t>(c.vocabSize), E);
  matrix("transformer.wpe.weight", w.wpe, static_cast<std::uint64_t>(c.blockSize), E);
  for (std::size_t i = 0; i < w.blocks.size(); ++i) {
    const std::string p = "transformer.h." + std::to_string(i) + ".";
    math::GptBlockWeights& b = w.blocks[i];
    layerNorm(p + "ln_1", b.ln1);
    linear(p + "attn.c_attn", b.attn, 3 * E, E);
    linear(p + "attn.c_proj", b.attnProj, E, E);
    layerNorm(p + "ln_2", b.ln2);
    linear(p + "mlp.c_fc", b.fc, 4 * E, E);
    linear(p + "mlp.c_proj", b.mlpProj, E, 4 * E);
  }
  layerNorm("transformer.ln_f", w.lnF);

  std::unordered_map<std::string, std::size_t> wanted;  // name -> index in targets
  for (std::size_t i = 0; i < targets.size(); ++i) wanted.emplace(targets[i].name, i);

  std::vector<std::optional<std::size_t>> found(targets.size());  // index in source.names
  std::optional<std::size_t> lmHead;
  std::set<std::string> seen;
  constexpr std::string_view kCompiled = "_orig_mod.";
  for (std::size_t i = 0; i < source.names.size(); ++i) {
    const std::string& shown = source.names[i];
    std::string name = shown.starts_with(kCompiled) ? shown.substr(kCompiled.size()) : shown;
    if (!seen.insert(name).second) {
      ctx.fail(shown, "appears twice (names are compared without a _orig_mod. prefix)");
    }
    if (isMaskBuffer(name, c.nLayer)) continue;
    if (name == "lm_head.weight") {
      lmHead = i;
      continue;
    }
    const auto it = wanted.find(name);
    if (it == wanted.end()) ctx.fail(shown, unexpectedWhy(name, c));
    found[it->second] = i;
  }
  for (std::size_t t = 0; t < targets.size(); ++t) {
    if (!found[t]) ctx.fail(targets[t].name, "missing");
  }
  for (std::size_t t = 0; t < targets.size(); ++t) {
    const std::size_t i = *found[t];
    TensorData data;
    source.load(i, data);
    store(floatValues(ctx, source.names[i], data, targets[t].shape), targets[t]);
  }
  if (lmHead) {
    const std::string& shown = source.names[*lmHead];
    TensorData data;
    source.load(*lmHead, data);
    const std::vector<std::uint64_t> shape = {static_cast<std::uint64_t>(c.vocabSize), E};
    Eigen::MatrixXf lm;
    store(floatValues(ctx, shown, data, shape), {shown, shape, &lm, nullptr});
    if (lm != w.wte) {
      for (Eigen::Index r = 0; r < lm.rows(); ++r) {
        for (Eigen::Index col = 0; col < lm.cols(); ++col) {
          if (lm(r, col) == w.wte(r, col)) continue;
          ctx.fail(shown, "differs from transformer.wte.weight at " +
                              positionText(shape, static_cast<std::uint64_t>(r) * E +
                                                      static_cast<std::uint64_t>(col)) +
                              "; tfviz ties them, as nanoGPT does (the logits use wte)");
        }
      }
    }
  }
  if (const std::string error = math::checkGptWeights(w); !error.empty()) ctx.failFile(error);
  return w;
}

WeightsResult parseModel(std::string_view bytes, std::string_view name) {
  const Context ctx(name);
  try {
    if (bytes.size() > kMaxModelFileBytes) {
      ctx.failFile("is " + std::to_string(bytes.size()) + " bytes; a model file may be at most " +
                   std::to_string(kMaxModelFileBytes) + " bytes");
    }
    const std::string ext = lowerExtension(name);
    if (ext == ".npz") return assemble(ctx, readNpz(ctx, bytes));
    if (ext == ".safetensors") return assemble(ctx, readSafetensors(ctx, bytes));
    ctx.failFile("unknown format " + quotedText(ext) + " (expected .npz or .safetensors)");
  } catch (const Refusal& refusal) {
    return ModelError{refusal.message};
  } catch (const std::bad_alloc&) {
    return ModelError{escapeControls(ctx.file()) + ": out of memory while reading the weights"};
  }
}

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// The whole file, or one line: `what` names the kind of file in the size message.
std::variant<std::string, ModelError> readWholeFile(const fs::path& path, std::uintmax_t maxBytes,
                                                   const std::string& what) {
  const std::string name = escapeControls(path.string());
  const auto failWith = [&](const std::string& why) { return ModelError{name + ": " + why}; };
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec) return failWith(std::string("cannot read: ") + std::strerror(ec.value()));
  if (fs::is_directory(status)) return failWith(std::string("cannot read: ") + std::strerror(EISDIR));
  if (!fs::is_regular_file(status)) return failWith("not a regular file");
  const std::uintmax_t size = fs::file_size(path, ec);
  const std::string tooBig = "; " + what + " may be at most " + std::to_string(maxBytes) + " bytes";
  if (!ec && size > maxBytes) return failWith("is " + std::to_string(size) + " bytes" + tooBig);
  errno = 0;
  const std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) return failWith(std::string("cannot read: ") + std::strerror(errno != 0 ? errno : EIO));
  std::string bytes;
  if (!ec) bytes.reserve(static_cast<std::size_t>(size));
  std::vector<char> buffer(std::size_t{1} << 20);
  for (;;) {
    const std::size_t got = std::fread(buffer.data(), 1, buffer.size(), file.get());
    bytes.append(buffer.data(), got);
    if (bytes.size() > maxBytes) return failWith("is more than " + std::to_string(maxBytes) + " bytes" + tooBig);
    if (got < buffer.size()) break;
  }
  if (std::ferror(file.get())) {
    return failWith(std::string("cannot read: ") + std::strerror(errno != 0 ? errno : EIO));
  }
  return bytes;
}

}  // namespace

std::variant<math::GptWeights, ModelError> readGptWeightsFromBytes(const std::string& bytes,
                                                                   const std::string& name) {
  return parseModel(bytes, name);
}

std::variant<math::GptWeights, ModelError> readGptWeights(const std::filesystem::path& path) {
  const std::string ext = lowerExtension(path.string());
  if (ext != ".npz" && ext != ".safetensors") {
    return ModelError{escapeControls(path.string()) + ": unknown format " + quotedText(ext) +
                      " (expected .npz or .safetensors)"};
  }
  try {
    auto read = readWholeFile(path, kMaxModelFileBytes, "a model file");
    if (auto* error = std::get_if<ModelError>(&read)) return std::move(*error);
    return parseModel(std::get<std::string>(read), path.string());
  } catch (const std::bad_alloc&) {
    return ModelError{escapeControls(path.string()) + ": out of memory while reading the file"};
  }
}

std::variant<std::vector<std::string>, ModelError> readVocab(const std::filesystem::path& path) {
  auto read = readWholeFile(path, kMaxVocabFileBytes, "a vocabulary file");
  if (auto* error = std::get_if<ModelError>(&read)) return std::move(*error);
  const std::string& text = std::get<std::string>(read);
  const std::string name = escapeControls(path.string());
  const auto failAt = [&](std::size_t line, const std::string& why) {
    return ModelError{name + ": line " + std::to_string(line) + ": " + why};
  };
  std::vector<std::string> tokens;
  std::unordered_map<std::string_view, std::size_t> lineOf;
  std::string_view rest = text;
  std::size_t line = 0;
  while (!rest.empty()) {
    const std::size_t newline = rest.find('\n');
    std::string_view token = rest.substr(0, newline);
    rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
    ++line;
    if (token.ends_with('\r')) token.remove_suffix(1);
    if (line > static_cast<std::size_t>(kMaxVocab)) {
      return failAt(line, "more than " + std::to_string(kMaxVocab) + " tokens; tfviz reads at most " +
                              std::to_string(kMaxVocab));
    }
    if (token.empty()) return failAt(line, "empty (one token per line, no empty lines)");
    if (!validUtf8(token)) return failAt(line, "not valid UTF-8");
    const auto [it, inserted] = lineOf.emplace(token, line);
    if (!inserted) {
      return failAt(line, "the token " + quotedText(token) + " again (first on line " +
                              std::to_string(it->second) + ")");
    }
    tokens.emplace_back(token);
  }
  if (tokens.empty()) return ModelError{name + ": empty (no tokens)"};
  return tokens;
}

}  // namespace tfviz::io
