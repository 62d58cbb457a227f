#pragma once
// Errors that reach the user. Every message names what was wrong and where
// (file and line, option, or spec) so it can stand alone on one line.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace koubei {

/// Bad input from the user: a missing or malformed file, an unknown option,
/// a value out of range, or a request larger than the machine can hold.
/// The command-line tool reports it on one line and exits with code 2.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A message made safe to print on one line: control bytes, and bytes that
/// are neither printable ASCII nor part of a UTF-8 sequence (a lead byte and
/// its continuation bytes), shown as \xNN; and a
/// message longer than `max_bytes` cut in the middle, saying how much was
/// left out (a 10 MB value quoted in an error stays readable).
std::string printable_message(std::string_view message, std::size_t max_bytes = 2000);

/// A run stopped on request (SIGINT or SIGTERM) before it finished.
class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

}  // namespace koubei
