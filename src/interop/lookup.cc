#include "interop/lookup.h"

#include <algorithm>
#include <cctype>

namespace glexia::interop {
namespace {

bool SameText(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string Where(const model::ReleaseModel& model) {
  return model.release().domain + " " + model.release().version;
}

}  // namespace

Result<std::shared_ptr<const model::ReleaseModel>> SelectModel(model::ModelCache& models, std::string_view domain,
                                                               std::string_view version) {
  if (!domain.empty() && domain != "enterprise-attack" && domain != "mobile-attack" && domain != "ics-attack") {
    return Status::InvalidArgument("unknown domain '" + std::string(domain) +
                                   "' (expected enterprise-attack, mobile-attack or ics-attack)");
  }
  return models.Get(domain, version == "latest" ? std::string_view() : version);
}

Result<const model::Object*> FindOfKind(const model::ReleaseModel& model, std::string_view id, model::Kind kind) {
  const model::Object* o = model.Resolve(id);
  if (o == nullptr) return Status::NotFound(std::string(id) + " is not in " + Where(model));
  if (o->kind != kind) {
    return Status::NotFound(std::string(id) + " is a " + std::string(model::KindLabel(o->kind)) + ", not a " +
                            std::string(model::KindLabel(kind)));
  }
  return o;
}

Result<const model::Object*> FindTactic(const model::ReleaseModel& model, std::string_view id) {
  if (const model::Object* o = model.Resolve(id); o != nullptr && o->kind == model::Kind::kTactic) return o;
  for (const model::Object* t : model.OfKind(model::Kind::kTactic)) {
    if (SameText(t->shortname, id) || SameText(t->name, id)) return t;
  }
  return Status::NotFound("no tactic '" + std::string(id) + "' in " + Where(model));
}

Result<std::vector<const model::Object*>> FindGroups(const model::ReleaseModel& model, std::string_view list) {
  std::vector<const model::Object*> groups;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view id = list.substr(start, comma - start);
    while (!id.empty() && id.front() == ' ') id.remove_prefix(1);
    while (!id.empty() && id.back() == ' ') id.remove_suffix(1);
    start = comma + 1;
    if (id.empty()) continue;
    GLEXIA_ASSIGN_OR_RETURN(const model::Object* g, FindOfKind(model, id, model::Kind::kGroup));
    if (std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
  }
  if (groups.empty()) return Status::InvalidArgument("give groups as ?groups=G0034,G0035");
  return groups;
}

}  // namespace glexia::interop
