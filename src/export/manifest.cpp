// manifest.json for exported frames: hand-written pretty JSON with a fixed key order and
// locale-independent numbers, so two runs with the same inputs compare byte for byte.
#include "export/manifest.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <utility>

namespace tfviz {
namespace {

void appendString(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (byte < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof(escaped), "\\u%04X", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  out += '"';
}

// At most 6 decimals, trailing zeros dropped ("0.5", "2", "0.016667"); never locale-dependent.
// JSON has no NaN or infinity: those become null.
void appendNumber(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  char buffer[400];  // fixed notation of the largest double fits in ~320 characters
  const auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::fixed, 6);
  if (ec != std::errc()) {
    out += "null";
    return;
  }
  std::string_view text(buffer, static_cast<size_t>(end - buffer));
  if (text.find('.') != std::string_view::npos) {
    while (text.back() == '0') text.remove_suffix(1);
    if (text.back() == '.') text.remove_suffix(1);
  }
  if (text == "-0") text = "0";
  out += text;
}

class JsonWriter {
 public:
  std::string take() { return std::move(m_out); }

  void openObject() { open('{'); }
  void closeObject() { close('}'); }
  void openArray() { open('['); }
  void closeArray() { close(']'); }

  void key(std::string_view name) {
    separate();
    appendString(m_out, name);
    m_out += ": ";
    m_afterKey = true;
  }
  void value(std::string_view text) {
    separate();
    appendString(m_out, text);
  }
  void value(double number) {
    separate();
    appendNumber(m_out, number);
  }
  void value(long number) {
    separate();
    m_out += std::to_string(number);
  }
  void value(int number) { value(static_cast<long>(number)); }

 private:
  // Before a value or key: a comma after a sibling, then a newline and indentation.
  void separate() {
    if (m_afterKey) {
      m_afterKey = false;
      return;
    }
    if (m_depth == 0) return;
    if (!m_first) m_out += ',';
    m_first = false;
    m_out += '\n';
    m_out.append(static_cast<size_t>(m_depth) * 2, ' ');
  }
  void open(char bracket) {
    separate();
    m_out += bracket;
    ++m_depth;
    m_first = true;
  }
  void close(char bracket) {
    --m_depth;
    if (!m_first) {
      m_out += '\n';
      m_out.append(static_cast<size_t>(m_depth) * 2, ' ');
    }
    m_out += bracket;
    m_first = false;
  }

  std::string m_out;
  int m_depth = 0;
  bool m_first = true;
  bool m_afterKey = false;
};

}  // namespace

std::string manifestToJson(const Manifest& manifest) {
  JsonWriter json;
  json.openObject();
  json.key("width");
  json.value(manifest.width);
  json.key("height");
  json.value(manifest.height);
  json.key("fps");
  json.value(manifest.fps);
  json.key("frame_pattern");
  json.value(manifest.framePattern);
  json.key("sections");
  json.openArray();
  for (const ManifestSection& section : manifest.sections) {
    json.openObject();
    json.key("id");
    json.value(section.id);
    json.key("title");
    json.value(section.title);
    json.key("directory");
    json.value(section.directory);
    json.key("from");
    json.value(section.from);
    json.key("to");
    json.value(section.to);
    json.key("frame_count");
    json.value(section.frameCount);
    json.key("beats");
    json.openArray();
    for (const ManifestBeat& beat : section.beats) {
      json.openObject();
      json.key("label");
      json.value(beat.label);
      json.key("time");
      json.value(beat.time);
      json.key("frame");
      json.value(beat.frame);
      json.closeObject();
    }
    json.closeArray();
    json.closeObject();
  }
  json.closeArray();
  json.closeObject();
  std::string out = json.take();
  out += '\n';
  return out;
}

namespace {
constexpr std::string_view kRunRecordHeader = "tfviz-run 1";
constexpr size_t kRunRecordMaxBytes = 64 * 1024;
}  // namespace

std::string runRecordText(const RunRecord& record) {
  std::string out(kRunRecordHeader);
  out += '\n';
  for (const auto& [key, value] : record.settings) {
    out += key;
    out += ' ';
    for (char c : value) out += (c == '\n' || c == '\r') ? ' ' : c;
    out += '\n';
  }
  return out;
}

std::optional<RunRecord> parseRunRecord(std::string_view text) {
  if (text.size() > kRunRecordMaxBytes) return std::nullopt;
  RunRecord record;
  bool first = true;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    if (end == std::string_view::npos) return std::nullopt;  // every line ends with a newline
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    if (first) {
      if (line != kRunRecordHeader) return std::nullopt;
      first = false;
      continue;
    }
    const size_t space = line.find(' ');
    if (space == 0 || space == std::string_view::npos) return std::nullopt;
    record.settings.emplace_back(std::string(line.substr(0, space)),
                                 std::string(line.substr(space + 1)));
  }
  if (first) return std::nullopt;
  return record;
}

std::optional<std::string> runRecordDifference(const RunRecord& saved, const RunRecord& now) {
  for (const auto& [key, value] : now.settings) {
    std::optional<std::string> before;
    for (const auto& [k, v] : saved.settings) {
      if (k == key) before = v;
    }
    if (!before) return key + " " + value + " was not recorded";
    if (*before != value) return key + " " + *before + ", not " + value;
  }
  return std::nullopt;
}

}  // namespace tfviz
