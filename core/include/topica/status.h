// Errors as values: every fallible topica call returns a Status or a Result<T>.
// No exception crosses the public API.
#ifndef TOPICA_STATUS_H_
#define TOPICA_STATUS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace topica {

enum class StatusCode : int32_t {
  kOk = 0,
  kInvalidArgument = 1,     // bad option value, bad input record
  kNotFound = 2,            // missing file or label
  kDataLoss = 3,            // malformed or inconsistent model / data file
  kUnimplemented = 4,       // unknown format or newer format version
  kFailedPrecondition = 5,  // e.g. a model's self-test failed
  kIoError = 6,             // read / write / rename failed
  kInternal = 7,
};

// Short lower-case name of a code, e.g. "invalid argument".
const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the Status saying why there is none.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}                // NOLINT: implicit on purpose
  Result(Status status) : status_(std::move(status)) {         // NOLINT: implicit on purpose
    if (status_.ok()) status_ = Status(StatusCode::kInternal, "Result built from an OK status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  // Precondition: ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace topica

#endif  // TOPICA_STATUS_H_
