// Timing helpers shared by the benchmarks: medians of wall and CPU time.
// CPU time is reported beside wall time because on a shared machine wall
// time also counts the time other processes held the cores.
#pragma once

#include <time.h>

#include <algorithm>
#include <vector>

namespace glexia::bench {

inline double CpuMillis() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

inline double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace glexia::bench
