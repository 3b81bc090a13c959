// The commands of the tfviz executable (see commands.hpp).
#include "app/commands.hpp"

#include <unistd.h>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>

#include "app/export_run.hpp"
#include "app/frame_renderer.hpp"
#include "app/headless_context.hpp"
#include "app/matmul_settings.hpp"
#include "app/model_settings.hpp"
#include "app/scene_file.hpp"
#include "app/window.hpp"
#include "core/interrupt.hpp"
#include "core/log.hpp"
#include "export/manifest.hpp"
#include "export/png_writer.hpp"
#include "scene/hand_over.hpp"
#include "scene/sections/registry.hpp"

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

int badInput(const std::string& message) {
  logError(message);
  return kExitBadInput;
}

std::optional<int> prepareLoads(const std::vector<std::string>& loads, const std::string& section,
                                SectionInputs& settings) {
  if (loads.empty()) return std::nullopt;
  const SectionInfo* info = section.empty() ? nullptr : findSection(section);
  if (info != nullptr && !info->takesInputs) {
    return badInput("--load: only " + inputSectionList() + " uses loaded tensors, not '" + section +
                    "'");
  }
  if (auto error = loadTensors(settings, loads)) return badInput("--load: " + *error);
  return std::nullopt;
}

std::optional<int> applyInputFlags(SectionInputs& settings, const std::vector<std::string>& loads,
                                   MatmulFlags matmul, std::optional<std::string> prompt,
                                   const ModelFlags& model, const std::string& section) {
  if (auto code = prepareLoads(loads, section, settings)) return *code;
  const SectionInfo* info = findSection(section);
  // --prompt is the model's (words) for the model section, the explainer's (digits) otherwise.
  if (matmul.prompt && info != nullptr && info->takesModel)
    prompt = std::exchange(matmul.prompt, {});
  if (matmul.prompt && info != nullptr && !info->takesInputs) {
    return badInput("--prompt: only the model and matmul sections take a prompt, not '" +
                    escapeControls(section) + "'");
  }
  if (auto error = applyMatmulFlags(settings, matmul, section)) return badInput(*error);
  if (auto error = applyModelFlags(settings, model, prompt, section)) return badInput(*error);
  return std::nullopt;
}

std::optional<int> useScene(const std::string& path, std::unique_ptr<SceneFile>* keep) {
  if (path.empty()) return std::nullopt;
  std::string error;
  std::unique_ptr<SceneFile> file = openSceneFile(path, &error);
  if (!file) return badInput(error);
  SceneLoad loaded = file->load();
  if (!loaded.error.empty()) return badInput("--scene: " + loaded.error);
  if (loaded.sections.empty())
    return badInput("--scene: '" + escapeControls(path) +
                    "' defines no section (a class deriving "
                    "from tfviz.Section, or a section object at the top level)");
  std::vector<SectionInfo> infos;
  for (SectionScript& script : loaded.sections) infos.push_back(prebuiltSection(std::move(script)));
  try {
    setSceneSections(std::move(infos));
  } catch (const std::invalid_argument& e) {
    return badInput(std::string("--scene: ") + e.what());
  }
  if (keep != nullptr) *keep = std::move(file);
  return std::nullopt;
}

namespace {

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

int runList() {
  const FontAtlas atlas = FontAtlas::bake();
  for (const SectionInfo& info : allSections()) {
    const SectionScript script = info.build(atlas);
    std::printf("%s\t%s\t%.3f\t%zu\n", info.id.c_str(), info.title.c_str(), script.duration,
                script.beats.size());
  }
  return kExitOk;
}

}  // namespace

int runStill(const StillCommand& cmd) {
  const SectionInfo* info = lookUp(cmd.section);
  if (info == nullptr) return kExitBadInput;
  SectionInputs settings;
  if (auto code = applyInputFlags(settings, cmd.loads, cmd.matmul, {}, cmd.model, cmd.section))
    return *code;
  const fs::path out(cmd.out);
  const fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
  if (auto error = checkWritableDir(parent, "--out")) return badInput(*error);
  if (fs::is_directory(out)) return badInput("--out: '" + cmd.out + "' is a directory");
  auto headless = openHeadless();
  if (!headless) return interruptExitCode();  // 1, or 128 + the signal that stopped it
  const SectionScript script = info->build(headless->atlas, settings);
  if (cmd.time > script.duration + 1e-9) {
    char buffer[200];
    std::snprintf(buffer, sizeof buffer, "--time %g is outside section '%s' (0 to %.3f s)",
                  cmd.time, script.id.c_str(), script.duration);
    return badInput(buffer);
  }
  FrameRenderer frames(headless->atlas);
  Image rgba;
  frames.renderImage(script, cmd.time, cmd.size.width, cmd.size.height, rgba);
  if (interrupted()) {
    logError(std::string("interrupted by ") + interruptSignalName() + ": '" + cmd.out +
             "' was not written");
    return interruptExitCode();
  }
  std::string error;
  // The folder was checked up front (exit 2); a write that fails now is a runtime failure (a full
  // disk), exit 1 like `render`.
  if (!writePngAtomic(out, convertChannels(rgba, 3), &error)) {
    logError(error);
    return kExitFailure;
  }
  return kExitOk;
}

int runWindowCommand(const WindowCommand& cmd, std::unique_ptr<SceneFile> scene) {
  int start = 0;
  // --prompt or MODEL flags alone open the model section.
  const std::string section =
      cmd.section.empty() && (cmd.prompt || cmd.model.any()) ? std::string("model") : cmd.section;
  if (!section.empty()) {
    const SectionInfo* info = lookUp(section);
    if (info == nullptr) return kExitBadInput;
    start = static_cast<int>(info - allSections().data());
  } else if (!cmd.loads.empty()) {
    // Show what was loaded: the first section that takes inputs.
    start = static_cast<int>(firstSectionWithInputs() - allSections().data());
  }
  SectionInputs settings;
  if (auto code = prepareLoads(cmd.loads, cmd.section, settings)) return *code;
  if (auto error = applyModelFlags(settings, cmd.model, cmd.prompt, section))
    return badInput(*error);
  const FontAtlas atlas = FontAtlas::bake();
  std::vector<SectionScript> sections;
  for (const SectionInfo& info : allSections()) sections.push_back(info.build(atlas, settings));
  // Each section opens on the last picture of the one before: the scene's sections among
  // themselves, the built-in ones among themselves (a scene rebuilt on save replaces its own).
  size_t sceneSections = 0;
  while (sceneSections < sections.size() && isSceneSection(sections[sceneSections].id))
    ++sceneSections;
  std::vector<SectionScript> own(std::make_move_iterator(sections.begin()),
                                 std::make_move_iterator(sections.begin() + sceneSections));
  std::vector<SectionScript> builtIn(std::make_move_iterator(sections.begin() + sceneSections),
                                     std::make_move_iterator(sections.end()));
  handOverInSequence(own);
  handOverInSequence(builtIn);
  sections = std::move(own);
  sections.insert(sections.end(), std::make_move_iterator(builtIn.begin()),
                  std::make_move_iterator(builtIn.end()));
  return runWindow(cmd, sections, start, atlas, settings, scene.get(), cmd.scene);
}

int runCommand(const Command& command) {
  // Without a window, Ctrl-C and kill stop the work cleanly, from the very start.
  if (!std::holds_alternative<WindowCommand>(command)) installInterruptHandlers();
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
            if (auto code = useScene(cmd.scene)) return *code;
            return runList();
          } else if constexpr (std::is_same_v<T, StillCommand>) {
            if (auto code = useScene(cmd.scene)) return *code;
            return runStill(cmd);
          } else if constexpr (std::is_same_v<T, RenderCommand>) {
            if (auto code = useScene(cmd.scene)) return *code;
            return runRenderCommand(cmd);
          } else if constexpr (std::is_same_v<T, BenchCommand>) {
            return runBenchCommand(cmd);
          } else if constexpr (std::is_same_v<T, EncodeCommand>) {
            return runEncodeCommand(cmd);
          } else if constexpr (std::is_same_v<T, ModelCommand>) {
            return runModelCommand(cmd);
          } else {
            std::unique_ptr<SceneFile> scene;
            if (auto code = useScene(cmd.scene, &scene)) return *code;
            return runWindowCommand(cmd, std::move(scene));
          }
        },
        command);
  } catch (const std::exception& e) {
    logError(e.what());
    return kExitFailure;
  }
}

}  // namespace tfviz
