// Reading a sequence of PNG frames (an export folder) into one RGBA image, decoding only what
// changed between consecutive frames. CPU only.
//
// Fast path, for files in tfviz's strip layout (export/png_strips.hpp: 8-bit gray, gray+alpha,
// RGB or RGBA, not interlaced, every row filter 0, one IDAT holding the 2-byte zlib header, then
// one IDAT per 16-row strip, each strip deflated on its own and ended by a sync flush, then one
// IDAT with the final empty block and the Adler-32): each strip chunk is compared byte for byte
// with the same strip's chunk in the frame read before, and only the chunks that differ are
// checked (CRC) and inflated into their rows. A file that is the same file as the previous one
// (same device and inode: a hard link of an identical frame) is not read at all.
//
// Every other PNG (any filter, one IDAT, palette, 16-bit, interlaced...) is decoded whole with
// stb_image and marked changed in full. Whether a file is in strip layout is decided from the file
// alone, safely: the number and sizes of the IDAT chunks, and for every changed strip that it
// inflates to exactly its rows, ends on a byte-aligned block boundary and has filter bytes 0.
//
// Hostile files: every length is checked against the file, sizes are capped (sides up to 16384,
// at most 7680 x 4320 pixels; the file no larger than its raw image data plus a margin) before
// anything is allocated, and a failed read leaves the image as it was.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/image.hpp"

namespace tfviz {

// Reads a sequence of PNG frames of one size into one RGBA image, decoding only what changed.
class PngSequenceReader {
 public:
  // How the last successful read got its pixels.
  enum class Path {
    kNone,      // nothing read yet
    kSameFile,  // same device + inode as the previous file: nothing read
    kStrips,    // strip layout: only the strips whose chunks changed were inflated
    kWhole,     // any other PNG: decoded whole by stb_image
  };

  // Movable (a moved-from reader may only be destroyed or assigned to), not copyable.
  PngSequenceReader();
  ~PngSequenceReader();
  PngSequenceReader(PngSequenceReader&&) noexcept;
  PngSequenceReader& operator=(PngSequenceReader&&) noexcept;
  PngSequenceReader(const PngSequenceReader&) = delete;
  PngSequenceReader& operator=(const PngSequenceReader&) = delete;

  // Reads `path` into `image()` (RGBA8, the whole frame). On success, [changedTop, changedBottom)
  // is the range of rows that may differ from the frame read before (empty when the file is the
  // same file (same device+inode) or has byte-identical strip chunks; the whole frame for the
  // first read). On failure returns a one-line message naming the file and the problem (e.g.
  // "'dir/frame_000012.png': not a PNG", "...: 1280x720, expected 1920x1080 like the first
  // frame", "...: truncated") and the reader (image, size, previous frame) is unchanged.
  std::optional<std::string> read(const std::filesystem::path& path);

  // The frame read last: RGBA, the size of the first frame read; empty before the first read.
  const Image& image() const;
  int changedTop() const;
  int changedBottom() const;
  bool changed() const { return changedTop() < changedBottom(); }

  // How the last successful read went, and how many strips it inflated (kStrips only).
  Path lastPath() const;
  int stripsDecoded() const;

  // Forgets every frame: the next read is a first read again (any size).
  void reset();

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

}  // namespace tfviz
