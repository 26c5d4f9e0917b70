// Spreadsheet exports: sheet building (attackToExcel-like columns) and the
// XLSX / CSV writers.
#include <xlsxwriter.h>

#include <filesystem>
#include <system_error>

#include "core/file_io.h"
#include "interop/exports.h"

namespace glexia::interop {
namespace {

using model::Kind;
using model::Object;

std::string Join(const std::vector<std::string>& values, std::string_view sep = ", ") {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out += sep;
    out += v;
  }
  return out;
}

std::string Bool(bool b) { return b ? "True" : "False"; }

const std::vector<std::string> kCommon = {"ID", "STIX ID", "name", "description", "url", "created",
                                          "last modified", "domain", "version"};

std::vector<std::string> CommonCells(const model::ReleaseModel& model, const Object& o) {
  return {o.attack_id, o.stix_id, o.name, o.description, o.url, o.created, o.modified,
          model.release().domain, o.version};
}

Sheet ObjectSheet(const model::ReleaseModel& model, Kind kind, std::string name,
                  std::vector<std::string> extra_columns,
                  const std::function<std::vector<std::string>(const Object&)>& extra_cells) {
  Sheet sheet;
  sheet.name = std::move(name);
  sheet.columns = kCommon;
  sheet.columns.insert(sheet.columns.end(), extra_columns.begin(), extra_columns.end());
  for (const Object* o : model.OfKind(kind)) {
    std::vector<std::string> row = CommonCells(model, *o);
    std::vector<std::string> extra = extra_cells(*o);
    row.insert(row.end(), extra.begin(), extra.end());
    sheet.rows.push_back(std::move(row));
  }
  return sheet;
}

std::string AttackIdsOf(const model::ReleaseModel& model, const std::vector<std::string>& stix_ids) {
  std::vector<std::string> ids;
  for (const std::string& id : stix_ids) {
    const Object* o = model.ByStixId(id);
    ids.push_back(o && !o->attack_id.empty() ? o->attack_id : id);
  }
  return Join(ids);
}

const std::vector<std::string> kRelationshipColumns = {
    "source ID", "source name", "source ref", "source type", "mapping type", "target ID", "target name",
    "target ref", "target type", "mapping description", "STIX ID", "created", "last modified"};

std::vector<std::string> RelationshipRow(const model::ReleaseModel& model, const model::Relationship& r) {
  const Object* s = model.SourceOf(r);
  const Object* t = model.TargetOf(r);
  return {s ? s->attack_id : "", s ? s->name : "", r.source_ref, s ? std::string(model::KindSlug(s->kind)) : "",
          r.type, t ? t->attack_id : "", t ? t->name : "", r.target_ref,
          t ? std::string(model::KindSlug(t->kind)) : "", r.description, r.stix_id, r.created, r.modified};
}

}  // namespace

std::vector<Sheet> BuildSheets(const model::ReleaseModel& model) {
  std::vector<Sheet> sheets;
  sheets.push_back(ObjectSheet(
      model, Kind::kTechnique, "techniques",
      {"tactics", "platforms", "is sub-technique", "sub-technique of", "detection", "data sources",
       "defenses bypassed", "permissions required", "effective permissions", "system requirements", "impact type",
       "supports remote", "contributors"},
      [&](const Object& o) -> std::vector<std::string> {
        std::vector<std::string> tactics;
        for (const Object* t : model.TacticsOf(o)) tactics.push_back(t->name);
        const Object* parent = o.is_subtechnique ? model.ParentOf(o) : nullptr;
        return {Join(tactics), Join(o.platforms), Bool(o.is_subtechnique), parent ? parent->attack_id : "",
                o.detection_text, Join(o.data_sources), Join(o.defense_bypassed), Join(o.permissions_required),
                Join(o.effective_permissions), Join(o.system_requirements), Join(o.impact_type),
                o.remote_support ? "True" : "", Join(o.contributors)};
      }));
  sheets.push_back(ObjectSheet(model, Kind::kTactic, "tactics", {"shortname"},
                               [](const Object& o) -> std::vector<std::string> { return {o.shortname}; }));
  sheets.push_back(ObjectSheet(model, Kind::kSoftware, "software", {"type", "platforms", "aliases", "contributors"},
                               [](const Object& o) -> std::vector<std::string> {
                                 return {o.type, Join(o.platforms), Join(o.aliases), Join(o.contributors)};
                               }));
  sheets.push_back(ObjectSheet(model, Kind::kGroup, "groups", {"aliases", "contributors"},
                               [](const Object& o) -> std::vector<std::string> {
                                 return {Join(o.aliases), Join(o.contributors)};
                               }));
  sheets.push_back(ObjectSheet(model, Kind::kCampaign, "campaigns", {"aliases", "first seen", "last seen", "contributors"},
                               [](const Object& o) -> std::vector<std::string> {
                                 return {Join(o.aliases), o.first_seen, o.last_seen, Join(o.contributors)};
                               }));
  sheets.push_back(ObjectSheet(model, Kind::kMitigation, "mitigations", {},
                               [](const Object&) -> std::vector<std::string> { return {}; }));
  sheets.push_back(ObjectSheet(model, Kind::kDetectionStrategy, "detection strategies", {"analytics"},
                               [&](const Object& o) -> std::vector<std::string> {
                                 return {AttackIdsOf(model, o.analytic_refs)};
                               }));
  sheets.push_back(ObjectSheet(model, Kind::kAnalytic, "analytics", {"platforms", "log sources"},
                               [&](const Object& o) -> std::vector<std::string> {
                                 std::vector<std::string> sources;
                                 for (const auto& ls : o.log_sources) {
                                   const Object* dc = model.ByStixId(ls.data_component_ref);
                                   sources.push_back((dc ? dc->name : ls.data_component_ref) + ": " + ls.name +
                                                     (ls.channel.empty() ? "" : " (" + ls.channel + ")"));
                                 }
                                 return {Join(o.platforms), Join(sources, "; ")};
                               }));
  sheets.push_back(ObjectSheet(model, Kind::kDataComponent, "data components", {"data source"},
                               [&](const Object& o) -> std::vector<std::string> {
                                 const Object* ds = model.DataSourceOf(o);
                                 return {ds ? ds->name : ""};
                               }));
  if (!model.OfKind(Kind::kDataSource).empty()) {
    sheets.push_back(ObjectSheet(model, Kind::kDataSource, "data sources", {"platforms", "contributors"},
                                 [](const Object& o) -> std::vector<std::string> {
                                   return {Join(o.platforms), Join(o.contributors)};
                                 }));
  }
  if (!model.OfKind(Kind::kAsset).empty()) {
    sheets.push_back(ObjectSheet(model, Kind::kAsset, "assets", {"platforms"},
                                 [](const Object& o) -> std::vector<std::string> { return {Join(o.platforms)}; }));
  }

  // Relationship sheets: all active relationships, then views by mapping.
  struct View {
    const char* name;
    std::function<bool(const model::Relationship&, const Object&, const Object&)> keep;
  };
  const std::vector<View> views = {
      {"relationships", [](const auto&, const auto&, const auto&) { return true; }},
      {"procedure examples",
       [](const auto& r, const auto&, const auto& t) { return r.type == "uses" && t.kind == Kind::kTechnique; }},
      {"associated software",
       [](const auto& r, const auto& s, const auto& t) {
         return r.type == "uses" && t.kind == Kind::kSoftware && s.kind != Kind::kSoftware;
       }},
      {"attributed campaigns", [](const auto& r, const auto&, const auto&) { return r.type == "attributed-to"; }},
      {"techniques addressed", [](const auto& r, const auto&, const auto&) { return r.type == "mitigates"; }},
      {"detections", [](const auto& r, const auto&, const auto&) { return r.type == "detects"; }},
      {"sub-techniques", [](const auto& r, const auto&, const auto&) { return r.type == "subtechnique-of"; }},
      {"targeted assets", [](const auto& r, const auto&, const auto&) { return r.type == "targets"; }},
  };
  for (const View& view : views) {
    Sheet sheet;
    sheet.name = view.name;
    sheet.columns = kRelationshipColumns;
    for (const model::Relationship& r : model.relationships()) {
      if (!r.active) continue;
      const Object* s = model.SourceOf(r);
      const Object* t = model.TargetOf(r);
      if (s == nullptr || t == nullptr || !view.keep(r, *s, *t)) continue;
      sheet.rows.push_back(RelationshipRow(model, r));
    }
    if (sheet.name == "relationships" || !sheet.rows.empty()) sheets.push_back(std::move(sheet));
  }
  return sheets;
}

Status WriteXlsx(const std::vector<Sheet>& sheets, const std::string& path) {
  constexpr size_t kMaxCell = 32767;
  lxw_workbook* workbook = workbook_new(path.c_str());
  if (workbook == nullptr) return Status::IOError("cannot create " + path);
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  for (const Sheet& sheet : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(workbook, sheet.name.substr(0, 31).c_str());
    if (ws == nullptr) {
      workbook_close(workbook);
      return Status::Internal("libxlsxwriter refused the sheet name '" + sheet.name + "'");
    }
    for (size_t c = 0; c < sheet.columns.size(); ++c) {
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), sheet.columns[c].c_str(), bold);
    }
    std::string cell;
    for (size_t r = 0; r < sheet.rows.size(); ++r) {
      const auto& row = sheet.rows[r];
      for (size_t c = 0; c < row.size(); ++c) {
        if (row[c].empty()) continue;
        cell = row[c].size() > kMaxCell ? row[c].substr(0, kMaxCell) : row[c];
        worksheet_write_string(ws, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c), cell.c_str(), nullptr);
      }
    }
    if (!sheet.rows.empty()) {
      worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(sheet.rows.size()),
                           static_cast<lxw_col_t>(sheet.columns.size() - 1));
    }
    worksheet_freeze_panes(ws, 1, 0);
  }
  lxw_error error = workbook_close(workbook);
  if (error != LXW_NO_ERROR) {
    return Status::IOError("writing " + path + ": " + lxw_strerror(error));
  }
  return Status::Ok();
}

std::string ToCsv(const Sheet& sheet) {
  std::string out;
  auto field = [&](const std::string& value) {
    if (value.find_first_of(",\"\r\n") == std::string::npos) {
      out += value;
      return;
    }
    out += '"';
    for (char c : value) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  };
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out += ',';
      field(cells[i]);
    }
    out += "\r\n";
  };
  line(sheet.columns);
  for (const auto& row : sheet.rows) line(row);
  return out;
}

std::string CsvFileName(const Sheet& sheet) {
  std::string name = sheet.name;
  for (char& c : name) {
    if (c == ' ') c = '_';
  }
  return name + ".csv";
}

Status WriteCsvFolder(const std::vector<Sheet>& sheets, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError("cannot create " + dir + ": " + ec.message());
  for (const Sheet& sheet : sheets) {
    GLEXIA_RETURN_IF_ERROR(WriteFileAtomic(dir + "/" + CsvFileName(sheet), ToCsv(sheet)));
  }
  return Status::Ok();
}

}  // namespace glexia::interop
