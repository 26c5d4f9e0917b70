// `glexia serve --sync-every 24h`: a background thread that runs SyncOnce
// at start and then once per interval until stopped.
//
// Thread-safety: Stop() may be called from any thread; the destructor stops
// and joins. The store must outlive the scheduler.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "store/store.h"
#include "sync/sync.h"

namespace glexia::sync {

class SyncScheduler {
 public:
  // `after_each` (may be empty) gets every result, e.g. to log it or to tell
  // the model cache that releases changed. `options.on_message` is used as is.
  SyncScheduler(store::Store& store, SyncOptions options, std::chrono::seconds every,
                std::function<void(const Result<SyncReport>&)> after_each = {});
  ~SyncScheduler();
  SyncScheduler(const SyncScheduler&) = delete;
  SyncScheduler& operator=(const SyncScheduler&) = delete;

  // Returns once no sync runs and none will start. An in-flight download
  // finishes first (bounded by the download timeouts).
  void Stop();
  int runs() const;  // syncs finished so far

 private:
  void Loop();
  store::Store& store_;
  SyncOptions options_;
  std::chrono::seconds every_;
  std::function<void(const Result<SyncReport>&)> after_each_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  int runs_ = 0;
  std::thread thread_;
};

}  // namespace glexia::sync
