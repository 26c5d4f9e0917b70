// Status and Result<T>: expected failures are values, not exceptions.
//
// A Status is either ok or carries a code and a one-line message that names
// the file, the place and the problem. Result<T> holds a T or a non-ok Status.
// Both are cheap to move and safe to copy. Not thread-safe to mutate from two
// threads at once (like any value type).
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace glexia {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // caller passed something malformed (bad flag, bad id syntax)
  kNotFound,         // the object / release / file does not exist
  kCorruption,       // the input data is malformed (bad JSON, truncated gzip, ...)
  kIOError,          // the OS said no
  kAlreadyExists,    // e.g. a different bundle for an imported release without --replace
  kUnavailable,      // network or peer trouble that may pass
  kInternal,         // a bug; should never reach a user
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return Status(StatusCode::kInvalidArgument, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(StatusCode::kNotFound, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(StatusCode::kCorruption, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(StatusCode::kIOError, std::move(msg)); }
  static Status AlreadyExists(std::string msg) { return Status(StatusCode::kAlreadyExists, std::move(msg)); }
  static Status Unavailable(std::string msg) { return Status(StatusCode::kUnavailable, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(StatusCode::kInternal, std::move(msg)); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "not found: T9999 is not in enterprise-attack 18.1"
  std::string ToString() const;

  // Prefixes context ("while importing x.json: ") to the message; ok stays ok.
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    return Status(code_, context + ": " + message_);
  }

 private:
  Status(StatusCode code, std::string msg) : code_(code), message_(std::move(msg)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) { assert(!status_.ok()); }  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace glexia

#define GLEXIA_RETURN_IF_ERROR(expr)       \
  do {                                     \
    ::glexia::Status _st = (expr);         \
    if (!_st.ok()) return _st;             \
  } while (0)

#define GLEXIA_CONCAT_INNER(a, b) a##b
#define GLEXIA_CONCAT(a, b) GLEXIA_CONCAT_INNER(a, b)
#define GLEXIA_ASSIGN_OR_RETURN(lhs, expr) \
  GLEXIA_ASSIGN_OR_RETURN_IMPL(GLEXIA_CONCAT(_res_, __LINE__), lhs, expr)
#define GLEXIA_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()
