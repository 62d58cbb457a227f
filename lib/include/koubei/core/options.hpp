#pragma once
// A Boost.Program_options value bound to a field, with the field's current
// value as its default, shown in --help in its shortest form (0.2, not
// 0.20000000000000001). Spec types (GraphSpec, TrustModel, RuleSpec: made
// from their text, with a canonical to_string) are read through their
// constructor, so a value is parsed and checked once, where it is read.

#include <fmt/format.h>

#include <boost/any.hpp>
#include <boost/program_options/value_semantic.hpp>
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
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

/// A whole number in [0, 2^64 - 1] bound to `field` (a seed), read
/// strictly: "-1" is an error naming the option, not 2^64 - 1.
inline boost::program_options::typed_value<std::string>* whole_number(std::uint64_t* field,
                                                                       std::string name) {
  return boost::program_options::value<std::string>()
      ->default_value(std::to_string(*field))
      ->notifier([field, name](const std::string& text) {
        const auto value = parse_uint64(trim(text));
        if (!value)
          throw InputError(fmt::format(
              "--{}: expected a whole number from 0 to 18446744073709551615, got '{}'", name,
              text));
        *field = *value;
      });
}

/// Boost.Program_options' reader for spec types (found by argument-dependent
/// lookup; an InputError from the spec's constructor goes through as it is).
template <SpecValue T>
void validate(boost::any& value, const std::vector<std::string>& values, T*, int) {
  boost::program_options::validators::check_first_occurrence(value);
  value = boost::any(T(boost::program_options::validators::get_single_string(values)));
}

}  // namespace koubei
