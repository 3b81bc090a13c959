// Unit tests for MP4 export (export/video_encoder): a round trip through the encoder and back,
// partial updates, repeated pictures, the temporary file, and bad sizes; the run record --resume
// checks; stale temporary files of dead runs.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "export/manifest.hpp"
#include "export/png_writer.hpp"
#include "export/video_encoder.hpp"
#include "test_support.hpp"

namespace tfviz {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

// Flat fills and sharp-edged blocks, like tfviz's frames: a dark background, coloured cells.
// Edges fall on even pixels, so 4:2:0 chroma itself loses nothing and PSNR measures the codec.
Image picture(int width, int height, int seed) {
  Image image{width, height, 4, {}};
  image.pixels.resize(static_cast<size_t>(width) * height * 4);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      uint8_t* p = image.row(y) + 4 * x;
      const bool cell = ((x / 12 + y / 10 + seed) % 3) == 0 && x % 12 >= 4 && y % 10 >= 2;
      p[0] = cell ? static_cast<uint8_t>(80 + 50 * seed) : 16;
      p[1] = cell ? 170 : 18;
      p[2] = cell ? static_cast<uint8_t>(230 - 40 * seed) : 27;
      p[3] = 255;
    }
  }
  return image;
}

Image rows(const Image& source, int top, int count) {
  Image out{source.width, count, source.channels, {}};
  out.pixels.assign(source.row(top),
                    source.row(top) + static_cast<size_t>(count) * source.width * source.channels);
  return out;
}

std::vector<Image> decodeAll(const fs::path& path) {
  std::vector<Image> frames;
  std::string error;
  const long n = decodeVideo(
      path,
      [&](long, const Image& rgb) {
        frames.push_back(rgb);
        return true;
      },
      &error);
  INFO(error);
  CHECK(n == static_cast<long>(frames.size()));
  return frames;
}

bool hasTemporaries(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().find("tmp-") != std::string::npos) return true;
  }
  return false;
}

TEST_CASE("video: pictures come back from the MP4 at a quality a teacher accepts") {
  TempDir dir;
  const fs::path out = dir.path() / "clip.mp4";
  const Image a = picture(128, 96, 0);
  const Image b = picture(128, 96, 1);
  std::string error;
  auto encoder = VideoEncoder::open(out, VideoOptions{128, 96, 30, "x264"}, &error);
  REQUIRE_MESSAGE(encoder, error);
  CHECK(encoder->description().find("libx264") != std::string::npos);
  encoder->update(a, 0);
  CHECK(encoder->emit(3));  // one picture, three frames
  // Only rows 20..60 change: the rest must stay a's.
  Image mixed = a;
  for (int y = 20; y < 60; ++y) std::copy(b.row(y), b.row(y) + 128 * 4, mixed.row(y));
  encoder->update(rows(b, 20, 40), 20);
  CHECK(encoder->emit(2));
  CHECK(hasTemporaries(dir.path()));
  CHECK_FALSE(fs::exists(out));
  REQUIRE(encoder->finish());
  CHECK(encoder->framesWritten() == 5);
  CHECK_FALSE(hasTemporaries(dir.path()));
  const std::vector<Image> frames = decodeAll(out);
  REQUIRE(frames.size() == 5);
  for (int i = 0; i < 3; ++i) CHECK(psnr(a, frames[i]) > 38.0);
  for (int i = 3; i < 5; ++i) CHECK(psnr(mixed, frames[i]) > 38.0);
  CHECK(psnr(b, frames[4]) < 30.0);  // the test can tell the pictures apart
}

TEST_CASE("video: an encoder dropped before finish leaves nothing behind") {
  TempDir dir;
  const fs::path out = dir.path() / "gone.mp4";
  {
    std::string error;
    auto encoder = VideoEncoder::open(out, VideoOptions{64, 64, 30, "x264"}, &error);
    REQUIRE(encoder);
    encoder->update(picture(64, 64, 0), 0);
    CHECK(encoder->emit(4));
  }
  CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("video: bad sizes, encoders and folders get one line") {
  TempDir dir;
  std::string error;
  CHECK_FALSE(VideoEncoder::open(dir.path() / "a.mp4", VideoOptions{63, 64, 30}, &error));
  CHECK(error.find("even") != std::string::npos);
  CHECK_FALSE(VideoEncoder::open(dir.path() / "a.mp4", VideoOptions{64, 64, 30, "vp9"}, &error));
  CHECK(error.find("'vp9'") != std::string::npos);
  CHECK_FALSE(
      VideoEncoder::open(dir.path() / "missing" / "a.mp4", VideoOptions{64, 64, 30}, &error));
  CHECK(error.find("cannot write") != std::string::npos);
  CHECK(error.find('\n') == std::string::npos);
  CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("video: decoding something that is not a video is an error, not a crash") {
  TempDir dir;
  const fs::path junk = dir.path() / "junk.mp4";
  std::ofstream(junk) << "not a video at all";
  std::string error;
  CHECK(decodeVideo(
            junk, [](long, const Image&) { return true; }, &error) == -1);
  CHECK(error.find("junk.mp4") != std::string::npos);
}

TEST_CASE("run record: written, read back, and the first difference named") {
  RunRecord a{{{"section", "matmul"}, {"size", "640x360"}, {"fps", "30"}}};
  const std::optional<RunRecord> back = parseRunRecord(runRecordText(a));
  REQUIRE(back);
  CHECK(back->settings == a.settings);
  CHECK_FALSE(runRecordDifference(*back, a));
  RunRecord b = a;
  b.settings[1].second = "1280x720";
  CHECK(runRecordDifference(a, b) == std::optional<std::string>("size 640x360, not 1280x720"));
  RunRecord c = a;
  c.settings.emplace_back("ssaa", "2");
  CHECK(runRecordDifference(a, c) == std::optional<std::string>("ssaa 2 was not recorded"));
  // A newline in a value cannot forge another line.
  RunRecord d{{{"inputs", "x\nsize 1x1"}}};
  const auto dd = parseRunRecord(runRecordText(d));
  REQUIRE(dd);
  CHECK(dd->settings.size() == 1);
  // Not a record: nothing, garbage, no final newline, an empty key.
  CHECK_FALSE(parseRunRecord(""));
  CHECK_FALSE(parseRunRecord("hello\n"));
  CHECK_FALSE(parseRunRecord("tfviz-run 1\nsize 1x1"));
  CHECK_FALSE(parseRunRecord("tfviz-run 1\n size\n"));
  CHECK_FALSE(parseRunRecord("tfviz-run 1\nnospace\n"));
}

TEST_CASE("stale temporaries: a dead run's are removed, a live run's and real files kept") {
  TempDir dir;
  // A pid that has just exited.
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  const std::string dead = std::to_string(child);
  const std::string self = std::to_string(::getpid());
  for (const std::string& name : std::vector<std::string>{
           ".frame_000001.png.tmp-" + dead, ".frame_000002.png.link-tmp-" + dead,
           ".frame_000003.png.tmp-" + self, "frame_000004.png", "notes.tmp-" + dead,
           ".x.tmp-12ab"}) {
    std::ofstream(dir.path() / name) << "x";
  }
  CHECK(removeStaleTemporaries(dir.path()) == 2);
  CHECK_FALSE(fs::exists(dir.path() / (".frame_000001.png.tmp-" + dead)));
  CHECK_FALSE(fs::exists(dir.path() / (".frame_000002.png.link-tmp-" + dead)));
  CHECK(fs::exists(dir.path() / (".frame_000003.png.tmp-" + self)));
  CHECK(fs::exists(dir.path() / "frame_000004.png"));
  CHECK(fs::exists(dir.path() / ("notes.tmp-" + dead)));  // not ours: no leading dot
  CHECK(fs::exists(dir.path() / ".x.tmp-12ab"));
  CHECK(temporaryPath(dir.path() / "a.png").filename().string() == ".a.png.tmp-" + self);
}

}  // namespace
}  // namespace tfviz
