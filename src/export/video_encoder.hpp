// H.264 MP4 export in process (libavcodec, libavformat): no ffmpeg program, no pipe, no shell.
//
// The encoder keeps the picture as YUV 4:2:0 planes (BT.709, limited range) and converts only the
// rows a new picture changed; a picture shown for several frames is converted once and handed to
// the codec once per frame (x264 codes a repeated picture as skipped blocks). It prefers NVIDIA's
// NVENC when libavcodec has it and a GPU answers, else libx264. The file is written under a
// temporary name next to the output and renamed when complete.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/image.hpp"

namespace tfviz {

struct VideoOptions {
  int width = 1920;   // even
  int height = 1080;  // even
  int fps = 60;
  // "auto" (NVENC when it opens, else libx264), "nvenc" or "x264".
  std::string encoder = "auto";
};

// The module that holds the libav code, built next to the tfviz executable.
inline constexpr const char* kVideoModuleName = "libtfviz_video.so";

// The x264 settings tfviz uses, in one place (README "Video").
inline constexpr const char* kX264Preset = "ultrafast";
inline constexpr const char* kX264Tune = "";  // none: "animation" costs 17% more for 15% less size
inline constexpr int kX264Crf = 16;

class VideoEncoder {
 public:
  // Opens `path`'s temporary sibling for writing; null with a one-line `error` on failure. The
  // libav code lives in a module (libtfviz_video.so next to the executable) loaded on first use,
  // so the commands that make no video start without loading libav's ~120 libraries.
  static std::unique_ptr<VideoEncoder> open(const std::filesystem::path& path,
                                            const VideoOptions& options, std::string* error);
  virtual ~VideoEncoder() = default;  // an encoder not finished removes its temporary file

  // Rows [top, top + rows.height) of the picture changed to `rows` (RGBA over an opaque
  // background, or RGB; the full width). `top` is even; rows.height is even or reaches the bottom.
  // The rows are queued: an encoding thread converts and encodes them while the caller goes on
  // (at most a few pictures ahead, so memory stays bounded).
  virtual void update(Image rows, int top) = 0;
  // The current picture, shown for `count` more frames. False on a failure (see error()).
  virtual bool emit(long count) = 0;
  // Flushes the codec, writes the index (moved to the front: +faststart) and renames the file
  // into place. False on a failure; the temporary file is removed either way.
  virtual bool finish() = 0;

  virtual const std::string& error() const = 0;
  // "libx264 (preset ultrafast, crf 16, yuv420p BT.709)" or "h264_nvenc (...)".
  virtual const std::string& description() const = 0;
  virtual long framesWritten() const = 0;
};

// Decodes the video stream of `path` frame by frame into RGB (BT.709, limited range, as written
// above) and calls `frame(index, rgb)` until it returns false or the stream ends. Returns the
// number of frames decoded, or -1 with a one-line `error`. For tests and quality reports.
long decodeVideo(const std::filesystem::path& path,
                 const std::function<bool(long index, const Image& rgb)>& frame,
                 std::string* error);

// Peak signal-to-noise ratio of `b` against `a` (RGB channels; same size), in dB; infinity
// when identical.
double psnr(const Image& a, const Image& b);

}  // namespace tfviz
