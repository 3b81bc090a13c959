// The run manifest written next to exported frames: DIR/manifest.json. CPU only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tfviz {

struct ManifestBeat {
  std::string label;
  double time = 0;  // seconds into the section
  long frame = 0;   // index of the first frame at or after `time`
};

struct ManifestSection {
  std::string id;
  std::string title;
  std::string directory;  // relative to the manifest, e.g. "matmul"
  double from = 0;
  double to = 0;
  long frameCount = 0;
  std::vector<ManifestBeat> beats;
};

struct Manifest {
  int width = 1920;
  int height = 1080;
  int fps = 60;
  std::string framePattern = "frame_%06d.png";
  std::vector<ManifestSection> sections;
};

// What a render run was asked for (section, size, fps, range, supersampling, transparency,
// inputs), saved as DIR/.tfviz-run before the first frame, so that --resume continues only the
// run that made the folder. Text: one "key value" per line, in order.
struct RunRecord {
  std::vector<std::pair<std::string, std::string>> settings;
};
inline constexpr const char* kRunRecordName = ".tfviz-run";
std::string runRecordText(const RunRecord& record);
// nullopt when `text` is not a run record (unknown first line, a line without a space, too long).
std::optional<RunRecord> parseRunRecord(std::string_view text);
// "size 640x360, not 1280x720" for the first setting that differs; nullopt when none does.
std::optional<std::string> runRecordDifference(const RunRecord& saved, const RunRecord& now);

// Pretty-printed JSON with strings escaped; stable key order so runs compare byte for byte.
std::string manifestToJson(const Manifest& manifest);

}  // namespace tfviz
