// Scene files (see scene_file.hpp).
#include "app/scene_file.hpp"

#include <unistd.h>

#include <system_error>

#include "core/log.hpp"

namespace tfviz {
namespace {

SceneFileOpener& opener() {
  static SceneFileOpener o;
  return o;
}

}  // namespace

void setSceneFileOpener(SceneFileOpener o) {
  opener() = std::move(o);
}

std::unique_ptr<SceneFile> openSceneFile(const std::string& path, std::string* error) {
  std::error_code ec;
  const std::string shown = "'" + escapeControls(path) + "'";
  if (!std::filesystem::exists(path, ec)) {
    *error = "--scene: " + shown + " does not exist";
    return nullptr;
  }
  if (!std::filesystem::is_regular_file(path, ec) || ::access(path.c_str(), R_OK) != 0) {
    *error = "--scene: " + shown + " is not a readable file";
    return nullptr;
  }
  if (!opener()) {
    *error =
        "--scene: this tfviz was built without Python (install pybind11-dev and python3-dev, then "
        "build again)";
    return nullptr;
  }
  return opener()(path);
}

FileWatch::FileWatch(std::filesystem::path path, double interval)
    : m_path(std::move(path)), m_interval(interval), m_last(stamp()) {}

std::optional<FileWatch::Stamp> FileWatch::stamp() const {
  std::error_code ec;
  Stamp s;
  s.time = std::filesystem::last_write_time(m_path, ec);
  if (ec) return std::nullopt;
  s.size = std::filesystem::file_size(m_path, ec);
  if (ec) return std::nullopt;
  return s;
}

bool FileWatch::changed(double now) {
  if (now - m_lastCheck < m_interval) return false;
  m_lastCheck = now;
  const std::optional<Stamp> s = stamp();
  if (!s || s == m_last) return false;  // a file being replaced may be missing for a moment
  m_last = s;
  return true;
}

}  // namespace tfviz
