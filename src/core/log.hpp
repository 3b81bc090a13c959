// Logging to stderr and the one-line error convention of the command line.
#pragma once

#include <string_view>

namespace tfviz {

// "tfviz: <message>" on stderr, one line.
void logError(std::string_view message);
void logInfo(std::string_view message);

}  // namespace tfviz
