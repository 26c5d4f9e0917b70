// glexia: the one binary. Exceptions stop here and become a one-line error.
#include <cstdio>
#include <exception>

#include "cli/commands.h"
#include "core/paths.h"

int main(int argc, char** argv) {
  using namespace glexia::cli;
  CLI::App app{"Glexia: a self-hosted MITRE ATT&CK knowledge platform", "glexia"};
  app.set_version_flag("--version", "glexia 0.1.0");
  Context ctx;
  app.add_option("--db", ctx.db_path, "Store location (default: $GLEXIA_DB or $XDG_DATA_HOME/glexia/glexia.db)")
      ->envname("GLEXIA_DB");
  app.require_subcommand(1);
  RegisterImportCommands(app, ctx);
  RegisterShowCommands(app, ctx);
  RegisterServeCommand(app, ctx);
  RegisterHistoryCommands(app, ctx);
  RegisterSyncCommand(app, ctx);
  RegisterInterfaceCommands(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    return ctx.action ? ctx.action() : 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "glexia: internal error: %s\n", e.what());
    return 70;
  }
}
