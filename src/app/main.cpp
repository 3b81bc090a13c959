// tfviz: parse the command line, run the command, return its exit code.
#include <string_view>
#include <vector>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "core/log.hpp"

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  tfviz::ParseResult parsed = tfviz::parseCommandLine(args);
  if (const auto* error = std::get_if<tfviz::CliError>(&parsed)) {
    tfviz::logError(error->message + " (see tfviz --help)");
    return tfviz::kExitBadInput;
  }
  return tfviz::runCommand(std::get<tfviz::Command>(parsed));
}
