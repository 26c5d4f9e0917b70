#include "sync/schedule.h"

namespace glexia::sync {

SyncScheduler::SyncScheduler(store::Store& store, SyncOptions options, std::chrono::seconds every,
                             std::function<void(const Result<SyncReport>&)> after_each)
    : store_(store), options_(std::move(options)), every_(every), after_each_(std::move(after_each)) {
  options_.download.progress = false;  // a server has no terminal to draw on
  thread_ = std::thread([this] { Loop(); });
}

SyncScheduler::~SyncScheduler() { Stop(); }

void SyncScheduler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

int SyncScheduler::runs() const {
  std::lock_guard<std::mutex> lock(mu_);
  return runs_;
}

void SyncScheduler::Loop() {
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stop_) return;
    }
    auto result = SyncOnce(store_, options_);
    if (after_each_) after_each_(result);
    std::unique_lock<std::mutex> lock(mu_);
    ++runs_;
    if (wake_.wait_for(lock, every_, [this] { return stop_; })) return;
  }
}

}  // namespace glexia::sync
