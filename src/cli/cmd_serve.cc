#include "cli/commands.h"
namespace glexia::cli {
void RegisterServeCommand(CLI::App&, Context&) {}
}  // namespace glexia::cli
