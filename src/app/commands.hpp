// The commands of the tfviz executable: window, list, still, render. Each validates its input
// against the sections before touching any file, and returns the process exit code (0 ok,
// 1 runtime failure, 2 bad input).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/matmul_settings.hpp"
#include "app/scene_file.hpp"
#include "scene/script.hpp"

namespace tfviz {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

int runCommand(const Command& command);

// The commands one by one, for callers that set the sections themselves (the Python module). They
// log errors and return the exit code like runCommand, without its signal handlers.
int runStill(const StillCommand& command);
int runWindowCommand(const WindowCommand& command, std::unique_ptr<SceneFile> scene = nullptr);

// --scene FILE.py: runs the file and lists its sections before the built-in ones
// (setSceneSections). On error, one line and the exit code. `keep` receives the file, for the
// window to run again when it is saved.
std::optional<int> useScene(const std::string& path, std::unique_ptr<SceneFile>* keep = nullptr);

// One error line on stderr; returns kExitBadInput.
int badInput(const std::string& message);

// The command line's inputs for `section` into `settings`: --load, the explainer's flags, and the
// model section's (--weights, --vocab, --tokens, and --prompt, which is the model's for the model
// section). On error, one line and the exit code.
std::optional<int> applyInputFlags(SectionInputs& settings, const std::vector<std::string>& loads,
                                   MatmulFlags matmul, std::optional<std::string> prompt,
                                   const ModelFlags& model, const std::string& section);

// Reads --load files into `settings`; only the matmul explainer shows loaded tensors. On error,
// prints one line and returns the exit code.
std::optional<int> prepareLoads(const std::vector<std::string>& loads, const std::string& section,
                                SectionInputs& settings);

// The frames of `tfviz render`: frame k shows t = from + k / fps, for every t <= to.
long frameCount(double from, double to, int fps);

// Checks a time range against a section; the error names the flag.
std::optional<std::string> checkTimeRange(const SectionScript& script, double from, double to);

}  // namespace tfviz
