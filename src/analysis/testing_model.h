// Test support: a small in-memory ReleaseModel, built from hand-made objects
// or read straight from a bundle, so analysis tests and benchmarks do not
// depend on the store. Not for production use (no caching, linear scans).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "model/model.h"

namespace glexia::analysis::testing {

class InMemoryModel;

// Collects objects and relationships, then indexes them.
class ModelBuilder {
 public:
  ModelBuilder(std::string domain, std::string version);
  // Returns the object's STIX id (generated from the ATT&CK id when empty).
  std::string Add(model::Object object);
  void Relate(const std::string& source, const std::string& type, const std::string& target,
              std::string description = "");
  std::shared_ptr<const model::ReleaseModel> Build();

 private:
  store::ReleaseInfo release_;
  std::vector<model::Object> objects_;
  std::vector<model::Relationship> relationships_;
};

// Reads a .json(.gz) ATT&CK bundle into a model (what the store+model do, minus storage).
Result<std::shared_ptr<const model::ReleaseModel>> LoadBundleModel(const std::string& path);

}  // namespace glexia::analysis::testing
