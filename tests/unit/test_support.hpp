// Shared by the unit tests: one baked font atlas per test process, small Eigen literals, a
// temporary directory, and lookups in a built section (test_support.cpp).
#pragma once

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <Eigen/Core>

#include "core/image.hpp"
#include "render/font_atlas.hpp"
#include "scene/layout_audit.hpp"
#include "scene/script.hpp"

// Whole-section layout audits sample 30 times a second, the audit's default. The sanitizer build
// (tests/CMakeLists.txt) samples 10 times a second: it is there for memory and undefined
// behaviour, which the same code paths show at any rate, and at -O0 the 30 Hz audits of every
// section and every explainer variant took most of CI's time. The normal build keeps 30 Hz.
#ifndef TFVIZ_AUDIT_SAMPLES_PER_SECOND
#define TFVIZ_AUDIT_SAMPLES_PER_SECOND 30
#endif

namespace tfviz::test {

// Options for auditing a whole section (see above).
inline AuditOptions sectionAudit() {
  return {.samplesPerSecond = TFVIZ_AUDIT_SAMPLES_PER_SECOND};
}

inline const FontAtlas& atlas() {
  static const FontAtlas a = FontAtlas::bake();
  return a;
}

// A rows x cols matrix from its entries in row-major order.
inline Eigen::MatrixXd mat(int rows, int cols, std::initializer_list<double> values) {
  Eigen::MatrixXd m(rows, cols);
  auto it = values.begin();
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) m(i, j) = *it++;
  return m;
}

// A row vector from its entries.
inline Eigen::RowVectorXd row(std::initializer_list<double> values) {
  Eigen::RowVectorXd v(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (double x : values) v(i++) = x;
  return v;
}

// A fresh directory under the system temp dir, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    m_path = std::filesystem::temp_directory_path() /
             ("tfviz-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  // Writes a file in the directory and returns its path.
  std::filesystem::path write(const std::string& name, const std::string& bytes) const {
    const std::filesystem::path file = m_path / name;
    std::ofstream out(file, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return file;
  }
  // Names of everything in the directory (to prove no temporary files are left).
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(m_path)) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }

 private:
  std::filesystem::path m_path;
};

// A test frame like tfviz's: flat bands, with a block of noise in the middle (which compresses
// badly), from a seeded generator.
inline Image stripTestImage(int width, int height, int channels, uint32_t seed) {
  Image image;
  image.width = width;
  image.height = height;
  image.channels = channels;
  image.pixels.resize(static_cast<size_t>(width) * height * channels);
  uint32_t state = seed;
  for (int y = 0; y < height; ++y) {
    uint8_t* row = image.row(y);
    for (int x = 0; x < width; ++x) {
      const bool noisy = x > width / 3 && x < 2 * width / 3 && y > height / 4;
      for (int c = 0; c < channels; ++c) {
        state = state * 1664525u + 1013904223u;
        const uint8_t flat = static_cast<uint8_t>((y / 8) * 40 + c * 70);
        row[x * channels + c] = noisy ? static_cast<uint8_t>(state >> 24) : flat;
      }
    }
  }
  return image;
}

// Lookups in a built section. beatTime fails the test when the beat is missing; the others return
// nothing (or false) when nothing matches, for the test to REQUIRE or CHECK.

// The time of the first beat labelled `label`.
double beatTime(const SectionScript& script, const std::string& label);
// Whether some beat is labelled `label`.
bool hasBeat(const SectionScript& script, const std::string& label);
// The first item named `name` (of kind `kind`, where given).
std::optional<size_t> findItem(const SectionScript& script, const std::string& name);
std::optional<size_t> findItem(const SectionScript& script, const std::string& name, ItemKind kind);
// The first text item that shows exactly `text`.
std::optional<size_t> findText(const SectionScript& script, const std::string& text);
// The first matrix whose label on screen is `label`.
std::optional<size_t> findMatrix(const SectionScript& script, const std::string& label);
// Every text shown at time t below kit::kMinTextSize (texts, matrix entries, labels, headers),
// one line each naming the item.
std::vector<std::string> textSizeProblems(const SectionScript& script, double t);
// The text that cell `cell` (row-major) of matrix item `item` shows in `state`: its second text
// once the cross-fade between the two is done.
std::string cellText(const SectionScript& script, const SceneState& state, size_t item, int cell);
// Item `item`'s bounds in `state`, or at time t.
Rect boundsIn(const SectionScript& script, const SceneState& state, size_t item);
Rect boundsAt(const SectionScript& script, size_t item, double t);

}  // namespace tfviz::test
