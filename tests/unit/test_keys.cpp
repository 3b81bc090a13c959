// The key table (app/keys.hpp): what key presses mean, section numbers, and the README and
// `tfviz --help` saying the same as the window.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "app/cli.hpp"
#include "app/keys.hpp"

namespace tfviz {
namespace {

using Kind = ui::Command::Kind;

Kind commandOf(int key, bool repeat = false, int mods = 0) {
  const auto e = keyEvent(key, repeat, mods);
  REQUIRE(e.has_value());
  REQUIRE(e->type == KeyEvent::Type::Command);
  return e->command.kind;
}

// The key column of the README's "Keys (in the window)" table, row by row.
std::vector<std::string> readmeKeyColumn() {
  std::ifstream in(TFVIZ_README);
  REQUIRE(in.good());
  std::vector<std::string> keys;
  std::string line;
  bool inSection = false;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) inSection = line == "## Keys (in the window)";
    if (!inSection || line.rfind("| ", 0) != 0 || line.rfind("| key |", 0) == 0) continue;
    const size_t end = line.find(" |", 2);
    keys.push_back(line.substr(2, end - 2));
  }
  return keys;
}

}  // namespace

TEST_CASE("keys: the table turns presses into the window's commands") {
  CHECK(commandOf(GLFW_KEY_RIGHT) == Kind::NextBeat);
  CHECK(commandOf(GLFW_KEY_SPACE) == Kind::NextBeat);
  CHECK(commandOf(GLFW_KEY_PAGE_DOWN) == Kind::NextBeat);
  CHECK(commandOf(GLFW_KEY_LEFT) == Kind::PreviousBeat);
  CHECK(commandOf(GLFW_KEY_LEFT, false, GLFW_MOD_SHIFT) == Kind::PlayBackToPreviousBeat);
  CHECK(commandOf(GLFW_KEY_PAGE_UP, false, GLFW_MOD_SHIFT) == Kind::PreviousBeat);
  CHECK(commandOf(GLFW_KEY_RIGHT_BRACKET) == Kind::NextSection);
  CHECK(commandOf(GLFW_KEY_LEFT_BRACKET) == Kind::PreviousSection);
  CHECK(commandOf(GLFW_KEY_HOME) == Kind::Home);
  CHECK(commandOf(GLFW_KEY_END) == Kind::End);
  CHECK(commandOf(GLFW_KEY_P) == Kind::TogglePlay);
  CHECK(commandOf(GLFW_KEY_SLASH, false, GLFW_MOD_SHIFT) == Kind::ToggleHelp);  // '?'
  CHECK(commandOf(GLFW_KEY_ESCAPE) == Kind::Quit);
  CHECK_FALSE(keyEvent(GLFW_KEY_X, false, 0).has_value());
}

TEST_CASE("keys: held stepping keys repeat, toggles and digits do not") {
  CHECK(commandOf(GLFW_KEY_RIGHT, true) == Kind::NextBeat);
  CHECK(commandOf(GLFW_KEY_LEFT, true, GLFW_MOD_SHIFT) == Kind::PlayBackToPreviousBeat);
  for (int key : {GLFW_KEY_P, GLFW_KEY_B, GLFW_KEY_H, GLFW_KEY_F, GLFW_KEY_S, GLFW_KEY_W,
                  GLFW_KEY_SLASH, GLFW_KEY_3, GLFW_KEY_ENTER}) {
    CAPTURE(key);
    CHECK_FALSE(keyEvent(key, true, 0).has_value());
  }
  const auto backspace = keyEvent(GLFW_KEY_BACKSPACE, true, 0);
  REQUIRE(backspace.has_value());
  CHECK(backspace->type == KeyEvent::Type::Backspace);
}

TEST_CASE("keys: a section number typed, then Enter") {
  const std::vector<std::string> ids = {"title",    "s01-one-hot", "s02-dot-product",
                                        "s12-arch", "recap",       "matmul"};
  SectionNumberEntry entry;
  auto press = [&](int key) { return entry.apply(*keyEvent(key, false, 0), ids); };
  CHECK_FALSE(press(GLFW_KEY_1).has_value());
  CHECK_FALSE(press(GLFW_KEY_KP_2).has_value());
  CHECK(entry.digits() == "12");
  auto entered = press(GLFW_KEY_ENTER);
  REQUIRE(entered.has_value());
  CHECK(entered->number == "12");
  CHECK(entered->index == 3);  // "s12-" wins over the twelfth position
  CHECK(entry.digits().empty());

  // Backspace takes a digit back; at most three digits are kept.
  for (int key : {GLFW_KEY_9, GLFW_KEY_BACKSPACE, GLFW_KEY_6, GLFW_KEY_7, GLFW_KEY_7, GLFW_KEY_7})
    press(key);
  CHECK(entry.digits() == "677");
  entered = press(GLFW_KEY_KP_ENTER);
  REQUIRE(entered.has_value());
  CHECK(entered->index == -1);  // no section 677: the window says so

  press(GLFW_KEY_6);
  entered = press(GLFW_KEY_ENTER);
  REQUIRE(entered.has_value());
  CHECK(entered->index == 5);                      // no "s06-" here: the sixth in the list
  CHECK_FALSE(press(GLFW_KEY_ENTER).has_value());  // Enter with nothing typed does nothing
}

TEST_CASE("keys: sectionForNumber") {
  const std::vector<std::string> ids = {"title", "s01-a", "s03-c", "recap"};
  CHECK(sectionForNumber(ids, 3) == 2);
  CHECK(sectionForNumber(ids, 1) == 1);
  CHECK(sectionForNumber(ids, 4) == 3);  // by position
  CHECK(sectionForNumber(ids, 0) == -1);
  CHECK(sectionForNumber(ids, 5) == -1);
}

TEST_CASE("keys: every bound key is in one row only, and every row binds a key") {
  std::vector<std::pair<int, KeyBinding::Shift>> seen;
  for (const KeyRow& row : keyTable()) {
    CAPTURE(row.keys);
    CHECK_FALSE(row.bindings.empty());
    for (const KeyBinding& b : row.bindings) {
      for (const auto& [key, shift] : seen) {
        const bool overlap =
            key == b.key && (shift == KeyBinding::Shift::Any || b.shift == KeyBinding::Shift::Any ||
                             shift == b.shift);
        CHECK_FALSE(overlap);
      }
      seen.emplace_back(b.key, b.shift);
    }
  }
}

TEST_CASE("keys: the README's key table and --help list the table's rows, in order") {
  std::vector<std::string> table;
  for (const KeyRow& row : keyTable()) table.push_back(row.keys);
  CHECK(readmeKeyColumn() == table);

  const std::string help = helpText();
  size_t at = help.find("Window keys");
  REQUIRE(at != std::string::npos);
  for (const KeyRow& row : keyTable()) {
    CAPTURE(row.keys);
    const size_t line = help.find("\n  " + std::string(row.keys) + " ", at);
    REQUIRE(line != std::string::npos);
    const size_t end = help.find('\n', line + 1);
    CHECK(help.substr(line, end - line).find(row.does) != std::string::npos);
    at = line + 1;
  }
}

}  // namespace tfviz

namespace tfviz {

TEST_CASE("keys: queued events become commands in order, a typed number a GoToSection") {
  const std::vector<std::string> ids = {"title", "s01-a", "s02-b", "s03-c"};
  auto press = [](int key, int mods = 0) { return *keyEvent(key, false, mods); };
  SectionNumberEntry entry;
  std::string status;
  const auto commands = commandsFromKeys(
      {press(GLFW_KEY_RIGHT), press(GLFW_KEY_3), press(GLFW_KEY_ENTER), press(GLFW_KEY_P)}, entry,
      ids, status);
  REQUIRE(commands.size() == 3);
  CHECK(commands[0].kind == Kind::NextBeat);
  CHECK(commands[1].kind == Kind::GoToSection);
  CHECK(commands[1].value == 3);
  CHECK(commands[2].kind == Kind::TogglePlay);
  CHECK(status.empty());

  // A number no section has: no command, a status line; digits left pending stay for next frame.
  const auto none = commandsFromKeys({press(GLFW_KEY_9), press(GLFW_KEY_ENTER), press(GLFW_KEY_1)},
                                     entry, ids, status);
  CHECK(none.empty());
  CHECK(status == "no section 9");
  CHECK(entry.digits() == "1");
}

}  // namespace tfviz
