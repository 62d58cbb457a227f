#pragma once
// A compact spec string such as `ba:n=100000,m=5`, `uniform:0.1:0.3` or
// `file:data/karate.txt,directed=0`: a name, then comma-separated items after
// the first ':'. Items of the form key=value are parameters; the others are
// positional arguments. Accessors validate and name the spec in every error.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace koubei {

class Spec {
 public:
  /// `what` names the kind of spec in errors ("graph", "trust", "rule").
  Spec(std::string_view what, std::string_view text);

  const std::string& text() const { return text_; }
  const std::string& name() const { return name_; }
  /// Positional items, in order (for `uniform:0.1:0.3` these are "0.1", "0.3":
  /// colons after the name also separate positional items, except in the
  /// first item of a `file:` spec, which is a path).
  const std::vector<std::string>& args() const { return args_; }

  bool has(std::string_view key) const;
  /// Throws InputError if any key is not in `allowed` (naming the allowed keys).
  void allow_only(std::initializer_list<std::string_view> allowed) const;
  /// Throws InputError unless there are exactly `count` positional items.
  void expect_args(std::size_t count, std::string_view usage) const;

  std::optional<std::string> get(std::string_view key) const;
  /// Typed parameters with a default and an allowed closed range.
  double get_double(std::string_view key, double fallback, double lo, double hi) const;
  std::int64_t get_int(std::string_view key, std::int64_t fallback, std::int64_t lo,
                       std::int64_t hi) const;
  /// Required parameters: an InputError names the missing key.
  double require_double(std::string_view key, double lo, double hi) const;
  std::int64_t require_int(std::string_view key, std::int64_t lo, std::int64_t hi) const;
  bool get_bool(std::string_view key, bool fallback) const;

  /// Parses a positional or parameter value with the spec named in errors.
  double parse_double(std::string_view label, std::string_view value, double lo, double hi) const;
  std::int64_t parse_int(std::string_view label, std::string_view value, std::int64_t lo,
                         std::int64_t hi) const;

 private:
  std::string what_;
  std::string text_;
  std::string name_;
  std::vector<std::string> args_;
  std::vector<std::pair<std::string, std::string>> params_;
};

/// Removes a UTF-8 byte order mark from the start of a file's first line, as
/// editors on Windows write it.
inline void remove_bom(std::string& first_line) {
  if (first_line.starts_with("\xEF\xBB\xBF")) first_line.erase(0, 3);
}

/// Strict number parsing for any input text: the whole text must be the number.
/// `text` without leading and trailing white space.
std::string_view trim(std::string_view text);

std::optional<double> parse_double(std::string_view text);
std::optional<std::int64_t> parse_int64(std::string_view text);
std::optional<std::uint64_t> parse_uint64(std::string_view text);

}  // namespace koubei
