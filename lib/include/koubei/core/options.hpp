#pragma once
// A Boost.Program_options value bound to a field, with the field's current
// value as its default, shown in --help in its shortest form (0.2, not
// 0.20000000000000001).

#include <fmt/format.h>

#include <boost/program_options/value_semantic.hpp>

namespace koubei {

template <typename T>
boost::program_options::typed_value<T>* with_default(T* field) {
  return boost::program_options::value(field)->default_value(*field, fmt::format("{}", *field));
}

}  // namespace koubei
