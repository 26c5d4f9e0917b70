// STIX bundle exports: a whole release or one actor's subset, with the
// objects' exact bytes from the store.
#include <algorithm>
#include <set>
#include <unordered_map>

#include "interop/exports.h"
#include "taxii/stix21.h"

namespace glexia::interop {
namespace {

using model::Kind;
using model::Object;

struct RawObject {
  std::string type;
  std::string id;
  std::string raw;
};

// x-mitre-collection first (as in the 2.1 bundles), then by (type, id), which
// is the order of the assembled 2.0 bundles.
void SortForBundle(std::vector<RawObject>& objects) {
  std::sort(objects.begin(), objects.end(), [](const RawObject& a, const RawObject& b) {
    bool ac = a.type == "x-mitre-collection", bc = b.type == "x-mitre-collection";
    if (ac != bc) return ac;
    if (a.type != b.type) return a.type < b.type;
    return a.id < b.id;
  });
}

// The framing of the imported bundles (Python json.dumps(indent=4) layout):
// object bytes are pasted as they were, so they keep their own indentation.
std::string Frame(const store::ReleaseInfo& release, const std::vector<RawObject>& objects, std::string_view id_name) {
  size_t total = 256;
  for (const RawObject& o : objects) total += o.raw.size() + 10;
  std::string out;
  out.reserve(total);
  out += "{\n    \"type\": \"bundle\",\n    \"id\": \"bundle--";
  out += taxii::UuidV5Url(id_name);
  out += "\",\n";
  if (release.spec_version == "2.0") out += "    \"spec_version\": \"2.0\",\n";
  out += "    \"objects\": [";
  for (size_t i = 0; i < objects.size(); ++i) {
    out += i == 0 ? "\n        " : ",\n        ";
    out += objects[i].raw;
  }
  out += objects.empty() ? "]\n}" : "\n    ]\n}";
  return out;
}

}  // namespace

Result<std::string> ExportReleaseBundle(store::Store& store, const store::ReleaseInfo& release) {
  std::vector<RawObject> objects;
  objects.reserve(static_cast<size_t>(release.object_count));
  GLEXIA_RETURN_IF_ERROR(store.ForEachObject(release.id, [&](const store::ObjectVersion& o, std::string_view raw) {
    objects.push_back({o.type, o.stix_id, std::string(raw)});
  }));
  SortForBundle(objects);
  return Frame(release, objects, release.domain + "-" + release.version);
}

Result<std::vector<std::string>> SubsetIds(const model::ReleaseModel& model, const Object& root) {
  if (root.kind != Kind::kGroup && root.kind != Kind::kSoftware && root.kind != Kind::kCampaign) {
    return Status::InvalidArgument((root.attack_id.empty() ? root.stix_id : root.attack_id) +
                                   " is not a group, software or campaign");
  }
  std::set<std::string> ids{root.stix_id};
  std::vector<const Object*> software, techniques;
  auto add_object = [&](const Object* o) {
    if (o == nullptr || !ids.insert(o->stix_id).second) return;
    if (o->kind == Kind::kSoftware) software.push_back(o);
    if (o->kind == Kind::kTechnique) techniques.push_back(o);
  };
  auto add_uses = [&](const Object& user) {
    for (const model::Relationship* r : model.Outgoing(user, "uses")) {
      const Object* target = model.TargetOf(*r);
      if (target == nullptr || (target->kind != Kind::kTechnique && target->kind != Kind::kSoftware)) continue;
      ids.insert(r->stix_id);
      add_object(target);
    }
  };
  add_uses(root);
  if (root.kind == Kind::kGroup) {
    for (const model::Relationship* r : model.Incoming(root, "attributed-to")) {
      const Object* campaign = model.SourceOf(*r);
      if (campaign == nullptr || campaign->kind != Kind::kCampaign) continue;
      ids.insert(r->stix_id);
      ids.insert(campaign->stix_id);
      add_uses(*campaign);
    }
  } else if (root.kind == Kind::kCampaign) {
    for (const model::Relationship* r : model.Outgoing(root, "attributed-to")) {
      if (const Object* group = model.TargetOf(*r)) {
        ids.insert(r->stix_id);
        ids.insert(group->stix_id);
      }
    }
  }
  for (size_t i = 0; i < software.size(); ++i) add_uses(*software[i]);  // software found so far; grows safely
  for (size_t i = 0; i < techniques.size(); ++i) {
    const Object* t = techniques[i];
    for (const Object* tactic : model.TacticsOf(*t)) ids.insert(tactic->stix_id);
    if (t->is_subtechnique) {
      for (const model::Relationship* r : model.Outgoing(*t, "subtechnique-of")) {
        ids.insert(r->stix_id);
        add_object(model.TargetOf(*r));
      }
    }
  }
  for (Kind k : {Kind::kIdentity, Kind::kMarking}) {
    for (const Object* o : model.OfKind(k, true)) ids.insert(o->stix_id);
  }
  return std::vector<std::string>(ids.begin(), ids.end());
}

Result<std::string> ExportSubsetBundle(store::Store& store, const model::ReleaseModel& model, const Object& root) {
  GLEXIA_ASSIGN_OR_RETURN(std::vector<std::string> ids, SubsetIds(model, root));
  std::unordered_map<std::string_view, const model::Relationship*> relationships;
  for (const model::Relationship& r : model.relationships()) relationships.emplace(r.stix_id, &r);
  std::vector<RawObject> objects;
  objects.reserve(ids.size());
  for (const std::string& id : ids) {
    int64_t object_id = 0;
    std::string type;
    if (const Object* o = model.ByStixId(id)) {
      object_id = o->store_object_id;
      type = o->type;
    } else if (auto it = relationships.find(id); it != relationships.end()) {
      object_id = it->second->store_object_id;
      type = "relationship";
    }
    if (object_id == 0) return Status::Internal("subset object " + id + " is not in the model");
    GLEXIA_ASSIGN_OR_RETURN(std::string raw, store.RawBytes(object_id));
    objects.push_back({type, id, std::move(raw)});
  }
  SortForBundle(objects);
  const auto& rel = model.release();
  std::string name = root.attack_id.empty() ? root.stix_id : root.attack_id;
  return Frame(rel, objects, rel.domain + "-" + rel.version + "/" + name);
}

}  // namespace glexia::interop
