#include "cli/commands.h"
namespace glexia::cli {
void RegisterSyncCommand(CLI::App&, Context&) {}
}  // namespace glexia::cli
