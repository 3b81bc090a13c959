// The commands of the tfviz executable: window, list, still, render. Each validates its input
// against the sections before touching any file, and returns the process exit code (0 ok,
// 1 runtime failure, 2 bad input).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/matmul_settings.hpp"
#include "scene/script.hpp"

namespace tfviz {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

int runCommand(const Command& command);

// One error line on stderr; returns kExitBadInput.
int badInput(const std::string& message);

// Reads --load files into `settings`; only the matmul explainer shows loaded tensors. On error,
// prints one line and returns the exit code.
std::optional<int> prepareLoads(const std::vector<std::string>& loads, const std::string& section,
                                SectionInputs& settings);

// The frames of `tfviz render`: frame k shows t = from + k / fps, for every t <= to.
long frameCount(double from, double to, int fps);

// Checks a time range against a section; the error names the flag.
std::optional<std::string> checkTimeRange(const SectionScript& script, double from, double to);

}  // namespace tfviz
