// The run manifest written next to exported frames: DIR/manifest.json. CPU only.
#pragma once

#include <string>
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

// Pretty-printed JSON with strings escaped; stable key order so runs compare byte for byte.
std::string manifestToJson(const Manifest& manifest);

}  // namespace tfviz
