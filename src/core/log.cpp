// Logging to stderr (see log.hpp).
#include "core/log.hpp"

#include <cstdint>
#include <cstdio>
#include <string>

namespace tfviz {
namespace {

void appendHex(std::string& out, const char* prefix, std::uint32_t value, int digits) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%s%0*x", prefix, digits, static_cast<unsigned>(value));
  out += buffer;
}

// Code points that are valid UTF-8 but would move the cursor, end the line or reorder the text.
bool isInvisibleControl(std::uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 || cp == 0x061c ||
         cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

// The length of the valid UTF-8 sequence of a non-ASCII character at the start of `text` and its
// code point, or 0 when it is not valid (a stray continuation byte, an overlong form, a
// surrogate, past U+10FFFF, or cut short).
std::size_t decodeUtf8(std::string_view text, std::uint32_t& cp) {
  const auto lead = static_cast<unsigned char>(text[0]);
  std::size_t length = 0;
  std::uint32_t min = 0;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
    cp = lead & 0x1fu;
    min = 0x80;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    cp = lead & 0x0fu;
    min = 0x800;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    cp = lead & 0x07u;
    min = 0x10000;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xc0u) != 0x80u) return 0;
    cp = (cp << 6) | (byte & 0x3fu);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return length;
}

// doubleBackslashes: false for logError's safety net, which sees messages whose names were
// already escaped (doubling again would show "\\\\n" for a backslash).
std::string escape(std::string_view text, bool doubleBackslashes) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      if (byte == '\\' && doubleBackslashes) {
        out += "\\\\";  // so that "a\\nb" on screen can only mean a backslash, not a newline
      } else if (byte == '\n') {
        out += "\\n";
      } else if (byte == '\r') {
        out += "\\r";
      } else if (byte == '\t') {
        out += "\\t";
      } else if (byte < 0x20 || byte == 0x7f) {
        appendHex(out, "\\x", byte, 2);
      } else {
        out += static_cast<char>(byte);
      }
      ++i;
      continue;
    }
    std::uint32_t cp = 0;
    const std::size_t length = decodeUtf8(text.substr(i), cp);
    if (length == 0) {
      appendHex(out, "\\x", byte, 2);
      ++i;
    } else if (isInvisibleControl(cp)) {
      appendHex(out, "\\u", cp, 4);
      i += length;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

}  // namespace

std::string escapeControls(std::string_view text) {
  return escape(text, true);
}

namespace {
thread_local LogCapture* capture = nullptr;
}  // namespace

LogCapture::LogCapture() : m_outer(capture) {
  capture = this;
}

LogCapture::~LogCapture() {
  capture = m_outer;
}

void logError(std::string_view message) {
  const std::string line = escape(message, false);
  if (capture != nullptr) {
    capture->m_errors += (capture->m_errors.empty() ? "" : "\n") + line;
    return;
  }
  std::fprintf(stderr, "tfviz: %.*s\n", static_cast<int>(line.size()), line.data());
}

void logInfo(std::string_view message) {
  if (capture != nullptr) return;
  std::fprintf(stderr, "%.*s\n", static_cast<int>(message.size()), message.data());
}

}  // namespace tfviz
