#include "cli/commands.h"
namespace glexia::cli {
void RegisterHistoryCommands(CLI::App&, Context&) {}
}  // namespace glexia::cli
