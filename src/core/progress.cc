#include "core/progress.h"

#include <unistd.h>

#include <cstdio>

namespace glexia {

Progress::Progress(std::string label, uint64_t total)
    : label_(std::move(label)), total_(total), enabled_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()) {}

Progress::~Progress() { Finish(); }

void Progress::SetLabel(std::string label) { label_ = std::move(label); }

void Progress::Set(uint64_t done) {
  done_ = done;
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - start_ < std::chrono::seconds(1)) return;
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  Draw();
}

void Progress::Draw() {
  drawn_ = true;
  constexpr int kWidth = 30;
  if (total_ > 0) {
    double frac = std::min(1.0, static_cast<double>(done_) / static_cast<double>(total_));
    int fill = static_cast<int>(frac * kWidth);
    std::fprintf(stderr, "\r%-28.28s [%.*s%*s] %3d%%", label_.c_str(), fill, "##############################",
                 kWidth - fill, "", static_cast<int>(frac * 100));
  } else {
    std::fprintf(stderr, "\r%-28.28s %llu", label_.c_str(), static_cast<unsigned long long>(done_));
  }
  std::fflush(stderr);
}

void Progress::Finish() {
  if (!drawn_) return;
  done_ = total_;
  Draw();
  std::fputc('\n', stderr);
  drawn_ = false;
  enabled_ = false;
}

}  // namespace glexia
