#include "cli/commands.h"
namespace glexia::cli {
void RegisterImportCommands(CLI::App&, Context&) {}
}  // namespace glexia::cli
