// PNG encoding (stb_image_write, into memory), atomic file writes (temporary file in the same
// directory, then rename) and PNG reading (stb_image). stb's implementation comes from libstb.
#include "export/png_writer.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <system_error>
#include <vector>

#include <stb_image.h>
#include <stb_image_write.h>

namespace tfviz {
namespace {

void setError(std::string* error, const std::filesystem::path& path, const std::string& reason) {
  if (error != nullptr) *error = path.string() + ": " + reason;
}

void appendBytes(void* context, void* data, int size) {
  auto* bytes = static_cast<std::vector<unsigned char>*>(context);
  const auto* begin = static_cast<const unsigned char*>(data);
  bytes->insert(bytes->end(), begin, begin + size);
}

// The pid a temporary name ends with (".x.tmp-123", ".x.link-tmp-123"); 0 when it has none.
long temporaryPid(const std::string& name) {
  if (name.size() < 2 || name[0] != '.') return 0;
  const size_t at = name.rfind("tmp-");
  if (at == std::string::npos) return 0;
  const std::string digits = name.substr(at + 4);
  if (digits.empty() || digits.size() > 9) return 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return 0;
  }
  return std::stol(digits);
}

}  // namespace

std::filesystem::path temporaryPath(const std::filesystem::path& path, const char* kind) {
  std::filesystem::path name = ".";
  name += path.filename();
  name += std::string(".") + kind + "-" + std::to_string(static_cast<long>(::getpid()));
  return path.parent_path() / name;
}

int removeStaleTemporaries(const std::filesystem::path& dir) {
  int removed = 0;
  std::error_code ec;
  const long self = static_cast<long>(::getpid());
  for (std::filesystem::directory_iterator it(dir.empty() ? "." : dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    const long pid = temporaryPid(it->path().filename().string());
    if (pid <= 0 || pid == self) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM) continue;  // still running
    std::error_code removeError;
    if (std::filesystem::remove(it->path(), removeError)) ++removed;
  }
  return removed;
}

namespace {

bool writeBytesAtomic(const std::filesystem::path& path, const void* data, size_t size,
                      std::string* error) {
  if (path.empty() || !path.has_filename()) {
    setError(error, path, "not a file name");
    return false;
  }
  const std::filesystem::path temp = temporaryPath(path);
  std::error_code ignored;

  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (file == nullptr) {
    setError(error, path,
             "cannot create " + temp.filename().string() + ": " + std::strerror(errno));
    return false;
  }
  std::string reason;
  errno = 0;
  if (size > 0 && std::fwrite(data, 1, size, file) != size) {
    reason = std::string("write failed: ") + std::strerror(errno != 0 ? errno : EIO);
  }
  errno = 0;
  if (reason.empty() && std::fflush(file) != 0) {
    reason = std::string("write failed: ") + std::strerror(errno != 0 ? errno : EIO);
  }
  errno = 0;
  if (std::fclose(file) != 0 && reason.empty()) {
    reason = std::string("close failed: ") + std::strerror(errno != 0 ? errno : EIO);
  }
  if (!reason.empty()) {
    std::filesystem::remove(temp, ignored);
    setError(error, path, reason);
    return false;
  }

  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::filesystem::remove(temp, ignored);
    setError(error, path, "cannot rename " + temp.filename().string() + ": " + ec.message());
    return false;
  }
  return true;
}

}  // namespace

bool writePngAtomic(const std::filesystem::path& path, const Image& image, std::string* error) {
  const size_t expectedBytes = static_cast<size_t>(image.width > 0 ? image.width : 0) *
                               static_cast<size_t>(image.height > 0 ? image.height : 0) *
                               static_cast<size_t>(image.channels > 0 ? image.channels : 0);
  if (image.width <= 0 || image.height <= 0 || image.channels < 1 || image.channels > 4 ||
      image.pixels.size() != expectedBytes) {
    setError(error, path,
             "invalid image (" + std::to_string(image.width) + "x" + std::to_string(image.height) +
                 ", " + std::to_string(image.channels) + " channels, " +
                 std::to_string(image.pixels.size()) + " bytes)");
    return false;
  }

  // stb's encoder is deterministic for a given compression level and filter setting; both are
  // left at stb's defaults (never changed here), so equal pixels give equal bytes.
  std::vector<unsigned char> encoded;
  const int ok =
      stbi_write_png_to_func(appendBytes, &encoded, image.width, image.height, image.channels,
                             image.pixels.data(), image.width * image.channels);
  if (ok == 0 || encoded.empty()) {
    setError(error, path, "PNG encoding failed");
    return false;
  }
  return writeBytesAtomic(path, encoded.data(), encoded.size(), error);
}

std::optional<Image> readPng(const std::filesystem::path& path) {
  int width = 0;
  int height = 0;
  int channelsInFile = 0;
  unsigned char* data = stbi_load(path.c_str(), &width, &height, &channelsInFile, 4);
  if (data == nullptr) return std::nullopt;
  Image image;
  image.width = width;
  image.height = height;
  image.channels = 4;
  image.pixels.assign(data, data + static_cast<size_t>(width) * static_cast<size_t>(height) * 4);
  stbi_image_free(data);
  return image;
}

bool writeFileAtomic(const std::filesystem::path& path, std::string_view contents,
                     std::string* error) {
  return writeBytesAtomic(path, contents.data(), contents.size(), error);
}

}  // namespace tfviz
