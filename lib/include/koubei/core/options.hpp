#pragma once
// A Boost.Program_options value bound to a field, with the field's current
// value as its default, shown in --help in its shortest form (0.2, not
// 0.20000000000000001). Spec types (GraphSpec, TrustModel, RuleSpec: made
// from their text, with a canonical to_string) are read through their
// constructor, so a value is parsed and checked once, where it is read.

#include <fmt/format.h>

#include <boost/any.hpp>
#include <boost/program_options/errors.hpp>
#include <boost/program_options/value_semantic.hpp>
#include <concepts>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "koubei/core/error.hpp"
#include "koubei/core/spec.hpp"

namespace koubei {

template <typename T>
concept SpecValue = requires(const T& value, std::string_view text) {
  { value.to_string() } -> std::convertible_to<std::string>;
  T(text);
};

template <typename T>
boost::program_options::typed_value<T>* with_default(T* field) {
  if constexpr (SpecValue<T>) {
    return boost::program_options::value(field)->default_value(*field, field->to_string());
  } else {
    return boost::program_options::value(field)->default_value(*field, fmt::format("{}", *field));
  }
}

/// A value that is checked as it is stored, not later when the options are
/// notified or the configuration validated: a value read from an INI file
/// is then reported with that file's name and line, and a value that is
/// overridden (an INI key the command line also sets) is never checked.
/// `check` throws InputError.
template <typename T>
class CheckedValue final : public boost::program_options::typed_value<T> {
 public:
  CheckedValue(T* field, std::function<void(const T&)> check)
      : boost::program_options::typed_value<T>(field), check_(std::move(check)) {}

  void xparse(boost::any& store, const std::vector<std::string>& tokens) const override {
    boost::program_options::typed_value<T>::xparse(store, tokens);
    check_(boost::any_cast<const T&>(store));
  }

 private:
  std::function<void(const T&)> check_;
};

/// `field` checked by `check` when read, with its current value as default
/// (a list has none).
template <typename T>
boost::program_options::typed_value<T>* checked(T* field, std::function<void(const T&)> check) {
  auto* value = new CheckedValue<T>(field, std::move(check));
  if constexpr (fmt::is_formattable<T>::value)
    value->default_value(*field, fmt::format("{}", *field));
  return value;
}

/// Text not bound to a field (a notifier turns it into one), checked when
/// read; `initial` is its default.
inline boost::program_options::typed_value<std::string>* checked_text(
    const std::string& initial, std::function<void(const std::string&)> check) {
  return (new CheckedValue<std::string>(nullptr, std::move(check)))->default_value(initial);
}

/// A number that must lie in [lo, hi]: "KEY = VALUE is outside [LO, HI]".
template <typename T>
requires std::is_arithmetic_v<T> boost::program_options::typed_value<T>
*within(T* field, std::string key, double lo, double hi) {
  return checked<T>(field, [key = std::move(key), lo, hi](const T& value) {
    const auto v = static_cast<double>(value);
    if (!(v >= lo && v <= hi))
      throw InputError(fmt::format("{} = {} is outside [{}, {}]", key, value, lo, hi));
  });
}

/// A whole number in [0, 2^64 - 1] bound to `field` (a seed), read
/// strictly: "-1" is an error naming the option, not 2^64 - 1.
inline boost::program_options::typed_value<std::string>* whole_number(std::uint64_t* field,
                                                                      std::string name) {
  auto parse = [name](const std::string& text) {
    const auto value = parse_uint64(trim(text));
    if (!value)
      throw InputError(fmt::format(
          "{}: expected a whole number from 0 to 18446744073709551615, got '{}'", name, text));
    return *value;
  };
  return checked_text(std::to_string(*field), [parse](const std::string& t) { parse(t); })
      ->notifier([field, parse](const std::string& t) { *field = parse(t); });
}

/// The message of a Boost.Program_options error, for people. Boost's own
/// what() loops forever when a value quotes one of its placeholders
/// (`--steps %value%`); this fills them in one pass.
std::string option_error_message(const boost::program_options::error& error);

/// Boost.Program_options' reader for spec types (found by argument-dependent
/// lookup; an InputError from the spec's constructor goes through as it is).
template <SpecValue T>
void validate(boost::any& value, const std::vector<std::string>& values, T*, int) {
  boost::program_options::validators::check_first_occurrence(value);
  value = boost::any(T(boost::program_options::validators::get_single_string(values)));
}

}  // namespace koubei
