#include "analysis/analysis.h"
#include "core/json_writer.h"

namespace glexia::analysis {
namespace {

void WriteStatement(JsonWriter& w, const Statement& s) {
  w.BeginObject();
  w.Field("text", s.text);
  w.Key("provenance").BeginArray();
  for (const Provenance& p : s.provenance) {
    w.BeginObject().Field("kind", p.kind).Field("id", p.id).Field("label", p.label).EndObject();
  }
  w.EndArray();
  w.EndObject();
}

}  // namespace

std::string ToJson(const AnalystContext& c) {
  JsonWriter w;
  w.BeginObject();
  w.Field("technique", c.technique_attack_id);
  w.Field("release", c.release);
  w.Key("summary");
  WriteStatement(w, c.summary);
  w.Key("priority").BeginObject();
  w.Field("level", c.priority.level).Field("score", c.priority.score);
  w.Key("reasons").BeginArray();
  for (const Statement& s : c.priority.reasons) WriteStatement(w, s);
  w.EndArray().EndObject();
  w.Key("sections").BeginArray();
  for (const Section& section : c.sections) {
    w.BeginObject().Field("key", section.key).Field("title", section.title).Field("as_list", section.as_list);
    w.Key("statements").BeginArray();
    for (const Statement& s : section.statements) WriteStatement(w, s);
    w.EndArray().EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

}  // namespace glexia::analysis
