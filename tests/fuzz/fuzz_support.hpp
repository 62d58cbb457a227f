#pragma once
// What every fuzz target shares: quiet logs, input files in a directory of
// this process's own, and the one outcome a parser may have besides success,
// an InputError. Anything else (another exception, a sanitizer report, a
// crash) is a finding.

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "koubei/core/error.hpp"
#include "koubei/core/log.hpp"

namespace koubei::fuzz {

inline std::filesystem::path scratch_path() {
  return std::filesystem::temp_directory_path() / ("koubei-fuzz-" + std::to_string(::getpid()));
}

/// A scratch directory, /tmp/koubei-fuzz-PID, made once per process and
/// removed when it exits normally.
inline const std::filesystem::path& scratch() {
  static const std::filesystem::path dir = [] {
    logger().set_level(spdlog::level::off);  // a parser's warnings are not findings
    std::filesystem::create_directories(scratch_path());
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(scratch_path(), ignored);
    });
    return scratch_path();
  }();
  return dir;
}

/// Writes `bytes` to scratch()/name and returns the path.
inline std::string write_file(const std::string& name, std::string_view bytes) {
  const std::filesystem::path path = scratch() / name;
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path.string();
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Splits `text` at lines "=== NAME" into (name, body) parts; what comes
/// before the first such line is named `first`.
inline std::vector<std::pair<std::string, std::string>> split_files(std::string_view text,
                                                                    const std::string& first) {
  std::vector<std::pair<std::string, std::string>> parts{{first, ""}};
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    const std::string_view line = text.substr(start, end - start);
    if (line.starts_with("=== ")) {
      std::string name(line.substr(4));
      while (!name.empty() && (name.back() == '\n' || name.back() == '\r')) name.pop_back();
      parts.emplace_back(name, "");
    } else {
      parts.back().second.append(line);
    }
    start = end;
  }
  return parts;
}

/// Runs `parse`; an InputError is a refusal, as it should be for bad input.
template <typename F>
void expect_success_or_input_error(F&& parse) {
  try {
    parse();
  } catch (const InputError&) {
  }
}

}  // namespace koubei::fuzz
