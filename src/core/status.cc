#include "core/status.h"

namespace glexia {

std::string Status::ToString() const {
  const char* name = "ok";
  switch (code_) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: name = "invalid argument"; break;
    case StatusCode::kNotFound: name = "not found"; break;
    case StatusCode::kCorruption: name = "bad input"; break;
    case StatusCode::kIOError: name = "I/O error"; break;
    case StatusCode::kAlreadyExists: name = "already exists"; break;
    case StatusCode::kUnavailable: name = "unavailable"; break;
    case StatusCode::kInternal: name = "internal error"; break;
  }
  return std::string(name) + ": " + message_;
}

}  // namespace glexia
