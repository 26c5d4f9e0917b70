// Internal to the model layer: turns (object version, raw bytes) records into
// a ReleaseModel. BuildReleaseModel feeds it from Store::ForEachObject; tests
// and benchmarks may feed it straight from a stix::Bundle.
//
// Not thread-safe: one builder per build. It owns one simdjson DOM parser and
// reuses it for every object, so a build allocates parser memory once.
#pragma once

#include <memory>
#include <string_view>

#include "core/status.h"
#include "model/model.h"
#include "store/store.h"

namespace glexia::model {

class ModelBuilder {
 public:
  explicit ModelBuilder(store::ReleaseInfo release);
  ~ModelBuilder();
  ModelBuilder(const ModelBuilder&) = delete;
  ModelBuilder& operator=(const ModelBuilder&) = delete;

  // Parses one object. Only its facts are kept, never `raw` itself. After the
  // first error further calls are ignored and Finish reports that error.
  void Add(const store::ObjectVersion& meta, std::string_view raw);
  // Same, without a copy: at least simdjson::SIMDJSON_PADDING readable bytes
  // must follow `raw` in memory (their content does not matter).
  void AddPadded(const store::ObjectVersion& meta, std::string_view raw);

  // Builds the indexes. Call once, after the last Add.
  Result<std::shared_ptr<const ReleaseModel>> Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace glexia::model
