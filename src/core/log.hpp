// Logging to stderr and the one-line error convention of the command line.
#pragma once

#include <string>
#include <string_view>

namespace tfviz {

// "tfviz: <message>" on stderr, always one line: control characters in the message (from file
// names, flag values, ...) are shown as visible escapes (see escapeControls). Names a message
// quotes should already pass through escapeControls where it is built; this is the safety net,
// and it leaves backslashes alone so that an escaped name is not escaped twice.
void logError(std::string_view message);
void logInfo(std::string_view message);

// While one lives (on this thread), logError adds its lines here instead of printing them, and
// logInfo's are dropped: the Python module turns a command's error into an exception.
class LogCapture {
 public:
  LogCapture();
  ~LogCapture();
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;
  // The errors logged, one per line, without the "tfviz: " prefix.
  const std::string& errors() const { return m_errors; }

 private:
  friend void logError(std::string_view message);
  std::string m_errors;
  LogCapture* m_outer;
};

// `text` with nothing that could break a line or drive a terminal: \n, \r and \t become "\n",
// "\r", "\t"; other C0 controls, DEL and bytes that are not valid UTF-8 become "\xNN"; C1
// controls (U+0080-U+009F), line and paragraph separators (U+2028, U+2029) and bidirectional
// overrides (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) become "\uNNNN". Printable
// ASCII and valid UTF-8 text stay as they are; a backslash is doubled, so "\n" on screen can
// only be an escaped newline, never a name with a backslash and an n in it.
std::string escapeControls(std::string_view text);

}  // namespace tfviz
