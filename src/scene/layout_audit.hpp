// The layout audit: a section sampled over its whole timeline (30 times a second by default, not
// only at beats) for what makes a frame unfit to publish: items that collide, ink outside the
// graphics-safe area, and stretches where nothing but the title, caption or note is on screen.
// Used by the layout tests and by anyone writing a section. CPU only.
#pragma once

#include <string>
#include <vector>

#include "render/font_atlas.hpp"
#include "scene/script.hpp"

namespace tfviz {

struct AuditOptions {
  double samplesPerSecond = 30;
  float safeMargin = 0.05f;      // of the frame's width and height, on each side
  double deadLimit = 1.0;        // seconds with nothing but slots on screen that count as dead
  float visibleOpacity = 0.02f;  // below this an item is not on screen
};

struct AuditProblem {
  enum class Kind { Overlap, OutsideSafeArea, DeadFrames, NotFinite };
  Kind kind = Kind::Overlap;
  double from = 0;  // first and last sample at which it holds
  double to = 0;
  std::string what;  // "'caption a' overlaps 'caption b'", "'W' leaves the safe area (left)"
};

// Every problem of `script`, consecutive samples of the same problem merged into one time range.
std::vector<AuditProblem> auditLayout(const SectionScript& script, const FontAtlas& atlas,
                                      const AuditOptions& options = {});

// "12.30-13.00 s: 'x' overlaps 'y'".
std::string describe(const AuditProblem& problem);

}  // namespace tfviz
