// Logging to stderr (see log.hpp).
#include "core/log.hpp"

#include <cstdio>

namespace tfviz {

void logError(std::string_view message) {
  std::fprintf(stderr, "tfviz: %.*s\n", static_cast<int>(message.size()), message.data());
}

void logInfo(std::string_view message) {
  std::fprintf(stderr, "%.*s\n", static_cast<int>(message.size()), message.data());
}

}  // namespace tfviz
