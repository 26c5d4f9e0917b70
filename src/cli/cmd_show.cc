#include "cli/commands.h"
namespace glexia::cli {
void RegisterShowCommands(CLI::App&, Context&) {}
}  // namespace glexia::cli
