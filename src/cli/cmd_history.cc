// glexia history / compare / diff: one object across releases, one object
// between two releases, and a whole-release changelog.
#include <cstdio>

#include "cli/commands.h"
#include "core/file_io.h"
#include "history/changelog.h"
#include "history/object_history.h"
#include "history/render.h"
#include "model/model.h"
#include "web/html.h"

namespace glexia::cli {
namespace {

struct HistoryArgs {
  std::string id, domain, from, to, format = "text", output;
  bool json = false;
};

std::string SitePath(const history::ObjectRef& ref) {
  model::Object object;
  object.type = ref.type;
  object.kind = model::KindFromStixType(ref.type);
  object.stix_id = ref.stix_id;
  object.attack_id = ref.attack_id;
  return web::ObjectPath(object);
}

int Emit(const std::string& text, const std::string& output) {
  if (output.empty() || output == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    if (!text.empty() && text.back() != '\n') std::fputc('\n', stdout);
    return 0;
  }
  Status written = WriteFileAtomic(output, text);
  return written.ok() ? 0 : ReportError(written);
}

int RunHistory(const Context& ctx, const HistoryArgs& args) {
  auto store = ctx.OpenStore(true);
  if (!store.ok()) return ReportError(store.status());
  auto h = history::GetObjectHistory(**store, args.id, args.domain);
  if (!h.ok()) return ReportError(h.status());
  return Emit(args.json ? history::HistoryJson(*h) : history::HistoryText(*h), "");
}

int RunCompare(const Context& ctx, const HistoryArgs& args) {
  auto store = ctx.OpenStore(true);
  if (!store.ok()) return ReportError(store.status());
  auto c = history::CompareObject(**store, args.id, args.domain, args.from, args.to);
  if (!c.ok()) return ReportError(c.status());
  return Emit(args.json ? history::ComparisonJson(*c) : history::ComparisonText(*c), "");
}

int RunDiff(const Context& ctx, const HistoryArgs& args) {
  auto store = ctx.OpenStore(true);
  if (!store.ok()) return ReportError(store.status());
  auto from = history::FindRelease(**store, args.domain, args.from);
  if (!from.ok()) return ReportError(from.status());
  auto to = history::FindRelease(**store, args.domain, args.to);
  if (!to.ok()) return ReportError(to.status());
  auto log = history::BuildChangelog(**store, *from, *to);
  if (!log.ok()) return ReportError(log.status());
  const std::string& f = args.format;
  if (f == "md") return Emit(history::ChangelogMarkdown(*log), args.output);
  if (f == "json") return Emit(history::ChangelogJson(*log), args.output);
  if (f == "layer") return Emit(history::ChangelogLayer(*log), args.output);
  if (f == "html") {
    web::PageContext page;
    page.title = "Changes " + from->version + " → " + to->version;
    page.domain = to->domain;
    page.release = to->version;
    page.path = "/changes";
    auto releases = (*store)->ListReleases();
    if (releases.ok()) page.releases = *releases;
    return Emit(web::RenderPage(page, history::ChangelogHtml(*log, SitePath)).body, args.output);
  }
  return Emit(history::ChangelogText(*log), args.output);
}

}  // namespace

void RegisterHistoryCommands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<HistoryArgs>();

  CLI::App* hist = app.add_subcommand("history", "One object in every imported release of its domain");
  hist->add_option("id", args->id, "ATT&CK ID or STIX id")->required();
  hist->add_option("--domain", args->domain, "enterprise-attack, mobile-attack or ics-attack");
  hist->add_flag("--json", args->json, "JSON output");
  hist->callback([&ctx, args] { ctx.action = [&ctx, args] { return RunHistory(ctx, *args); }; });

  CLI::App* cmp = app.add_subcommand("compare", "One object between two releases: field diff and relationships");
  cmp->add_option("id", args->id, "ATT&CK ID or STIX id")->required();
  cmp->add_option("--from", args->from, "Older release, e.g. 17.1")->required();
  cmp->add_option("--to", args->to, "Newer release, e.g. 18.1")->required();
  cmp->add_option("--domain", args->domain, "enterprise-attack, mobile-attack or ics-attack");
  cmp->add_flag("--json", args->json, "JSON output");
  cmp->callback([&ctx, args] { ctx.action = [&ctx, args] { return RunCompare(ctx, *args); }; });

  CLI::App* diff = app.add_subcommand("diff", "Release changelog between two imported releases of a domain");
  diff->add_option("--from", args->from, "Older release, e.g. 17.1")->required();
  diff->add_option("--to", args->to, "Newer release, e.g. 18.0")->required();
  diff->add_option("--domain", args->domain, "Domain (default enterprise-attack)");
  diff->add_option("--format", args->format, "text, md, json, html or layer")
      ->check(CLI::IsMember({"text", "md", "json", "html", "layer"}));
  diff->add_option("-o,--output", args->output, "Write to FILE instead of stdout");
  diff->callback([&ctx, args] { ctx.action = [&ctx, args] { return RunDiff(ctx, *args); }; });
}

}  // namespace glexia::cli
