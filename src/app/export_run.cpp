// Frame export and the benchmark (see export_run.hpp).
#include "app/export_run.hpp"

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <numeric>
#include <optional>

#include "app/commands.hpp"
#include "app/export_job.hpp"
#include "app/frame_renderer.hpp"
#include "app/headless_context.hpp"
#include "app/terminal_progress.hpp"
#include "core/interrupt.hpp"
#include "core/log.hpp"
#include "export/frame_writer.hpp"
#include "export/manifest.hpp"
#include "export/png_sequence_reader.hpp"
#include "export/png_writer.hpp"
#include "export/video_encoder.hpp"
#include "render/gl/gl_objects.hpp"
#include "scene/hand_over.hpp"
#include "scene/sections/registry.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace tfviz {
namespace {

double seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// The sections a --section argument names ("all" or one id); empty when unknown.
std::vector<const SectionInfo*> selectSections(const std::string& id) {
  std::vector<const SectionInfo*> out;
  if (id == "all") {
    for (const SectionInfo& s : allSections()) out.push_back(&s);
  } else if (const SectionInfo* s = findSection(id)) {
    out.push_back(s);
  }
  return out;
}

// FNV-1a of a file's bytes, in hex ("missing" when it cannot be read): --resume compares it.
std::string fileFingerprint(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return "missing";
  uint64_t hash = 1469598103934665603ull;
  unsigned char buffer[65536];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) {
    for (size_t i = 0; i < n; ++i) hash = (hash ^ buffer[i]) * 1099511628211ull;
  }
  std::fclose(f);
  char text[32];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

// The settings that decide what the frames in a folder look like.
RunRecord runRecordFor(const RenderCommand& cmd, const std::vector<ExportSection>& plans) {
  RunRecord r;
  std::string ids, range;
  for (const ExportSection& p : plans) {
    ids += (ids.empty() ? "" : ",") + p.script.id;
    char text[80];
    std::snprintf(text, sizeof text, "%s%.6f-%.6f", range.empty() ? "" : ",", p.from, p.to);
    range += text;
  }
  r.settings = {{"version", TFVIZ_VERSION},
                {"section", ids},
                {"size", std::to_string(cmd.size.width) + "x" + std::to_string(cmd.size.height)},
                {"fps", std::to_string(cmd.fps)},
                {"range", range},
                {"ssaa", std::to_string(cmd.ssaa)},
                {"transparent", cmd.transparent ? "yes" : "no"}};
  std::string loads;
  for (const std::string& spec : cmd.loads) {
    const size_t eq = spec.find('=');
    const std::string file = eq == std::string::npos ? spec : spec.substr(eq + 1);
    loads += (loads.empty() ? "" : ",") + spec.substr(0, eq == std::string::npos ? 0 : eq + 1) +
             fileFingerprint(file);
  }
  r.settings.emplace_back("inputs", loads.empty() ? "built-in" : loads);
  // The explainer's settings (its inspector's flags) change the frames too (recorded only when
  // given, so folders rendered before these flags existed still resume).
  // The model section's model and prompt (recorded only when given, like the explainer's).
  if (cmd.model.any()) {
    std::string tokens;
    if (cmd.model.tokens)
      for (int id : *cmd.model.tokens) tokens += (tokens.empty() ? "" : ",") + std::to_string(id);
    r.settings.emplace_back(
        "model",
        "weights=" + (cmd.model.weights ? fileFingerprint(*cmd.model.weights) : "shipped") +
            ",vocab=" + (cmd.model.vocab ? fileFingerprint(*cmd.model.vocab) : "default") +
            ",tokens=" + tokens);
  }
  const MatmulFlags& m = cmd.matmul;
  if (!m.firstFlag().empty()) {
    char temperature[32] = "1";
    if (m.temperature) std::snprintf(temperature, sizeof temperature, "%.17g", *m.temperature);
    r.settings.emplace_back(
        "explainer", "prompt=" + m.prompt.value_or("") + ",scale=" + (m.noScale ? "no" : "yes") +
                         ",causal=" + (m.causal ? "yes" : "no") + ",temperature=" + temperature);
  }
  return r;
}

// Whether any frame file is in `dir`.
bool holdsFrames(const fs::path& dir) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().filename().string().rfind("frame_", 0) == 0) return true;
  }
  return false;
}

// Removes frame files numbered `count` and up: a folder re-rendered with fewer frames keeps
// none of the old run's tail.
void removeFramesFrom(const fs::path& dir, long count) {
  std::error_code ec;
  std::vector<fs::path> stale;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    long index = -1;
    char tail[8] = {};
    if (std::sscanf(name.c_str(), "frame_%ld.%4s", &index, tail) == 2 &&
        std::string(tail) == "png" && index >= count)
      stale.push_back(it->path());
  }
  for (const fs::path& p : stale) fs::remove(p, ec);
}

}  // namespace

int runRenderCommand(const RenderCommand& cmd) {
  const std::vector<const SectionInfo*> infos = selectSections(cmd.section);
  if (infos.empty()) {
    return badInput("--section: unknown section '" + cmd.section + "' (known: all, " +
                    sectionIdList() + ")");
  }
  if (infos.size() > 1 && (cmd.from || cmd.to)) {
    return badInput("--from/--to: give a single --section to render part of it");
  }
  SectionInputs settings;
  if (auto code = applyInputFlags(settings, cmd.loads, cmd.matmul, {}, cmd.model, cmd.section))
    return *code;
  const bool video = !cmd.video.empty();
  if (video && infos.size() > 1) return badInput("--video: give a single --section for one MP4");
  if (video && (cmd.size.width % 2 != 0 || cmd.size.height % 2 != 0)) {
    return badInput("--size: an MP4 (--video) needs an even width and height, not " +
                    std::to_string(cmd.size.width) + "x" + std::to_string(cmd.size.height));
  }
  if (video && cmd.resume) return badInput("--resume: an MP4 is written whole; drop --resume");
  const fs::path outDir(video ? fs::path(cmd.video).parent_path() : fs::path(cmd.outDir));
  std::error_code ec;
  if (!video && fs::exists(outDir, ec) && !fs::is_directory(outDir, ec))
    return badInput("--out: '" + cmd.outDir + "' exists and is not a directory");
  if (video && fs::is_directory(cmd.video, ec))
    return badInput("--video: '" + cmd.video + "' is a directory");
  {
    fs::path existing = fs::absolute(outDir.empty() ? fs::path(".") : outDir, ec);
    while (!existing.empty() && !fs::exists(existing, ec)) existing = existing.parent_path();
    if (::access(existing.c_str(), W_OK) != 0) {
      return badInput(std::string(video ? "--video" : "--out") + ": '" + existing.string() +
                      "' is not writable");
    }
  }

  auto headless = openHeadless();
  if (!headless) return interruptExitCode();  // 1, or 128 + the signal that stopped it
  const FontAtlas& atlas = headless->atlas;
  std::string error;
  std::vector<ExportSection> plans;
  long total = 0;
  auto stoppedEarly = [&] {
    logError(std::string("interrupted by ") + interruptSignalName() +
             " before the first frame: nothing was written");
    return interruptExitCode();
  };
  for (const SectionInfo* info : infos) {
    if (interrupted()) return stoppedEarly();
    ExportSection plan{.script = info->build(atlas, settings)};
    // Played in sequence, each section opens on the last picture of the one before.
    if (!plans.empty()) plan.script = handOver(plans.back().script, std::move(plan.script));
    plan.from = cmd.from.value_or(0.0);
    plan.to = cmd.to.value_or(plan.script.duration);
    if (auto range = checkTimeRange(plan.script, plan.from, plan.to)) return badInput(*range);
    plan.frames = frameCount(plan.from, plan.to, cmd.fps);
    total += plan.frames;
    plans.push_back(std::move(plan));
  }
  if (interrupted()) return stoppedEarly();

  // --resume continues the run that made the folder, and nothing else.
  const RunRecord record = runRecordFor(cmd, plans);
  const fs::path recordPath = outDir / kRunRecordName;
  if (!video && cmd.resume) {
    std::string saved;
    if (std::FILE* f = std::fopen(recordPath.c_str(), "rb")) {
      char buffer[4096];
      size_t n = 0;
      while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0 && saved.size() < 65536)
        saved.append(buffer, n);
      std::fclose(f);
      const std::optional<RunRecord> before = parseRunRecord(saved);
      if (!before) {
        return badInput("--resume: '" + recordPath.string() +
                        "' is not a tfviz run record; render without --resume to start over");
      }
      if (auto difference = runRecordDifference(*before, record)) {
        return badInput("--resume: '" + outDir.string() + "' was rendered with " + *difference +
                        "; render without --resume to replace it, or into another folder");
      }
    } else {
      for (const ExportSection& p : plans) {
        if (holdsFrames(outDir / p.script.id)) {
          return badInput("--resume: '" + (outDir / p.script.id).string() +
                          "' holds frames but no record of the run that made them (" +
                          kRunRecordName + "); render without --resume");
        }
      }
    }
  }

  // Directories: create what is missing, and take it back if nothing could be written.
  auto makeDir = [&](const fs::path& p) {
    if (fs::exists(p, ec)) return true;
    return fs::create_directory(p, ec);
  };
  if (!video) {
    if (!makeDir(outDir))
      return badInput("--out: cannot create '" + outDir.string() + "': " + ec.message());
    for (const ExportSection& p : plans) {
      if (!makeDir(outDir / p.script.id))
        return badInput("--out: cannot create '" + (outDir / p.script.id).string() +
                        "': " + ec.message());
      // What runs killed with SIGKILL left behind; and, starting over, the old run's tail.
      removeStaleTemporaries(outDir / p.script.id);
      if (!cmd.resume) removeFramesFrom(outDir / p.script.id, p.frames);
    }
    removeStaleTemporaries(outDir);
    if (!writeFileAtomic(recordPath, runRecordText(record), &error)) {
      logError(error);
      return kExitFailure;
    }
  } else {
    removeStaleTemporaries(outDir);
  }

  const RenderSettings rs{
      .size = cmd.size, .fps = cmd.fps, .ssaa = cmd.ssaa, .transparent = cmd.transparent};
  FrameRenderer frames(atlas);
  std::unique_ptr<ExportJob> job;
  if (video) {
    std::unique_ptr<VideoEncoder> encoder = VideoEncoder::open(
        cmd.video, VideoOptions{.width = cmd.size.width, .height = cmd.size.height, .fps = cmd.fps},
        &error);
    if (!encoder) {
      logError(error);
      return kExitFailure;
    }
    job = std::make_unique<ExportJob>(frames, std::move(plans.front()), rs, std::move(encoder));
  } else {
    job = std::make_unique<ExportJob>(frames, std::move(plans), rs, outDir, cmd.resume);
  }
  TerminalProgress progress(total);
  const auto start = Clock::now();
  while (!job->rendered() && !interrupted() && job->step(1))
    progress.update(job->current(), job->done());
  progress.finish();
  const long done = job->done();
  if (interrupted()) {
    job->cancel();
    logError(std::string("interrupted by ") + interruptSignalName() + " after " +
             std::to_string(done) + " of " + std::to_string(total) +
             (video ? " frames: nothing kept ('" + cmd.video +
                          "' is written whole or not at all); run it again"
                    : " frames: every frame file in '" + outDir.string() +
                          "' is complete; the same command with --resume continues"));
    return interruptExitCode();
  }
  if (auto failure = job->finish()) {
    logError(*failure);
    return kExitFailure;
  }
  const double elapsed = seconds(start);
  // The summary line (logInfo: a Python caller's LogCapture drops it).
  char summary[512];
  if (video) {
    std::snprintf(summary, sizeof summary, "%s: %ld frames in %.1f s (%.1f fps), %s",
                  escapeControls(cmd.video).c_str(), done, elapsed, done / std::max(elapsed, 1e-9),
                  job->encoderName().c_str());
  } else {
    std::snprintf(summary, sizeof summary,
                  "%ld frames in %.1f s (%.1f fps): %ld drawn, %ld encoded, %ld linked", done,
                  elapsed, done / std::max(elapsed, 1e-9), job->drawn(), job->encoded(),
                  job->linked());
  }
  logInfo(summary);
  return kExitOk;
}

int runEncodeCommand(const EncodeCommand& cmd) {
  const fs::path frames(cmd.frames);
  std::error_code ec;
  if (!fs::is_directory(frames, ec))
    return badInput("encode: '" + cmd.frames + "' is not a folder");
  auto framePath = [&](long k) {
    char name[32];
    std::snprintf(name, sizeof name, "frame_%06ld.png", k);
    return frames / name;
  };
  if (!fs::exists(framePath(0), ec))
    return badInput("encode: '" + cmd.frames + "' has no frame_000000.png");
  // The fps the frames were rendered at, from the run's manifest (60 when there is none).
  int fps = cmd.fps;
  if (fps == 0) {
    fps = 60;
    const fs::path manifest = frames.parent_path() / "manifest.json";
    if (std::FILE* f = std::fopen(manifest.c_str(), "rb")) {
      char text[4096] = {};
      const size_t n = std::fread(text, 1, sizeof text - 1, f);
      std::fclose(f);
      const std::string head(text, n);
      const size_t at = head.find("\"fps\": ");
      int value = 0;
      if (at != std::string::npos && std::sscanf(head.c_str() + at + 7, "%d", &value) == 1 &&
          value >= 1 && value <= 240)
        fps = value;
    }
  }
  const fs::path out = cmd.out.empty() ? fs::path(frames.string() + ".mp4") : fs::path(cmd.out);
  if (fs::is_directory(out, ec)) return badInput("encode: '" + out.string() + "' is a directory");
  removeStaleTemporaries(out.parent_path());

  PngSequenceReader reader;
  if (auto error = reader.read(framePath(0))) return badInput("encode: " + *error);
  const Image& image = reader.image();
  if (image.width % 2 != 0 || image.height % 2 != 0) {
    return badInput("encode: the frames are " + std::to_string(image.width) + "x" +
                    std::to_string(image.height) + "; an MP4 needs an even width and height");
  }
  std::string error;
  auto encoder = VideoEncoder::open(
      out, VideoOptions{.width = image.width, .height = image.height, .fps = fps}, &error);
  if (!encoder) {
    logError(error);
    return kExitFailure;
  }
  long total = 1;
  while (fs::exists(framePath(total), ec)) ++total;
  const auto start = Clock::now();
  TerminalProgress progress(total);
  long count = 0;
  long pending = 0;  // frames of the current picture not yet handed to the encoder
  auto flush = [&] {
    const bool ok = pending == 0 || encoder->emit(pending);
    pending = 0;
    return ok;
  };
  for (;; ++count) {
    if (interrupted()) {
      encoder.reset();
      logError(std::string("interrupted by ") + interruptSignalName() + " after " +
               std::to_string(count) + " frames: nothing kept ('" + out.string() +
               "' is written whole or not at all)");
      return interruptExitCode();
    }
    if (count == total) break;
    if (count > 0) {
      if (auto failure = reader.read(framePath(count))) {
        logError("encode: " + *failure);
        return kExitFailure;
      }
    }
    if (reader.changed()) {
      if (!flush()) break;
      // Whole 4:2:0 rows: from an even row to an even row (or the bottom).
      const int top = reader.changedTop() / 2 * 2;
      const int bottom = std::min(image.height, (reader.changedBottom() + 1) / 2 * 2);
      Image rows{image.width, bottom - top, 4, {}};
      rows.pixels.assign(image.row(top),
                         image.row(top) + static_cast<size_t>(bottom - top) * image.width * 4);
      encoder->update(std::move(rows), top);
    }
    ++pending;
    progress.update(escapeControls(frames.filename().string()), count + 1);
  }
  if (!flush() || !encoder->finish()) {
    progress.finish();
    logError(encoder->error());
    return kExitFailure;
  }
  progress.finish();
  const double elapsed = seconds(start);
  std::fprintf(stderr, "%s: %ld frames at %d fps in %.1f s (%.1f frames/s), %s\n",
               escapeControls(out.string()).c_str(), count, fps, elapsed,
               count / std::max(elapsed, 1e-9), encoder->description().c_str());
  return kExitOk;
}

int runBenchCommand(const BenchCommand& cmd) {
  const std::vector<const SectionInfo*> infos = selectSections(cmd.section);
  if (infos.empty()) return badInput("--section: unknown section '" + cmd.section + "'");
  SectionInputs settings;
  if (auto code = applyInputFlags(settings, {}, {}, cmd.prompt, cmd.model, cmd.section))
    return *code;
  auto headless = openHeadless();
  if (!headless) return interruptExitCode();  // 1, or 128 + the signal that stopped it
  const FontAtlas& atlas = headless->atlas;
  FrameRenderer frames(atlas);
  gl::PixelReadback readback;
  Image rgba;
  std::printf("%-28s %10s %10s %14s %14s %14s\n", "section", "median ms", "p95 ms", "export fps",
              "export+png fps", "export+mp4 fps");
  std::string encoderName;
  for (const SectionInfo* info : infos) {
    if (interrupted()) break;
    const SectionScript script = info->build(atlas, settings);
    // Live frame time: evaluate, build the draw list, draw, and wait for the GPU (a readback).
    std::vector<double> ms;
    for (int i = 0; i < cmd.frames && !interrupted(); ++i) {
      const double t = script.duration * (i + 0.5) / cmd.frames;
      const auto s = Clock::now();
      frames.prepare(script, t, cmd.size.width, cmd.size.height);
      readback.request(frames.drawPrepared(false), 0);
      readback.fetch(0, rgba);
      ms.push_back(seconds(s) * 1000.0);
    }
    if (interrupted()) break;
    std::sort(ms.begin(), ms.end());
    const double median = ms[ms.size() / 2];
    const double p95 =
        ms[std::min(ms.size() - 1, static_cast<size_t>(std::ceil(0.95 * ms.size())) - 1)];
    // Export throughput over the first ~10 s at 30 fps: without encoding, then with.
    const double to = std::min(script.duration, 10.0);
    const ExportSection stretch{
        .script = script, .from = 0, .to = to, .frames = frameCount(0, to, 30)};
    const fs::path scratch =
        fs::temp_directory_path() / ("tfviz-bench-" + std::to_string(::getpid()));
    double fps[2] = {0, 0};
    for (int encode = 0; encode < 2; ++encode) {
      const auto s = Clock::now();
      ExportJob job(frames, {stretch}, {.size = cmd.size, .fps = 30}, scratch, false,
                    FrameWriterOptions{.encode = encode == 1});
      while (!job.rendered() && !interrupted() && job.step(1)) {
      }
      if (!job.finish()) fps[encode] = job.done() / std::max(seconds(s), 1e-9);
      std::error_code ec;
      fs::remove_all(scratch, ec);
    }
    // The same stretch as an MP4 (the --video path), written to a temporary file.
    double videoFps = 0;
    {
      const fs::path path = scratch.string() + ".mp4";
      const FrameSize even{cmd.size.width & ~1, cmd.size.height & ~1};
      std::string error;
      auto encoder = VideoEncoder::open(
          path, VideoOptions{.width = even.width, .height = even.height, .fps = 30}, &error);
      if (encoder) {
        encoderName = encoder->description();
        const auto s = Clock::now();
        ExportJob job(frames, stretch, {.size = even, .fps = 30}, std::move(encoder));
        while (!job.rendered() && !interrupted() && job.step(1)) {
        }
        if (!job.finish()) videoFps = job.done() / std::max(seconds(s), 1e-9);
        std::error_code ec;
        fs::remove(path, ec);
      }
    }
    if (interrupted()) break;
    std::printf("%-28s %10.2f %10.2f %14.1f %14.1f %14.1f\n", script.id.c_str(), median, p95,
                fps[0], fps[1], videoFps);
    std::fflush(stdout);
  }
  std::printf(
      "(%dx%d; export over the first 10 s of each section at 30 fps; %u cores; GL %s "
      "through EGL %s)\n",
      cmd.size.width, cmd.size.height, std::thread::hardware_concurrency(),
      gl::describeContext().c_str(), headless->context->platform().c_str());
  if (!encoderName.empty()) std::printf("(mp4: %s)\n", encoderName.c_str());
  if (interrupted()) {
    logError(std::string("interrupted by ") + interruptSignalName() +
             ": bench stopped; nothing was written");
    return interruptExitCode();
  }
  return kExitOk;
}

}  // namespace tfviz
