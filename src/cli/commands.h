// Each layer's CLI commands register themselves on the app; main() parses and
// runs the chosen one. A command's action returns the process exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "core/status.h"
#include "store/store.h"

namespace glexia::cli {

struct Context {
  std::string db_path;           // --db; empty = GLEXIA_DB or the XDG default
  std::function<int()> action;   // set by the chosen subcommand's callback

  // Opens the store, printing nothing; the caller reports errors.
  Result<std::unique_ptr<store::Store>> OpenStore(bool read_only) const;
};

// Prints "glexia: <message>" on stderr and returns the exit code for `status`.
int ReportError(const Status& status);

void RegisterImportCommands(CLI::App& app, Context& ctx);     // import, releases, stats, raw, remove
void RegisterShowCommands(CLI::App& app, Context& ctx);       // show, query
void RegisterServeCommand(CLI::App& app, Context& ctx);       // serve
void RegisterHistoryCommands(CLI::App& app, Context& ctx);    // history, compare, diff
void RegisterSyncCommand(CLI::App& app, Context& ctx);        // sync
void RegisterInterfaceCommands(CLI::App& app, Context& ctx);  // layer, export

}  // namespace glexia::cli
