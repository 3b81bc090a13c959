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
#include "app/frame_renderer.hpp"
#include "app/headless_context.hpp"
#include "core/log.hpp"
#include "export/frame_writer.hpp"
#include "export/manifest.hpp"
#include "export/png_writer.hpp"
#include "scene/registry.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace tfviz {
namespace {

int badInput(const std::string& message) {
  logError(message);
  return kExitBadInput;
}

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

// One line on the terminal, redrawn: frames done, frames per second, time left.
class Progress {
 public:
  explicit Progress(long total) : m_total(total), m_tty(::isatty(STDERR_FILENO) != 0) {}
  void update(const std::string& what, long done) {
    if (!m_tty) return;
    const double elapsed = seconds(m_start);
    if (done < m_total && elapsed - m_last < 0.1) return;
    m_last = elapsed;
    const double fps = elapsed > 0 ? done / elapsed : 0;
    const double left = fps > 0 ? (m_total - done) / fps : 0;
    const int width = 30;
    const int filled = m_total > 0 ? static_cast<int>(width * done / m_total) : width;
    std::fprintf(stderr, "\r%-26s [%s%s] %ld/%ld  %6.1f fps  %4.0f s left ", what.c_str(),
                 std::string(static_cast<size_t>(filled), '#').c_str(),
                 std::string(static_cast<size_t>(width - filled), '.').c_str(), done, m_total, fps,
                 left);
  }
  void finish() {
    if (m_tty) std::fprintf(stderr, "\n");
  }

 private:
  long m_total;
  bool m_tty;
  Clock::time_point m_start = Clock::now();
  double m_last = -1;
};

// Byte-for-byte equality of two draw lists: the same list draws the same picture.
bool sameList(const DrawList& a, const std::vector<DrawVertex>& vertices,
              const std::vector<uint32_t>& indices) {
  return a.vertices().size() == vertices.size() && a.indices().size() == indices.size() &&
         std::equal(reinterpret_cast<const char*>(a.vertices().data()),
                    reinterpret_cast<const char*>(a.vertices().data() + vertices.size()),
                    reinterpret_cast<const char*>(vertices.data())) &&
         std::equal(a.indices().begin(), a.indices().end(), indices.begin());
}

volatile std::sig_atomic_t g_interrupted = 0;
void onInterrupt(int) {
  g_interrupted = 1;
}

struct SectionPlan {
  const SectionInfo* info;
  SectionScript script;
  double from = 0;
  double to = 0;
  long frames = 0;
};

// Renders every frame of `plan` and hands them to `sink` (a PNG writer, or ffmpeg). Identical
// consecutive frames are rendered once; `exists` says a frame's file is already there (resume).
struct FrameSink {
  virtual ~FrameSink() = default;
  // pixels: RGBA, premultiplied; frames: the indices (in this section) that show them.
  virtual bool accept(Image pixels, const std::vector<long>& frames) = 0;
  virtual bool wants(long /*frame*/) const { return true; }
};

struct RenderSettings {
  FrameSize size;
  int fps = 60;
  int ssaa = 1;
  bool transparent = false;
};

// Renders every frame of `plan` and hands the pictures to `sink`. A frame whose draw list equals
// the previous one's is the same picture: it joins that picture's group and is not drawn again.
// Readback is a picture late (two PBO slots), so the CPU copies one while the GPU draws the next.
// Returns false on a failure (already reported) or an interrupt.
bool renderSection(FrameRenderer& frames, gl::PixelReadback& readback, const SectionPlan& plan,
                   const RenderSettings& rs, FrameSink& sink, Progress& progress, long& done,
                   long& rendered) {
  const int w = rs.size.width * rs.ssaa, h = rs.size.height * rs.ssaa;
  struct Group {
    std::vector<long> frames;
    bool requested = false;
    int slot = 0;
  };
  Group current;
  int nextSlot = 0;
  std::vector<DrawVertex> lastVertices;
  std::vector<uint32_t> lastIndices;
  auto request = [&](Group& g) {
    g.slot = nextSlot;
    nextSlot = (nextSlot + 1) % gl::PixelReadback::kSlots;
    readback.request(frames.drawPrepared(rs.transparent), g.slot);
    g.requested = true;
    ++rendered;
  };
  auto finish = [&](Group& g) -> bool {
    if (g.frames.empty() || !g.requested) return true;  // nothing to write (resume)
    Image rgba;
    readback.fetch(g.slot, rgba);
    if (rs.ssaa > 1) rgba = downsample(rgba, rs.ssaa);
    return sink.accept(std::move(rgba), g.frames);
  };
  for (long k = 0; k < plan.frames; ++k) {
    if (g_interrupted) return false;
    const double t = plan.from + static_cast<double>(k) / rs.fps;
    const DrawList& list = frames.prepare(plan.script, t, w, h);
    if (current.frames.empty() || !sameList(list, lastVertices, lastIndices)) {
      Group previous = std::move(current);
      current = Group{};
      lastVertices = list.vertices();
      lastIndices = list.indices();
      if (sink.wants(k)) request(current);  // draw the new picture first ...
      if (!finish(previous)) return false;  // ... then copy out the one before it
    } else if (!current.requested && sink.wants(k)) {
      request(current);  // resuming: earlier frames of this picture exist, this one does not
    }
    current.frames.push_back(k);
    ++done;
    progress.update(plan.script.id, done);
  }
  return finish(current);
}

// PNG frames: DIR/<id>/frame_000000.png, encoded on the worker pool.
struct PngSink : FrameSink {
  FrameWriter& writer;
  fs::path dir;
  bool transparent;
  bool resume;
  PngSink(FrameWriter& w, fs::path d, bool t, bool r)
      : writer(w), dir(std::move(d)), transparent(t), resume(r) {}
  fs::path path(long k) const {
    char name[32];
    std::snprintf(name, sizeof name, "frame_%06ld.png", k);
    return dir / name;
  }
  bool wants(long k) const override { return !resume || !fs::exists(path(k)); }
  bool accept(Image pixels, const std::vector<long>& frames) override {
    FrameJob job{.premultiplied = transparent, .dropAlpha = !transparent};
    for (long k : frames) {
      if (wants(k)) job.paths.push_back(path(k));
    }
    if (job.paths.empty()) return true;
    job.image = std::move(pixels);
    writer.submit(std::move(job));
    return !writer.failed();
  }
};

// An MP4 through ffmpeg's stdin (raw RGB frames), when ffmpeg is installed.
struct VideoSink : FrameSink {
  FILE* pipe = nullptr;
  bool accept(Image pixels, const std::vector<long>& frames) override {
    const Image rgb = convertChannels(pixels, 3);
    for (size_t i = 0; i < frames.size(); ++i) {
      if (std::fwrite(rgb.pixels.data(), 1, rgb.pixels.size(), pipe) != rgb.pixels.size())
        return false;
    }
    return true;
  }
};

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
  MatmulSettings settings;
  if (!cmd.loads.empty()) {
    if (cmd.section != "matmul")
      return badInput("--load: only the matmul section uses loaded tensors");
    if (auto error = loadTensors(settings, cmd.loads)) return badInput("--load: " + *error);
  }
  const bool video = !cmd.video.empty();
  if (video && infos.size() > 1) return badInput("--video: give a single --section for one MP4");
  if (video && std::system("ffmpeg -version >/dev/null 2>&1") != 0) {
    return badInput(
        "--video: ffmpeg is not installed (apt-get install ffmpeg), or write PNGs and use "
        "tools/encode");
  }
  const fs::path outDir(video ? fs::path(cmd.video).parent_path() : fs::path(cmd.outDir));
  std::error_code ec;
  if (!video && fs::exists(outDir, ec) && !fs::is_directory(outDir, ec))
    return badInput("--out: '" + cmd.outDir + "' exists and is not a directory");
  {
    fs::path existing = fs::absolute(outDir.empty() ? fs::path(".") : outDir, ec);
    while (!existing.empty() && !fs::exists(existing, ec)) existing = existing.parent_path();
    if (::access(existing.c_str(), W_OK) != 0) {
      return badInput(std::string(video ? "--video" : "--out") + ": '" + existing.string() +
                      "' is not writable");
    }
  }

  auto headless = openHeadless();
  if (!headless) return kExitFailure;
  const FontAtlas& atlas = headless->atlas;
  std::string error;
  std::vector<SectionPlan> plans;
  long total = 0;
  for (const SectionInfo* info : infos) {
    SectionPlan plan{
        .info = info,
        .script = info->id == "matmul" ? buildMatmul(atlas, settings) : info->build(atlas)};
    plan.from = cmd.from.value_or(0.0);
    plan.to = cmd.to.value_or(plan.script.duration);
    if (auto range = checkTimeRange(plan.script, plan.from, plan.to)) return badInput(*range);
    plan.frames = frameCount(plan.from, plan.to, cmd.fps);
    total += plan.frames;
    plans.push_back(std::move(plan));
  }

  // Directories: create what is missing, and take it back if nothing could be written.
  std::vector<fs::path> created;
  auto makeDir = [&](const fs::path& p) {
    if (fs::exists(p, ec)) return true;
    if (!fs::create_directory(p, ec)) return false;
    created.push_back(p);
    return true;
  };
  if (!video) {
    if (!makeDir(outDir))
      return badInput("--out: cannot create '" + outDir.string() + "': " + ec.message());
    for (const SectionPlan& p : plans) {
      if (!makeDir(outDir / p.script.id))
        return badInput("--out: cannot create '" + (outDir / p.script.id).string() +
                        "': " + ec.message());
    }
  }

  std::signal(SIGINT, onInterrupt);
  std::signal(SIGTERM, onInterrupt);
  const RenderSettings rs{
      .size = cmd.size, .fps = cmd.fps, .ssaa = cmd.ssaa, .transparent = cmd.transparent};
  FrameRenderer frames(atlas);
  gl::PixelReadback readback;
  Progress progress(total);
  long done = 0, rendered = 0;
  const auto start = Clock::now();
  bool ok = true;
  long encoded = 0, linked = 0;
  if (video) {
    const std::string tmp = cmd.video + ".tmp.mp4";
    char command[1024];
    std::snprintf(command, sizeof command,
                  "ffmpeg -loglevel error -y -f rawvideo -pix_fmt rgb24 -s %dx%d -r %d -i - "
                  "-c:v libx264 -pix_fmt yuv420p -movflags +faststart '%s'",
                  cmd.size.width, cmd.size.height, cmd.fps, tmp.c_str());
    VideoSink sink;
    sink.pipe = ::popen(command, "w");
    if (sink.pipe == nullptr) return badInput("--video: cannot start ffmpeg");
    ok = renderSection(frames, readback, plans.front(), rs, sink, progress, done, rendered);
    const int status = ::pclose(sink.pipe);
    ok = ok && status == 0;
    if (ok) fs::rename(tmp, cmd.video, ec);
    if (!ok || ec) {
      fs::remove(tmp, ec);
      progress.finish();
      logError(g_interrupted ? "interrupted"
                             : "--video: ffmpeg failed to write '" + cmd.video + "'");
      return kExitFailure;
    }
  } else {
    FrameWriter writer;
    for (const SectionPlan& plan : plans) {
      PngSink sink(writer, outDir / plan.script.id, cmd.transparent, cmd.resume);
      if (!renderSection(frames, readback, plan, rs, sink, progress, done, rendered)) {
        ok = false;
        break;
      }
    }
    const auto failure = writer.finish();
    encoded = writer.encoded();
    linked = writer.linked();
    if (failure) {
      progress.finish();
      logError(*failure);
      return kExitFailure;
    }
  }
  progress.finish();
  if (!ok) {
    logError(g_interrupted
                 ? "interrupted: the frames written so far are complete; --resume continues"
                 : "rendering failed");
    return kExitFailure;
  }
  const double elapsed = seconds(start);
  if (video) {
    std::fprintf(stderr, "%s: %ld frames in %.1f s (%.1f fps)\n", cmd.video.c_str(), done, elapsed,
                 done / std::max(elapsed, 1e-9));
    return kExitOk;
  }

  Manifest manifest{.width = cmd.size.width, .height = cmd.size.height, .fps = cmd.fps};
  for (const SectionPlan& p : plans) {
    ManifestSection section{.id = p.script.id,
                            .title = p.script.title,
                            .directory = p.script.id,
                            .from = p.from,
                            .to = p.to,
                            .frameCount = p.frames};
    for (const Beat& b : p.script.beats) {
      if (b.time < p.from - 1e-9 || b.time > p.to + 1e-9) continue;
      section.beats.push_back(
          {b.label, b.time, static_cast<long>(std::ceil((b.time - p.from) * cmd.fps - 1e-6))});
    }
    manifest.sections.push_back(std::move(section));
  }
  if (!writeFileAtomic(outDir / "manifest.json", manifestToJson(manifest), &error)) {
    logError(error);
    return kExitFailure;
  }
  std::fprintf(stderr, "%ld frames in %.1f s (%.1f fps): %ld drawn, %ld encoded, %ld linked\n",
               done, elapsed, done / std::max(elapsed, 1e-9), rendered, encoded, linked);
  return kExitOk;
}

int runBenchCommand(const BenchCommand& cmd) {
  const std::vector<const SectionInfo*> infos = selectSections(cmd.section);
  if (infos.empty()) return badInput("--section: unknown section '" + cmd.section + "'");
  auto headless = openHeadless();
  if (!headless) return kExitFailure;
  const FontAtlas& atlas = headless->atlas;
  FrameRenderer frames(atlas);
  gl::PixelReadback readback;
  Image rgba;
  std::printf("%-28s %10s %10s %14s %14s\n", "section", "median ms", "p95 ms", "export fps",
              "export+png fps");
  for (const SectionInfo* info : infos) {
    const SectionScript script = info->build(atlas);
    // Live frame time: evaluate, build the draw list, draw, and wait for the GPU (a readback).
    std::vector<double> ms;
    for (int i = 0; i < cmd.frames; ++i) {
      const double t = script.duration * (i + 0.5) / cmd.frames;
      const auto s = Clock::now();
      frames.prepare(script, t, cmd.size.width, cmd.size.height);
      readback.request(frames.drawPrepared(false), 0);
      readback.fetch(0, rgba);
      ms.push_back(seconds(s) * 1000.0);
    }
    std::sort(ms.begin(), ms.end());
    const double median = ms[ms.size() / 2];
    const double p95 =
        ms[std::min(ms.size() - 1, static_cast<size_t>(std::ceil(0.95 * ms.size())) - 1)];
    // Export throughput over the first ~10 s at 30 fps: without encoding, then with.
    const double to = std::min(script.duration, 10.0);
    SectionPlan plan{
        .info = info, .script = script, .from = 0, .to = to, .frames = frameCount(0, to, 30)};
    const RenderSettings rs{.size = cmd.size, .fps = 30};
    double fps[2] = {0, 0};
    for (int encode = 0; encode < 2; ++encode) {
      const fs::path dir =
          fs::temp_directory_path() / ("tfviz-bench-" + std::to_string(::getpid()));
      fs::create_directories(dir);
      FrameWriter writer(FrameWriterOptions{.encode = encode == 1});
      PngSink sink(writer, dir, false, false);
      Progress quiet(0);
      long done = 0, rendered = 0;
      const auto s = Clock::now();
      renderSection(frames, readback, plan, rs, sink, quiet, done, rendered);
      writer.finish();
      fps[encode] = done / std::max(seconds(s), 1e-9);
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
    std::printf("%-28s %10.2f %10.2f %14.1f %14.1f\n", script.id.c_str(), median, p95, fps[0],
                fps[1]);
    std::fflush(stdout);
  }
  std::printf("(%dx%d; export over the first 10 s of each section at 30 fps; %u cores)\n",
              cmd.size.width, cmd.size.height, std::thread::hardware_concurrency());
  return kExitOk;
}

}  // namespace tfviz
