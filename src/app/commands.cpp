// The commands of the tfviz executable (see commands.hpp).
#include "app/commands.hpp"

#include <unistd.h>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>

#include "app/frame_renderer.hpp"
#include "app/headless_context.hpp"
#include "app/matmul_settings.hpp"
#include "app/window.hpp"
#include "core/log.hpp"
#include "export/manifest.hpp"
#include "export/png_writer.hpp"
#include "scene/registry.hpp"

namespace fs = std::filesystem;

namespace tfviz {

long frameCount(double from, double to, int fps) {
  return static_cast<long>(std::floor((to - from) * fps + 1e-6)) + 1;
}

std::optional<std::string> checkTimeRange(const SectionScript& script, double from, double to) {
  char buffer[256];
  if (from < 0 || from > script.duration + 1e-9) {
    std::snprintf(buffer, sizeof buffer, "--from %g is outside section '%s' (0 to %.3f s)", from,
                  script.id.c_str(), script.duration);
    return buffer;
  }
  if (to < 0 || to > script.duration + 1e-9) {
    std::snprintf(buffer, sizeof buffer, "--to %g is outside section '%s' (0 to %.3f s)", to,
                  script.id.c_str(), script.duration);
    return buffer;
  }
  if (from > to) {
    std::snprintf(buffer, sizeof buffer, "--from %g is after --to %g", from, to);
    return buffer;
  }
  return std::nullopt;
}

namespace {

int badInput(const std::string& message) {
  logError(message);
  return kExitBadInput;
}

const SectionInfo* lookUp(const std::string& id) {
  const SectionInfo* info = findSection(id);
  if (info == nullptr)
    logError("--section: unknown section '" + id + "' (known: " + sectionIdList() + ")");
  return info;
}

// A directory we may write into: exists, is a directory, is writable.
std::optional<std::string> checkWritableDir(const fs::path& dir, const std::string& flag) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return flag + ": directory '" + dir.string() + "' does not exist";
  if (::access(dir.c_str(), W_OK) != 0)
    return flag + ": directory '" + dir.string() + "' is not writable";
  return std::nullopt;
}

// Reads --load files; only the matmul explainer shows loaded tensors. On error, prints one line
// and returns the exit code.
std::optional<int> prepareLoads(const std::vector<std::string>& loads, const std::string& section,
                                MatmulSettings& settings) {
  if (loads.empty()) return std::nullopt;
  if (!section.empty() && section != "matmul") {
    return badInput("--load: only the matmul section uses loaded tensors, not '" + section + "'");
  }
  if (auto error = loadTensors(settings, loads)) return badInput("--load: " + *error);
  return std::nullopt;
}

SectionScript buildSection(const SectionInfo& info, const FontAtlas& atlas,
                           const MatmulSettings& settings) {
  return info.id == "matmul" ? buildMatmul(atlas, settings) : info.build(atlas);
}

int runList() {
  const FontAtlas atlas = FontAtlas::bake();
  for (const SectionInfo& info : allSections()) {
    const SectionScript script = info.build(atlas);
    std::printf("%s\t%s\t%.3f\t%zu\n", info.id.c_str(), info.title.c_str(), script.duration,
                script.beats.size());
  }
  return kExitOk;
}

struct Headless {
  std::unique_ptr<HeadlessContext> context;
  FontAtlas atlas;
};

std::unique_ptr<Headless> makeHeadless() {
  auto h = std::make_unique<Headless>();
  std::string error;
  h->context = HeadlessContext::create(&error);
  if (!h->context) {
    logError(error);
    return nullptr;
  }
  h->atlas = FontAtlas::bake();
  return h;
}

int runStill(const StillCommand& cmd) {
  const SectionInfo* info = lookUp(cmd.section);
  if (info == nullptr) return kExitBadInput;
  MatmulSettings settings;
  if (auto code = prepareLoads(cmd.loads, cmd.section, settings)) return *code;
  const fs::path out(cmd.out);
  const fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
  if (auto error = checkWritableDir(parent, "--out")) return badInput(*error);
  if (fs::is_directory(out)) return badInput("--out: '" + cmd.out + "' is a directory");
  auto headless = makeHeadless();
  if (!headless) return kExitFailure;
  const SectionScript script = buildSection(*info, headless->atlas, settings);
  if (cmd.time > script.duration + 1e-9) {
    char buffer[200];
    std::snprintf(buffer, sizeof buffer, "--time %g is outside section '%s' (0 to %.3f s)",
                  cmd.time, script.id.c_str(), script.duration);
    return badInput(buffer);
  }
  FrameRenderer frames(headless->atlas);
  Image rgba;
  frames.renderImage(script, cmd.time, cmd.size.width, cmd.size.height, rgba);
  std::string error;
  if (!writePngAtomic(out, convertChannels(rgba, 3), &error)) return badInput(error);
  return kExitOk;
}

int runRender(const RenderCommand& cmd) {
  const SectionInfo* info = lookUp(cmd.section);
  if (info == nullptr) return kExitBadInput;
  MatmulSettings settings;
  if (auto code = prepareLoads(cmd.loads, cmd.section, settings)) return *code;
  const fs::path outDir(cmd.outDir);
  std::error_code ec;
  if (fs::exists(outDir, ec) && !fs::is_directory(outDir, ec))
    return badInput("--out: '" + cmd.outDir + "' exists and is not a directory");
  // The nearest existing ancestor must be writable; we create the rest.
  fs::path existing = fs::absolute(outDir, ec);
  while (!existing.empty() && !fs::exists(existing, ec)) existing = existing.parent_path();
  if (auto error = checkWritableDir(existing, "--out")) return badInput(*error);

  auto headless = makeHeadless();
  if (!headless) return kExitFailure;
  const SectionScript script = buildSection(*info, headless->atlas, settings);
  const double from = cmd.from.value_or(0.0);
  const double to = cmd.to.value_or(script.duration);
  if (auto error = checkTimeRange(script, from, to)) return badInput(*error);

  // Create what is missing, remembering it so a failure can take it all back.
  std::vector<fs::path> createdDirs;
  for (fs::path p : {outDir, outDir / script.id}) {
    if (fs::exists(p, ec)) continue;
    if (!fs::create_directory(p, ec))
      return badInput("--out: cannot create '" + p.string() + "': " + ec.message());
    createdDirs.push_back(p);
  }
  std::vector<fs::path> written;
  auto rollBack = [&] {
    for (const fs::path& p : written) fs::remove(p, ec);
    for (auto it = createdDirs.rbegin(); it != createdDirs.rend(); ++it) fs::remove(*it, ec);
  };

  const long count = frameCount(from, to, cmd.fps);
  FrameRenderer frames(headless->atlas);
  Image rgba;
  const bool tty = ::isatty(STDERR_FILENO) != 0;
  for (long k = 0; k < count; ++k) {
    const double t = from + static_cast<double>(k) / cmd.fps;
    frames.renderImage(script, t, cmd.size.width, cmd.size.height, rgba);
    char name[32];
    std::snprintf(name, sizeof name, "frame_%06ld.png", k);
    const fs::path path = outDir / script.id / name;
    std::string error;
    if (!writePngAtomic(path, convertChannels(rgba, 3), &error)) {
      rollBack();
      logError(error);
      return kExitFailure;
    }
    written.push_back(path);
    if (tty)
      std::fprintf(stderr, "\rrendering %s: frame %ld / %ld", script.id.c_str(), k + 1, count);
  }
  if (tty) std::fprintf(stderr, "\n");

  Manifest manifest{.width = cmd.size.width, .height = cmd.size.height, .fps = cmd.fps};
  ManifestSection section{.id = script.id,
                          .title = script.title,
                          .directory = script.id,
                          .from = from,
                          .to = to,
                          .frameCount = count};
  for (const Beat& b : script.beats) {
    if (b.time < from - 1e-9 || b.time > to + 1e-9) continue;
    section.beats.push_back(
        {b.label, b.time, static_cast<long>(std::ceil((b.time - from) * cmd.fps - 1e-6))});
  }
  manifest.sections.push_back(std::move(section));
  std::string error;
  if (!writeFileAtomic(outDir / "manifest.json", manifestToJson(manifest), &error)) {
    rollBack();
    logError(error);
    return kExitFailure;
  }
  return kExitOk;
}

int runWindowCommand(const WindowCommand& cmd) {
  int start = 0;
  if (!cmd.section.empty()) {
    const SectionInfo* info = lookUp(cmd.section);
    if (info == nullptr) return kExitBadInput;
    start = static_cast<int>(info - allSections().data());
  } else if (!cmd.loads.empty()) {
    start = static_cast<int>(findSection("matmul") - allSections().data());  // show what was loaded
  }
  MatmulSettings settings;
  if (auto code = prepareLoads(cmd.loads, cmd.section, settings)) return *code;
  const FontAtlas atlas = FontAtlas::bake();
  std::vector<SectionScript> sections;
  for (const SectionInfo& info : allSections())
    sections.push_back(buildSection(info, atlas, settings));
  return runWindow(cmd, sections, start, atlas, settings);
}

}  // namespace

int runCommand(const Command& command) {
  try {
    return std::visit(
        [](const auto& cmd) -> int {
          using T = std::decay_t<decltype(cmd)>;
          if constexpr (std::is_same_v<T, HelpCommand>) {
            std::fputs(helpText().c_str(), stdout);
            return kExitOk;
          } else if constexpr (std::is_same_v<T, VersionCommand>) {
            std::printf("tfviz %s\n", TFVIZ_VERSION);
            return kExitOk;
          } else if constexpr (std::is_same_v<T, ListCommand>) {
            return runList();
          } else if constexpr (std::is_same_v<T, StillCommand>) {
            return runStill(cmd);
          } else if constexpr (std::is_same_v<T, RenderCommand>) {
            return runRender(cmd);
          } else {
            return runWindowCommand(cmd);
          }
        },
        command);
  } catch (const std::exception& e) {
    logError(e.what());
    return kExitFailure;
  }
}

}  // namespace tfviz
