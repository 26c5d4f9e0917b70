#include "api/lookup.h"

#include <cctype>

namespace glexia::api {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool NormalizeDomain(std::string_view in, std::string* domain) {
  if (in.empty()) {
    domain->clear();
    return true;
  }
  std::string lower = Lower(in);
  for (std::string_view d : kDomains) {
    if (lower == d || lower + "-attack" == d) {
      *domain = std::string(d);
      return true;
    }
  }
  return false;
}

Result<std::shared_ptr<const model::ReleaseModel>> SelectModel(model::ModelCache& models,
                                                               const ReleaseSelector& selector) {
  std::string_view domain = selector.domain.empty() ? kDomains[0] : std::string_view(selector.domain);
  auto model = models.Get(domain, selector.version);
  if (model.ok()) return model;
  if (model.status().code() != StatusCode::kNotFound) return model.status();
  if (selector.version.empty()) return Status::NotFound("no release of " + std::string(domain) + " is imported");
  return Status::NotFound("release " + selector.version + " of " + std::string(domain) + " is not imported");
}

Result<Found> FindObject(model::ModelCache& models, const ReleaseSelector& selector, std::string_view id) {
  auto primary = SelectModel(models, selector);
  // With no domain given, a missing release in enterprise is not yet an
  // error: the version may exist only in mobile or ICS (e.g. 14.1).
  if (!primary.ok() && (!selector.domain.empty() || primary.status().code() != StatusCode::kNotFound)) {
    return primary.status();
  }
  std::string searched;  // the releases looked in, for the message
  auto note = [&searched](const model::ReleaseModel& m) {
    searched += (searched.empty() ? "" : ", ") + m.release().domain + " " + m.release().version;
  };
  if (primary.ok()) {
    if (const model::Object* object = (*primary)->Resolve(id)) return Found{*primary, object};
    note(**primary);
  }
  if (selector.domain.empty()) {
    for (std::string_view other : kDomains) {
      if (other == kDomains[0]) continue;
      auto model = models.Get(other, selector.version);
      if (!model.ok()) continue;
      if (const model::Object* object = (*model)->Resolve(id)) return Found{*model, object};
      note(**model);
    }
  }
  if (searched.empty()) return primary.status();
  return Status::NotFound(std::string(id) + " is not in " + searched);
}

std::string_view StatusName(const model::Object& object) {
  if (object.revoked) return "revoked";
  if (object.deprecated) return "deprecated";
  return "active";
}

}  // namespace glexia::api
