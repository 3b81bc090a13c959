// Unit tests for the command-line parser (src/app/cli.cpp): commands, defaults, every flag,
// --flag=value, and one-line errors that name the flag.
#include <doctest/doctest.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "app/cli.hpp"
#include "app/matmul_settings.hpp"

namespace tfviz {
namespace {

ParseResult parse(std::initializer_list<std::string_view> args) {
  const std::vector<std::string_view> list(args);
  return parseCommandLine(list);
}

template <typename T>
T parseAs(std::initializer_list<std::string_view> args) {
  const ParseResult result = parse(args);
  if (const auto* error = std::get_if<CliError>(&result)) {
    FAIL("unexpected error: " << error->message);
  }
  const Command& command = std::get<Command>(result);
  REQUIRE(std::holds_alternative<T>(command));
  return std::get<T>(command);
}

std::string errorOf(std::initializer_list<std::string_view> args) {
  const ParseResult result = parse(args);
  const auto* error = std::get_if<CliError>(&result);
  REQUIRE_MESSAGE(error != nullptr, "expected a CliError");
  CHECK(error->message.find('\n') == std::string::npos);
  CHECK(!error->message.empty());
  return error->message;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("cli: no arguments opens the window with defaults") {
  const auto window = parseAs<WindowCommand>({});
  CHECK(window.section.empty());
  CHECK_FALSE(window.fullscreen);
  CHECK(window.quitAfterFrames == -1);
}

TEST_CASE("cli: window flags") {
  const auto window =
      parseAs<WindowCommand>({"--section", "matmul", "--fullscreen", "--frames", "30"});
  CHECK(window.section == "matmul");
  CHECK(window.fullscreen);
  CHECK(window.quitAfterFrames == 30);

  const auto inlined = parseAs<WindowCommand>({"--section=attention", "--frames=5"});
  CHECK(inlined.section == "attention");
  CHECK_FALSE(inlined.fullscreen);
  CHECK(inlined.quitAfterFrames == 5);
}

TEST_CASE("cli: help and version") {
  parseAs<HelpCommand>({"--help"});
  parseAs<HelpCommand>({"-h"});
  parseAs<HelpCommand>({"still", "--section", "x", "--help"});
  parseAs<HelpCommand>({"render", "--bogus", "--help"});  // --help wins over errors
  parseAs<HelpCommand>({"nonsense", "-h"});
  parseAs<VersionCommand>({"--version"});
  parseAs<VersionCommand>({"list", "--version"});
  CHECK(contains(errorOf({"--help=1"}), "--help"));
  CHECK(contains(errorOf({"--version=2"}), "--version"));
}

TEST_CASE("cli: list") {
  parseAs<ListCommand>({"list"});
  CHECK(errorOf({"list", "--size", "10x10"}) == "--size is not an option of 'list'");
  CHECK(contains(errorOf({"list", "extra"}), "'extra'"));
}

TEST_CASE("cli: still with defaults and all flags") {
  const auto still =
      parseAs<StillCommand>({"still", "--section", "matmul", "--time", "1.5", "--out", "a.png"});
  CHECK(still.section == "matmul");
  CHECK(still.time == 1.5);
  CHECK(still.out == "a.png");
  CHECK(still.size == FrameSize{1920, 1080});

  const auto full = parseAs<StillCommand>(
      {"still", "--size", "640x360", "--out", "dir/SHOT.PNG", "--time", "0", "--section", "s"});
  CHECK(full.size == FrameSize{640, 360});
  CHECK(full.out == "dir/SHOT.PNG");
  CHECK(full.time == 0);

  const auto inlined = parseAs<StillCommand>(
      {"still", "--section=s", "--time=2e1", "--out=x.Png", "--size=7680x4320"});
  CHECK(inlined.section == "s");
  CHECK(inlined.time == 20);
  CHECK(inlined.out == "x.Png");
  CHECK(inlined.size == FrameSize{7680, 4320});
}

TEST_CASE("cli: render with defaults and all flags") {
  const auto render = parseAs<RenderCommand>({"render", "--section", "matmul", "--out", "frames"});
  CHECK(render.section == "matmul");
  CHECK(render.outDir == "frames");
  CHECK(render.size == FrameSize{1920, 1080});
  CHECK(render.fps == 60);
  CHECK_FALSE(render.from.has_value());
  CHECK_FALSE(render.to.has_value());

  const auto full =
      parseAs<RenderCommand>({"render", "--section", "a", "--out", "o", "--size", "320X200",
                              "--fps", "240", "--from", "1", "--to", "2.25"});
  CHECK(full.size == FrameSize{320, 200});
  CHECK(full.fps == 240);
  REQUIRE(full.from.has_value());
  REQUIRE(full.to.has_value());
  CHECK(*full.from == 1);
  CHECK(*full.to == 2.25);

  const auto inlined =
      parseAs<RenderCommand>({"render", "--section=a", "--out=o", "--fps=1", "--from=3", "--to=3"});
  CHECK(inlined.fps == 1);
  CHECK(*inlined.from == 3);
  CHECK(*inlined.to == 3);

  const auto onlyTo =
      parseAs<RenderCommand>({"render", "--section", "a", "--out", "o", "--to", "4"});
  CHECK_FALSE(onlyTo.from.has_value());
  CHECK(*onlyTo.to == 4);
}

TEST_CASE("cli: parseFrameSize") {
  CHECK(parseFrameSize("1x1") == FrameSize{1, 1});
  CHECK(parseFrameSize("1280x720") == FrameSize{1280, 720});
  CHECK(parseFrameSize("1280X720") == FrameSize{1280, 720});
  CHECK(parseFrameSize("1280\xC3\x97"
                       "720") == FrameSize{1280, 720});
  CHECK(parseFrameSize("7680x4320") == FrameSize{7680, 4320});
  for (std::string_view bad :
       {"", "x", "0x100", "100x0", "7681x100", "100x4321", "-1x5", "+1x5", "12", "12x", "x12",
        "1x2x3", " 1x2", "1x2 ", "1.5x2", "axb", "99999999999x1"}) {
    CAPTURE(bad);
    CHECK_FALSE(parseFrameSize(bad).has_value());
  }
}

TEST_CASE("cli: --size errors name the flag and the value") {
  CHECK(errorOf({"still", "--section", "s", "--time", "1", "--out", "a.png", "--size", "0x100"}) ==
        "--size: expected WxH with 1 <= W <= 7680 and 1 <= H <= 4320, got '0x100'");
  CHECK(
      contains(errorOf({"render", "--section", "s", "--out", "o", "--size", "7681x10"}), "--size"));
  CHECK(contains(errorOf({"render", "--section", "s", "--out", "o", "--size=10x4321"}), "--size"));
  CHECK(contains(errorOf({"render", "--section", "s", "--out", "o", "--size", "big"}), "'big'"));
}

TEST_CASE("cli: numbers are parsed strictly") {
  for (std::string_view bad : {"abc", "1.5x", "nan", "NaN", "inf", "-inf", "infinity", "", "1 ",
                               " 1", "0x10", "1e999", "--", "+1"}) {
    CAPTURE(bad);
    const std::string value = "--time=" + std::string(bad);
    CHECK(contains(errorOf({"still", "--section", "s", "--out", "a.png", value}), "--time"));
  }
  for (std::string_view bad : {"60.0", "6e1", "abc", "", "1x", "99999999999"}) {
    CAPTURE(bad);
    const std::string value = "--fps=" + std::string(bad);
    CHECK(contains(errorOf({"render", "--section", "s", "--out", "o", value}), "--fps"));
  }
  for (std::string_view bad : {"0", "-1", "1.5", "x"}) {
    CAPTURE(bad);
    const std::string value = "--frames=" + std::string(bad);
    CHECK(contains(errorOf({value}), "--frames"));
  }
}

TEST_CASE("cli: fps range") {
  CHECK(errorOf({"render", "--section", "s", "--out", "o", "--fps", "0"}) ==
        "--fps: expected a whole number from 1 to 240, got '0'");
  CHECK(contains(errorOf({"render", "--section", "s", "--out", "o", "--fps", "-5"}), "--fps"));
  CHECK(contains(errorOf({"render", "--section", "s", "--out", "o", "--fps", "241"}), "'241'"));
}

TEST_CASE("cli: negative times") {
  CHECK(errorOf({"still", "--section", "s", "--time", "-1", "--out", "a.png"}) ==
        "--time: expected a number of seconds >= 0, got '-1'");
  CHECK(contains(errorOf({"render", "--section", "s", "--out", "o", "--from", "-0.5"}), "--from"));
  CHECK(contains(errorOf({"render", "--section", "s", "--out", "o", "--to=-2"}), "--to"));
  // -0 is zero, not negative.
  CHECK(parseAs<StillCommand>({"still", "--section", "s", "--time", "-0", "--out", "a.png"}).time ==
        0);
}

TEST_CASE("cli: --from after --to") {
  const std::string message =
      errorOf({"render", "--section", "s", "--out", "o", "--from", "5", "--to", "3"});
  CHECK(message == "--from 5 is after --to 3");
}

TEST_CASE("cli: missing values") {
  CHECK(errorOf({"--section"}) == "--section: missing value");
  CHECK(errorOf({"still", "--section", "s", "--out", "a.png", "--time"}) ==
        "--time: missing value");
  CHECK(errorOf({"render", "--out", "--section", "s"}) == "--out: missing value");
  CHECK(contains(errorOf({"--section="}), "--section"));
  CHECK(contains(errorOf({"render", "--section", "s", "--out="}), "--out"));
}

TEST_CASE("cli: missing required flags") {
  CHECK(errorOf({"still", "--time", "1", "--out", "a.png"}) ==
        "--section ID is required for 'still'");
  CHECK(contains(errorOf({"still", "--section", "s", "--out", "a.png"}), "--time"));
  CHECK(contains(errorOf({"still", "--section", "s", "--time", "1"}), "--out"));
  CHECK(contains(errorOf({"still"}), "--section"));
  CHECK(contains(errorOf({"render", "--out", "o"}), "--section"));
  CHECK(contains(errorOf({"render", "--section", "s"}), "--out"));
}

TEST_CASE("cli: duplicated flags") {
  CHECK(errorOf({"--fullscreen", "--fullscreen"}) == "--fullscreen given more than once");
  CHECK(
      contains(errorOf({"still", "--section", "a", "--section=b", "--time", "1", "--out", "a.png"}),
               "--section"));
  CHECK(contains(errorOf({"render", "--section", "s", "--out", "o", "--fps", "30", "--fps", "30"}),
                 "--fps"));
}

TEST_CASE("cli: still --out must be a PNG file") {
  CHECK(errorOf({"still", "--section", "s", "--time", "1", "--out", "a.jpg"}) ==
        "--out: expected a file name ending in .png, got 'a.jpg'");
  for (std::string_view bad : {"png", ".png", "dir/.png", "a.png.tmp", "apng", ""}) {
    CAPTURE(bad);
    const std::string value = "--out=" + std::string(bad);
    CHECK(contains(errorOf({"still", "--section", "s", "--time", "1", value}), "--out"));
  }
  // render's --out is a directory: no suffix needed.
  CHECK(parseAs<RenderCommand>({"render", "--section", "s", "--out", "out.d"}).outDir == "out.d");
}

TEST_CASE("cli: flags belong to their command") {
  CHECK(errorOf({"still", "--section", "s", "--time", "1", "--out", "a.png", "--fps", "30"}) ==
        "--fps is not an option of 'still'");
  CHECK(contains(errorOf({"still", "--fullscreen"}), "--fullscreen is not an option of 'still'"));
  CHECK(contains(errorOf({"render", "--time", "1"}), "--time is not an option of 'render'"));
  CHECK(contains(errorOf({"render", "--frames", "1"}), "--frames"));
  CHECK(contains(errorOf({"--fps", "30"}), "--fps is not an option of the window"));
  CHECK(contains(errorOf({"--out", "x"}), "--out"));
}

TEST_CASE("cli: unknown options, commands and arguments") {
  CHECK(contains(errorOf({"--bogus"}), "'--bogus'"));
  CHECK(contains(errorOf({"still", "--bogus=3"}), "'--bogus'"));
  CHECK(contains(errorOf({"-x"}), "'-x'"));
  CHECK(contains(errorOf({"--fullscreen=yes"}), "--fullscreen takes no value"));
  CHECK(contains(errorOf({"paint"}), "unknown command 'paint'"));
  CHECK(contains(errorOf({"--fullscreen", "list"}), "'list'"));
  CHECK(contains(errorOf({"render", "--section", "s", "--out", "o", "stray"}), "'stray'"));
  CHECK(contains(errorOf({"--"}), "'--'"));
  // Control characters in values are escaped so the message stays on one line.
  CHECK(contains(errorOf({"--frames", "1\n2"}), "'1\\n2'"));
}

TEST_CASE("cli: help text documents commands, flags, defaults, exit codes and keys") {
  const std::string help = helpText();
  for (std::string_view part : {"tfviz list",
                                "tfviz still",
                                "tfviz render",
                                "--section",
                                "--fullscreen",
                                "--frames",
                                "--time",
                                "--out",
                                "--size",
                                "--fps",
                                "--from",
                                "--to",
                                "--help",
                                "--version",
                                "1920x1080",
                                "7680x4320",
                                "60",
                                "240",
                                "frame_000000.png",
                                "manifest.json",
                                "--flag=value",
                                "Exit codes",
                                "0",
                                "1",
                                "2",
                                "Right",
                                "Space",
                                "PageDown",
                                "Left",
                                "PageUp",
                                "Home",
                                "End",
                                "play / pause",
                                "H ",
                                "F ",
                                "Q, Escape",
                                "`tfviz list`"}) {
    CAPTURE(part);
    CHECK(contains(help, part));
  }
  CHECK(help.back() == '\n');
}

TEST_CASE("cli: errors never point to the help themselves (main adds it once)") {
  for (const auto& args : std::vector<std::vector<std::string_view>>{
           {"paint"},
           {"--bogus"},
           {"-x"},
           {"still", "--bogus=3"},
           {"render", "--section", "s", "--out", "o", "stray"},
           {"--fullscreen", "list"},
           {"--fps", "30"},
           {"still"},
           {"render", "--section", "a", "--out", "o", "--ssaa", "9"}}) {
    const ParseResult result = parseCommandLine(args);
    const auto* error = std::get_if<CliError>(&result);
    REQUIRE(error != nullptr);
    CAPTURE(error->message);
    CHECK(error->message.find("--help") == std::string::npos);
  }
  CHECK(kSeeHelp == "(see tfviz --help)");
}

TEST_CASE("cli: --ssaa x --size stays within 7680x4320 in each dimension") {
  const auto render = [](std::string_view size, std::string_view ssaa) {
    const std::vector<std::string_view> args{"render", "--section", "a",      "--out", "o",
                                             "--size", size,        "--ssaa", ssaa};
    return parseCommandLine(args);
  };
  CHECK(std::holds_alternative<Command>(render("1920x1080", "4")));
  CHECK(std::holds_alternative<Command>(render("3840x2160", "2")));
  CHECK(std::holds_alternative<Command>(render("2560x1440", "3")));
  const ParseResult tooWide = render("1921x1080", "4");
  REQUIRE(std::holds_alternative<CliError>(tooWide));
  CHECK(std::get<CliError>(tooWide).message ==
        "--ssaa: 4 x 1921x1080 renders 7684x4320, larger than 7680x4320");
  // Few pixels, but 30720 wide: refused too.
  const ParseResult strip = render("7680x1", "4");
  REQUIRE(std::holds_alternative<CliError>(strip));
  CHECK(std::get<CliError>(strip).message.find("30720x4") != std::string::npos);
  CHECK(std::holds_alternative<CliError>(render("1x4320", "2")));
}


TEST_CASE("cli: the matmul inspector's settings for still and render") {
  const auto plain =
      parseAs<StillCommand>({"still", "--section", "matmul", "--time", "1", "--out", "a.png"});
  CHECK(plain.matmul == MatmulFlags{});
  CHECK(plain.matmul.firstFlag().empty());

  const auto still =
      parseAs<StillCommand>({"still", "--section", "matmul", "--time", "1", "--out", "a.png",
                             "--prompt", "0123", "--no-scale", "--causal", "--temperature", "0.5"});
  REQUIRE(still.matmul.prompt.has_value());
  CHECK(*still.matmul.prompt == "0123");
  CHECK(still.matmul.noScale);
  CHECK(still.matmul.causal);
  REQUIRE(still.matmul.temperature.has_value());
  CHECK(*still.matmul.temperature == 0.5);
  CHECK(still.matmul.firstFlag() == "--prompt");

  const auto render = parseAs<RenderCommand>(
      {"render", "--section", "matmul", "--out", "o", "--causal", "--temperature=2"});
  CHECK(render.matmul.causal);
  CHECK_FALSE(render.matmul.noScale);
  CHECK_FALSE(render.matmul.prompt.has_value());
  CHECK(*render.matmul.temperature == 2);
  CHECK(render.matmul.firstFlag() == "--causal");
  const auto edges = parseAs<RenderCommand>(
      {"render", "--section", "matmul", "--out", "o", "--prompt=98765432", "--temperature", "100"});
  CHECK(*edges.matmul.prompt == "98765432");
  CHECK(parseAs<RenderCommand>({"render", "--section=matmul", "--out=o", "--temperature=0.01"})
            .matmul.temperature == 0.01);
}

TEST_CASE("cli: bad matmul settings are one line naming the flag") {
  auto still = [](std::string_view flag, std::string_view value) {
    return errorOf({"still", "--section", "matmul", "--time", "1", "--out", "a.png", flag, value});
  };
  for (std::string_view bad : {"0", "-1", "abc", "1e999", "nan", "inf", "0.001", "101", ""}) {
    CAPTURE(bad);
    const std::string e = still("--temperature", bad);
    CHECK(e.rfind("--temperature: expected a number from 0.01 to 100", 0) == 0);
  }
  CHECK(still("--prompt", "").rfind("--prompt: expected a prompt", 0) == 0);
  // The explainer's digits rule is the section's (the model section takes words): checked when
  // the flags are applied to the matmul section.
  for (std::string_view bad : {"01a", "123456789", "-1", "1 2", "\xD9\xA1"}) {
    CAPTURE(bad);
    SectionInputs settings;
    const auto e = applyMatmulFlags(settings, MatmulFlags{.prompt = std::string(bad)}, "matmul");
    REQUIRE(e);
    CHECK(e->rfind("--prompt: expected 1 to 8 digits 0-9", 0) == 0);
  }
  CHECK(contains(errorOf({"still", "--no-scale=1"}), "--no-scale takes no value"));
  CHECK(contains(errorOf({"render", "--causal", "--causal"}), "--causal given more than once"));
  CHECK(errorOf({"--causal"}) == "--causal is not an option of the window (no command)");
  CHECK(errorOf({"bench", "--causal"}) == "--causal is not an option of 'bench'");
  CHECK(contains(errorOf({"render", "--section", "matmul", "--out", "o", "--temperature"}),
                 "--temperature: missing value"));
}

TEST_CASE("cli: help documents the matmul settings") {
  const std::string help = helpText();
  for (std::string_view part :
       {"--prompt DIGITS", "--no-scale", "--causal", "--temperature T", "0.01 to 100"}) {
    CAPTURE(part);
    CHECK(contains(help, part));
  }
}

}  // namespace tfviz
