// Sections that lead into each other: the next section opens on the last picture of the one
// before, which clears (its title first) while the new title is written, instead of a cut to
// black. Used where sections play in sequence (the window, `render --section all`); a section
// rendered on its own opens on its own. CPU only.
#pragma once

#include "scene/script.hpp"

namespace tfviz {

// How long the previous picture takes to clear; the next section's own timeline starts then, so
// its title and caption arrive in places already empty.
inline constexpr double kHandOverDelay = 0.4;

// `next`, opening on the final picture of `previous`: every item visible at previous's end is
// carried over (as it stands there) and fades out over kHandOverDelay; next's clips and beats
// start kHandOverDelay later. Pure: evaluating the result at 0 draws previous's last frame.
SectionScript handOver(const SectionScript& previous, SectionScript next);

// Every script after the first handed over from the one before it (a show played in order).
void handOverInSequence(std::vector<SectionScript>& scripts);

}  // namespace tfviz
