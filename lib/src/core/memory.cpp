#include "koubei/core/memory.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <limits>
#include <string>

#include "koubei/core/error.hpp"

namespace koubei {
namespace {

std::uint64_t read_limit(const char* path) {
  std::ifstream in(path);
  std::string text;
  if (!(in >> text) || text == "max") return std::numeric_limits<std::uint64_t>::max();
  try {
    return std::stoull(text);
  } catch (...) {
    return std::numeric_limits<std::uint64_t>::max();
  }
}

std::uint64_t read_cgroup_usage() {
  for (const char* path :
       {"/sys/fs/cgroup/memory.current", "/sys/fs/cgroup/memory/memory.usage_in_bytes"}) {
    std::uint64_t v = read_limit(path);
    if (v != std::numeric_limits<std::uint64_t>::max()) return v;
  }
  return 0;
}

std::uint64_t mem_available() {
  std::ifstream in("/proc/meminfo");
  std::string key, unit;
  std::uint64_t value = 0;
  while (in >> key >> value >> unit) {
    if (key == "MemAvailable:") return value * 1024;
  }
  return std::numeric_limits<std::uint64_t>::max();
}

}  // namespace

std::uint64_t available_memory_bytes() {
  std::uint64_t available = mem_available();
  std::uint64_t limit = std::min(read_limit("/sys/fs/cgroup/memory.max"),
                                 read_limit("/sys/fs/cgroup/memory/memory.limit_in_bytes"));
  if (limit != std::numeric_limits<std::uint64_t>::max()) {
    std::uint64_t used = read_cgroup_usage();
    available = std::min(available, limit > used ? limit - used : 0);
  }
  return available;
}

void require_memory(std::uint64_t bytes, std::string_view what) {
  std::uint64_t available = available_memory_bytes();
  if (bytes > available) {
    throw InputError(fmt::format("{} needs about {} of memory but only {} is available", what,
                                 format_bytes(bytes), format_bytes(available)));
  }
}

std::string format_bytes(std::uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 6) {
    value /= 1024;
    ++unit;
  }
  return unit == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.2f} {}", value, units[unit]);
}

}  // namespace koubei
