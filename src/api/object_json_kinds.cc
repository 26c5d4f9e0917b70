// Kind-specific fields of non-technique objects, and technique uses with how.
#include <algorithm>

#include "api/object_json.h"
#include "api/object_json_internal.h"

namespace glexia::api {

using model::Kind;
using model::Object;
using model::ReleaseModel;

namespace internal {

namespace {

// Compact list of the techniques an actor uses: ref plus how.
void WriteTechniqueSummary(JsonWriter& w, const ReleaseModel& m, const Object& actor) {
  w.Key("techniques").BeginArray();
  for (const model::TechniqueUse& use : m.TechniquesUsedBy(actor)) {
    w.BeginObject();
    WriteRefFields(w, *use.technique);
    w.Key("how").BeginArray();
    for (model::UseHow how : use.how) w.String(model::UseHowName(how));
    w.EndArray().EndObject();
  }
  w.EndArray();
}

}  // namespace

void WriteKindFields(JsonWriter& w, const ReleaseModel& m, const Object& o) {
  switch (o.kind) {
    case Kind::kGroup:
      WriteRelated(w, "software", Targets(m, o, "uses", Kind::kSoftware), "procedure");
      WriteRelated(w, "campaigns", Sources(m, o, "attributed-to", Kind::kCampaign), "text");
      WriteTechniqueSummary(w, m, o);
      break;
    case Kind::kSoftware:
      w.Field("software_type", o.type);
      WriteRelated(w, "groups", Sources(m, o, "uses", Kind::kGroup), "procedure");
      WriteRelated(w, "campaigns", Sources(m, o, "uses", Kind::kCampaign), "procedure");
      WriteTechniqueSummary(w, m, o);
      break;
    case Kind::kCampaign:
      w.FieldOrNull("first_seen", o.first_seen).FieldOrNull("last_seen", o.last_seen);
      WriteRelated(w, "groups", Targets(m, o, "attributed-to", Kind::kGroup), "text");
      WriteRelated(w, "software", Targets(m, o, "uses", Kind::kSoftware), "procedure");
      WriteTechniqueSummary(w, m, o);
      break;
    case Kind::kMitigation:
      WriteRelated(w, "techniques", Targets(m, o, "mitigates", Kind::kTechnique), "text");
      break;
    case Kind::kTactic:
      w.Field("shortname", o.shortname);
      WriteRefs(w, "techniques", m.TechniquesOfTactic(o, true));
      break;
    case Kind::kDataSource:
      WriteRefs(w, "data_components", m.ComponentsOf(o));
      break;
    case Kind::kDataComponent: {
      w.Key("data_source");
      if (const Object* ds = m.DataSourceOf(o)) {
        WriteRef(w, *ds);
      } else {
        w.Null();
      }
      WriteRefs(w, "analytics", m.AnalyticsUsingComponent(o));
      WriteRelated(w, "techniques", Targets(m, o, "detects", Kind::kTechnique), "text");
      break;
    }
    case Kind::kDetectionStrategy:
      w.Key("analytics").BeginArray();
      for (const Object* a : m.AnalyticsOf(o)) {
        w.BeginObject();
        WriteRefFields(w, *a);
        WriteAnalyticFields(w, m, *a);
        w.EndObject();
      }
      w.EndArray();
      WriteRelated(w, "techniques", Targets(m, o, "detects", Kind::kTechnique), "text");
      break;
    case Kind::kAnalytic:
      WriteAnalyticFields(w, m, o);
      WriteRefs(w, "detection_strategies", m.StrategiesOfAnalytic(o));
      break;
    case Kind::kAsset:
      WriteRelated(w, "techniques", Sources(m, o, "targets", Kind::kTechnique), "text");
      break;
    case Kind::kMatrix: {
      std::vector<const Object*> tactics;
      for (const std::string& ref : o.tactic_refs) {
        if (const Object* t = m.ByStixId(ref)) tactics.push_back(t);
      }
      WriteRefs(w, "tactics", tactics);
      break;
    }
    default:
      break;
  }
}

}  // namespace internal

void WriteTechniqueUse(JsonWriter& w, const ReleaseModel& m, const model::TechniqueUse& use) {
  const Object& technique = *use.technique;
  // The intermediate object's own `uses` of this technique: its procedure text.
  auto procedure_of = [&](const Object& via) {
    for (const model::Relationship* r : m.Outgoing(via, "uses")) {
      if (r->target == technique.index) return r->description;
    }
    return std::string();
  };
  w.BeginObject().Key("technique");
  WriteListItem(w, technique);
  w.Key("how").BeginArray();
  for (model::UseHow how : use.how) w.String(model::UseHowName(how));
  w.EndArray();
  w.Key("direct").BeginArray();
  for (const model::Relationship* r : use.direct) {
    w.BeginObject().Field("relationship_id", r->stix_id).Field("procedure", r->description).EndObject();
  }
  w.EndArray();
  w.Key("via_software").BeginArray();
  for (const Object* s : use.via_software) {
    w.BeginObject();
    WriteRefFields(w, *s);
    w.Field("procedure", procedure_of(*s)).EndObject();
  }
  w.EndArray();
  w.Key("via_campaigns").BeginArray();
  for (const Object* c : use.via_campaigns) {
    w.BeginObject();
    WriteRefFields(w, *c);
    w.Field("procedure", procedure_of(*c)).EndObject();
  }
  w.EndArray();
  w.EndObject();
}

std::string TechniquesOfDocument(const ReleaseModel& m, const Object& actor) {
  std::vector<model::TechniqueUse> uses = m.TechniquesUsedBy(actor);
  JsonWriter w;
  w.BeginObject().Key("release");
  WriteReleaseRef(w, m.release());
  w.Key("actor");
  WriteRef(w, actor);
  w.Field("total", uses.size());
  w.Key("techniques").BeginArray();
  for (const model::TechniqueUse& use : uses) WriteTechniqueUse(w, m, use);
  w.EndArray().EndObject();
  return w.Take();
}

}  // namespace glexia::api
