// Unit tests for the one-line error convention (src/core/log.cpp): escapeControls, and logError
// writing exactly one line to stderr whatever the message holds.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <string>
#include <string_view>

#include "core/log.hpp"

namespace tfviz {
namespace {

// What logError(message) writes to stderr.
std::string loggedError(std::string_view message) {
  std::fflush(stderr);
  std::FILE* capture = std::tmpfile();
  REQUIRE(capture != nullptr);
  const int saved = ::dup(STDERR_FILENO);
  REQUIRE(saved >= 0);
  ::dup2(::fileno(capture), STDERR_FILENO);
  logError(message);
  std::fflush(stderr);
  ::dup2(saved, STDERR_FILENO);
  ::close(saved);
  std::string text;
  std::rewind(capture);
  for (int c = std::fgetc(capture); c != EOF; c = std::fgetc(capture)) {
    text += static_cast<char>(c);
  }
  std::fclose(capture);
  return text;
}

}  // namespace

TEST_CASE("log: escapeControls shows C0 controls, DEL and newlines as visible escapes") {
  CHECK(escapeControls("plain text, 1/2: ok") == "plain text, 1/2: ok");
  CHECK(escapeControls("a\nb") == "a\\nb");
  CHECK(escapeControls("a\r\nb\tc") == "a\\r\\nb\\tc");
  // A backslash is doubled: a name holding the characters \ and n reads apart from a newline.
  CHECK(escapeControls("a\\nb") == "a\\\\nb");
  CHECK(escapeControls("a\\nb") != escapeControls("a\nb"));
  CHECK(escapeControls("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m");
  CHECK(escapeControls(std::string_view("nul\0here", 8)) == "nul\\x00here");
  CHECK(escapeControls("\x01\x07\x08\x0b\x0c\x1f\x7f") == "\\x01\\x07\\x08\\x0b\\x0c\\x1f\\x7f");
  CHECK(escapeControls("back\\slash") == "back\\\\slash");
  CHECK(escapeControls("") == "");
}

TEST_CASE("log: escapeControls keeps UTF-8 text and escapes what is not") {
  // Printable UTF-8 stays: accents, the minus sign, CJK, emoji.
  const std::string text = "caf\xC3\xA9 \xE2\x88\x92 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80";
  CHECK(escapeControls(text) == text);
  // C1 controls (U+0085 NEL, U+009B CSI), line and paragraph separators, bidi overrides.
  CHECK(escapeControls("a\xC2\x85"
                       "b") == "a\\u0085b");
  CHECK(escapeControls("\xC2\x9B"
                       "31m") == "\\u009b31m");
  CHECK(escapeControls("x\xE2\x80\xA8y\xE2\x80\xA9z") == "x\\u2028y\\u2029z");
  CHECK(escapeControls("abc\xE2\x80\xAE"
                       "def") == "abc\\u202edef");
  // Bytes that are not UTF-8: raw C1 bytes, stray continuations, overlong forms, surrogates, a
  // sequence cut short, past U+10FFFF.
  CHECK(escapeControls("\x9b"
                       "31m") == "\\x9b31m");
  CHECK(escapeControls("\x80\xBF") == "\\x80\\xbf");
  CHECK(escapeControls("\xC0\x8A") == "\\xc0\\x8a");  // overlong '\n'
  CHECK(escapeControls("\xE0\x80\x8A") == "\\xe0\\x80\\x8a");
  CHECK(escapeControls("\xED\xA0\x80") == "\\xed\\xa0\\x80");  // U+D800
  CHECK(escapeControls("\xE2\x88") == "\\xe2\\x88");
  CHECK(escapeControls("\xF4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");
  CHECK(escapeControls("\xFF\xFE") == "\\xff\\xfe");
  // A broken sequence does not swallow the ASCII after it.
  CHECK(escapeControls("\xE2\n") == "\\xe2\\n");
}

TEST_CASE("log: logError writes exactly one line") {
  CHECK(loggedError("plain") == "tfviz: plain\n");
  const std::string line = loggedError("bad\nname\x1b]0;title\x07.csv: two\r\nlines");
  CHECK(line == "tfviz: bad\\nname\\x1b]0;title\\x07.csv: two\\r\\nlines\n");
  // A name escaped where the message was built is not escaped again.
  const std::string name = "a\\b\nc.csv";
  CHECK(loggedError(escapeControls(name) + ": bad") == "tfviz: a\\\\b\\nc.csv: bad\n");
  // Every byte below 0x20 (but the final newline) and DEL is gone from the output.
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  const std::string out = loggedError(all);
  REQUIRE(!out.empty());
  CHECK(out.back() == '\n');
  for (std::size_t i = 0; i + 1 < out.size(); ++i) {
    const auto byte = static_cast<unsigned char>(out[i]);
    CAPTURE(i);
    CHECK((byte >= 0x20 && byte != 0x7f && byte < 0x80));
  }
}

}  // namespace tfviz
