#pragma once
// How much memory this process may use: the smaller of the container's limit
// (cgroup v2 memory.max or v1 memory.limit_in_bytes) and the memory the
// kernel reports available. Checked before large allocations, so a graph too
// large for the machine is a clear error instead of a crash.

#include <cstdint>
#include <string>
#include <string_view>

namespace koubei {

/// Bytes this process can still allocate, as far as the system tells.
std::uint64_t available_memory_bytes();

/// Throws InputError naming `what` if `bytes` exceed available_memory_bytes().
void require_memory(std::uint64_t bytes, std::string_view what);

/// "1.25 GiB", "512.0 MiB", ...
std::string format_bytes(std::uint64_t bytes);

}  // namespace koubei
