// tfviz: parse the command line, run the command, return its exit code.
#include <string>
#include <string_view>
#include <vector>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "core/log.hpp"
#ifdef TFVIZ_PYTHON
#include "python/embedded.hpp"
#endif

int main(int argc, char** argv) {
#ifdef TFVIZ_PYTHON
  tfviz::python::enableSceneFiles();  // --scene FILE.py
#endif
  std::vector<std::string_view> args(argv + 1, argv + argc);
  tfviz::ParseResult parsed = tfviz::parseCommandLine(args);
  if (const auto* error = std::get_if<tfviz::CliError>(&parsed)) {
    // CliError messages never say it themselves; the pointer to the help is added once, here.
    tfviz::logError(error->message + " " + std::string(tfviz::kSeeHelp));
    return tfviz::kExitBadInput;
  }
  return tfviz::runCommand(std::get<tfviz::Command>(parsed));
}
