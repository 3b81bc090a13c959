// What every tfviz fuzz harness checks besides "no crash, no sanitizer finding": the promises a
// parser makes in its header. A broken promise aborts, so libFuzzer saves the input as a crash.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace tfviz::fuzz {

// Aborts with `what` when `ok` is false.
inline void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "tfviz fuzz: broken promise: %s\n", what);
  std::abort();
}

// Error lines are one line: no control characters, not empty.
inline void checkOneLine(std::string_view message) {
  check(!message.empty(), "an error message is empty");
  for (const char c : message) {
    const auto u = static_cast<unsigned char>(c);
    check(u >= 0x20 && u != 0x7f, "an error message holds a control character (not one line)");
  }
}

}  // namespace tfviz::fuzz
