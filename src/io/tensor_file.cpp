// Reading a user's tensors (.npy versions 1.0-3.0 and CSV) into Eigen matrices. Every failure is a
// one-line TensorError that starts with the file's name; rows and columns in messages count from
// 1. Untrusted input: all sizes are checked before use, nothing recurses without a depth limit,
// and the limits of tensor_file.hpp are checked before anything grows with the input.
#include "io/tensor_file.hpp"

#include <bit>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "core/log.hpp"

namespace tfviz::io {
namespace {

using Result = std::variant<Eigen::MatrixXd, TensorError>;

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// Control characters (newlines above all) would break the one-line rule: visible escapes.
std::string oneLine(std::string_view text) {
  return escapeControls(text);
}

// A piece of the user's data quoted in a message: one line, and not too long.
std::string quote(std::string_view text) {
  constexpr std::size_t kMax = 24;
  if (text.size() > kMax) return "'" + oneLine(text.substr(0, kMax)) + "...'";
  return "'" + oneLine(text) + "'";
}

TensorError fail(std::string_view name, const std::string& what) {
  return TensorError{oneLine(name) + ": " + what};
}

// "1 MiB (1048576 bytes)", "1000 bytes".
std::string bytesText(std::uintmax_t bytes) {
  const std::string exact = std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  constexpr std::uintmax_t kMiB = std::uintmax_t{1} << 20;
  if (bytes >= kMiB && bytes % kMiB == 0)
    return std::to_string(bytes / kMiB) + " MiB (" + exact + ")";
  return exact;
}

std::string tooLarge(std::uintmax_t size, const TensorLimits& limits) {
  return "is " + std::to_string(size) + " bytes; a tensor file may be at most " +
         bytesText(limits.maxBytes);
}

// A limit on rows or columns as a count; a negative one allows none.
std::uint64_t countLimit(Eigen::Index limit) {
  return limit < 0 ? 0 : static_cast<std::uint64_t>(limit);
}

// "40 rows (tokens); hidden states may have at most 32". `count` is "40" or "more than 32".
std::string tooMany(const std::string& count, bool rows, const TensorLimits& limits,
                    const std::string& where = "") {
  const std::string_view meaning = rows ? limits.rowsAre : limits.colsAre;
  std::string text = count + (rows ? " rows" : " columns");
  if (!meaning.empty()) text += " (" + std::string(meaning) + ")";
  if (!where.empty()) text += " " + where;
  return text + "; " + std::string(limits.what) + " may have at most " +
         std::to_string(rows ? limits.maxRows : limits.maxCols);
}

// `row` and `col` count from 0; the message counts from 1. `extra` goes inside the parentheses.
std::string nonFiniteMessage(Eigen::Index row, Eigen::Index col, const std::string& extra = "") {
  return "contains NaN or infinity at row " + std::to_string(row + 1) + ", column " +
         std::to_string(col + 1) + " (1-based" + extra + ")";
}

// ---- .npy header: a small reader for the Python literal numpy writes -------------------------

// The values a .npy header dict can hold: strings, integers, booleans, None, tuples and lists.
struct PyValue {
  enum class Kind { String, Int, Bool, None, Sequence };
  Kind kind = Kind::None;
  std::string text;            // String
  std::uint64_t number = 0;    // Int (non-negative; shapes never hold negatives)
  bool flag = false;           // Bool
  std::vector<PyValue> items;  // Sequence
  bool isTuple = false;        // Sequence: '(...)' rather than '[...]'
};

class HeaderParser {
 public:
  explicit HeaderParser(std::string_view text) : m_text(text) {}

  // Parses "{key: value, ...}" and requires only whitespace after it. On failure, `error()` says
  // why.
  bool parseDict(std::map<std::string, PyValue>& dict) {
    skipSpace();
    if (!eat('{')) return failWith("expected '{'");
    for (;;) {
      skipSpace();
      if (eat('}')) break;
      PyValue key;
      if (!parseValue(key, 0)) return false;
      if (key.kind != PyValue::Kind::String) return failWith("dict keys must be strings");
      skipSpace();
      if (!eat(':')) return failWith("expected ':' after key " + quote(key.text));
      PyValue value;
      if (!parseValue(value, 0)) return false;
      if (!dict.emplace(key.text, std::move(value)).second) {
        return failWith("key " + quote(key.text) + " appears twice");
      }
      skipSpace();
      if (eat(',')) continue;
      if (eat('}')) break;
      return failWith("expected ',' or '}'");
    }
    skipSpace();
    if (m_pos != m_text.size()) return failWith("unexpected text after the dict");
    return true;
  }

  const std::string& error() const { return m_error; }

 private:
  static constexpr int kMaxDepth = 16;

  bool failWith(std::string why) {
    if (m_error.empty()) m_error = std::move(why);
    return false;
  }

  void skipSpace() {
    while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' ||
                                     m_text[m_pos] == '\n' || m_text[m_pos] == '\r')) {
      ++m_pos;
    }
  }

  bool eat(char c) {
    if (m_pos < m_text.size() && m_text[m_pos] == c) {
      ++m_pos;
      return true;
    }
    return false;
  }

  bool eatWord(std::string_view word) {
    if (m_text.substr(m_pos, word.size()) != word) return false;
    const std::size_t end = m_pos + word.size();
    if (end < m_text.size() &&
        (std::isalnum(static_cast<unsigned char>(m_text[end])) || m_text[end] == '_')) {
      return false;
    }
    m_pos = end;
    return true;
  }

  bool parseValue(PyValue& out, int depth) {
    if (depth > kMaxDepth) return failWith("nested too deeply");
    skipSpace();
    if (m_pos >= m_text.size()) return failWith("unexpected end");
    const char c = m_text[m_pos];
    if (c == '\'' || c == '"') return parseString(out);
    if (c == '(' || c == '[') return parseSequence(out, depth);
    if (c >= '0' && c <= '9') return parseInt(out);
    if (eatWord("True") || eatWord("False")) {
      out.kind = PyValue::Kind::Bool;
      out.flag = c == 'T';
      return true;
    }
    if (eatWord("None")) {
      out.kind = PyValue::Kind::None;
      return true;
    }
    return failWith("unexpected " + quote(m_text.substr(m_pos, 1)));
  }

  bool parseString(PyValue& out) {
    const char quote = m_text[m_pos++];
    out.kind = PyValue::Kind::String;
    while (m_pos < m_text.size() && m_text[m_pos] != quote) {
      if (m_text[m_pos] == '\\' || m_text[m_pos] == '\n') {
        return failWith("escapes and newlines in strings are not supported");
      }
      out.text += m_text[m_pos++];
    }
    if (!eat(quote)) return failWith("unterminated string");
    return true;
  }

  bool parseInt(PyValue& out) {
    out.kind = PyValue::Kind::Int;
    const char* first = m_text.data() + m_pos;
    const char* last = m_text.data() + m_text.size();
    const auto [ptr, ec] = std::from_chars(first, last, out.number);
    if (ec == std::errc::result_out_of_range) return failWith("integer too large");
    if (ec != std::errc{}) return failWith("bad integer");
    m_pos += static_cast<std::size_t>(ptr - first);
    eat('L');  // Python 2 wrote long integers as "3L".
    if (m_pos < m_text.size() &&
        (std::isalnum(static_cast<unsigned char>(m_text[m_pos])) || m_text[m_pos] == '.')) {
      return failWith("bad integer");
    }
    return true;
  }

  bool parseSequence(PyValue& out, int depth) {
    const char open = m_text[m_pos++];
    const char close = open == '(' ? ')' : ']';
    out.kind = PyValue::Kind::Sequence;
    out.isTuple = open == '(';
    bool trailingComma = false;
    for (;;) {
      skipSpace();
      if (eat(close)) break;
      PyValue item;
      if (!parseValue(item, depth + 1)) return false;
      out.items.push_back(std::move(item));
      skipSpace();
      trailingComma = eat(',');
      if (trailingComma) continue;
      if (eat(close)) break;
      return failWith(std::string("expected ',' or '") + close + "'");
    }
    // "(3)" is just 3 in Python, not a tuple; numpy writes "(3,)".
    if (out.isTuple && out.items.size() == 1 && !trailingComma) {
      PyValue inner = std::move(out.items.front());
      out = std::move(inner);
    }
    return true;
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
  std::string m_error;
};

enum class ElementType { F4, F8, I4, I8 };

struct ElementTypeInfo {
  std::string_view code;  // descr without its byte-order character
  ElementType type;
  std::size_t size;
};

constexpr ElementTypeInfo kElementTypes[] = {{"f4", ElementType::F4, 4},
                                             {"f8", ElementType::F8, 8},
                                             {"i4", ElementType::I4, 4},
                                             {"i8", ElementType::I8, 8}};

template <typename Unsigned>
Unsigned loadLittleEndian(const unsigned char* p) {
  Unsigned value = 0;
  for (std::size_t i = 0; i < sizeof(Unsigned); ++i) {
    value |= static_cast<Unsigned>(static_cast<Unsigned>(p[i]) << (8 * i));
  }
  return value;
}

double loadElement(ElementType type, const unsigned char* p) {
  switch (type) {
    case ElementType::F4:
      return static_cast<double>(std::bit_cast<float>(loadLittleEndian<std::uint32_t>(p)));
    case ElementType::F8:
      return std::bit_cast<double>(loadLittleEndian<std::uint64_t>(p));
    case ElementType::I4:
      return static_cast<double>(std::bit_cast<std::int32_t>(loadLittleEndian<std::uint32_t>(p)));
    case ElementType::I8:
      return static_cast<double>(std::bit_cast<std::int64_t>(loadLittleEndian<std::uint64_t>(p)));
  }
  return 0.0;
}

// ---- CSV -------------------------------------------------------------------------------------

std::string_view trim(std::string_view s) {
  const auto isSpace = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
  };
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
  return s;
}

// One cell of a CSV line: as written, or unquoted ("1" is 1; "" inside quotes is one ").
struct Field {
  std::string_view raw;
  std::string unquoted;
  bool quoted = false;
  std::string_view text() const { return quoted ? std::string_view(unquoted) : raw; }
};

enum class SplitStatus { Ok, TooManyFields, UnterminatedQuote, TextAfterQuote };

// Splits a line at commas outside double quotes, trimming each cell. Stops, with TooManyFields,
// as soon as there are more than `maxFields` cells, so a long line costs no more than that.
// On an error, fields.size() is the 1-based column where it happened.
SplitStatus splitFields(std::string_view line, std::size_t maxFields, std::vector<Field>& fields) {
  fields.clear();
  std::size_t pos = 0;
  for (;;) {
    if (fields.size() == maxFields) return SplitStatus::TooManyFields;
    Field field;
    const std::size_t start = pos;
    while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
    if (pos < line.size() && line[pos] == '"') {
      field.quoted = true;
      ++pos;
      for (;;) {
        if (pos >= line.size()) {
          fields.push_back(std::move(field));
          return SplitStatus::UnterminatedQuote;
        }
        if (line[pos] == '"') {
          if (pos + 1 < line.size() && line[pos + 1] == '"') {
            field.unquoted += '"';
            pos += 2;
            continue;
          }
          ++pos;
          break;
        }
        field.unquoted += line[pos++];
      }
      field.unquoted = std::string(trim(field.unquoted));
      while (pos < line.size() && line[pos] != ',') {
        if (line[pos] != ' ' && line[pos] != '\t' && line[pos] != '\r') {
          fields.push_back(std::move(field));
          return SplitStatus::TextAfterQuote;
        }
        ++pos;
      }
      field.raw = line.substr(start, pos - start);
    } else {
      const std::size_t comma = line.find(',', pos);
      const std::size_t end = comma == std::string_view::npos ? line.size() : comma;
      field.raw = trim(line.substr(start, end - start));
      pos = end;
    }
    fields.push_back(std::move(field));
    if (pos >= line.size()) return SplitStatus::Ok;
    ++pos;  // the comma; a comma at the end leaves one more, empty, cell
  }
}

enum class NumberStatus { Ok, NotANumber, OutOfRange };

// Strict: the whole field must be one number. Accepts a leading '+' or the Unicode minus U+2212;
// "nan" and "inf" parse (and are rejected later, with their position).
NumberStatus parseNumber(std::string_view field, double& value) {
  constexpr std::string_view kUnicodeMinus = "\xE2\x88\x92";
  bool negate = false;
  bool plus = false;
  if (field.starts_with('+')) {
    field.remove_prefix(1);
    plus = true;
  } else if (field.starts_with(kUnicodeMinus)) {
    field.remove_prefix(kUnicodeMinus.size());
    negate = true;
  }
  // Only one sign: after '+' or U+2212, from_chars must not see a '-' of its own.
  if (field.empty() || ((plus || negate) && field.front() == '-')) {
    return NumberStatus::NotANumber;
  }
  const char* first = field.data();
  const char* last = field.data() + field.size();
  const auto [ptr, ec] = std::from_chars(first, last, value, std::chars_format::general);
  if (ec == std::errc::result_out_of_range) return NumberStatus::OutOfRange;
  if (ec != std::errc{} || ptr != last) return NumberStatus::NotANumber;
  if (negate) value = -value;
  return NumberStatus::Ok;
}

}  // namespace

std::string shapeText(const std::vector<std::uint64_t>& shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) text += ", ";
    text += std::to_string(shape[i]);
  }
  if (shape.size() == 1) text += ",";
  return text + ")";
}

// ---- .npy ------------------------------------------------------------------------------------

Result parseNpy(const std::string& bytes, const std::string& name) {
  return parseNpy(std::string_view(bytes), std::string_view(name), TensorLimits{});
}

std::variant<NpyHeader, TensorError> parseNpyHeader(std::string_view bytes, std::string_view name) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  constexpr std::string_view kMagic = "\x93NUMPY";
  if (bytes.size() < kMagic.size() || bytes.substr(0, kMagic.size()) != kMagic) {
    return fail(name, "not a .npy file (bad magic bytes)");
  }
  if (bytes.size() < 10) return fail(name, "truncated .npy header");
  const unsigned major = data[6];
  const unsigned minor = data[7];
  if ((major != 1 && major != 2 && major != 3) || minor != 0) {
    return fail(name, "unsupported .npy format version " + std::to_string(major) + "." +
                          std::to_string(minor) + " (expected 1.0, 2.0 or 3.0)");
  }
  std::size_t headerStart = 10;
  std::uint64_t headerLength = loadLittleEndian<std::uint16_t>(data + 8);
  if (major >= 2) {
    if (bytes.size() < 12) return fail(name, "truncated .npy header");
    headerStart = 12;
    headerLength = loadLittleEndian<std::uint32_t>(data + 8);
  }
  if (headerLength > kMaxNpyHeaderBytes) {
    return fail(name, ".npy header of " + std::to_string(headerLength) + " bytes; at most " +
                          std::to_string(kMaxNpyHeaderBytes));
  }
  if (headerLength > bytes.size() - headerStart) return fail(name, "truncated .npy header");
  const std::string_view headerText =
      bytes.substr(headerStart, static_cast<std::size_t>(headerLength));
  const std::size_t dataStart = headerStart + static_cast<std::size_t>(headerLength);

  HeaderParser parser(headerText);
  std::map<std::string, PyValue> dict;
  if (!parser.parseDict(dict)) return fail(name, "bad .npy header: " + parser.error());
  for (const auto& entry : dict) {
    if (entry.first != "descr" && entry.first != "fortran_order" && entry.first != "shape") {
      return fail(name, "bad .npy header: unexpected key " + quote(entry.first));
    }
  }
  const auto descrIt = dict.find("descr");
  const auto orderIt = dict.find("fortran_order");
  const auto shapeIt = dict.find("shape");
  if (descrIt == dict.end()) return fail(name, "bad .npy header: no 'descr'");
  if (orderIt == dict.end()) return fail(name, "bad .npy header: no 'fortran_order'");
  if (shapeIt == dict.end()) return fail(name, "bad .npy header: no 'shape'");

  // descr: byte order, kind, item size.
  const PyValue& descrValue = descrIt->second;
  if (descrValue.kind != PyValue::Kind::String) {
    return fail(name,
                "structured dtypes are not supported (expected float32, float64, int32 or "
                "int64)");
  }
  const std::string& descr = descrValue.text;
  const std::string_view type =
      descr.empty() ? std::string_view() : std::string_view(descr).substr(1);
  const char order = descr.empty() ? '\0' : descr.front();
  ElementType element = ElementType::F4;
  std::size_t itemSize = 0;
  for (const auto& [code, kind, size] : kElementTypes) {
    if (type == code) {
      element = kind;
      itemSize = size;
    }
  }
  if (itemSize != 0 && order == '>') {
    return fail(name, "big-endian data (" + quote(descr) +
                          ") is not supported; save with arr.astype('<" + std::string(type) + "')");
  }
  if (itemSize == 0 || (order != '<' && order != '=')) {
    return fail(name, "unsupported dtype " + quote(descr) +
                          " (expected float32, float64, int32 or int64: '<f4', '<f8', '<i4', "
                          "'<i8')");
  }

  const PyValue& orderValue = orderIt->second;
  if (orderValue.kind != PyValue::Kind::Bool) {
    return fail(name, "bad .npy header: 'fortran_order' must be True or False");
  }
  if (orderValue.flag) {
    return fail(name, "Fortran-order arrays are not supported; save with np.ascontiguousarray");
  }

  const PyValue& shapeValue = shapeIt->second;
  if (shapeValue.kind != PyValue::Kind::Sequence || !shapeValue.isTuple) {
    return fail(name, "bad .npy header: 'shape' must be a tuple of integers");
  }
  std::vector<std::uint64_t> shape;
  for (const PyValue& dim : shapeValue.items) {
    if (dim.kind != PyValue::Kind::Int) {
      return fail(name, "bad .npy header: 'shape' must be a tuple of integers");
    }
    shape.push_back(dim.number);
  }
  NpyHeader header;
  header.shape = std::move(shape);
  header.kind = element == ElementType::F4 || element == ElementType::F8 ? 'f' : 'i';
  header.itemSize = itemSize;
  header.descr = descr;
  header.data = bytes.substr(dataStart);
  return header;
}

Result parseNpy(std::string_view bytes, std::string_view name, const TensorLimits& limits) {
  if (bytes.size() > limits.maxBytes) return fail(name, tooLarge(bytes.size(), limits));
  auto parsed = parseNpyHeader(bytes, name);
  if (auto* error = std::get_if<TensorError>(&parsed)) return std::move(*error);
  NpyHeader& header = std::get<NpyHeader>(parsed);
  const std::vector<std::uint64_t>& shape = header.shape;
  const std::size_t itemSize = header.itemSize;
  ElementType element = ElementType::F4;
  for (const auto& [code, kind, size] : kElementTypes) {
    if (code.front() == header.kind && size == itemSize) element = kind;
  }
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t dataStart = bytes.size() - header.data.size();
  if (shape.empty()) {
    return fail(name, "is a scalar (shape ()); expected a 1-D or 2-D array");
  }
  if (shape.size() > 2) {
    return fail(name, "has shape " + shapeText(shape) + "; only 1-D and 2-D arrays are supported");
  }
  for (const std::uint64_t dim : shape) {
    if (dim == 0) return fail(name, "is empty (shape " + shapeText(shape) + ")");
  }
  const std::uint64_t rows = shape.size() == 1 ? 1 : shape[0];
  const std::uint64_t cols = shape.size() == 1 ? shape[0] : shape[1];
  // The shape's limits before its product: rows * cols * itemSize is then small, no overflow.
  if (rows > countLimit(limits.maxRows)) {
    return fail(name,
                "shape " + shapeText(shape) + ": " + tooMany(std::to_string(rows), true, limits));
  }
  if (cols > countLimit(limits.maxCols)) {
    return fail(name,
                "shape " + shapeText(shape) + ": " + tooMany(std::to_string(cols), false, limits));
  }

  const std::uint64_t dataSize = bytes.size() - dataStart;
  const std::uint64_t expected = rows * cols * itemSize;
  if (dataSize < expected) {
    return fail(name, "truncated: shape " + shapeText(shape) + " needs " +
                          std::to_string(expected) + " bytes of data, found " +
                          std::to_string(dataSize));
  }
  if (dataSize > expected) {
    return fail(name, "has " + std::to_string(dataSize - expected) +
                          " extra bytes after the data for shape " + shapeText(shape));
  }

  const auto rowCount = static_cast<Eigen::Index>(rows);
  const auto colCount = static_cast<Eigen::Index>(cols);
  Eigen::MatrixXd matrix(rowCount, colCount);
  const unsigned char* p = data + dataStart;
  for (Eigen::Index r = 0; r < rowCount; ++r) {
    for (Eigen::Index c = 0; c < colCount; ++c, p += itemSize) {
      const double value = loadElement(element, p);
      if (!std::isfinite(value)) return fail(name, nonFiniteMessage(r, c));
      matrix(r, c) = value;
    }
  }
  return matrix;
}

// ---- CSV -------------------------------------------------------------------------------------

Result parseCsv(const std::string& text, const std::string& name) {
  return parseCsv(std::string_view(text), std::string_view(name), TensorLimits{});
}

Result parseCsv(std::string_view text, std::string_view name, const TensorLimits& limits) {
  if (text.size() > limits.maxBytes) return fail(name, tooLarge(text.size(), limits));
  std::string_view rest(text);
  if (rest.starts_with("\xEF\xBB\xBF")) rest.remove_prefix(3);  // UTF-8 byte-order mark

  const auto maxRows = static_cast<std::size_t>(countLimit(limits.maxRows));
  const auto maxCols = static_cast<std::size_t>(countLimit(limits.maxCols));
  std::vector<double> values;  // at most maxRows * maxCols
  std::vector<Field> fields;   // at most maxCols + 1
  std::size_t columns = 0;
  Eigen::Index rowCount = 0;
  std::size_t lineNumber = 0;
  bool sawContent = false;  // any non-comment line, header included
  while (!rest.empty()) {
    const std::size_t newline = rest.find('\n');
    std::string_view line = rest.substr(0, newline);
    rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
    ++lineNumber;
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    const std::string where = "line " + std::to_string(lineNumber);

    switch (splitFields(line, maxCols, fields)) {
      case SplitStatus::Ok:
        break;
      case SplitStatus::TooManyFields:
        return fail(name,
                    tooMany("more than " + std::to_string(maxCols), false, limits, "at " + where));
      case SplitStatus::UnterminatedQuote:
        return fail(
            name, where + ", column " + std::to_string(fields.size()) + ": a quote is not closed");
      case SplitStatus::TextAfterQuote:
        return fail(name, where + ", column " + std::to_string(fields.size()) +
                              ": text after a closing quote");
    }

    if (!sawContent) {
      sawContent = true;
      // A header: no cell is a number, quoted or not, and at least one is not empty. ("1","2" is
      // a row of numbers; x,2,z is a mistake, reported below, not a header.)
      bool allText = true;
      bool anyName = false;
      for (const Field& field : fields) {
        double ignored = 0.0;
        const std::string_view cell = field.text();
        if (!cell.empty() && parseNumber(cell, ignored) != NumberStatus::NotANumber) {
          allText = false;
        }
        anyName = anyName || !cell.empty();
      }
      if (allText && anyName) continue;
    }

    if (static_cast<std::size_t>(rowCount) == maxRows) {
      return fail(name,
                  tooMany("more than " + std::to_string(maxRows), true, limits, "at " + where));
    }
    if (rowCount == 0) {
      columns = fields.size();
    } else if (fields.size() != columns) {
      return fail(name, "row " + std::to_string(rowCount + 1) + " has " +
                            std::to_string(fields.size()) +
                            (fields.size() == 1 ? " value" : " values") + ", expected " +
                            std::to_string(columns) + " (" + where + ")");
    }
    for (std::size_t c = 0; c < fields.size(); ++c) {
      const std::string_view field = fields[c].text();
      const std::string at = where + ", column " + std::to_string(c + 1);
      if (field.empty()) return fail(name, at + ": empty value");
      double value = 0.0;
      switch (parseNumber(field, value)) {
        case NumberStatus::Ok:
          break;
        case NumberStatus::OutOfRange:
          return fail(name, at + ": " + quote(field) + " is out of range");
        case NumberStatus::NotANumber:
          return fail(name, at + ": " + quote(field) + " is not a number");
      }
      if (!std::isfinite(value)) {
        return fail(name, nonFiniteMessage(rowCount, static_cast<Eigen::Index>(c), "; " + where));
      }
      values.push_back(value);
    }
    ++rowCount;
  }
  if (rowCount == 0) return fail(name, "empty (no rows of numbers)");

  const auto colCount = static_cast<Eigen::Index>(columns);
  Eigen::MatrixXd matrix(rowCount, colCount);
  for (Eigen::Index r = 0; r < rowCount; ++r) {
    for (Eigen::Index c = 0; c < colCount; ++c) {
      matrix(r, c) = values[static_cast<std::size_t>(r * colCount + c)];
    }
  }
  return matrix;
}

// ---- files -----------------------------------------------------------------------------------

Result readTensor(const std::filesystem::path& path) {
  return readTensor(path, TensorLimits{});
}

Result readTensor(const std::filesystem::path& path, const TensorLimits& limits) {
  const std::string name = path.string();
  std::string extension = path.extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool isNpy = extension == ".npy";
  if (!isNpy && extension != ".csv" && extension != ".txt") {
    return fail(name, "unknown format (expected .npy or .csv)");
  }

  // Check the kind of file first: opening a FIFO would block.
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::status(path, ec);
  if (ec) return fail(name, std::string("cannot read: ") + std::strerror(ec.value()));
  if (std::filesystem::is_directory(status)) {
    return fail(name, std::string("cannot read: ") + std::strerror(EISDIR));
  }
  if (!std::filesystem::is_regular_file(status)) return fail(name, "not a regular file");
  // The size before reading anything: a huge file costs nothing to refuse.
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > limits.maxBytes) return fail(name, tooLarge(size, limits));

  errno = 0;
  const std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    const int error = errno != 0 ? errno : EIO;
    return fail(name, std::string("cannot read: ") + std::strerror(error));
  }
  // Read at most one buffer past the limit, whatever the size said: files can grow, and files
  // in /proc say 0.
  std::string bytes;
  char buffer[1 << 16];
  for (;;) {
    const std::size_t got = std::fread(buffer, 1, sizeof buffer, file.get());
    bytes.append(buffer, got);
    if (bytes.size() > limits.maxBytes) {
      return fail(name, "is more than " + std::to_string(limits.maxBytes) +
                            " bytes; a tensor file may be at most " + bytesText(limits.maxBytes));
    }
    if (got < sizeof buffer) break;
  }
  if (std::ferror(file.get())) {
    const int error = errno != 0 ? errno : EIO;
    return fail(name, std::string("cannot read: ") + std::strerror(error));
  }
  return isNpy ? parseNpy(bytes, name, limits) : parseCsv(bytes, name, limits);
}

}  // namespace tfviz::io
