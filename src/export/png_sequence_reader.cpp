// PNG frame sequences (see png_sequence_reader.hpp): POSIX open/fstat/read (device + inode for
// hard links), zlib raw inflate for the changed strips, libdeflate for CRC-32 and Adler-32,
// stb_image for every PNG that is not in strip layout.
#include "export/png_sequence_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif
#include <libdeflate.h>
#include <stb_image.h>
#include <zlib.h>

#include "export/png_strips.hpp"

namespace tfviz {
namespace {

constexpr uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
constexpr size_t kChunkOverhead = 12;                     // length, type, CRC
constexpr size_t kHeaderBytes = 8 + kChunkOverhead + 13;  // signature and IHDR
constexpr uint32_t kMaxChunkLength = 0x7FFFFFFF;
constexpr int64_t kMaxSide = 16384;
constexpr int64_t kMaxPixels = int64_t{7680} * 4320;

uint32_t bigEndian32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

bool isType(const uint8_t* chunk, const char (&type)[5]) {
  return std::memcmp(chunk + 4, type, 4) == 0;
}

// A chunk in a file buffer: `offset` of its length field, `length` of its data.
struct Span {
  size_t offset = 0;
  uint32_t length = 0;
  size_t size() const { return kChunkOverhead + length; }
};

// An open file descriptor, closed on scope exit.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Reads `size` bytes at `offset`; false on a short read (the file shrank) or an error.
bool readAt(int fd, uint8_t* out, size_t size, off_t offset) {
  while (size > 0) {
    const ssize_t got = ::pread(fd, out, size, offset);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    out += got;
    size -= static_cast<size_t>(got);
    offset += got;
  }
  return true;
}

// Channels of a PNG colour type; 0 for an invalid one.
int channelsOf(uint8_t colorType) {
  switch (colorType) {
    case 0:
      return 1;
    case 2:
      return 3;
    case 3:
      return 1;
    case 4:
      return 2;
    case 6:
      return 4;
    default:
      return 0;
  }
}

bool validDepth(uint8_t colorType, uint8_t depth) {
  switch (colorType) {
    case 0:
      return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
    case 3:
      return depth == 1 || depth == 2 || depth == 4 || depth == 8;
    default:
      return depth == 8 || depth == 16;
  }
}

// One row of RGB to RGBA (alpha 255).
void rgbToRgbaScalar(const uint8_t* in, uint8_t* out, int width) {
  int x = 0;
  if constexpr (std::endian::native == std::endian::little) {
    // Four bytes in, the fourth (the next pixel's red) replaced by alpha; the last pixel is copied
    // bytewise (its fourth byte may be past the strip).
    for (; x + 1 < width; ++x, in += 3, out += 4) {
      uint32_t pixel;
      std::memcpy(&pixel, in, 4);
      pixel |= 0xFF000000u;
      std::memcpy(out, &pixel, 4);
    }
  }
  for (; x < width; ++x, in += 3, out += 4) {
    out[0] = in[0];
    out[1] = in[1];
    out[2] = in[2];
    out[3] = 255;
  }
}

#if defined(__x86_64__) || defined(__i386__)
// Four pixels a step with SSSE3's byte shuffle (16 bytes read, 12 used: the loop stops while the
// read stays inside the row), then the scalar loop for the rest.
__attribute__((target("ssse3"))) void rgbToRgbaSsse3(const uint8_t* in, uint8_t* out, int width) {
  const __m128i spread = _mm_setr_epi8(0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1);
  const __m128i alpha = _mm_set1_epi32(static_cast<int>(0xFF000000u));
  int x = 0;
  for (; x + 6 <= width; x += 4, in += 12, out += 16) {
    const __m128i rgb = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out),
                     _mm_or_si128(_mm_shuffle_epi8(rgb, spread), alpha));
  }
  rgbToRgbaScalar(in, out, width - x);
}
#endif

void rgbToRgba(const uint8_t* in, uint8_t* out, int width) {
#if defined(__x86_64__) || defined(__i386__)
  static const bool ssse3 = __builtin_cpu_supports("ssse3");
  if (ssse3) {
    rgbToRgbaSsse3(in, out, width);
    return;
  }
#endif
  rgbToRgbaScalar(in, out, width);
}

// Rows of filtered strip bytes (each 1 + width * channels) to RGBA pixels.
void expandRows(const uint8_t* filtered, int rows, int width, int channels, uint8_t* rgba) {
  const size_t rowBytes = static_cast<size_t>(width) * static_cast<size_t>(channels);
  for (int y = 0; y < rows; ++y) {
    const uint8_t* in = filtered + static_cast<size_t>(y) * (1 + rowBytes) + 1;
    uint8_t* out = rgba + static_cast<size_t>(y) * static_cast<size_t>(width) * 4;
    switch (channels) {
      case 4:
        std::memcpy(out, in, rowBytes);
        break;
      case 3:
        rgbToRgba(in, out, width);
        break;
      case 2:
        for (int x = 0; x < width; ++x, in += 2, out += 4) {
          out[0] = out[1] = out[2] = in[0];
          out[3] = in[1];
        }
        break;
      default:
        for (int x = 0; x < width; ++x, ++in, out += 4) {
          out[0] = out[1] = out[2] = in[0];
          out[3] = 255;
        }
        break;
    }
  }
}

}  // namespace

struct PngSequenceReader::State {
  Image image;
  int top = 0;
  int bottom = 0;
  Path path = Path::kNone;
  int decoded = 0;

  // The last file read successfully: identity, bytes, IDAT chunks, IHDR, strips' checksums.
  bool haveIdentity = false;
  dev_t device = 0;
  ino_t inode = 0;
  off_t fileSize = 0;
  struct timespec modified {};
  std::vector<uint8_t> previousFile;
  std::vector<Span> previousIdats;
  uint8_t previousIhdr[13] = {};
  bool previousInStrips = false;     // strip layout, and every strip is in `image`
  std::vector<uint32_t> stripAdler;  // Adler-32 of each strip's filtered bytes

  // Scratch for the file being read.
  std::vector<uint8_t> file;
  std::vector<Span> idats;
  std::vector<uint8_t> staged;  // filtered bytes of the changed strips, at their strip's place
  std::vector<uint32_t> newAdler;
  std::vector<uint8_t> stripChanged;

  z_stream z{};
  bool zReady = false;

  ~State() {
    if (zReady) inflateEnd(&z);
  }

  // The file just read (its bytes and IDAT chunks, and `st`, its identity) becomes the previous.
  void remember(const struct stat& st) {
    previousFile.swap(file);
    previousIdats.swap(idats);
    haveIdentity = true;
    device = st.st_dev;
    inode = st.st_ino;
    fileSize = st.st_size;
    modified = st.st_mtim;
  }

  // Inflates one strip's deflate data into exactly `size` bytes at `out`. False unless the data
  // ends on a byte-aligned block boundary, not the last block, with nothing left over.
  bool inflateStrip(const uint8_t* data, size_t length, uint8_t* out, size_t size) {
    if (!zReady) {
      if (inflateInit2(&z, -15) != Z_OK) return false;
      zReady = true;
    } else if (inflateReset(&z) != Z_OK) {
      return false;
    }
    z.next_in = const_cast<uint8_t*>(data);
    z.avail_in = static_cast<uInt>(length);
    z.next_out = out;
    z.avail_out = static_cast<uInt>(size);
    const int result = inflate(&z, Z_SYNC_FLUSH);
    if (result != Z_OK && result != Z_BUF_ERROR) return false;
    // data_type: unused bits + 64 if in the last block + 128 at a block boundary (+ 256 in the
    // middle of a length/copy): exactly 128 is "between blocks, byte aligned, not the end".
    return z.avail_in == 0 && z.avail_out == 0 && z.data_type == 128;
  }
};

PngSequenceReader::PngSequenceReader() : m_state(std::make_unique<State>()) {}
PngSequenceReader::~PngSequenceReader() = default;
PngSequenceReader::PngSequenceReader(PngSequenceReader&&) noexcept = default;
PngSequenceReader& PngSequenceReader::operator=(PngSequenceReader&&) noexcept = default;

const Image& PngSequenceReader::image() const {
  return m_state->image;
}
int PngSequenceReader::changedTop() const {
  return m_state->top;
}
int PngSequenceReader::changedBottom() const {
  return m_state->bottom;
}
PngSequenceReader::Path PngSequenceReader::lastPath() const {
  return m_state->path;
}
int PngSequenceReader::stripsDecoded() const {
  return m_state->decoded;
}

void PngSequenceReader::reset() {
  m_state = std::make_unique<State>();
}

std::optional<std::string> PngSequenceReader::read(const std::filesystem::path& path) {
  State& s = *m_state;
  const auto fail = [&](const std::string& problem) -> std::optional<std::string> {
    return "'" + path.string() + "': " + problem;
  };

  Fd fd;
  fd.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd.fd < 0) return fail(std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd.fd, &st) != 0) return fail(std::string("cannot stat: ") + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return fail("not a regular file");

  // The same file as before (a hard link of an identical frame): nothing to read.
  if (s.haveIdentity && st.st_dev == s.device && st.st_ino == s.inode && st.st_size == s.fileSize &&
      st.st_mtim.tv_sec == s.modified.tv_sec && st.st_mtim.tv_nsec == s.modified.tv_nsec) {
    s.top = s.bottom = 0;
    s.path = Path::kSameFile;
    s.decoded = 0;
    return std::nullopt;
  }

  // Signature and IHDR first, so that nothing is allocated before the size is known and capped.
  const size_t fileSize = static_cast<size_t>(st.st_size);
  uint8_t head[kHeaderBytes];
  const size_t headSize = std::min(fileSize, kHeaderBytes);
  if (!readAt(fd.fd, head, headSize, 0)) return fail("read failed or truncated");
  if (headSize < 8 || std::memcmp(head, kSignature, 8) != 0) return fail("not a PNG");
  if (headSize < kHeaderBytes) return fail("truncated");
  if (bigEndian32(head + 8) != 13 || !isType(head + 8, "IHDR")) return fail("no IHDR first");
  if (bigEndian32(head + 8 + 8 + 13) != libdeflate_crc32(0, head + 12, 4 + 13)) {
    return fail("IHDR is corrupted (CRC mismatch)");
  }
  const uint8_t* ihdr = head + 16;
  const uint32_t fileWidth = bigEndian32(ihdr);
  const uint32_t fileHeight = bigEndian32(ihdr + 4);
  const uint8_t depth = ihdr[8];
  const uint8_t colorType = ihdr[9];
  const int fileChannels = channelsOf(colorType);
  if (fileWidth == 0 || fileHeight == 0 || fileChannels == 0 || !validDepth(colorType, depth) ||
      ihdr[10] != 0 || ihdr[11] != 0 || ihdr[12] > 1) {
    return fail("invalid IHDR");
  }
  if (fileWidth > kMaxSide || fileHeight > kMaxSide ||
      int64_t{fileWidth} * int64_t{fileHeight} > kMaxPixels) {
    return fail(std::to_string(fileWidth) + "x" + std::to_string(fileHeight) +
                " is larger than supported (sides up to " + std::to_string(kMaxSide) +
                ", at most 7680x4320 pixels)");
  }
  const int width = static_cast<int>(fileWidth);
  const int height = static_cast<int>(fileHeight);
  if (!s.image.empty() && (width != s.image.width || height != s.image.height)) {
    return fail(std::to_string(width) + "x" + std::to_string(height) + ", expected " +
                std::to_string(s.image.width) + "x" + std::to_string(s.image.height) +
                " like the first frame");
  }
  // The raw image data (before deflate), and the most a sane file of that size needs: deflate
  // expands incompressible data by well under 1%, plus chunk overhead and metadata.
  const size_t rowBytes =
      (static_cast<size_t>(width) * static_cast<size_t>(fileChannels) * depth + 7) / 8;
  const size_t rawSize = static_cast<size_t>(height) * (1 + rowBytes);
  const size_t maxFileSize = rawSize + rawSize / 8 + (size_t{1} << 20);
  if (fileSize > maxFileSize) {
    return fail(std::to_string(fileSize) + " bytes, too large for a " + std::to_string(width) +
                "x" + std::to_string(height) + " PNG");
  }

  // The whole file.
  std::vector<uint8_t>& file = s.file;
  file.resize(fileSize);
  std::memcpy(file.data(), head, kHeaderBytes);
  if (!readAt(fd.fd, file.data() + kHeaderBytes, fileSize - kHeaderBytes,
              static_cast<off_t>(kHeaderBytes))) {
    return fail("read failed or truncated");
  }

  // The chunks. Every length is checked against the file; IDAT chunks identical (same index,
  // same bytes) to the previous file's were CRC-checked then, every other chunk's CRC now.
  s.idats.clear();
  bool idatsEnded = false;  // a chunk after the IDATs
  bool idatsSplit = false;  // IDATs not consecutive
  bool stripCandidate = depth == 8 && colorType != 3 && ihdr[12] == 0;
  bool sawEnd = false;
  size_t pos = 8;
  while (pos < fileSize) {
    if (fileSize - pos < kChunkOverhead) return fail("truncated");
    const uint32_t length = bigEndian32(file.data() + pos);
    if (length > kMaxChunkLength)
      return fail("invalid chunk length at byte " + std::to_string(pos));
    if (fileSize - pos - kChunkOverhead < length) return fail("truncated");
    const uint8_t* chunk = file.data() + pos;
    for (int i = 4; i < 8; ++i) {
      const uint8_t c = chunk[i];
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
        return fail("invalid chunk type at byte " + std::to_string(pos));
      }
    }
    const bool isIdat = isType(chunk, "IDAT");
    bool checked = false;
    if (isIdat) {
      const size_t index = s.idats.size();
      if (index < s.previousIdats.size()) {
        const Span& old = s.previousIdats[index];
        checked = old.length == length &&
                  std::memcmp(s.previousFile.data() + old.offset, chunk, old.size()) == 0;
      }
      if (idatsEnded) idatsSplit = true;
      s.idats.push_back(Span{pos, length});
    } else if (!s.idats.empty()) {
      idatsEnded = true;
    }
    if (!checked &&
        bigEndian32(chunk + 8 + length) != libdeflate_crc32(0, chunk + 4, 4 + size_t{length})) {
      return fail("chunk " + std::string(reinterpret_cast<const char*>(chunk + 4), 4) +
                  " at byte " + std::to_string(pos) + " is corrupted (CRC mismatch)");
    }
    // Strip layout: only IHDR, IDAT, IEND and ancillary chunks that stb_image ignores.
    const bool critical = (chunk[4] & 0x20) == 0;
    if ((critical && !isIdat && !isType(chunk, "IHDR") && !isType(chunk, "IEND")) ||
        isType(chunk, "tRNS")) {
      stripCandidate = false;
    }
    pos += kChunkOverhead + length;
    if (isType(chunk, "IEND")) {
      sawEnd = true;
      break;
    }
  }
  if (!sawEnd) return fail("truncated (no IEND)");
  if (s.idats.empty()) return fail("no image data (no IDAT)");

  // Strip layout: the zlib header alone, one chunk per strip, the final block and Adler-32 alone.
  const int strips = pngStripCount(height);
  const size_t filteredRow = 1 + static_cast<size_t>(width) * static_cast<size_t>(fileChannels);
  const size_t stripBytes = filteredRow * kPngStripRows;
  const uint8_t* tail = nullptr;
  if (stripCandidate && !idatsSplit && s.idats.size() == static_cast<size_t>(strips) + 2) {
    const Span& first = s.idats.front();
    const Span& last = s.idats.back();
    const uint8_t* zhead = file.data() + first.offset + 8;
    tail = file.data() + last.offset + 8;
    const bool headerOk = first.length == 2 && (zhead[0] & 0x0F) == 8 && (zhead[0] >> 4) <= 7 &&
                          (zhead[1] & 0x20) == 0 && ((zhead[0] << 8) | zhead[1]) % 31 == 0;
    if (!headerOk || last.length != 6 || tail[0] != 0x03 || tail[1] != 0x00) tail = nullptr;
  }

  if (tail != nullptr) {
    const bool reuse = s.previousInStrips && std::memcmp(s.previousIhdr, ihdr, 13) == 0 &&
                       s.stripAdler.size() == static_cast<size_t>(strips);
    s.staged.resize(rawSize);
    s.newAdler.assign(static_cast<size_t>(strips), 0);
    s.stripChanged.assign(static_cast<size_t>(strips), 0);
    int firstChanged = strips;
    int lastChanged = -1;
    int decoded = 0;
    bool layoutOk = true;
    for (int i = 0; i < strips && layoutOk; ++i) {
      const Span& span = s.idats[static_cast<size_t>(i) + 1];
      const uint8_t* chunk = file.data() + span.offset;
      if (reuse) {
        const Span& old = s.previousIdats[static_cast<size_t>(i) + 1];
        if (old.length == span.length &&
            std::memcmp(s.previousFile.data() + old.offset, chunk, span.size()) == 0) {
          s.newAdler[static_cast<size_t>(i)] = s.stripAdler[static_cast<size_t>(i)];
          continue;
        }
      }
      const int rows = std::min(kPngStripRows, height - i * kPngStripRows);
      const size_t size = filteredRow * static_cast<size_t>(rows);
      uint8_t* out = s.staged.data() + static_cast<size_t>(i) * stripBytes;
      if (!s.inflateStrip(chunk + 8, span.length, out, size)) {
        layoutOk = false;
        break;
      }
      for (int y = 0; y < rows; ++y) {
        if (out[static_cast<size_t>(y) * filteredRow] != 0) layoutOk = false;
      }
      s.newAdler[static_cast<size_t>(i)] = libdeflate_adler32(1, out, size);
      s.stripChanged[static_cast<size_t>(i)] = 1;
      firstChanged = std::min(firstChanged, i);
      lastChanged = i;
      ++decoded;
    }
    if (layoutOk) {
      // The stream's Adler-32 from the strips' (unchanged strips keep theirs).
      uint32_t adler = 1;
      for (int i = 0; i < strips; ++i) {
        const int rows = std::min(kPngStripRows, height - i * kPngStripRows);
        adler = static_cast<uint32_t>(
            adler32_combine(adler, s.newAdler[static_cast<size_t>(i)],
                            static_cast<z_off_t>(filteredRow * static_cast<size_t>(rows))));
      }
      if (adler != bigEndian32(tail + 2))
        return fail("image data is corrupted (Adler-32 mismatch)");

      // Commit: nothing above changed the reader's state.
      if (s.image.empty()) {
        s.image.width = width;
        s.image.height = height;
        s.image.channels = 4;
        s.image.pixels.assign(static_cast<size_t>(width) * static_cast<size_t>(height) * 4, 0);
      }
      for (int i = firstChanged; i <= lastChanged; ++i) {
        if (s.stripChanged[static_cast<size_t>(i)] == 0) continue;
        const int rows = std::min(kPngStripRows, height - i * kPngStripRows);
        expandRows(s.staged.data() + static_cast<size_t>(i) * stripBytes, rows, width, fileChannels,
                   s.image.row(i * kPngStripRows));
      }
      s.top = lastChanged < 0 ? 0 : firstChanged * kPngStripRows;
      s.bottom = lastChanged < 0 ? 0 : std::min(height, (lastChanged + 1) * kPngStripRows);
      s.path = Path::kStrips;
      s.decoded = decoded;
      s.stripAdler.swap(s.newAdler);
      s.previousInStrips = true;
      std::memcpy(s.previousIhdr, ihdr, 13);
      s.remember(st);
      return std::nullopt;
    }
  }

  // Any other PNG: stb_image decodes it whole (the size was checked above; stb allocates for it).
  int stbWidth = 0;
  int stbHeight = 0;
  int stbChannels = 0;
  stbi_uc* pixels = stbi_load_from_memory(file.data(), static_cast<int>(fileSize), &stbWidth,
                                          &stbHeight, &stbChannels, 4);
  if (pixels == nullptr) {
    const char* reason = stbi_failure_reason();
    return fail(std::string("cannot decode: ") + (reason != nullptr ? reason : "unknown error"));
  }
  if (stbWidth != width || stbHeight != height) {
    stbi_image_free(pixels);
    return fail("decoded size differs from its IHDR");
  }
  s.image.width = width;
  s.image.height = height;
  s.image.channels = 4;
  s.image.pixels.assign(pixels,
                        pixels + static_cast<size_t>(width) * static_cast<size_t>(height) * 4);
  stbi_image_free(pixels);
  s.top = 0;
  s.bottom = height;
  s.path = Path::kWhole;
  s.decoded = 0;
  s.stripAdler.clear();
  s.previousInStrips = false;
  s.remember(st);
  return std::nullopt;
}

}  // namespace tfviz
