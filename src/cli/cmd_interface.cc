// `glexia layer ...` (ATT&CK Navigator layers) and `glexia export ...`
// (XLSX, CSV, STIX bundles). Files are written atomically; without -o a
// JSON result goes to stdout.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/file_io.h"
#include "interop/exports.h"
#include "interop/layers.h"
#include "interop/lookup.h"
#include "model/model.h"

namespace glexia::cli {
namespace {

struct InterfaceOptions {
  std::string release;
  std::string domain;
  std::string output;
  std::string base_url;
  std::string subset;
  std::string id;
};

void AddReleaseOptions(CLI::App* cmd, InterfaceOptions& o) {
  cmd->add_option("--release", o.release, "Release version, e.g. 18.1 (default: newest)");
  cmd->add_option("--domain", o.domain, "enterprise-attack, mobile-attack or ics-attack (default: enterprise-attack)");
}

struct Loaded {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<model::ModelCache> models;
  std::shared_ptr<const model::ReleaseModel> model;
};

Result<Loaded> Load(const Context& ctx, const InterfaceOptions& o) {
  Loaded l;
  GLEXIA_ASSIGN_OR_RETURN(l.store, ctx.OpenStore(true));
  l.models = std::make_unique<model::ModelCache>(*l.store, 1);
  GLEXIA_ASSIGN_OR_RETURN(l.model, interop::SelectModel(*l.models, o.domain, o.release));
  return l;
}

int Emit(const std::string& output, const std::string& text) {
  if (output.empty() || output == "-") {
    // Byte-exact: no newline is added, so a piped bundle equals the file.
    return std::fwrite(text.data(), 1, text.size(), stdout) == text.size() ? 0 : 1;
  }
  Status st = WriteFileAtomic(output, text);
  if (!st.ok()) return ReportError(st);
  std::fprintf(stderr, "wrote %s (%zu bytes)\n", output.c_str(), text.size());
  return 0;
}

using LayerFn = std::function<Result<interop::Layer>(const model::ReleaseModel&, const std::string& id,
                                                     const interop::LayerOptions&)>;

void AddLayerCommand(CLI::App* layer, Context& ctx, const char* name, const char* help, const char* id_help,
                     LayerFn fn) {
  auto o = std::make_shared<InterfaceOptions>();
  CLI::App* cmd = layer->add_subcommand(name, help);
  cmd->add_option("id", o->id, id_help)->required();
  AddReleaseOptions(cmd, *o);
  cmd->add_option("-o,--output", o->output, "Layer file to write (default: stdout)");
  cmd->add_option("--base-url", o->base_url, "Glexia URL for the links in the layer (default: http://127.0.0.1:8080)");
  cmd->callback([&ctx, o, fn] {
    ctx.action = [&ctx, o, fn] {
      auto loaded = Load(ctx, *o);
      if (!loaded.ok()) return ReportError(loaded.status());
      auto layer = fn(*loaded->model, o->id, interop::LayerOptions{o->base_url});
      if (!layer.ok()) return ReportError(layer.status());
      return Emit(o->output, layer->json);
    };
  });
}

Result<interop::Layer> ActorLayerFor(const model::ReleaseModel& m, const std::string& id, model::Kind kind,
                                     const interop::LayerOptions& options) {
  GLEXIA_ASSIGN_OR_RETURN(const model::Object* actor, interop::FindOfKind(m, id, kind));
  return interop::ActorLayer(m, *actor, options);
}

void RegisterLayer(CLI::App& app, Context& ctx) {
  CLI::App* layer = app.add_subcommand("layer", "Write an ATT&CK Navigator layer (format 4.5)");
  layer->require_subcommand(1);
  AddLayerCommand(layer, ctx, "group", "Techniques a group uses (direct, via software, via campaigns)", "G0034",
                  [](const auto& m, const auto& id, const auto& opt) {
                    return ActorLayerFor(m, id, model::Kind::kGroup, opt);
                  });
  AddLayerCommand(layer, ctx, "software", "Techniques a software uses", "S0002",
                  [](const auto& m, const auto& id, const auto& opt) {
                    return ActorLayerFor(m, id, model::Kind::kSoftware, opt);
                  });
  AddLayerCommand(layer, ctx, "campaign", "Techniques a campaign uses", "C0028",
                  [](const auto& m, const auto& id, const auto& opt) {
                    return ActorLayerFor(m, id, model::Kind::kCampaign, opt);
                  });
  AddLayerCommand(layer, ctx, "platform", "Techniques of a platform", "Linux",
                  [](const auto& m, const auto& id, const auto& opt) { return interop::PlatformLayer(m, id, opt); });
  AddLayerCommand(layer, ctx, "tactic", "Techniques of a tactic", "TA0043, reconnaissance or Reconnaissance",
                  [](const auto& m, const auto& id, const auto& opt) -> Result<interop::Layer> {
                    GLEXIA_ASSIGN_OR_RETURN(const model::Object* tactic, interop::FindTactic(m, id));
                    return interop::TacticLayer(m, *tactic, opt);
                  });
  AddLayerCommand(layer, ctx, "overlap", "Techniques shared by groups; score = how many use each", "G0034,G0035",
                  [](const auto& m, const auto& id, const auto& opt) -> Result<interop::Layer> {
                    GLEXIA_ASSIGN_OR_RETURN(auto groups, interop::FindGroups(m, id));
                    return interop::OverlapLayer(m, groups, opt);
                  });
}

void RegisterExport(CLI::App& app, Context& ctx) {
  CLI::App* exp = app.add_subcommand("export", "Export a release: xlsx, csv or stix");
  exp->require_subcommand(1);

  auto xo = std::make_shared<InterfaceOptions>();
  CLI::App* xlsx = exp->add_subcommand("xlsx", "Spreadsheet like MITRE's attackToExcel, one sheet per type");
  AddReleaseOptions(xlsx, *xo);
  xlsx->add_option("-o,--output", xo->output, "The .xlsx file to write")->required();
  xlsx->callback([&ctx, xo] {
    ctx.action = [&ctx, xo] {
      auto loaded = Load(ctx, *xo);
      if (!loaded.ok()) return ReportError(loaded.status());
      Status st = interop::WriteXlsx(interop::BuildSheets(*loaded->model), xo->output);
      if (!st.ok()) return ReportError(st);
      std::fprintf(stderr, "wrote %s\n", xo->output.c_str());
      return 0;
    };
  });

  auto co = std::make_shared<InterfaceOptions>();
  CLI::App* csv = exp->add_subcommand("csv", "The spreadsheet as one RFC 4180 CSV file per sheet, in a folder");
  AddReleaseOptions(csv, *co);
  csv->add_option("-o,--output", co->output, "The folder to write the CSV files into")->required();
  csv->callback([&ctx, co] {
    ctx.action = [&ctx, co] {
      auto loaded = Load(ctx, *co);
      if (!loaded.ok()) return ReportError(loaded.status());
      auto sheets = interop::BuildSheets(*loaded->model);
      Status st = interop::WriteCsvFolder(sheets, co->output);
      if (!st.ok()) return ReportError(st);
      for (const auto& sheet : sheets) {
        std::fprintf(stderr, "wrote %s/%s (%zu rows)\n", co->output.c_str(), interop::CsvFileName(sheet).c_str(),
                     sheet.rows.size());
      }
      return 0;
    };
  });

  auto so = std::make_shared<InterfaceOptions>();
  CLI::App* stix = exp->add_subcommand("stix", "STIX bundle with the original object bytes (whole release or --subset)");
  AddReleaseOptions(stix, *so);
  stix->add_option("-o,--output", so->output, "The bundle file to write (default: stdout)");
  stix->add_option("--subset", so->subset, "Only this group/software/campaign and what it uses, e.g. G0034");
  stix->callback([&ctx, so] {
    ctx.action = [&ctx, so] {
      auto loaded = Load(ctx, *so);
      if (!loaded.ok()) return ReportError(loaded.status());
      Result<std::string> bundle = Status::Internal("unset");
      if (so->subset.empty()) {
        bundle = interop::ExportReleaseBundle(*loaded->store, loaded->model->release());
      } else {
        const model::Object* root = loaded->model->Resolve(so->subset);
        if (root == nullptr) {
          return ReportError(Status::NotFound(so->subset + " is not in " + loaded->model->release().domain + " " +
                                              loaded->model->release().version));
        }
        bundle = interop::ExportSubsetBundle(*loaded->store, *loaded->model, *root);
      }
      if (!bundle.ok()) return ReportError(bundle.status());
      return Emit(so->output, *bundle);
    };
  });
}

}  // namespace

void RegisterInterfaceCommands(CLI::App& app, Context& ctx) {
  RegisterLayer(app, ctx);
  RegisterExport(app, ctx);
}

}  // namespace glexia::cli
