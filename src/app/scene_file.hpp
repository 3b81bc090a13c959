// Scene files: sections written in Python (README "Write your own scene"). The tfviz executable
// runs them in an embedded interpreter (src/python/embedded.cpp registers the opener at start-up);
// a build without Python refuses --scene with one line. No GL, no window.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scene/script.hpp"

namespace tfviz {

// What running a scene file gave: its sections, or one line saying what went wrong
// ("scene.py:12: NameError: name 'x' is not defined").
struct SceneLoad {
  std::vector<SectionScript> sections;
  std::string error;
};

class SceneFile {
 public:
  virtual ~SceneFile() = default;
  // Runs the file afresh and builds every section it defines.
  virtual SceneLoad load() = 0;
};

using SceneFileOpener = std::function<std::unique_ptr<SceneFile>(const std::string& path)>;
void setSceneFileOpener(SceneFileOpener opener);
// The scene file at `path`, or nullptr with `error` set (one line, naming --scene): the file is
// missing or unreadable, or this tfviz was built without Python.
std::unique_ptr<SceneFile> openSceneFile(const std::string& path, std::string* error);

// Notices when a file is saved: changed() is true once for each new modification time or size
// (a save that replaces the file counts too). Checks at most every `interval` seconds.
class FileWatch {
 public:
  explicit FileWatch(std::filesystem::path path, double interval = 0.1);
  bool changed(double now);

 private:
  struct Stamp {
    std::filesystem::file_time_type time{};
    uintmax_t size = 0;
    bool operator==(const Stamp&) const = default;
  };
  std::optional<Stamp> stamp() const;
  std::filesystem::path m_path;
  double m_interval;
  double m_lastCheck = -1e9;
  std::optional<Stamp> m_last;
};

}  // namespace tfviz
