// Command-line parsing: argv to a Command, or one error line naming the flag. Pure (no I/O);
// section ids and times within a section are checked later, in commands.cpp.
#include "app/cli.hpp"
#include "app/keys.hpp"

#include "core/log.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <system_error>
#include <vector>

namespace tfviz {
namespace {

enum class Mode { kWindow, kList, kStill, kRender, kBench, kModel };

enum class Flag {
  kSection,
  kFullscreen,
  kFrames,
  kTime,
  kOut,
  kSize,
  kFps,
  kFrom,
  kTo,
  kLoad,
  kSsaa,
  kTransparent,
  kResume,
  kVideo,
  kPrompt,
  kNoScale,
  kCausal,
  kTemperature,
  kScene,
  kWeights,
  kVocab,
  kTokens,
  kDump
};

struct FlagInfo {
  Flag flag;
  std::string_view name;
  bool takesValue;
};

constexpr FlagInfo kFlags[] = {
    {Flag::kSection, "--section", true}, {Flag::kFullscreen, "--fullscreen", false},
    {Flag::kFrames, "--frames", true},   {Flag::kTime, "--time", true},
    {Flag::kOut, "--out", true},         {Flag::kSize, "--size", true},
    {Flag::kFps, "--fps", true},         {Flag::kFrom, "--from", true},
    {Flag::kTo, "--to", true},           {Flag::kLoad, "--load", true},
    {Flag::kSsaa, "--ssaa", true},       {Flag::kTransparent, "--transparent", false},
    {Flag::kResume, "--resume", false},  {Flag::kVideo, "--video", true},
    {Flag::kPrompt, "--prompt", true},   {Flag::kNoScale, "--no-scale", false},
    {Flag::kCausal, "--causal", false},  {Flag::kTemperature, "--temperature", true},
    {Flag::kScene, "--scene", true},     {Flag::kWeights, "--weights", true},
    {Flag::kVocab, "--vocab", true},     {Flag::kTokens, "--tokens", true},
    {Flag::kDump, "--dump", true},
};
constexpr int kFlagCount = static_cast<int>(sizeof(kFlags) / sizeof(kFlags[0]));

constexpr int kMaxFps = 240;

bool flagAllowed(Mode mode, Flag flag) {
  if (mode == Mode::kModel)
    return flag == Flag::kWeights || flag == Flag::kVocab || flag == Flag::kPrompt ||
           flag == Flag::kTokens || flag == Flag::kDump;
  if (mode == Mode::kBench)
    return flag == Flag::kSection || flag == Flag::kSize || flag == Flag::kFrames ||
           flag == Flag::kWeights || flag == Flag::kVocab || flag == Flag::kTokens ||
           flag == Flag::kPrompt;
  // The model section's inputs: for every picture of it.
  if (flag == Flag::kWeights || flag == Flag::kVocab || flag == Flag::kTokens)
    return mode == Mode::kWindow || mode == Mode::kStill || mode == Mode::kRender;
  if (flag == Flag::kDump) return false;
  if (flag == Flag::kPrompt)
    return mode == Mode::kWindow || mode == Mode::kStill || mode == Mode::kRender;
  if (flag == Flag::kLoad) return mode != Mode::kList;  // the user's tensors, for any picture
  if (flag == Flag::kScene) return true;  // sections from a Python scene file, for every command
  // The matmul explainer's inspector settings, for the pictures a command line makes.
  if (flag == Flag::kPrompt || flag == Flag::kNoScale || flag == Flag::kCausal ||
      flag == Flag::kTemperature)
    return mode == Mode::kStill || mode == Mode::kRender;
  if (flag == Flag::kSsaa || flag == Flag::kTransparent || flag == Flag::kResume ||
      flag == Flag::kVideo)
    return mode == Mode::kRender;
  switch (mode) {
    case Mode::kWindow:
      return flag == Flag::kSection || flag == Flag::kFullscreen || flag == Flag::kFrames;
    case Mode::kList:
      return false;
    case Mode::kStill:
      return flag == Flag::kSection || flag == Flag::kTime || flag == Flag::kOut ||
             flag == Flag::kSize;
    case Mode::kRender:
      return flag == Flag::kSection || flag == Flag::kOut || flag == Flag::kSize ||
             flag == Flag::kFps || flag == Flag::kFrom || flag == Flag::kTo;
    case Mode::kBench:
    case Mode::kModel:
      return false;  // handled above
  }
  return false;
}

std::string_view modeName(Mode mode) {
  switch (mode) {
    case Mode::kWindow:
      return "the window (no command)";
    case Mode::kList:
      return "'list'";
    case Mode::kStill:
      return "'still'";
    case Mode::kRender:
      return "'render'";
    case Mode::kBench:
      return "'bench'";
    case Mode::kModel:
      return "'model'";
  }
  return "";
}

// Quotes a user-supplied value for an error message, keeping the message on one line.
std::string quote(std::string_view text) {
  return "'" + escapeControls(text) + "'";
}

std::optional<int> parseInt(std::string_view text) {
  int value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::optional<double> parseDouble(std::string_view text) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::general);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value)) {
    return std::nullopt;
  }
  if (value == 0) value = 0;  // -0 reads as 0
  return value;
}

bool endsWithPngIgnoringCase(std::string_view text) {
  constexpr std::string_view kSuffix = ".png";
  if (text.size() <= kSuffix.size()) return false;
  const std::string_view tail = text.substr(text.size() - kSuffix.size());
  for (size_t i = 0; i < kSuffix.size(); ++i) {
    char c = tail[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kSuffix[i]) return false;
  }
  const char before = text[text.size() - kSuffix.size() - 1];
  return before != '/';  // "dir/.png" has no file name
}

}  // namespace

bool isLoadKind(std::string_view kind) {
  for (const char* k : kLoadKinds) {
    if (kind == k) return true;
  }
  return false;
}

std::string loadKindList() {
  std::string out;
  for (const char* k : kLoadKinds) out += (out.empty() ? "" : ", ") + std::string(k);
  return out;
}

namespace {

// Everything the flags said, before it becomes a Command.
struct Values {
  std::string section;
  bool fullscreen = false;
  int frames = -1;
  double time = 0;
  std::string out;
  FrameSize size{};
  int fps = 60;
  std::optional<double> from;
  std::optional<double> to;
  std::string_view fromText;
  std::string_view toText;
  std::vector<std::string> loads;
  int ssaa = 1;
  bool transparent = false;
  bool resume = false;
  std::string video;
  std::string scene;
  MatmulFlags matmul;
  ModelFlags model;
  std::string dump;
  bool seen[kFlagCount] = {};

  bool has(Flag flag) const { return seen[static_cast<int>(flag)]; }
};

// Parses one flag's value into `values`; returns an error message, or an empty string.
std::string parseValue(Mode mode, const FlagInfo& info, std::string_view text, Values& values) {
  const std::string name(info.name);
  switch (info.flag) {
    case Flag::kSection:
      if (text.empty()) return name + ": expected a section id (see tfviz list), got ''";
      values.section = std::string(text);
      return {};
    case Flag::kFullscreen:
      values.fullscreen = true;
      return {};
    case Flag::kSsaa: {
      const auto n = parseInt(text);
      if (!n || *n < 1 || *n > 4) return name + ": expected 1, 2, 3 or 4, got " + quote(text);
      values.ssaa = *n;
      return {};
    }
    case Flag::kTransparent:
      values.transparent = true;
      return {};
    case Flag::kResume:
      values.resume = true;
      return {};
    case Flag::kScene: {
      std::string lower(text);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower.size() < 4 || lower.substr(lower.size() - 3) != ".py")
        return name + ": expected a Python file ending in .py, got " + quote(text);
      values.scene = std::string(text);
      return {};
    }
    case Flag::kVideo: {
      std::string lower(text);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower.size() < 5 || lower.substr(lower.size() - 4) != ".mp4") {
        return name + ": expected a file name ending in .mp4, got " + quote(text);
      }
      values.video = std::string(text);
      return {};
    }
    case Flag::kLoad: {
      // FILE (the hidden states) or KIND=FILE; the files themselves are read later.
      const size_t eq = text.find('=');
      const std::string_view kind =
          eq == std::string_view::npos ? std::string_view(kLoadKinds[0]) : text.substr(0, eq);
      const std::string_view file = eq == std::string_view::npos ? text : text.substr(eq + 1);
      if (!isLoadKind(kind)) {
        return name + ": expected FILE or KIND=FILE with KIND one of " + loadKindList() + ", got " +
               quote(text);
      }
      if (file.empty()) return name + ": missing file name in " + quote(text);
      values.loads.push_back(std::string(text));
      return {};
    }
    case Flag::kPrompt: {
      // Words for the model section and `tfviz model`, digits for the explainer: checked where
      // the section is known (applyMatmulFlags, applyModelFlags).
      if (text.empty()) return name + ": expected a prompt, got ''";
      values.matmul.prompt = std::string(text);
      return {};
    }
    case Flag::kWeights:
      if (text.empty()) return name + ": expected a weights file (.npz or .safetensors), got ''";
      values.model.weights = std::string(text);
      return {};
    case Flag::kVocab:
      if (text.empty()) return name + ": expected a vocabulary file, got ''";
      values.model.vocab = std::string(text);
      return {};
    case Flag::kTokens: {
      std::vector<int> ids;
      size_t start = 0;
      while (start <= text.size()) {
        size_t end = text.find(',', start);
        if (end == std::string_view::npos) end = text.size();
        const auto id = parseInt(text.substr(start, end - start));
        if (!id || *id < 0)
          return name + ": expected token ids >= 0 separated by commas (1,2,3), got " + quote(text);
        ids.push_back(*id);
        start = end + 1;
      }
      values.model.tokens = std::move(ids);
      return {};
    }
    case Flag::kDump:
      if (text.empty()) return name + ": expected a folder, got ''";
      values.dump = std::string(text);
      return {};
    case Flag::kNoScale:
      values.matmul.noScale = true;
      return {};
    case Flag::kCausal:
      values.matmul.causal = true;
      return {};
    case Flag::kTemperature: {
      const auto t = parseDouble(text);
      if (!t || *t < kMinTemperature || *t > kMaxTemperature) {
        char range[80];
        std::snprintf(range, sizeof range, "expected a number from %g to %g, got ", kMinTemperature,
                      kMaxTemperature);
        return name + ": " + range + quote(text);
      }
      values.matmul.temperature = *t;
      return {};
    }
    case Flag::kFrames: {
      const auto frames = parseInt(text);
      if (!frames || *frames < 1) {
        return name + ": expected a whole number of frames >= 1, got " + quote(text);
      }
      values.frames = *frames;
      return {};
    }
    case Flag::kTime:
    case Flag::kFrom:
    case Flag::kTo: {
      const auto seconds = parseDouble(text);
      if (!seconds || *seconds < 0) {
        return name + ": expected a number of seconds >= 0, got " + quote(text);
      }
      if (info.flag == Flag::kTime) {
        values.time = *seconds;
      } else if (info.flag == Flag::kFrom) {
        values.from = *seconds;
        values.fromText = text;
      } else {
        values.to = *seconds;
        values.toText = text;
      }
      return {};
    }
    case Flag::kOut:
      if (mode == Mode::kStill && !endsWithPngIgnoringCase(text)) {
        return name + ": expected a file name ending in .png, got " + quote(text);
      }
      if (text.empty()) return name + ": expected a directory, got ''";
      values.out = std::string(text);
      return {};
    case Flag::kSize: {
      const auto size = parseFrameSize(text);
      if (!size) {
        return name + ": expected WxH with 1 <= W <= " + std::to_string(kMaxWidth) +
               " and 1 <= H <= " + std::to_string(kMaxHeight) + ", got " + quote(text);
      }
      values.size = *size;
      return {};
    }
    case Flag::kFps: {
      const auto fps = parseInt(text);
      if (!fps || *fps < 1 || *fps > kMaxFps) {
        return name + ": expected a whole number from 1 to " + std::to_string(kMaxFps) + ", got " +
               quote(text);
      }
      values.fps = *fps;
      return {};
    }
  }
  return {};
}

std::string requireFlag(const Values& values, Mode mode, Flag flag, std::string_view usage) {
  if (values.has(flag)) return {};
  return std::string(usage) + " is required for " + std::string(modeName(mode));
}

}  // namespace

std::string MatmulFlags::firstFlag() const {
  if (prompt) return "--prompt";
  if (noScale) return "--no-scale";
  if (causal) return "--causal";
  if (temperature) return "--temperature";
  return {};
}

std::optional<FrameSize> parseFrameSize(std::string_view text) {
  size_t split = text.find_first_of("xX");
  size_t separatorLength = 1;
  if (split == std::string_view::npos) {
    split = text.find("\xC3\x97");  // U+00D7 MULTIPLICATION SIGN in UTF-8
    separatorLength = 2;
  }
  if (split == std::string_view::npos) return std::nullopt;
  const auto width = parseInt(text.substr(0, split));
  const auto height = parseInt(text.substr(split + separatorLength));
  if (!width || !height) return std::nullopt;
  if (*width < 1 || *width > kMaxWidth || *height < 1 || *height > kMaxHeight) return std::nullopt;
  return FrameSize{*width, *height};
}

// `encode DIR/ID [OUT.mp4] [--fps N]`: two names, which may be anything after "--".
ParseResult parseEncode(std::span<const std::string_view> args) {
  EncodeCommand cmd;
  std::vector<std::string> names;
  bool options = true;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (options && arg == "--") {
      options = false;
    } else if (options && arg == "--fps") {
      const auto fps = i + 1 < args.size() ? parseInt(args[i + 1]) : std::nullopt;
      if (!fps || *fps < 1 || *fps > kMaxFps)
        return CliError{"--fps: expected a whole number from 1 to " + std::to_string(kMaxFps)};
      cmd.fps = *fps;
      ++i;
    } else if (options && arg.starts_with("-") && arg.size() > 1) {
      return CliError{"unknown option " + quote(arg) + " for encode (only --fps N)"};
    } else {
      names.emplace_back(arg);
    }
  }
  if (names.empty() || names.size() > 2)
    return CliError{"encode: expected DIR/ID [OUT.mp4], the frames of one rendered section"};
  cmd.frames = names[0];
  if (names.size() == 2) cmd.out = names[1];
  return Command{cmd};
}

ParseResult parseCommandLine(std::span<const std::string_view> args) {
  for (std::string_view arg : args) {
    if (arg == "--help" || arg == "-h") return Command{HelpCommand{}};
  }
  for (std::string_view arg : args) {
    if (arg == "--version") return Command{VersionCommand{}};
  }
  if (!args.empty() && args[0] == "encode") return parseEncode(args.subspan(1));

  Mode mode = Mode::kWindow;
  size_t index = 0;
  if (!args.empty() && !args[0].starts_with("-")) {
    const std::string_view name = args[0];
    if (name == "list") {
      mode = Mode::kList;
    } else if (name == "still") {
      mode = Mode::kStill;
    } else if (name == "render") {
      mode = Mode::kRender;
    } else if (name == "bench") {
      mode = Mode::kBench;
    } else if (name == "model") {
      mode = Mode::kModel;
    } else {
      return CliError{"unknown command " + quote(name) +
                      " (expected list, still, render, bench, model or encode)"};
    }
    index = 1;
  }

  Values values;
  for (; index < args.size(); ++index) {
    const std::string_view arg = args[index];
    if (!arg.starts_with("--") || arg == "--") {
      if (arg.starts_with("-") && arg.size() > 1) {
        return CliError{"unknown option " + quote(arg)};
      }
      std::string message = "unexpected argument " + quote(arg);
      if (arg == "list" || arg == "still" || arg == "render" || arg == "bench" || arg == "model") {
        message += " (the command must come first: tfviz " + std::string(arg) + " ...)";
      }
      return CliError{message};
    }

    const size_t equals = arg.find('=');
    const std::string_view name = arg.substr(0, equals);
    const bool inlineValue = equals != std::string_view::npos;
    if (name == "--help" || name == "--version") {
      return CliError{std::string(name) + " takes no value, got " + quote(arg)};
    }

    const FlagInfo* info = nullptr;
    for (const FlagInfo& candidate : kFlags) {
      if (candidate.name == name) info = &candidate;
    }
    if (info == nullptr) {
      return CliError{"unknown option " + quote(name)};
    }
    if (!flagAllowed(mode, info->flag)) {
      return CliError{std::string(name) + " is not an option of " + std::string(modeName(mode))};
    }
    bool& seen = values.seen[static_cast<int>(info->flag)];
    if (seen && info->flag != Flag::kLoad)
      return CliError{std::string(name) + " given more than once"};
    seen = true;

    std::string_view value;
    if (!info->takesValue) {
      if (inlineValue) return CliError{std::string(name) + " takes no value, got " + quote(arg)};
    } else if (inlineValue) {
      value = arg.substr(equals + 1);
    } else if (index + 1 < args.size() && !args[index + 1].starts_with("--")) {
      value = args[++index];
    } else {
      return CliError{std::string(name) + ": missing value"};
    }
    if (std::string error = parseValue(mode, *info, value, values); !error.empty()) {
      return CliError{error};
    }
  }

  switch (mode) {
    case Mode::kWindow:
      return Command{WindowCommand{values.section, values.fullscreen, values.frames, values.loads,
                                   values.scene, values.matmul.prompt, values.model}};
    case Mode::kList:
      return Command{ListCommand{values.scene}};
    case Mode::kStill: {
      for (const auto& [flag, usage] :
           {std::pair{Flag::kSection, "--section ID"}, std::pair{Flag::kTime, "--time S"},
            std::pair{Flag::kOut, "--out FILE.png"}}) {
        if (std::string error = requireFlag(values, mode, flag, usage); !error.empty()) {
          return CliError{error};
        }
      }
      return Command{StillCommand{values.section, values.time, values.out, values.size,
                                  values.loads, values.matmul, values.scene, values.model}};
    }
    case Mode::kRender: {
      for (const auto& [flag, usage] :
           {std::pair{Flag::kSection, "--section ID"},
            std::pair{values.video.empty() ? Flag::kOut : Flag::kSection, "--out DIR"}}) {
        if (std::string error = requireFlag(values, mode, flag, usage); !error.empty()) {
          return CliError{error};
        }
      }
      if (values.from && values.to && *values.from > *values.to) {
        return CliError{"--from " + std::string(values.fromText) + " is after --to " +
                        std::string(values.toText)};
      }
      if (values.transparent && !values.video.empty()) {
        return CliError{"--transparent: an MP4 (--video) has no transparency; use PNG frames"};
      }
      // The supersampled frame is what gets rendered: it obeys --size's limits, per dimension
      // (a 7680x1 frame at --ssaa 4 would be 30720 pixels wide, past most GPUs' textures).
      const long width = static_cast<long>(values.size.width) * values.ssaa;
      const long height = static_cast<long>(values.size.height) * values.ssaa;
      if (width > kMaxWidth || height > kMaxHeight) {
        return CliError{"--ssaa: " + std::to_string(values.ssaa) + " x " +
                        std::to_string(values.size.width) + "x" +
                        std::to_string(values.size.height) + " renders " + std::to_string(width) +
                        "x" + std::to_string(height) + ", larger than " +
                        std::to_string(kMaxWidth) + "x" + std::to_string(kMaxHeight)};
      }
      return Command{RenderCommand{values.section, values.out, values.size, values.fps, values.from,
                                   values.to, values.loads, values.ssaa, values.transparent,
                                   values.resume, values.video, values.matmul, values.scene,
                                   values.model}};
    }
    case Mode::kModel: {
      if (values.matmul.prompt && values.model.tokens)
        return CliError{"--prompt and --tokens: give one or the other"};
      if (!values.matmul.prompt && !values.model.tokens)
        return CliError{"model: give the prompt, as --prompt TEXT or --tokens 1,2,3"};
      return Command{ModelCommand{values.model, values.matmul.prompt, values.dump}};
    }
    case Mode::kBench: {
      BenchCommand bench{
          .size = values.size, .prompt = values.matmul.prompt, .model = values.model};
      if (values.has(Flag::kSection)) bench.section = values.section;
      if (values.has(Flag::kFrames)) bench.frames = values.frames;
      return Command{bench};
    }
  }
  return CliError{"internal error: unknown mode"};
}

bool validPrompt(std::string_view prompt) {
  bool digits = !prompt.empty() && prompt.size() <= static_cast<size_t>(kMaxPromptDigits);
  for (char c : prompt) digits = digits && c >= '0' && c <= '9';
  return digits;
}

std::string helpText() {
  return R"(tfviz: a real-time visualizer that explains transformers.

Usage:
  tfviz [--scene FILE.py] [--section ID] [--fullscreen] [--frames N] [MODEL]
  tfviz list [--scene FILE.py]
  tfviz still --section ID --time S --out FILE.png [--size WxH] [MATMUL | MODEL]
  tfviz render --section ID|all --out DIR [--size WxH] [--fps N] [--from S] [--to S]
               [--ssaa N] [--transparent] [--resume] [--video OUT.mp4] [MATMUL | MODEL]
  tfviz bench [--section ID|all] [--size WxH] [--frames N] [MODEL]
  tfviz model [--weights FILE] [--vocab FILE] (--prompt TEXT | --tokens 1,2,3) [--dump DIR]
  tfviz encode DIR/ID [OUT.mp4] [--fps N]
  tfviz --help | --version

Without a command, tfviz opens the interactive window:
  --section ID      start at this section (default: the first section)
  --fullscreen      start in fullscreen
  --frames N        quit after N frames, for smoke tests (default: run until closed)
  --load [KIND=]FILE  your own tensors for the matmul explainer, from NumPy .npy (float32,
                    float64, int32, int64; C order) or CSV: KIND is hidden (the default:
                    hidden states, one row per token), table (the token table), wq, wk or wv
                    (nn.Linear weights, out x in). Repeat for several; also for still/render
  --scene FILE.py   the sections a Python scene file defines (README "Write your own scene"),
                    before the built-in ones; the window rebuilds them each time FILE is saved.
                    Also for list, still and render

Commands (these never open a window):
  list              print one tab-separated line per section:
                    id, title, duration in seconds, number of beats
  still             render one frame of a section to a PNG file
    --section ID      the section (required)
    --time S          seconds into the section, >= 0 (required)
    --out FILE.png    the file to write; must end in .png (required)
    --size WxH        image size in pixels (default 1920x1080, at most 7680x4320)
  render            render a section's frames to DIR/ID/frame_000000.png, frame_000001.png, ...
                    (frame k shows t = from + k/fps) and write DIR/manifest.json
                    (image size, fps and frame count)
    --section ID      the section (required)
    --out DIR         the output directory (required)
    --size WxH        image size in pixels (default 1920x1080, at most 7680x4320)
    --fps N           frames per second, 1 to 240 (default 60)
    --from S          first time in seconds, >= 0 (default 0)
    --to S            last time in seconds, >= --from (default: the end of the section)
    --ssaa N          supersample: render N times larger and average down (1-4, default 1;
                      N x WxH at most 7680x4320)
    --transparent     RGBA PNGs with a transparent background
    --resume          keep the frames an interrupted run already wrote, make the rest
    --video OUT.mp4   write one H.264 MP4 (yuv420p, libx264 or NVENC) instead of PNGs
                    --section all renders every section into DIR/<id>/; identical frames are
                    hard-linked, not encoded again; DIR/manifest.json lists every section's
                    frames, fps, size and the frame index of every beat
  MATMUL            the inspector's settings of the matmul explainer, for still and render with
                    --section matmul (any other section refuses them):
    --prompt DIGITS   the prompt, 1 to 8 digits 0-9, one token each (default 012)
    --no-scale        do not divide the scores by the square root of d_k
    --causal          add the causal mask (a token sees only itself and earlier ones)
    --temperature T   softmax temperature, 0.01 to 100 (default 1)
  MODEL             what the model section shows (also in the window, where --prompt or
                    --weights alone open it):
    --weights FILE    a GPT of nanoGPT's architecture, .npz or .safetensors (README "A real
                      model"; default: the small model shipped with tfviz)
    --vocab FILE      its vocabulary, one token per line (default: the shipped one, with the
                      shipped weights)
    --prompt TEXT     the prompt, words of the vocabulary separated by spaces
    --tokens 1,2,3    the prompt as token ids
  model             print the model's next-token distribution for the prompt, one
                    `token<TAB>probability` line each, most likely first (MODEL flags)
    --dump DIR        also write every intermediate tensor of the pass as DIR/<name>.npy
  bench             print, per section, the median and 95th-percentile frame render time, and
                    the export throughput with and without PNG encoding, and as an MP4
    --section ID|all  (default all)   --size WxH (default 1920x1080)   --frames N (default 120)
                    MODEL flags choose the model section's model
  encode            turn a rendered section's PNG frames (DIR/ID) into an MP4 (default
                    DIR/ID.mp4) at the fps in DIR/manifest.json; decodes only what changed
    --fps N           the frame rate, when there is no manifest (default 60)

Options:
  -h, --help        show this help and exit
  --version         print the version and exit

Section ids come from `tfviz list`. Times are seconds and may have decimals (1.5).
Every option also accepts the form --flag=value (e.g. --size=1280x720).

Window keys (? in the window shows them too):
)" + keyHelpText() +
         R"(  Click a product entry to see where it comes from.

Exit codes:
  0  success
  1  runtime failure (e.g. a file cannot be written, OpenGL is unavailable)
  2  bad input (unknown command or option, bad value, unknown section)
)";
}

}  // namespace tfviz
