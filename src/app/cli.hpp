// Command-line parsing: argv to a Command, or one error line. Pure, no I/O; checks syntax and
// ranges that need no section (sizes, fps). Section ids and times are checked in commands.cpp.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tfviz {

inline constexpr int kMaxWidth = 7680;
inline constexpr int kMaxHeight = 4320;

struct FrameSize {
  int width = 1920;
  int height = 1080;
  bool operator==(const FrameSize&) const = default;
};

// The matmul explainer's inspector settings given on the command line (still and render):
// `--prompt DIGITS`, `--no-scale`, `--causal`, `--temperature T`. Unset ones keep the section's
// defaults (prompt "012", scaled, no mask, temperature 1).
inline constexpr int kMaxPromptDigits = 8;  // as many tokens as the explainer's rows hold
// Whether a prompt is 1 to kMaxPromptDigits digits 0-9 (one token each): --prompt and the
// inspector use this one rule.
bool validPrompt(std::string_view prompt);
// The kinds of tensor file --load and the inspector take, in the order the inspector lists them;
// the first is what a FILE without KIND= is.
inline constexpr std::array<const char*, 5> kLoadKinds = {"hidden", "table", "wq", "wk", "wv"};
bool isLoadKind(std::string_view kind);
// "hidden, table, wq, wk, wv", for messages.
std::string loadKindList();
inline constexpr double kMinTemperature = 0.01;
inline constexpr double kMaxTemperature = 100;
struct MatmulFlags {
  std::optional<std::string> prompt;
  bool noScale = false;
  bool causal = false;
  std::optional<double> temperature;
  // The first flag given ("--prompt"), or empty when none was.
  std::string firstFlag() const;
  bool operator==(const MatmulFlags&) const = default;
};

// The model section's inputs, and `tfviz model`'s (with the prompt, which is --prompt: words,
// through the vocabulary; the explainer's --prompt is digits): --weights FILE (.npz or
// .safetensors; default: the model shipped with tfviz), --vocab FILE (one token per line; default:
// the shipped vocabulary with the shipped weights, none with others), --tokens 1,2,3 (the prompt
// as token ids).
struct ModelFlags {
  std::optional<std::string> weights;
  std::optional<std::string> vocab;
  std::optional<std::vector<int>> tokens;
  bool any() const { return weights || vocab || tokens; }
  bool operator==(const ModelFlags&) const = default;
};

// `tfviz [--section ID] [--fullscreen] [--frames N]`: the interactive window.
struct WindowCommand {
  std::string section;  // empty: the first section
  bool fullscreen = false;
  int quitAfterFrames = -1;  // --frames N: quit after N frames (smoke tests); -1 runs until closed
  std::vector<std::string> loads;     // --load [KIND=]FILE, in order
  std::string scene;                  // --scene FILE.py: its sections first (empty: none)
  std::optional<std::string> prompt;  // the model section's prompt (words)
  ModelFlags model{};
};
struct HelpCommand {};
struct VersionCommand {};
// `tfviz list [--scene FILE.py]`
struct ListCommand {
  std::string scene;
};
// `tfviz still --section ID --time S --out FILE.png [--size WxH] [matmul flags]`
struct StillCommand {
  std::string section;
  double time = 0;
  std::string out;
  FrameSize size{};
  std::vector<std::string> loads;
  MatmulFlags matmul{};
  std::string scene;
  ModelFlags model{};
};
// `tfviz render --section ID|all --out DIR [--size WxH] [--fps N] [--from S] [--to S]
//  [--ssaa N] [--transparent] [--resume] [--video OUT.mp4] [matmul flags]`
struct RenderCommand {
  std::string section;  // "all": every section, in order
  std::string outDir;
  FrameSize size{};
  int fps = 60;
  std::optional<double> from;  // default: 0
  std::optional<double> to;    // default: the section's duration
  std::vector<std::string> loads;
  int ssaa = 1;              // supersampling factor, 1..4
  bool transparent = false;  // RGBA PNGs with a transparent background
  bool resume = false;       // keep frames already written by an interrupted run
  std::string video;         // encode the frames into this MP4 instead of PNGs
  MatmulFlags matmul{};
  std::string scene;
  ModelFlags model{};
};

// `tfviz model [--weights FILE] [--vocab FILE] (--prompt TEXT | --tokens 1,2,3) [--dump DIR]`:
// the next-token distribution, one `token<TAB>probability` line each, most likely first; --dump
// writes every intermediate tensor as .npy.
struct ModelCommand {
  ModelFlags model;
  std::optional<std::string> prompt;
  std::string dump;
};

// `tfviz encode DIR/ID [OUT.mp4] [--fps N]`: rendered PNG frames as an MP4.
struct EncodeCommand {
  std::string frames;  // the folder of frame_000000.png ...
  std::string out;     // default: frames + ".mp4"
  int fps = 0;         // 0: the manifest's (60 without one)
};

// `tfviz bench [--section ID|all] [--size WxH] [--frames N]`
struct BenchCommand {
  std::string section = "all";
  FrameSize size{};
  int frames = 120;                   // frames timed per section
  std::optional<std::string> prompt;  // the model section's (words)
  ModelFlags model{};
};

using Command = std::variant<WindowCommand, HelpCommand, VersionCommand, ListCommand, StillCommand,
                             RenderCommand, BenchCommand, EncodeCommand, ModelCommand>;

struct CliError {
  // One line, no trailing newline, names the flag and what was wrong. It never points to the
  // help itself: main() appends kSeeHelp once.
  std::string message;
};

inline constexpr std::string_view kSeeHelp = "(see tfviz --help)";

using ParseResult = std::variant<Command, CliError>;

// args excludes argv[0].
ParseResult parseCommandLine(std::span<const std::string_view> args);

// Parses "WxH" (also accepts "W×H" and "WXH"); rejects 0, negatives and sizes over 7680x4320.
std::optional<FrameSize> parseFrameSize(std::string_view text);

// The text `tfviz --help` prints.
std::string helpText();

}  // namespace tfviz
