#pragma once
// Errors that reach the user. Every message names what was wrong and where
// (file and line, option, or spec) so it can stand alone on one line.

#include <stdexcept>
#include <string>

namespace koubei {

/// Bad input from the user: a missing or malformed file, an unknown option,
/// a value out of range, or a request larger than the machine can hold.
/// The command-line tool reports it on one line and exits with code 2.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A run stopped on request (SIGINT or SIGTERM) before it finished.
class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

}  // namespace koubei
