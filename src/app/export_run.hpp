// Frame export for video: `tfviz render` (one section or all, PNG sequences or an MP4 through
// ffmpeg) and `tfviz bench`. The GL thread renders into the offscreen target and reads back
// through pixel buffer objects; PNG encoding runs on a pool of workers (export/frame_writer).
#pragma once

#include "app/cli.hpp"
#include "app/matmul_settings.hpp"

namespace tfviz {

// Returns the process exit code (0 ok, 1 runtime failure, 2 bad input).
int runRenderCommand(const RenderCommand& command);
int runBenchCommand(const BenchCommand& command);

}  // namespace tfviz
