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
#include "render/gl/gl_objects.hpp"
#include "scene/registry.hpp"

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

// Renders every frame of `plan` into `sink`, reporting progress; false on failure or interrupt.
bool renderSection(FrameRenderer& frames, gl::PixelReadback& readback, const SectionPlan& plan,
                   const RenderSettings& rs, FrameSink& sink, Progress& progress, long& done,
                   long& rendered) {
  SectionExporter exporter(frames, readback, plan.script, plan.from, plan.frames, rs, sink);
  while (!exporter.finished()) {
    if (g_interrupted || !exporter.step(1)) return false;
    progress.update(plan.script.id, done + exporter.framesDone());
  }
  done += exporter.framesDone();
  rendered += exporter.drawn();
  return true;
}

// An MP4 through ffmpeg's stdin (raw RGB frames), when ffmpeg is installed.
struct VideoSink : FrameSink {
  FILE* pipe = nullptr;
  bool accept(Image pixels, int /*top*/, int /*height*/, const std::vector<long>& frames) override {
    const Image rgb = convertChannels(pixels, 3);
    for (size_t i = 0; i < frames.size(); ++i) {
      if (std::fwrite(rgb.pixels.data(), 1, rgb.pixels.size(), pipe) != rgb.pixels.size())
        return false;
    }
    return true;
  }
};

}  // namespace

SectionExporter::SectionExporter(FrameRenderer& frames, gl::PixelReadback& readback,
                                 const SectionScript& script, double from, long frameCount,
                                 const RenderSettings& settings, FrameSink& sink)
    : m_frames(frames),
      m_readback(readback),
      m_script(script),
      m_from(from),
      m_count(frameCount),
      m_settings(settings),
      m_sink(sink) {}

void SectionExporter::request(Group& g, const DrawList& list) {
  const PixelRect whole{0, 0, list.width(), list.height()};
  const PixelRect area = m_targetValid ? changedArea(m_inTarget, list) : whole;
  m_inTarget = list;
  m_targetValid = true;
  // The rows to read back, in output rows: whole strips around the area, or the whole picture.
  const int ssaa = m_settings.ssaa;
  const int height = list.height() / ssaa;
  const int strip = m_sink.partialRows();
  int top = 0;
  int bottom = height;
  if (strip > 0 && area != whole) {
    top = area.empty() ? 0 : area.y0 / ssaa / strip * strip;
    bottom = area.empty()
                 ? 0
                 : std::min(height, ((area.y1 + ssaa - 1) / ssaa + strip - 1) / strip * strip);
  }
  g.slot = m_nextSlot;
  m_nextSlot = (m_nextSlot + 1) % gl::PixelReadback::kSlots;
  const gl::OffscreenTarget& target =
      m_frames.drawPrepared(m_settings.transparent, area == whole ? nullptr : &area);
  m_readback.request(target, g.slot, top * ssaa, bottom * ssaa);
  g.top = top;
  g.requested = true;
  ++m_drawn;
}

bool SectionExporter::finish(Group& g) {
  if (g.frames.empty() || !g.requested) return true;  // nothing to write (resume)
  Image rgba;
  m_readback.fetch(g.slot, rgba);
  if (m_settings.ssaa > 1) rgba = downsample(rgba, m_settings.ssaa);
  return m_sink.accept(std::move(rgba), g.top, m_settings.size.height, g.frames);
}

bool SectionExporter::step(long budget) {
  const int w = m_settings.size.width * m_settings.ssaa;
  const int h = m_settings.size.height * m_settings.ssaa;
  for (long n = 0; n < budget && m_next < m_count; ++n, ++m_next) {
    const long k = m_next;
    const double t = m_from + static_cast<double>(k) / m_settings.fps;
    const DrawList& list = m_frames.prepare(m_script, t, w, h);
    if (m_current.frames.empty() || !changedArea(m_previous, list).empty()) {
      Group previous = std::move(m_current);
      m_current = Group{};
      m_previous = list;
      if (m_sink.wants(k)) request(m_current, list);  // draw the new picture first ...
      if (!finish(previous)) return false;            // ... then copy out the one before it
    } else if (!m_current.requested && m_sink.wants(k)) {
      request(m_current, list);  // resuming: earlier frames of this picture exist, this one not
    }
    m_current.frames.push_back(k);
  }
  if (m_next >= m_count && !m_flushed) {
    m_flushed = true;
    return finish(m_current);
  }
  return true;
}

bool PngSink::wants(long k) const {
  return !resume || !fs::exists(path(k));
}

fs::path PngSink::path(long k) const {
  char name[32];
  std::snprintf(name, sizeof name, "frame_%06ld.png", k);
  return dir / name;
}

bool PngSink::accept(Image pixels, int top, int height, const std::vector<long>& frames) {
  FrameJob job{.premultiplied = transparent, .dropAlpha = !transparent};
  for (long k : frames) {
    if (wants(k)) job.paths.push_back(path(k));
  }
  // Submitted even when every file exists: the next picture may reuse this one's strips.
  job.image = std::move(pixels);
  job.top = top;
  job.frameHeight = height;
  writer.submit(std::move(job));
  return !writer.failed();
}

ManifestSection manifestEntry(const SectionScript& script, double from, double to, int fps) {
  ManifestSection section{.id = script.id,
                          .title = script.title,
                          .directory = script.id,
                          .from = from,
                          .to = to,
                          .frameCount = frameCount(from, to, fps)};
  for (const Beat& b : script.beats) {
    if (b.time < from - 1e-9 || b.time > to + 1e-9) continue;
    section.beats.push_back(
        {b.label, b.time, static_cast<long>(std::ceil((b.time - from) * fps - 1e-6))});
  }
  return section;
}

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
  if (auto code = prepareLoads(cmd.loads, cmd.section, settings)) return *code;
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
    manifest.sections.push_back(manifestEntry(p.script, p.from, p.to, cmd.fps));
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
  std::printf(
      "(%dx%d; export over the first 10 s of each section at 30 fps; %u cores; GL %s "
      "through EGL %s)\n",
      cmd.size.width, cmd.size.height, std::thread::hardware_concurrency(),
      gl::describeContext().c_str(), headless->context->platform().c_str());
  return kExitOk;
}

}  // namespace tfviz
