// Shared plumbing of the liquidbot command-line program: verb registry, argument access and the
// error convention (bad input: exit 2 with one line on stderr naming the argument).
#pragma once

#include <liquidbot/error.hpp>

#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace liquidbot::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFalse = 1;     ///< a check ran and said no (e.g. wallet verify)
inline constexpr int kExitBadInput = 2;  ///< bad arguments or input
inline constexpr int kExitFailure = 3;   ///< the work itself failed (I/O, network)

/// Thrown by argument helpers; main() turns it into one stderr line and exit status 2.
struct UsageError {
  std::string message;
};

/// The arguments after the verb: `--name value` options, bare `--flag`s and positionals.
class Args {
 public:
  /// `flags` lists the options that take no value.
  Args(std::span<char* const> argv, std::vector<std::string_view> flags);

  /// Value of --name, or nullopt when absent. Throws UsageError when given twice or without a value.
  [[nodiscard]] std::optional<std::string> option(std::string_view name);
  /// Value of --name; UsageError when absent.
  [[nodiscard]] std::string required(std::string_view name);
  /// Every value of a repeatable option --name.
  [[nodiscard]] std::vector<std::string> all(std::string_view name);
  /// True when the flag --name is present.
  [[nodiscard]] bool flag(std::string_view name);
  /// Positional arguments in order.
  [[nodiscard]] const std::vector<std::string>& positionals() const { return positionals_; }
  /// Positional i, or UsageError naming `what` when missing.
  [[nodiscard]] const std::string& positional(std::size_t i, std::string_view what) const;
  /// UsageError for any option that no one asked for (call after reading all options).
  void reject_unknown() const;

 private:
  struct Option {
    std::string name;
    std::optional<std::string> value;
    bool used = false;
  };
  std::vector<Option> options_;
  std::vector<std::string> positionals_;
};

/// Raises a UsageError "argument <what>: <message>".
[[noreturn]] void fail(std::string_view what, std::string_view message);
/// Unwraps a Result or raises a UsageError naming the argument.
template <typename T>
T require_ok(Result<T> result, std::string_view what) {
  if (!result) fail(what, result.error().message);
  return std::move(result).value();
}

/// Reads a whole file or raises a UsageError naming the argument.
std::string read_file(const std::string& path, std::string_view what);

using VerbFn = int (*)(Args& args);
struct Verb {
  const char* name;     ///< "keccak", or "wallet sign" for sub-verbs
  const char* usage;    ///< one line shown by `liquidbot help`
  VerbFn run;
  std::vector<std::string_view> flags;  ///< options of this verb that take no value
};

/// Registers verbs at static-initialisation time; each cmd_*.cpp holds one `Registrar`.
struct Registrar {
  explicit Registrar(std::vector<Verb> verbs);
};

}  // namespace liquidbot::cli
