// libFuzzer harness: tfviz::PngSequenceReader, which reads the folder of PNG frames a user hands to
// `tfviz encode` (strip layout inflated strip by strip, any other PNG through stb_image). The
// input is one or two PNG files back to back, split at the second PNG signature; they are written
// to a scratch folder and read in order by one reader, so the second read compares its strips
// with the first. Seeds: corpus/png (make_corpus.py); dictionary: png.dict.
#include <stdlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/image.hpp"
#include "export/png_sequence_reader.hpp"
#include "fuzz_check.hpp"

namespace {

namespace fs = std::filesystem;

// A folder of our own under $TMPDIR, removed at exit.
struct Scratch {
  fs::path dir;
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "tfviz-fuzz-png-XXXXXX").string();
    tfviz::fuzz::check(mkdtemp(pattern.data()) != nullptr, "cannot make a scratch folder");
    dir = pattern;
  }
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
};

fs::path writeFrame(int index, std::string_view bytes) {
  static const Scratch scratch;
  const fs::path path = scratch.dir / ("frame_" + std::to_string(index) + ".png");
  std::FILE* file = std::fopen(path.c_str(), "wb");
  tfviz::fuzz::check(file != nullptr, "cannot write a scratch file");
  tfviz::fuzz::check(std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size(),
                     "cannot write a scratch file");
  std::fclose(file);
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tfviz;
  constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);
  constexpr std::size_t kMaxCompared = std::size_t{16} << 20;  // bytes of image kept to compare
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t second = input.find(kSignature, 1);
  std::vector<std::string_view> frames{input.substr(0, second)};
  if (second != std::string_view::npos) frames.push_back(input.substr(second));

  PngSequenceReader reader;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const fs::path path = writeFrame(static_cast<int>(i), frames[i]);
    const Image& image = reader.image();
    std::optional<Image> before;
    if (image.pixels.size() <= kMaxCompared) before = image;
    if (const std::optional<std::string> error = reader.read(path)) {
      fuzz::checkOneLine(*error);
      if (before) {
        fuzz::check(image.width == before->width && image.height == before->height &&
                        image.pixels == before->pixels,
                    "a failed read changed the image");
      }
      continue;
    }
    fuzz::check(image.width > 0 && image.height > 0 && image.channels == 4,
                "a read gave an empty or non-RGBA image");
    fuzz::check(std::int64_t{image.width} * image.height <= std::int64_t{7680} * 4320,
                "a read gave an image over 7680x4320 pixels");
    fuzz::check(image.pixels.size() == std::size_t(image.width) * image.height * 4,
                "the image's pixels do not match its size");
    fuzz::check(0 <= reader.changedTop() && reader.changedTop() <= reader.changedBottom() &&
                    reader.changedBottom() <= image.height,
                "the changed rows are outside the image");
    if (i == 0) fuzz::check(reader.changed(), "a first read did not mark its rows changed");
  }
  return 0;
}
