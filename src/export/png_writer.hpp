// PNG files: encoding (stb_image_write), atomic writes (temporary name, then rename), reading
// (stb_image) for golden tests. CPU only.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/image.hpp"

namespace tfviz {

// Writes `image` as a PNG to `path` through a temporary sibling "." + filename + ".tmp-<pid>" and
// a rename, so a reader never sees a half-written file. Same pixels give the same bytes. On failure
// returns false, removes the temporary file, and sets `error` to one line naming the path and the
// reason.
bool writePngAtomic(const std::filesystem::path& path, const Image& image, std::string* error);

// Reads a PNG (any channel count is converted to RGBA). nullopt if unreadable.
std::optional<Image> readPng(const std::filesystem::path& path);

// The temporary sibling every output is written under until complete: "dir/.name.tmp-<pid>"
// (`kind` "link-tmp" for hard links being made).
std::filesystem::path temporaryPath(const std::filesystem::path& path, const char* kind = "tmp");

// Removes the temporary files (".NAME.tmp-PID", ".NAME.link-tmp-PID") that runs no longer alive
// left in `dir`: a run killed with SIGKILL cannot clean up after itself, the next one does.
// Returns how many it removed.
int removeStaleTemporaries(const std::filesystem::path& dir);

// Writes a whole text file atomically, the same way.
bool writeFileAtomic(const std::filesystem::path& path, std::string_view contents,
                     std::string* error);

}  // namespace tfviz
