// Layout helpers for section authors: rows of items centred on the frame, fitted to a width.
// CPU only.
#pragma once

#include <span>
#include <vector>

namespace tfviz {

// Centres (x) of items of the given widths laid left to right with `gap` between them, the
// whole row centred on centerX.
std::vector<float> rowCenters(std::span<const float> widths, float gap, float centerX);

// The scale (at most 1) that makes a row of these widths and gaps fit in maxWidth.
float fitScale(std::span<const float> widths, float gap, float maxWidth);

}  // namespace tfviz
