// Exports of one release: spreadsheets like MITRE's attackToExcel (XLSX via
// libxlsxwriter, or one RFC 4180 CSV per sheet) and STIX bundles (the whole
// release, or one group/software/campaign and what it uses).
//
// Sheets hold active objects only (neither revoked nor deprecated) and active
// relationships (see model.h), as attackToExcel does. Thread-safe: pure
// functions of an immutable model / a thread-safe store.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "model/model.h"
#include "store/store.h"

namespace glexia::interop {

struct Sheet {
  std::string name;  // at most 31 characters (an Excel limit), e.g. "techniques"
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // each as long as `columns`
};

// One sheet per type — techniques, tactics, software, groups, campaigns,
// mitigations, detection strategies, analytics, data components, plus data
// sources and assets when the release has any — then relationship sheets:
// "relationships" (all) and one per kind of mapping ("procedure examples",
// "associated software", "attributed campaigns", "techniques addressed",
// "detections", "sub-techniques", "targeted assets").
std::vector<Sheet> BuildSheets(const model::ReleaseModel& model);

// Excel cells hold at most 32767 characters; longer text is cut there.
Status WriteXlsx(const std::vector<Sheet>& sheets, const std::string& path);

// The sheet as RFC 4180 CSV: CRLF line ends, a header row, fields quoted
// when they hold a comma, quote, CR or LF, quotes doubled.
std::string ToCsv(const Sheet& sheet);
// "procedure examples" → "procedure_examples.csv".
std::string CsvFileName(const Sheet& sheet);
// Writes every sheet as <dir>/<CsvFileName>, creating `dir`.
Status WriteCsvFolder(const std::vector<Sheet>& sheets, const std::string& dir);

// Every object of the release with its exact original bytes, framed like the
// imported bundle: {"type": "bundle", "id": ..., ("spec_version": "2.0" for
// STIX 2.0 releases,) "objects": [...]}, indented by four spaces. Objects are
// ordered by (type, id), after the x-mitre-collection object when present.
// The bundle id is the name-based UUID of "<domain>-<version>", which is the
// original id for the assembled 2.0 bundles.
Result<std::string> ExportReleaseBundle(store::Store& store, const store::ReleaseInfo& release);

// STIX ids of the subset of `root` (a group, software or campaign):
//   root; its active `uses` relationships and their targets (techniques,
//   software); for a group, the campaigns attributed to it with those
//   `attributed-to` relationships, and what the campaigns use; for a
//   campaign, its `attributed-to` relationships and groups; for every
//   software reached, its `uses` relationships and techniques; for every
//   technique, the tactics of its kill chain phases, and for sub-techniques
//   the parent and the `subtechnique-of` relationship; and every identity and
//   marking definition of the release (objects refer to them).
// Not included: mitigations, detections, the x-mitre-collection object.
Result<std::vector<std::string>> SubsetIds(const model::ReleaseModel& model, const model::Object& root);

// The subset as a bundle, framed and ordered like ExportReleaseBundle.
Result<std::string> ExportSubsetBundle(store::Store& store, const model::ReleaseModel& model,
                                       const model::Object& root);

}  // namespace glexia::interop
