// HTTP(S) downloads with libcurl: timeouts, retries with exponential backoff
// on transient failures, a size limit, resume with Range between attempts,
// and a file that appears under its final name only once it is complete.
// Proxies come from the usual environment variables (libcurl's default).
// Thread-safe: every call uses its own curl handle.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "core/status.h"

namespace glexia::sync {

struct DownloadOptions {
  std::chrono::seconds timeout{600};         // whole transfer, per attempt
  std::chrono::seconds connect_timeout{30};  // capped by `timeout`
  int retries = 3;                           // extra attempts after the first
  std::chrono::milliseconds backoff{1000};   // wait before the first retry; doubles each time
  uint64_t max_bytes = uint64_t{512} << 20;  // bytes on the wire; larger bodies are refused
  bool progress = true;                      // a bar on stderr (only when it is a terminal)
  std::string label;                         // progress label; default: the file name
  // Called before each retry with (attempt number, reason); may be empty.
  std::function<void(int, const std::string&)> on_retry;
};

struct DownloadResult {
  uint64_t bytes = 0;    // size of the finished file
  int attempts = 0;
  bool resumed = false;  // some attempt continued a partial body with Range
};

// Fetches `url` (http or https only) into `dest`. The body goes to
// `dest + ".part"` (any stale one is discarded first) and is renamed to
// `dest` only after a complete transfer with a 200/206 answer; on failure no
// file is left behind. Non-transient failures (4xx, size limit, TLS trust,
// bad URL) are not retried. The body is stored as sent: with
// "Accept-Encoding: gzip" it may be gzip, which ReadInputFile decodes.
Result<DownloadResult> DownloadFile(const std::string& url, const std::string& dest, const DownloadOptions& options);

}  // namespace glexia::sync
