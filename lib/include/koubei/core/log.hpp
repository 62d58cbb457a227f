#pragma once
// The library's logger: named "koubei", writing to stderr, at level warn
// unless the program sets another. It is not the program's default spdlog
// logger, so a tool that links koubei and writes data to stdout gets no log
// lines there, and its own logging is left as it configured it.
//
//   koubei::logger().set_level(spdlog::level::info);   // see progress and sizes
//   koubei::logger().sinks() = {my_sink};              // send it elsewhere
//
// The koubei command sets the level from --log-level (info by default).

#include <spdlog/spdlog.h>

namespace koubei {

/// The "koubei" logger (registered with spdlog, created on first use).
spdlog::logger& logger();

}  // namespace koubei
