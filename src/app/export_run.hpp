// The export commands: `tfviz render` (one section or all, PNG sequences or an MP4; the work is
// an ExportJob, app/export_job.hpp), `tfviz encode` and `tfviz bench`.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "app/cli.hpp"

namespace tfviz {

// Returns the process exit code (0 ok, 1 runtime failure, 2 bad input).
int runRenderCommand(const RenderCommand& command);
int runBenchCommand(const BenchCommand& command);
// `tfviz encode DIR/ID [OUT.mp4]`: PNG frames already rendered, as an MP4 (see VideoEncoder).
int runEncodeCommand(const EncodeCommand& command);

}  // namespace tfviz
