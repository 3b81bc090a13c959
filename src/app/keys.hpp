// One table of the window's keys and what they do. The window turns key presses into commands
// through it (keyEvent), the help overlay and `tfviz --help` print it, and a unit test holds the
// README's key table to it, so the four can no longer say different things. No GL, no window:
// keys are GLFW key codes, but nothing here links GLFW.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ui/view.hpp"

namespace tfviz {

// What one key press means to the window.
struct KeyEvent {
  enum class Type {
    Command,    // a ui::Command, applied like a button's
    Digit,      // a digit of a section number
    Enter,      // go to the section number typed so far
    Backspace,  // take back the last digit
  };
  Type type = Type::Command;
  ui::Command command{ui::Command::Kind::NextBeat};
  int digit = 0;
};

// One key of a row: the key code, whether Shift matters, whether holding it repeats.
struct KeyBinding {
  enum class Shift { Any, Up, Down };
  int key = 0;  // GLFW_KEY_*
  Shift shift = Shift::Any;
  bool repeats = false;  // a held key acts again at the keyboard's repeat rate
  KeyEvent event;
};

// One row of the key help: the keys as people say them, what they do, and the bindings.
struct KeyRow {
  const char* keys;  // "Right, Space, PageDown"
  const char* does;  // one line, for the help overlay and `tfviz --help`
  std::vector<KeyBinding> bindings;
};

// Every row, in the order the help shows them.
const std::vector<KeyRow>& keyTable();

// The event a key press (repeat: a repeat of a held key) with these modifiers (GLFW_MOD_*)
// makes, or none.
std::optional<KeyEvent> keyEvent(int key, bool repeat, int mods);

// The rows as {keys, does} pairs for the help overlay.
std::vector<ui::KeyHelp> keyHelp();

// The rows as aligned lines, each indented by two spaces, for `tfviz --help`.
std::string keyHelpText();

// A section number typed in the window (digits, then Enter): at most three digits.
class SectionNumberEntry {
 public:
  struct Entered {
    std::string number;  // the digits typed
    int index = -1;      // the section they name in the list (sectionForNumber); -1: none
  };
  // Applies a Digit, Backspace or Enter event; Enter with digits typed returns what they name.
  std::optional<Entered> apply(const KeyEvent& event, const std::vector<std::string>& ids);
  const std::string& digits() const { return m_digits; }

 private:
  std::string m_digits;
};

// The commands that key events make, in order: Command events as they are, digits gathered in
// `entry`, and Enter turning them into GoToSection (or, for a number no section has, a line in
// `status`).
std::vector<ui::Command> commandsFromKeys(const std::vector<KeyEvent>& events,
                                          SectionNumberEntry& entry,
                                          const std::vector<std::string>& ids, std::string& status);

// Section numbers as a presenter says them: 3 is the section whose id starts "s03-", else the
// third in the list; -1 when there is none.
int sectionForNumber(const std::vector<std::string>& ids, int number);

}  // namespace tfviz
