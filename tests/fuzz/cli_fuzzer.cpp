// libFuzzer harness: tfviz::parseCommandLine (argv, as typed or scripted by a user) and
// parseFrameSize. The input is the arguments separated by NUL bytes, as in /proc/PID/cmdline.
// Seeds: corpus/cli (make_corpus.py); dictionary: cli.dict.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

#include "app/cli.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tfviz;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> args;
  std::size_t start = 0;
  while (start < input.size()) {
    const std::size_t end = input.find('\0', start);
    const std::size_t stop = end == std::string_view::npos ? input.size() : end;
    args.push_back(input.substr(start, stop - start));
    start = stop + 1;
  }
  const ParseResult result = parseCommandLine(args);
  if (const auto* error = std::get_if<CliError>(&result)) fuzz::checkOneLine(error->message);

  for (const std::string_view arg : args) {
    if (const std::optional<FrameSize> frame = parseFrameSize(arg)) {
      fuzz::check(frame->width > 0 && frame->height > 0, "parseFrameSize accepted a size <= 0");
      fuzz::check(frame->width <= kMaxWidth && frame->height <= kMaxHeight,
                  "parseFrameSize accepted a size over 7680x4320");
    }
  }
  return 0;
}
