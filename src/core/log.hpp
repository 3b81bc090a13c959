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

// `text` with nothing that could break a line or drive a terminal: \n, \r and \t become "\n",
// "\r", "\t"; other C0 controls, DEL and bytes that are not valid UTF-8 become "\xNN"; C1
// controls (U+0080-U+009F), line and paragraph separators (U+2028, U+2029) and bidirectional
// overrides (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) become "\uNNNN". Printable
// ASCII and valid UTF-8 text stay as they are; a backslash is doubled, so "\n" on screen can
// only be an escaped newline, never a name with a backslash and an n in it.
std::string escapeControls(std::string_view text);

}  // namespace tfviz
