#include "model/builder.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>

#include "model/object_parser.h"
#include "model/release_model_impl.h"

namespace glexia::model {
namespace {

// Which of several objects sharing an ATT&CK ID the ID should name: the
// active one, else a deprecated one, else a revoked one.
int StatusRank(const Object& o) { return o.active() ? 0 : (o.revoked ? 2 : 1); }

std::string UpperAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// `rank` is every object's position in display order (ReleaseModelImpl::rank_):
// sorting by it compares integers instead of ATT&CK IDs and names.
void SortDisplay(const std::vector<uint32_t>& rank, std::vector<uint32_t>* list) {
  std::sort(list->begin(), list->end(), [&](uint32_t a, uint32_t b) { return rank[a] < rank[b]; });
  list->erase(std::unique(list->begin(), list->end()), list->end());
}

}  // namespace

struct ModelBuilder::Impl {
  simdjson::dom::parser parser;
  std::unique_ptr<char[]> buffer;  // raw bytes + simdjson's read-ahead padding
  size_t buffer_capacity = 0;
  Status error;
  size_t added = 0;  // objects parsed so far; names a bad one that has no id at hand
  std::unique_ptr<ReleaseModelImpl> model = std::make_unique<ReleaseModelImpl>();

  std::string_view Padded(std::string_view raw) {
    if (raw.size() + simdjson::SIMDJSON_PADDING > buffer_capacity) {
      buffer_capacity = std::max(raw.size() + simdjson::SIMDJSON_PADDING, buffer_capacity * 2);
      buffer = std::make_unique<char[]>(buffer_capacity);
    }
    std::memcpy(buffer.get(), raw.data(), raw.size());
    std::memset(buffer.get() + raw.size(), 0, simdjson::SIMDJSON_PADDING);
    return {buffer.get(), raw.size()};
  }

  void IndexObjects();
  void IndexRelationships();
  void IndexTactics();
  void IndexDetection();
};

ModelBuilder::ModelBuilder(store::ReleaseInfo release) : impl_(std::make_unique<Impl>()) {
  impl_->model->release_ = std::move(release);
  // Reserving the exact sizes (known from the import) avoids regrowth copies
  // of ~25k large structs and a final shrink.
  const store::ReleaseInfo& info = impl_->model->release_;
  auto rels = info.counts_by_type.find("relationship");
  if (rels != info.counts_by_type.end() && info.object_count >= rels->second) {
    impl_->model->objects_.reserve(static_cast<size_t>(info.object_count - rels->second));
    impl_->model->relationships_.reserve(static_cast<size_t>(rels->second));
  }
}

ModelBuilder::~ModelBuilder() = default;

void ModelBuilder::Add(const store::ObjectVersion& meta, std::string_view raw) {
  if (!impl_->error.ok()) return;
  AddPadded(meta, impl_->Padded(raw));
}

void ModelBuilder::AddPadded(const store::ObjectVersion& meta, std::string_view padded) {
  Impl& s = *impl_;
  if (!s.error.ok()) return;
  simdjson::dom::object json;
  auto parse_error = s.parser.parse(padded.data(), padded.size(), false).get_object().get(json);
  if (parse_error != simdjson::SUCCESS) {
    std::string which = meta.stix_id;
    if (which.empty()) which.append("#").append(std::to_string(s.added));  // append: see object_parser.cc on -Wrestrict
    s.error = Status::Corruption("object " + which + " of release " + s.model->release_.domain + " " +
                                 s.model->release_.version + " is not a JSON object: " +
                                 simdjson::error_message(parse_error));
    return;
  }
  ++s.added;
  std::string_view type;
  if (json["type"].get_string().get(type) != simdjson::SUCCESS) type = meta.type;
  if (type == "relationship") {
    Relationship& r = s.model->relationships_.emplace_back();
    ParseRelationshipFields(json, &r);
    if (r.stix_id.empty()) r.stix_id = meta.stix_id;
    r.store_object_id = meta.object_id;
    r.sha256 = meta.sha256;
    return;
  }
  Object& o = s.model->objects_.emplace_back();
  ParseObjectFields(json, &o);
  if (o.stix_id.empty()) o.stix_id = meta.stix_id;
  if (o.type.empty()) {
    o.type = meta.type;
    o.kind = KindFromStixType(o.type);
  }
  o.store_object_id = meta.object_id;
  o.sha256 = meta.sha256;
}

Result<std::shared_ptr<const ReleaseModel>> ModelBuilder::Finish() {
  Impl& s = *impl_;
  if (!s.error.ok()) return s.error;
  if (!s.model) return Status::Internal("ModelBuilder::Finish called twice");
  // Shrink first: the indexes hold views into the objects' strings, which a
  // later reallocation would move (short strings live inside the object).
  if (s.model->objects_.capacity() != s.model->objects_.size()) s.model->objects_.shrink_to_fit();
  if (s.model->relationships_.capacity() != s.model->relationships_.size()) s.model->relationships_.shrink_to_fit();
  s.IndexObjects();
  s.IndexRelationships();
  s.IndexTactics();
  s.IndexDetection();
  std::shared_ptr<const ReleaseModel> out(std::move(s.model));
  return out;
}

void ModelBuilder::Impl::IndexObjects() {
  ReleaseModelImpl& m = *model;
  auto& objects = m.objects_;
  m.by_stix_.reserve(objects.size());
  m.by_attack_id_.reserve(objects.size());
  m.of_kind_.assign(static_cast<size_t>(Kind::kOther) + 1, {});
  std::vector<uint32_t> order(objects.size());
  for (uint32_t i = 0; i < objects.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return DisplayLess(objects[a], objects[b]); });
  m.rank_.resize(objects.size());
  for (uint32_t pos = 0; pos < order.size(); ++pos) m.rank_[order[pos]] = pos;
  for (uint32_t i = 0; i < objects.size(); ++i) {
    Object& o = objects[i];
    o.index = i;
    // A duplicate STIX id cannot come from the store (one per release); keep the first.
    m.by_stix_.emplace(o.stix_id, i);
    m.of_kind_[static_cast<size_t>(o.kind)].push_back(i);
    if (o.attack_id.empty()) continue;
    auto [it, inserted] = m.by_attack_id_.emplace(UpperAscii(o.attack_id), i);
    if (inserted) continue;
    const Object& held = objects[it->second];
    if (StatusRank(o) < StatusRank(held) || (StatusRank(o) == StatusRank(held) && o.stix_id < held.stix_id)) {
      it->second = i;
    }
  }
  for (auto& list : m.of_kind_) SortDisplay(m.rank_, &list);
}

void ModelBuilder::Impl::IndexRelationships() {
  ReleaseModelImpl& m = *model;
  const auto& objects = m.objects_;
  m.outgoing_.assign(objects.size(), {});
  m.incoming_.assign(objects.size(), {});
  auto find = [&](const std::string& id) {
    auto it = m.by_stix_.find(id);
    return it == m.by_stix_.end() ? kNoObject : it->second;
  };
  for (uint32_t i = 0; i < m.relationships_.size(); ++i) {
    Relationship& r = m.relationships_[i];
    r.index = i;
    r.source = find(r.source_ref);
    r.target = find(r.target_ref);
    r.active = !r.revoked && !r.deprecated && r.source != kNoObject && r.target != kNoObject &&
               objects[r.source].active() && objects[r.target].active();
    if (r.source != kNoObject) m.outgoing_[r.source].push_back(i);
    if (r.target != kNoObject) m.incoming_[r.target].push_back(i);
  }
  // Neighbours in display order, so every list a page shows is stable.
  const auto& rels = m.relationships_;
  auto by_end = [&](std::vector<uint32_t>* list, uint32_t Relationship::*end) {
    std::sort(list->begin(), list->end(), [&](uint32_t a, uint32_t b) {
      uint32_t ea = rels[a].*end, eb = rels[b].*end;
      uint32_t ra = ea == kNoObject ? kNoObject : m.rank_[ea], rb = eb == kNoObject ? kNoObject : m.rank_[eb];
      return ra != rb ? ra < rb : a < b;
    });
  };
  for (auto& list : m.outgoing_) by_end(&list, &Relationship::target);
  for (auto& list : m.incoming_) by_end(&list, &Relationship::source);
}

void ModelBuilder::Impl::IndexTactics() {
  ReleaseModelImpl& m = *model;
  const auto& objects = m.objects_;
  const auto& tactics = m.of_kind_[static_cast<size_t>(Kind::kTactic)];
  for (uint32_t t : tactics) {
    const Object& tactic = objects[t];
    if (tactic.shortname.empty()) continue;
    auto [it, inserted] = m.tactic_by_shortname_.emplace(tactic.shortname, t);
    if (!inserted && StatusRank(tactic) < StatusRank(objects[it->second])) it->second = t;
  }

  // Matrix order. Mobile keeps a deprecated second matrix ("Network-Based
  // Effects") whose tactics are deprecated too: only active matrices count,
  // the domain's own matrix first, then the others in a stable order.
  std::vector<uint32_t> matrices;
  for (uint32_t x : m.of_kind_[static_cast<size_t>(Kind::kMatrix)]) {
    if (objects[x].active()) matrices.push_back(x);
  }
  std::stable_sort(matrices.begin(), matrices.end(), [&](uint32_t a, uint32_t b) {
    bool a_own = objects[a].attack_id == m.release_.domain;
    bool b_own = objects[b].attack_id == m.release_.domain;
    if (a_own != b_own) return a_own;
    return objects[a].stix_id < objects[b].stix_id;
  });
  std::vector<bool> placed(objects.size(), false);
  for (uint32_t x : matrices) {
    for (const std::string& ref : objects[x].tactic_refs) {
      auto it = m.by_stix_.find(ref);
      if (it == m.by_stix_.end()) continue;
      const Object& tactic = objects[it->second];
      if (tactic.kind != Kind::kTactic || !tactic.active() || placed[tactic.index]) continue;
      placed[tactic.index] = true;
      m.tactic_order_.push_back(tactic.index);
    }
  }
  // Active tactics no matrix lists (or a release without a matrix) still
  // need a place: after the matrix ones, in ATT&CK ID order.
  for (uint32_t t : tactics) {
    if (objects[t].active() && !placed[t]) m.tactic_order_.push_back(t);
  }

  for (uint32_t x : m.of_kind_[static_cast<size_t>(Kind::kTechnique)]) {
    for (const std::string& phase : objects[x].tactic_shortnames) {
      auto it = m.tactic_by_shortname_.find(phase);
      if (it != m.tactic_by_shortname_.end()) m.techniques_of_tactic_[it->second].push_back(x);
    }
  }
  for (auto& [tactic, list] : m.techniques_of_tactic_) SortDisplay(m.rank_, &list);
}

void ModelBuilder::Impl::IndexDetection() {
  ReleaseModelImpl& m = *model;
  const auto& objects = m.objects_;
  auto find = [&](const std::string& id) {
    auto it = m.by_stix_.find(id);
    return it == m.by_stix_.end() ? kNoObject : it->second;
  };
  for (uint32_t x : m.of_kind_[static_cast<size_t>(Kind::kDetectionStrategy)]) {
    for (const std::string& ref : objects[x].analytic_refs) {
      uint32_t analytic = find(ref);
      if (analytic != kNoObject) m.strategies_of_analytic_[analytic].push_back(x);
    }
  }
  for (uint32_t x : m.of_kind_[static_cast<size_t>(Kind::kDataComponent)]) {
    uint32_t source = objects[x].data_source_ref.empty() ? kNoObject : find(objects[x].data_source_ref);
    if (source != kNoObject) m.components_of_source_[source].push_back(x);
  }
  for (uint32_t x : m.of_kind_[static_cast<size_t>(Kind::kAnalytic)]) {
    for (const LogSourceReference& log : objects[x].log_sources) {
      uint32_t component = find(log.data_component_ref);
      if (component != kNoObject) m.analytics_of_component_[component].push_back(x);
    }
  }
  for (auto* index : {&m.strategies_of_analytic_, &m.components_of_source_, &m.analytics_of_component_}) {
    for (auto& [key, list] : *index) SortDisplay(m.rank_, &list);
  }
}

namespace {

// Objects read from the store, waiting to be parsed: their bytes back to back.
struct Batch {
  std::string bytes;
  struct Entry {
    size_t offset, size;
    int64_t object_id;
    std::string sha256;
  };
  std::vector<Entry> entries;
};

// Hands batches from the store-reading thread to the parsing thread, in
// order, holding at most a few in memory.
class BatchQueue {
 public:
  void Push(Batch batch) {
    std::unique_lock<std::mutex> lock(mu_);
    room_.wait(lock, [&] { return batches_.size() < kMaxQueued; });
    batches_.push_back(std::move(batch));
    ready_.notify_one();
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    ready_.notify_one();
  }
  bool Pop(Batch* out) {
    std::unique_lock<std::mutex> lock(mu_);
    ready_.wait(lock, [&] { return closed_ || !batches_.empty(); });
    if (batches_.empty()) return false;
    *out = std::move(batches_.front());
    batches_.pop_front();
    room_.notify_one();
    return true;
  }

 private:
  static constexpr size_t kMaxQueued = 4;
  std::mutex mu_;
  std::condition_variable ready_, room_;
  std::deque<Batch> batches_;
  bool closed_ = false;
};

}  // namespace

Result<std::shared_ptr<const ReleaseModel>> BuildReleaseModel(store::Store& store,
                                                             const store::ReleaseInfo& release) {
  // Reading the store (SQLite, reassembling objects) costs about as much as
  // parsing them, so the two run side by side: this thread reads, a second
  // one parses. Copying the bytes once is cheap next to either.
  static constexpr size_t kBatchBytes = size_t{1} << 20;
  ModelBuilder builder(release);
  BatchQueue queue;
  std::thread parser([&] {
    Batch batch;
    store::ObjectVersion meta;
    while (queue.Pop(&batch)) {
      for (Batch::Entry& e : batch.entries) {
        meta.object_id = e.object_id;
        meta.sha256 = std::move(e.sha256);
        builder.AddPadded(meta, std::string_view(batch.bytes).substr(e.offset, e.size));
      }
    }
  });
  Batch batch;
  Status read = store.ForEachObject(release.id, [&](const store::ObjectVersion& meta, std::string_view raw) {
    batch.entries.push_back({batch.bytes.size(), raw.size(), meta.object_id, meta.sha256});
    batch.bytes.append(raw);
    if (batch.bytes.size() >= kBatchBytes) {
      batch.bytes.append(simdjson::SIMDJSON_PADDING, ' ');  // the next object's bytes pad the others
      queue.Push(std::exchange(batch, Batch{}));
    }
  });
  if (!batch.entries.empty()) {
    batch.bytes.append(simdjson::SIMDJSON_PADDING, ' ');
    queue.Push(std::move(batch));
  }
  queue.Close();
  parser.join();
  GLEXIA_RETURN_IF_ERROR(read);
  auto model = builder.Finish();
  if (!model.ok()) return model.status().WithContext("building the model of " + release.domain + " " + release.version);
  return model;
}

}  // namespace glexia::model
