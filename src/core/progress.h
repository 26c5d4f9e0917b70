// A terminal progress bar for long CLI work. Silent when stderr is not a
// terminal, so logs and CI output stay clean. Not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace glexia {

class Progress {
 public:
  // `total` units of work (0 = unknown); appears only after ~1 s of work.
  Progress(std::string label, uint64_t total);
  ~Progress();
  void Set(uint64_t done);
  void SetLabel(std::string label);
  void Finish();

 private:
  void Draw();
  std::string label_;
  uint64_t total_, done_ = 0;
  bool enabled_, drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace glexia
