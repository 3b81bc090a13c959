// The key table (see keys.hpp).
#include "app/keys.hpp"

#include <algorithm>
#include <cstdio>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>  // key codes and modifier bits only: nothing here calls GLFW

namespace tfviz {
namespace {

using Kind = ui::Command::Kind;
using Shift = KeyBinding::Shift;

KeyBinding command(int key, Kind kind, bool repeats, Shift shift = Shift::Any) {
  return {.key = key, .shift = shift, .repeats = repeats, .event = {.command = {kind}}};
}
KeyBinding input(int key, KeyEvent::Type type, bool repeats, int digit = 0) {
  return {.key = key, .repeats = repeats, .event = {.type = type, .digit = digit}};
}

std::vector<KeyBinding> digitKeys() {
  std::vector<KeyBinding> out;
  for (int d = 0; d <= 9; ++d) {
    out.push_back(input(GLFW_KEY_0 + d, KeyEvent::Type::Digit, false, d));
    out.push_back(input(GLFW_KEY_KP_0 + d, KeyEvent::Type::Digit, false, d));
  }
  out.push_back(input(GLFW_KEY_ENTER, KeyEvent::Type::Enter, false));
  out.push_back(input(GLFW_KEY_KP_ENTER, KeyEvent::Type::Enter, false));
  out.push_back(input(GLFW_KEY_BACKSPACE, KeyEvent::Type::Backspace, true));
  return out;
}

}  // namespace

const std::vector<KeyRow>& keyTable() {
  // Stepping keys repeat when held (a presenter holding → runs through the beats); toggles do not.
  static const std::vector<KeyRow> rows = {
      {"Right, Space, PageDown",
       "next beat (at a section's end: the next section)",
       {command(GLFW_KEY_RIGHT, Kind::NextBeat, true),
        command(GLFW_KEY_SPACE, Kind::NextBeat, true),
        command(GLFW_KEY_PAGE_DOWN, Kind::NextBeat, true)}},
      {"Left, PageUp",
       "previous beat (at a section's start: the previous section)",
       {command(GLFW_KEY_LEFT, Kind::PreviousBeat, true, Shift::Up),
        command(GLFW_KEY_PAGE_UP, Kind::PreviousBeat, true)}},
      {"Shift+Left",
       "play backwards to the previous beat",
       {command(GLFW_KEY_LEFT, Kind::PlayBackToPreviousBeat, true, Shift::Down)}},
      {"] / [",
       "next / previous section",
       {command(GLFW_KEY_RIGHT_BRACKET, Kind::NextSection, true),
        command(GLFW_KEY_LEFT_BRACKET, Kind::PreviousSection, true)}},
      {"a number, then Enter", "go to that section (3 Enter: section 3)", digitKeys()},
      {"Home / End",
       "start / end of the section",
       {command(GLFW_KEY_HOME, Kind::Home, true), command(GLFW_KEY_END, Kind::End, true)}},
      {"P",
       "play / pause (straight through, ignoring beats)",
       {command(GLFW_KEY_P, Kind::TogglePlay, false)}},
      {"R", "replay the current step", {command(GLFW_KEY_R, Kind::ReplayStep, false)}},
      {"B", "blank the screen to black, and back", {command(GLFW_KEY_B, Kind::ToggleBlank, false)}},
      {"H", "hide / show every panel", {command(GLFW_KEY_H, Kind::ToggleUi, false)}},
      {"F", "fullscreen on / off", {command(GLFW_KEY_F, Kind::ToggleFullscreen, false)}},
      {"S",
       "save a still of this frame (1920x1080 PNG)",
       {command(GLFW_KEY_S, Kind::SaveStill, false)}},
      {"W",
       "the presenter panel in its own window, and back",
       {command(GLFW_KEY_W, Kind::TogglePresenterWindow, false)}},
      // '?' is Shift+/ on most layouts; '/' alone works too.
      {"?", "this help", {command(GLFW_KEY_SLASH, Kind::ToggleHelp, false)}},
      {"Q, Escape",
       "quit",
       {command(GLFW_KEY_Q, Kind::Quit, true), command(GLFW_KEY_ESCAPE, Kind::Quit, true)}},
  };
  return rows;
}

std::optional<KeyEvent> keyEvent(int key, bool repeat, int mods) {
  const bool shift = (mods & GLFW_MOD_SHIFT) != 0;
  for (const KeyRow& row : keyTable()) {
    for (const KeyBinding& b : row.bindings) {
      if (b.key != key || (repeat && !b.repeats)) continue;
      if ((b.shift == Shift::Up && shift) || (b.shift == Shift::Down && !shift)) continue;
      return b.event;
    }
  }
  return std::nullopt;
}

std::vector<ui::KeyHelp> keyHelp() {
  std::vector<ui::KeyHelp> out;
  for (const KeyRow& row : keyTable()) out.push_back({row.keys, row.does});
  return out;
}

std::string keyHelpText() {
  size_t width = 0;
  for (const KeyRow& row : keyTable()) width = std::max(width, std::string(row.keys).size());
  std::string out;
  for (const KeyRow& row : keyTable()) {
    const std::string keys = row.keys;
    out += "  " + keys + std::string(width + 3 - keys.size(), ' ') + row.does + "\n";
  }
  return out;
}

std::optional<SectionNumberEntry::Entered> SectionNumberEntry::apply(
    const KeyEvent& event, const std::vector<std::string>& ids) {
  switch (event.type) {
    case KeyEvent::Type::Digit:
      if (m_digits.size() < 3) m_digits += static_cast<char>('0' + event.digit);
      break;
    case KeyEvent::Type::Backspace:
      if (!m_digits.empty()) m_digits.pop_back();
      break;
    case KeyEvent::Type::Enter:
      if (!m_digits.empty()) {
        Entered entered{m_digits, sectionForNumber(ids, std::stoi(m_digits))};
        m_digits.clear();
        return entered;
      }
      break;
    case KeyEvent::Type::Command:
      break;
  }
  return std::nullopt;
}

std::vector<ui::Command> commandsFromKeys(const std::vector<KeyEvent>& events,
                                          SectionNumberEntry& entry,
                                          const std::vector<std::string>& ids,
                                          std::string& status) {
  std::vector<ui::Command> out;
  for (const KeyEvent& e : events) {
    if (e.type == KeyEvent::Type::Command) {
      out.push_back(e.command);
    } else if (const auto entered = entry.apply(e, ids)) {
      if (entered->index >= 0) {
        out.push_back({Kind::GoToSection, static_cast<double>(entered->index)});
      } else {
        status = "no section " + entered->number;
      }
    }
  }
  return out;
}

int sectionForNumber(const std::vector<std::string>& ids, int number) {
  char prefix[8];
  std::snprintf(prefix, sizeof prefix, "s%02d-", number);
  for (size_t i = 0; i < ids.size(); ++i) {
    if (ids[i].rfind(prefix, 0) == 0) return static_cast<int>(i);
  }
  return number >= 1 && number <= static_cast<int>(ids.size()) ? number - 1 : -1;
}

}  // namespace tfviz
