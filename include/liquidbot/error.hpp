// Error codes and the Result type every fallible liquidbot call returns.
#pragma once

#include <liquidbot/export.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace liquidbot {

/// What went wrong, coarse enough for callers to branch on. The C ABI mirrors these values.
enum class Errc : std::int32_t {
  ok = 0,
  invalid_argument = 1,  ///< malformed input: bad hex, junk digits, wrong length, bad checksum
  overflow = 2,          ///< a value does not fit (u256 overflow, length past a limit)
  division_by_zero = 3,
  decode = 4,            ///< structurally invalid encoded data (RLP, ABI, transaction, JSON)
  signature = 5,         ///< invalid signature, key or recovery failure
  not_found = 6,
  unsupported = 7,       ///< valid input that this build or revision does not handle
  io = 8,                ///< file or network failure
  rpc = 9,               ///< the node answered with an error
  timeout = 10,
  state = 11,            ///< call not valid in the object's current state
  unreachable_target = 12,  ///< a protection target cannot be met with the given means
  internal = 13,
};

/// Stable lowercase name of an error code, e.g. "invalid_argument".
LIQUIDBOT_API std::string_view errc_name(Errc code) noexcept;

/// An error code plus a message that says what and where ("rlp: list length ... at offset 3").
struct Error {
  Errc code = Errc::internal;
  std::string message;

  /// "invalid_argument: <message>".
  [[nodiscard]] LIQUIDBOT_API std::string to_string() const;
};

/// Builds an Error; kept short because it is written at every failure site.
[[nodiscard]] inline Error make_error(Errc code, std::string message) {
  return Error{code, std::move(message)};
}

/// Either a value or an Error (std::expected is C++23; this is the subset liquidbot needs).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(const T& value) : state_(std::in_place_index<0>, value) {}                    // NOLINT
  Result(T&& value) : state_(std::in_place_index<0>, std::move(value)) {}              // NOLINT
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}            // NOLINT
  template <typename U, typename = std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                                    !std::is_same_v<std::decay_t<U>, Error> &&
                                                    !std::is_same_v<std::decay_t<U>, Result>>>
  Result(U&& value) : state_(std::in_place_index<0>, std::forward<U>(value)) {}        // NOLINT

  [[nodiscard]] bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  /// The value; only valid when ok().
  [[nodiscard]] T& value() & noexcept { return *std::get_if<0>(&state_); }
  [[nodiscard]] const T& value() const& noexcept { return *std::get_if<0>(&state_); }
  [[nodiscard]] T&& value() && noexcept { return std::move(*std::get_if<0>(&state_)); }
  T& operator*() & noexcept { return value(); }
  const T& operator*() const& noexcept { return value(); }
  T* operator->() noexcept { return &value(); }
  const T* operator->() const noexcept { return &value(); }

  /// The error; only valid when !ok().
  [[nodiscard]] const Error& error() const& noexcept { return *std::get_if<1>(&state_); }
  [[nodiscard]] Error&& error() && noexcept { return std::move(*std::get_if<1>(&state_)); }

  [[nodiscard]] T value_or(T fallback) const& { return ok() ? value() : std::move(fallback); }

 private:
  std::variant<T, Error> state_;
};

/// Result of an operation that produces nothing but can fail.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT

  [[nodiscard]] bool ok() const noexcept { return !failed_; }
  explicit operator bool() const noexcept { return ok(); }
  [[nodiscard]] const Error& error() const& noexcept { return error_; }
  [[nodiscard]] Error&& error() && noexcept { return std::move(error_); }

 private:
  Error error_;
  bool failed_ = false;
};

using Status = Result<void>;

}  // namespace liquidbot

/// Propagates the error of a Result-returning expression; otherwise yields its value.
#define LB_TRY(var, expr)                                  \
  auto var##_result_ = (expr);                             \
  if (!var##_result_.ok()) return std::move(var##_result_).error(); \
  auto var = std::move(var##_result_).value()

/// Propagates the error of a Status-returning expression.
#define LB_TRY_STATUS(expr)                               \
  do {                                                    \
    auto lb_status_ = (expr);                             \
    if (!lb_status_.ok()) return std::move(lb_status_).error(); \
  } while (false)
