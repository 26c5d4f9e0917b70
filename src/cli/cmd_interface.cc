#include "cli/commands.h"
namespace glexia::cli {
void RegisterInterfaceCommands(CLI::App&, Context&) {}
}  // namespace glexia::cli
