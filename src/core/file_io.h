// Reading and writing whole files; gzip is decoded natively with zlib.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace glexia {

// Extra capacity every buffer returned here carries past its size, so parsers
// that read ahead (simdjson needs 64 bytes) can use it without a copy.
inline constexpr size_t kReadPadding = 64;

// Hard cap on what one input may decompress to; guards against gzip bombs.
inline constexpr size_t kMaxInputBytes = size_t{1} << 30;

// Reads `path`; if it starts with the gzip magic bytes it is inflated.
// Errors name the file: unreadable, empty, truncated or corrupt gzip, too large.
Result<std::string> ReadInputFile(const std::string& path);

// Inflates gzip `data` (all members). `name` is used in error messages.
Result<std::string> Gunzip(std::string_view data, const std::string& name);

bool LooksGzipped(std::string_view data);

// Writes atomically: to a temporary file beside `path`, fsync, then rename.
Status WriteFileAtomic(const std::string& path, std::string_view data);

}  // namespace glexia
