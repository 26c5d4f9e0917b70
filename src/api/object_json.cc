// Common pieces and the technique view; the other kinds are in object_json_kinds.cc.
#include "api/object_json.h"

#include <map>

#include "api/lookup.h"
#include "api/object_json_internal.h"

namespace glexia::api {

using model::Kind;
using model::Object;
using model::ReleaseModel;

void WriteReleaseRef(JsonWriter& w, const store::ReleaseInfo& release) {
  w.BeginObject().Field("id", release.id).Field("domain", release.domain).Field("version", release.version).EndObject();
}

void WriteReleaseInfo(JsonWriter& w, const store::ReleaseInfo& r) {
  w.BeginObject()
      .Field("id", r.id)
      .Field("domain", r.domain)
      .Field("version", r.version)
      .Field("spec_version", r.spec_version)
      .Field("source", r.source)
      .Field("bundle_sha256", r.bundle_sha256)
      .Field("imported_at", r.imported_at)
      .FieldOrNull("collection_name", r.collection_name)
      .FieldOrNull("index_modified", r.index_modified)
      .FieldOrNull("downloaded_at", r.downloaded_at)
      .Field("object_count", r.object_count);
  w.Key("counts_by_type").BeginObject();
  for (const auto& [type, count] : r.counts_by_type) w.Field(type, count);
  w.EndObject().EndObject();
}

void WriteRefFields(JsonWriter& w, const Object& o) {
  w.FieldOrNull("attack_id", o.attack_id)
      .Field("stix_id", o.stix_id)
      .Field("type", model::KindSlug(o.kind))
      .Field("name", o.name)
      .Field("status", StatusName(o));
}

void WriteRef(JsonWriter& w, const Object& o) {
  w.BeginObject();
  WriteRefFields(w, o);
  w.EndObject();
}

void WriteListItem(JsonWriter& w, const Object& o) {
  w.BeginObject();
  WriteRefFields(w, o);
  w.StringArray("platforms", o.platforms);
  if (o.kind == Kind::kTechnique) w.Field("is_subtechnique", o.is_subtechnique);
  w.EndObject();
}

namespace internal {

void WriteRelated(JsonWriter& w, std::string_view key, const std::vector<Related>& items, std::string_view text_key) {
  w.Key(key).BeginArray();
  for (const Related& item : items) {
    w.BeginObject();
    WriteRefFields(w, *item.object);
    if (!text_key.empty()) w.Field(text_key, item.relationship ? item.relationship->description : std::string());
    w.EndObject();
  }
  w.EndArray();
}

void WriteRefs(JsonWriter& w, std::string_view key, const std::vector<const Object*>& objects) {
  w.Key(key).BeginArray();
  for (const Object* o : objects) WriteRef(w, *o);
  w.EndArray();
}

std::vector<Related> Sources(const ReleaseModel& m, const Object& o, std::string_view type, Kind kind) {
  std::vector<Related> out;
  for (const model::Relationship* r : m.Incoming(o, type)) {
    const Object* source = m.SourceOf(*r);
    if (source && source->kind == kind) out.push_back({source, r});
  }
  return out;
}

std::vector<Related> Targets(const ReleaseModel& m, const Object& o, std::string_view type, Kind kind) {
  std::vector<Related> out;
  for (const model::Relationship* r : m.Outgoing(o, type)) {
    const Object* target = m.TargetOf(*r);
    if (target && target->kind == kind) out.push_back({target, r});
  }
  return out;
}

void WriteAnalyticFields(JsonWriter& w, const ReleaseModel& m, const Object& analytic) {
  w.StringArray("platforms", analytic.platforms);
  w.Field("description", analytic.description);
  w.Key("log_sources").BeginArray();
  for (const model::LogSourceReference& ls : analytic.log_sources) {
    w.BeginObject();
    w.Key("data_component").BeginObject();
    const Object* dc = m.ByStixId(ls.data_component_ref);
    w.FieldOrNull("attack_id", dc ? std::string_view(dc->attack_id) : std::string_view());
    w.Field("stix_id", ls.data_component_ref);
    w.FieldOrNull("name", dc ? std::string_view(dc->name) : std::string_view());
    w.EndObject();
    w.Field("name", ls.name).Field("channel", ls.channel);
    w.EndObject();
  }
  w.EndArray();
  w.Key("mutable_elements").BeginArray();
  for (const model::MutableElement& e : analytic.mutable_elements) {
    w.BeginObject().Field("field", e.field).Field("description", e.description).EndObject();
  }
  w.EndArray();
}

}  // namespace internal

namespace {

using internal::Related;

void WriteCommonFields(JsonWriter& w, const ReleaseModel& m, const Object& o) {
  WriteRefFields(w, o);
  w.Field("stix_type", o.type)
      .Field("description", o.description)
      .StringArray("aliases", o.aliases)
      .StringArray("platforms", o.platforms)
      .StringArray("domains", o.domains)
      .StringArray("contributors", o.contributors)
      .FieldOrNull("version", o.version)
      .FieldOrNull("created", o.created)
      .FieldOrNull("modified", o.modified)
      .Field("revoked", o.revoked)
      .Field("deprecated", o.deprecated);
  w.Key("replaced_by");
  const Object* replacement = o.revoked ? m.Replacement(o) : nullptr;
  if (replacement) {
    WriteRef(w, *replacement);
  } else {
    w.Null();
  }
  w.FieldOrNull("url", o.url).Field("raw_sha256", o.sha256);
  w.Key("external_references").BeginArray();
  for (const model::ExternalReference& ref : o.references) {
    w.BeginObject()
        .Field("source_name", ref.source_name)
        .FieldOrNull("external_id", ref.external_id)
        .FieldOrNull("url", ref.url)
        .FieldOrNull("description", ref.description)
        .EndObject();
  }
  w.EndArray();
}

void WriteRelationshipCounts(JsonWriter& w, const ReleaseModel& m, const Object& o) {
  std::map<std::string, size_t> out, in;
  for (const model::Relationship* r : m.Outgoing(o, "")) ++out[r->type];
  for (const model::Relationship* r : m.Incoming(o, "")) ++in[r->type];
  w.Key("relationship_counts").BeginObject();
  w.Key("outgoing").BeginObject();
  for (const auto& [type, n] : out) w.Field(type, n);
  w.EndObject().Key("incoming").BeginObject();
  for (const auto& [type, n] : in) w.Field(type, n);
  w.EndObject().EndObject();
}

void WriteTechniqueFields(JsonWriter& w, const ReleaseModel& m, const Object& t) {
  w.Field("is_subtechnique", t.is_subtechnique);
  w.Key("tactics").BeginArray();
  for (const Object* tactic : m.TacticsOf(t)) {
    w.BeginObject();
    WriteRefFields(w, *tactic);
    w.Field("shortname", tactic->shortname).EndObject();
  }
  w.EndArray();
  w.Key("parent");
  if (const Object* parent = t.is_subtechnique ? m.ParentOf(t) : nullptr) {
    WriteRef(w, *parent);
  } else {
    w.Null();
  }
  internal::WriteRefs(w, "subtechniques", m.SubtechniquesOf(t));
  internal::WriteRelated(w, "groups", internal::Sources(m, t, "uses", Kind::kGroup), "procedure");
  internal::WriteRelated(w, "software", internal::Sources(m, t, "uses", Kind::kSoftware), "procedure");
  internal::WriteRelated(w, "campaigns", internal::Sources(m, t, "uses", Kind::kCampaign), "procedure");
  internal::WriteRelated(w, "mitigations", internal::Sources(m, t, "mitigates", Kind::kMitigation), "text");

  w.Key("detection").BeginObject();
  w.Key("strategies").BeginArray();
  for (const Related& s : internal::Sources(m, t, "detects", Kind::kDetectionStrategy)) {
    w.BeginObject();
    WriteRefFields(w, *s.object);
    w.Key("analytics").BeginArray();
    for (const Object* a : m.AnalyticsOf(*s.object)) {
      w.BeginObject();
      WriteRefFields(w, *a);
      internal::WriteAnalyticFields(w, m, *a);
      w.EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray();
  w.FieldOrNull("text", t.detection_text);
  w.StringArray("data_sources", t.data_sources);
  w.Key("data_components").BeginArray();
  for (const Related& dc : internal::Sources(m, t, "detects", Kind::kDataComponent)) {
    w.BeginObject();
    WriteRefFields(w, *dc.object);
    w.Field("text", dc.relationship->description);
    w.Key("data_source");
    if (const Object* ds = m.DataSourceOf(*dc.object)) {
      WriteRef(w, *ds);
    } else {
      w.Null();
    }
    w.EndObject();
  }
  w.EndArray().EndObject();

  internal::WriteRelated(w, "targets", internal::Targets(m, t, "targets", Kind::kAsset), "text");
  internal::WriteRefs(w, "linked_techniques", m.LinkedTechniques(t));
  w.StringArray("permissions_required", t.permissions_required)
      .StringArray("effective_permissions", t.effective_permissions)
      .StringArray("system_requirements", t.system_requirements)
      .StringArray("defense_bypassed", t.defense_bypassed)
      .StringArray("impact_type", t.impact_type)
      .Field("remote_support", t.remote_support)
      .Field("network_requirements", t.network_requirements);
}

}  // namespace

void WriteObject(JsonWriter& w, const ReleaseModel& m, const Object& o) {
  w.BeginObject();
  WriteCommonFields(w, m, o);
  if (o.kind == Kind::kTechnique) {
    WriteTechniqueFields(w, m, o);
  } else {
    internal::WriteKindFields(w, m, o);
  }
  WriteRelationshipCounts(w, m, o);
  w.EndObject();
}

std::string ObjectDocument(const ReleaseModel& m, const Object& o) {
  JsonWriter w;
  w.BeginObject().Key("release");
  WriteReleaseRef(w, m.release());
  w.Key("object");
  WriteObject(w, m, o);
  w.EndObject();
  return w.Take();
}

}  // namespace glexia::api
