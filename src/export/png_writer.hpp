// PNG files: encoding (stb_image_write), atomic writes (temporary name, then rename), reading
// (stb_image) for golden tests. CPU only.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "export/image.hpp"

namespace tfviz {

// Writes `image` as a PNG to `path` through a temporary sibling "." + filename + ".tmp-<pid>" and
// a rename, so a reader never sees a half-written file. Same pixels give the same bytes. On failure
// returns false, removes the temporary file, and sets `error` to one line naming the path and the
// reason.
bool writePngAtomic(const std::filesystem::path& path, const Image& image, std::string* error);

// Reads a PNG (any channel count is converted to RGBA). nullopt if unreadable.
std::optional<Image> readPng(const std::filesystem::path& path);

// Writes a whole text file atomically, the same way.
bool writeFileAtomic(const std::filesystem::path& path, std::string_view contents,
                     std::string* error);

}  // namespace tfviz
