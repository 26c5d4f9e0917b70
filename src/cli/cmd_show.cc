// `glexia show` and `glexia query`: ATT&CK answers in the terminal. The text
// view is rendered from the same JSON document the API serves
// (api::ObjectDocument), so the CLI and the API state the same facts.
#include <simdjson.h>

#include <strings.h>

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/lookup.h"
#include "api/object_json.h"
#include "cli/commands.h"
#include "cli/show_analysis.h"
#include "core/json_writer.h"
#include "model/model.h"

namespace glexia::cli {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

struct Selection {
  std::string domain;
  std::string release;
  bool json = false;
};

void AddSelectionOptions(CLI::App* cmd, Selection& s) {
  cmd->add_option("--release", s.release, "Release version, e.g. 18.1 (default: newest)");
  cmd->add_option("--domain", s.domain, "enterprise-attack, mobile-attack or ics-attack (default: enterprise, "
                                        "then the others for IDs not found there)");
  cmd->add_flag("--json", s.json, "Print the API's JSON instead of the text view");
}

// The store, its model cache and the selector: what every command here needs.
struct Session {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<model::ModelCache> models;
  api::ReleaseSelector selector;
};

Result<Session> Open(const Context& ctx, const Selection& s) {
  Session session;
  if (!api::NormalizeDomain(s.domain, &session.selector.domain)) {
    return Status::InvalidArgument("unknown domain '" + s.domain +
                                   "' (expected enterprise-attack, mobile-attack or ics-attack)");
  }
  session.selector.version = s.release;
  GLEXIA_ASSIGN_OR_RETURN(session.store, ctx.OpenStore(true));
  session.models = std::make_unique<model::ModelCache>(*session.store, 3);
  return session;
}

std::string Str(object o, const char* key) {
  std::string_view v;
  return o[key].get_string().get(v) == simdjson::SUCCESS ? std::string(v) : std::string();
}

// Markdown and the little HTML ATT&CK uses, reduced to readable plain text:
// citations dropped, links to their text, tags removed.
std::string PlainText(std::string_view md) {
  std::string out;
  size_t i = 0;
  while (i < md.size()) {
    if (md.compare(i, 11, "(Citation: ") == 0) {
      size_t close = md.find(')', i);
      if (close != std::string_view::npos) {
        i = close + 1;
        continue;
      }
    }
    if (md[i] == '[') {
      size_t close = md.find("](", i);
      size_t end = close == std::string_view::npos ? close : md.find(')', close);
      if (end != std::string_view::npos && md.find('\n', i) > close) {
        out.append(md.substr(i + 1, close - i - 1));
        i = end + 1;
        continue;
      }
    }
    if (md[i] == '<') {
      size_t close = md.find('>', i);
      if (close != std::string_view::npos && close - i < 40) {
        i = close + 1;
        continue;
      }
    }
    if (md[i] == '*' || md[i] == '`') {
      ++i;
      continue;
    }
    out.push_back(md[i++]);
  }
  return out;
}

// Prints `text` wrapped at 100 columns, each line indented.
void PrintWrapped(std::string_view text, size_t indent, size_t max_chars = std::string_view::npos) {
  std::string plain = PlainText(text);
  if (plain.size() > max_chars) plain = plain.substr(0, max_chars) + "...";
  std::string pad(indent, ' ');
  size_t width = 100 > indent + 20 ? 100 - indent : 80;
  size_t start = 0;
  while (start < plain.size()) {
    size_t nl = plain.find('\n', start);
    std::string_view para(plain.data() + start, (nl == std::string::npos ? plain.size() : nl) - start);
    start = nl == std::string::npos ? plain.size() : nl + 1;
    if (para.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    std::string line;
    size_t p = 0;
    while (p < para.size()) {
      size_t sp = para.find(' ', p);
      std::string_view word = para.substr(p, sp == std::string_view::npos ? std::string_view::npos : sp - p);
      p = sp == std::string_view::npos ? para.size() : sp + 1;
      if (word.empty()) continue;
      if (!line.empty() && line.size() + 1 + word.size() > width) {
        std::printf("%s%s\n", pad.c_str(), line.c_str());
        line.clear();
      }
      if (!line.empty()) line.push_back(' ');
      line.append(word);
    }
    if (!line.empty()) std::printf("%s%s\n", pad.c_str(), line.c_str());
  }
}

std::string RefLine(object ref) {
  std::string id = Str(ref, "attack_id");
  std::string line = (id.empty() ? Str(ref, "stix_id") : id) + "  " + Str(ref, "name");
  std::string status = Str(ref, "status");
  if (!status.empty() && status != "active") line += "  [" + status + "]";
  return line;
}

std::string Join(simdjson::simdjson_result<element> array, std::string_view sep = ", ") {
  std::string out;
  simdjson::dom::array items;
  if (array.get_array().get(items) != simdjson::SUCCESS) return out;
  for (element item : items) {
    std::string_view s;
    object o;
    if (item.get_string().get(s) == simdjson::SUCCESS) {
      out += (out.empty() ? "" : std::string(sep)) + std::string(s);
    } else if (item.get_object().get(o) == simdjson::SUCCESS) {
      out += (out.empty() ? "" : std::string(sep)) + RefLine(o);
    }
  }
  return out;
}

std::string Title(std::string_view key) {
  std::string t(key);
  for (char& c : t) c = c == '_' ? ' ' : c;
  if (!t.empty()) t[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[0])));
  return t;
}

// Rows of related objects with their relationship text, and nested lists
// (a detection strategy's analytics, an analytic's log sources).
void PrintRefList(simdjson::dom::array items, size_t indent) {
  std::string pad(indent, ' ');
  for (object item : items) {
    if (item["stix_id"].error() == simdjson::SUCCESS) {
      std::printf("%s%s\n", pad.c_str(), RefLine(item).c_str());
    } else if (item["data_component"].error() == simdjson::SUCCESS) {  // log source
      object dc = item["data_component"].get_object();
      std::printf("%slog source: %s (%s) %s %s\n", pad.c_str(), Str(dc, "attack_id").c_str(), Str(dc, "name").c_str(),
                  Str(item, "name").c_str(), Str(item, "channel").c_str());
      continue;
    } else if (item["field"].error() == simdjson::SUCCESS) {  // mutable element
      std::printf("%stunable: %s - ", pad.c_str(), Str(item, "field").c_str());
      PrintWrapped(Str(item, "description"), 0, 200);
      continue;
    }
    for (const char* key : {"procedure", "text"}) {
      std::string text = Str(item, key);
      if (!text.empty()) PrintWrapped(text, indent + 4, 300);
    }
    std::string platforms = Join(item["platforms"]);
    if (!platforms.empty() && item["log_sources"].error() == simdjson::SUCCESS) {
      std::printf("%s    platforms: %s\n", pad.c_str(), platforms.c_str());
    }
    for (auto [key, value] : item) {
      simdjson::dom::array nested;
      if (value.get_array().get(nested) != simdjson::SUCCESS || nested.size() == 0) continue;
      if (nested.at(0).type() != simdjson::dom::element_type::OBJECT) continue;
      PrintRefList(nested, indent + 4);
    }
  }
}

void PrintObjectText(element doc) {
  object release = doc["release"].get_object();
  object o = doc["object"].get_object();
  std::string id = Str(o, "attack_id");
  std::printf("%s  %s\n", (id.empty() ? Str(o, "stix_id") : id).c_str(), Str(o, "name").c_str());
  auto line = [](const char* label, const std::string& value) {
    if (!value.empty()) std::printf("  %-12s %s\n", label, value.c_str());
  };
  line("Type:", Title(Str(o, "type")) + " (" + Str(o, "stix_type") + ")");
  line("STIX id:", Str(o, "stix_id"));
  line("Release:", Str(release, "domain") + " " + Str(release, "version"));
  std::string status = Str(o, "status");
  object replaced;
  if (o["replaced_by"].get_object().get(replaced) == simdjson::SUCCESS) status += ", replaced by " + RefLine(replaced);
  line("Status:", status);
  line("Version:", Str(o, "version"));
  line("Created:", Str(o, "created"));
  line("Modified:", Str(o, "modified"));
  line("Tactics:", Join(o["tactics"]));
  object parent;
  if (o["parent"].get_object().get(parent) == simdjson::SUCCESS) line("Parent:", RefLine(parent));
  line("Platforms:", Join(o["platforms"]));
  line("Aliases:", Join(o["aliases"]));
  line("Domains:", Join(o["domains"]));
  line("URL:", Str(o, "url"));
  line("Raw hash:", Str(o, "raw_sha256"));
  std::string description = Str(o, "description");
  if (!description.empty()) {
    std::printf("\nDescription\n");
    PrintWrapped(description, 2);
  }
  // Every list of related objects, in the order the API gives them.
  for (auto [key, value] : o) {
    if (key == "tactics" || key == "external_references") continue;
    simdjson::dom::array items;
    object nested;
    if (value.get_array().get(items) == simdjson::SUCCESS && items.size() > 0 &&
        items.at(0).type() == simdjson::dom::element_type::OBJECT) {
      std::printf("\n%s (%zu)\n", Title(key).c_str(), items.size());
      PrintRefList(items, 2);
    } else if (key == "detection" && value.get_object().get(nested) == simdjson::SUCCESS) {
      simdjson::dom::array strategies, components;
      std::string text = Str(nested, "text");
      std::string sources = Join(nested["data_sources"]);
      // Both lookups run unconditionally: a dom::array that was never filled must not be touched.
      bool has_strategies = nested["strategies"].get_array().get(strategies) == simdjson::SUCCESS &&
                            strategies.size() > 0;
      bool has_components = nested["data_components"].get_array().get(components) == simdjson::SUCCESS &&
                            components.size() > 0;
      if (!has_strategies && !has_components && text.empty() && sources.empty()) continue;
      std::printf("\nDetection\n");
      if (has_strategies) PrintRefList(strategies, 2);
      if (!text.empty()) PrintWrapped(text, 2);
      if (!sources.empty()) std::printf("  Data sources: %s\n", sources.c_str());
      if (has_components) PrintRefList(components, 2);
    }
  }
  simdjson::dom::array refs;
  if (o["external_references"].get_array().get(refs) == simdjson::SUCCESS && refs.size() > 0) {
    std::printf("\nReferences (%zu)\n", refs.size());
    size_t n = 0;
    for (object ref : refs) {
      std::string desc = Str(ref, "description");
      std::printf("  [%zu] %s%s%s\n", ++n, Str(ref, "source_name").c_str(), desc.empty() ? "" : " - ",
                  PlainText(desc).c_str());
      std::string url = Str(ref, "url");
      if (!url.empty()) std::printf("      %s\n", url.c_str());
    }
  }
  std::string counts;
  for (const char* dir : {"outgoing", "incoming"}) {
    object c;
    if (o["relationship_counts"][dir].get_object().get(c) != simdjson::SUCCESS) continue;
    for (auto [type, n] : c) {
      counts += (counts.empty() ? "" : ", ") + std::string(type) + " " + std::string(dir == std::string_view("outgoing") ? "out" : "in") +
                " " + std::to_string(int64_t(n));
    }
  }
  if (!counts.empty()) std::printf("\nRelationships: %s\n", counts.c_str());
}

int RunShow(const Context& ctx, const std::string& id, const Selection& s, bool analysis,
            const std::string& rules) {
  auto session = Open(ctx, s);
  if (!session.ok()) return ReportError(session.status());
  auto found = api::FindObject(*session->models, session->selector, id);
  if (!found.ok()) return ReportError(found.status());
  if (analysis) return PrintAnalysis(*session->models, *found->model, *found->object, rules, s.json);
  std::string json = api::ObjectDocument(*found->model, *found->object);
  if (s.json) {
    std::printf("%s\n", json.c_str());
    return 0;
  }
  simdjson::dom::parser parser;
  PrintObjectText(parser.parse(json));
  return 0;
}

// Finds `id` and insists on one of `kinds` (for the query subcommands).
Result<api::Found> FindOfKind(Session& session, const std::string& id, std::initializer_list<model::Kind> kinds,
                              const char* what) {
  GLEXIA_ASSIGN_OR_RETURN(api::Found found, api::FindObject(*session.models, session.selector, id));
  for (model::Kind k : kinds) {
    if (found.object->kind == k) return found;
  }
  return Status::InvalidArgument(id + " is a " + std::string(model::KindSlug(found.object->kind)) + ", not " + what);
}

void PrintReleaseLine(const model::ReleaseModel& m) {
  std::printf("# %s %s\n", m.release().domain.c_str(), m.release().version.c_str());
}

std::string IdOf(const model::Object& o) { return o.attack_id.empty() ? o.stix_id : o.attack_id; }

int RunTechniquesOf(const Context& ctx, const std::string& id, const Selection& s) {
  auto session = Open(ctx, s);
  if (!session.ok()) return ReportError(session.status());
  auto found = FindOfKind(*session, id, {model::Kind::kGroup, model::Kind::kSoftware, model::Kind::kCampaign},
                          "a group, software or campaign");
  if (!found.ok()) return ReportError(found.status());
  const model::ReleaseModel& m = *found->model;
  if (s.json) {
    std::printf("%s\n", api::TechniquesOfDocument(m, *found->object).c_str());
    return 0;
  }
  PrintReleaseLine(m);
  auto uses = m.TechniquesUsedBy(*found->object);
  std::printf("%s %s uses %zu techniques\n", IdOf(*found->object).c_str(), found->object->name.c_str(), uses.size());
  for (const model::TechniqueUse& use : uses) {
    std::string how;
    for (model::UseHow h : use.how) how += (how.empty() ? "" : ", ") + std::string(model::UseHowName(h));
    std::string via;
    for (const model::Object* o : use.via_software) via += (via.empty() ? "" : ", ") + IdOf(*o);
    for (const model::Object* o : use.via_campaigns) via += (via.empty() ? "" : ", ") + IdOf(*o);
    std::printf("%-11s %-50s %s%s%s\n", IdOf(*use.technique).c_str(), use.technique->name.c_str(), how.c_str(),
                via.empty() ? "" : " via ", via.c_str());
  }
  return 0;
}

// users-of and mitigations-of: objects of `kinds` at the other end of `type`
// relationships entering the technique, with the relationship text.
int RunIncoming(const Context& ctx, const std::string& id, const Selection& s, const char* type,
                std::initializer_list<model::Kind> kinds, const char* what) {
  auto session = Open(ctx, s);
  if (!session.ok()) return ReportError(session.status());
  auto found = FindOfKind(*session, id, {model::Kind::kTechnique}, "a technique");
  if (!found.ok()) return ReportError(found.status());
  const model::ReleaseModel& m = *found->model;
  std::vector<std::pair<const model::Object*, const model::Relationship*>> rows;
  for (model::Kind kind : kinds) {
    for (const model::Relationship* r : m.Incoming(*found->object, type)) {
      const model::Object* source = m.SourceOf(*r);
      if (source && source->kind == kind) rows.emplace_back(source, r);
    }
  }
  if (s.json) {
    JsonWriter w;
    w.BeginObject().Key("release");
    api::WriteReleaseRef(w, m.release());
    w.Key("technique");
    api::WriteRef(w, *found->object);
    w.Field("total", rows.size()).Key(what).BeginArray();
    for (const auto& [o, r] : rows) {
      w.BeginObject();
      api::WriteRefFields(w, *o);
      w.Field("text", r->description).EndObject();
    }
    w.EndArray().EndObject();
    std::printf("%s\n", w.str().c_str());
    return 0;
  }
  PrintReleaseLine(m);
  std::printf("%s %s: %zu %s\n", IdOf(*found->object).c_str(), found->object->name.c_str(), rows.size(), what);
  for (const auto& [o, r] : rows) {
    std::printf("%-9s %-10s %s\n", std::string(model::KindSlug(o->kind)).c_str(), IdOf(*o).c_str(), o->name.c_str());
    if (!r->description.empty()) PrintWrapped(r->description, 21, 300);
  }
  return 0;
}

int RunTechniqueList(const Context& ctx, const std::string& tactic_name, const std::string& platform,
                     const Selection& s) {
  auto session = Open(ctx, s);
  if (!session.ok()) return ReportError(session.status());
  auto model = api::SelectModel(*session->models, session->selector);
  if (!model.ok()) return ReportError(model.status());
  const model::ReleaseModel& m = **model;
  const model::Object* tactic = nullptr;
  if (!tactic_name.empty()) {
    for (const model::Object* t : m.OfKind(model::Kind::kTactic, true)) {
      if (t->attack_id == tactic_name || t->shortname == tactic_name || t->name == tactic_name) tactic = t;
    }
    if (!tactic) {
      return ReportError(Status::NotFound("no tactic " + tactic_name + " in " + m.release().domain + " " +
                                          m.release().version));
    }
  }
  std::vector<const model::Object*> rows;
  for (const model::Object* t : tactic ? m.TechniquesOfTactic(*tactic, true) : m.OfKind(model::Kind::kTechnique)) {
    if (!platform.empty()) {
      bool match = false;
      for (const std::string& p : t->platforms) match |= strcasecmp(p.c_str(), platform.c_str()) == 0;
      if (!match) continue;
    }
    rows.push_back(t);
  }
  if (s.json) {
    JsonWriter w;
    w.BeginObject().Key("release");
    api::WriteReleaseRef(w, m.release());
    w.Field("total", rows.size()).Key("items").BeginArray();
    for (const model::Object* t : rows) api::WriteListItem(w, *t);
    w.EndArray().EndObject();
    std::printf("%s\n", w.str().c_str());
    return 0;
  }
  PrintReleaseLine(m);
  for (const model::Object* t : rows) {
    std::string platforms;
    for (const std::string& p : t->platforms) platforms += (platforms.empty() ? "" : ", ") + p;
    std::printf("%-11s %-55s %s\n", IdOf(*t).c_str(), t->name.c_str(), platforms.c_str());
  }
  std::printf("%zu techniques\n", rows.size());
  return 0;
}

}  // namespace

void RegisterShowCommands(CLI::App& app, Context& ctx) {
  {
    auto* cmd = app.add_subcommand("show", "Show any ATT&CK object (by ATT&CK ID or STIX id) with its relations");
    auto id = std::make_shared<std::string>();
    auto sel = std::make_shared<Selection>();
    auto analysis = std::make_shared<bool>(false);
    auto rules = std::make_shared<std::string>();
    cmd->add_option("id", *id, "ATT&CK ID (T1591.002, G0034, ...) or STIX id")->required();
    AddSelectionOptions(cmd, *sel);
    cmd->add_flag("--analysis", *analysis, "Show the analyst context of a technique, with the sources of every statement");
    cmd->add_option("--rules", *rules, "Analyst-context rules file (default: the shipped rules)");
    cmd->callback([&ctx, id, sel, analysis, rules] {
      ctx.action = [&ctx, id, sel, analysis, rules] { return RunShow(ctx, *id, *sel, *analysis, *rules); };
    });
  }
  auto* query = app.add_subcommand("query", "Answer common ATT&CK questions");
  query->require_subcommand(1);
  {
    auto* cmd = query->add_subcommand("techniques-of", "Techniques a group, software or campaign uses, with how");
    auto id = std::make_shared<std::string>();
    auto sel = std::make_shared<Selection>();
    cmd->add_option("id", *id, "Group, software or campaign (G0034, S0002, C0001)")->required();
    AddSelectionOptions(cmd, *sel);
    cmd->callback([&ctx, id, sel] { ctx.action = [&ctx, id, sel] { return RunTechniquesOf(ctx, *id, *sel); }; });
  }
  {
    auto* cmd = query->add_subcommand("users-of", "Groups, software and campaigns using a technique");
    auto id = std::make_shared<std::string>();
    auto sel = std::make_shared<Selection>();
    cmd->add_option("id", *id, "Technique (T1059)")->required();
    AddSelectionOptions(cmd, *sel);
    cmd->callback([&ctx, id, sel] {
      ctx.action = [&ctx, id, sel] {
        return RunIncoming(ctx, *id, *sel, "uses",
                           {model::Kind::kGroup, model::Kind::kSoftware, model::Kind::kCampaign}, "users");
      };
    });
  }
  {
    auto* cmd = query->add_subcommand("mitigations-of", "Mitigations of a technique, with their text");
    auto id = std::make_shared<std::string>();
    auto sel = std::make_shared<Selection>();
    cmd->add_option("id", *id, "Technique (T1059)")->required();
    AddSelectionOptions(cmd, *sel);
    cmd->callback([&ctx, id, sel] {
      ctx.action = [&ctx, id, sel] {
        return RunIncoming(ctx, *id, *sel, "mitigates", {model::Kind::kMitigation}, "mitigations");
      };
    });
  }
  {
    auto* cmd = query->add_subcommand("techniques", "Techniques of a tactic and/or platform");
    auto tactic = std::make_shared<std::string>();
    auto platform = std::make_shared<std::string>();
    auto sel = std::make_shared<Selection>();
    cmd->add_option("--tactic", *tactic, "Tactic: TA0043, reconnaissance or Reconnaissance");
    cmd->add_option("--platform", *platform, "Platform, e.g. Linux");
    AddSelectionOptions(cmd, *sel);
    cmd->callback([&ctx, tactic, platform, sel] {
      ctx.action = [&ctx, tactic, platform, sel] { return RunTechniqueList(ctx, *tactic, *platform, *sel); };
    });
  }
}

}  // namespace glexia::cli
