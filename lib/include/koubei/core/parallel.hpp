#pragma once
// Splitting one loop over threads, for the serial parts of a run that are
// large enough to share (building a graph): part p of `parts` runs on its own
// thread, part 0 on the calling one. Each part must write only what it owns,
// so the result is the same for any number of parts.

#include <cstddef>
#include <cstdint>
#include <exception>
#include <thread>
#include <vector>

namespace koubei {

/// Calls work(p) for p = 0 .. parts-1, in parallel, and waits for all. The
/// first exception thrown (by part number) is rethrown once all are done.
template <class Work>
void run_parts(unsigned parts, Work&& work) {
  if (parts <= 1) {
    work(0u);
    return;
  }
  std::vector<std::exception_ptr> errors(parts);
  std::vector<std::thread> pool;
  pool.reserve(parts - 1);
  try {
    for (unsigned p = 1; p < parts; ++p) {
      pool.emplace_back([&work, &errors, p] {
        try {
          work(p);
        } catch (...) {
          errors[p] = std::current_exception();
        }
      });
    }
  } catch (...) {  // no thread to be had: wait for those started, then say so
    for (std::thread& thread : pool) thread.join();
    throw;
  }
  try {
    work(0u);
  } catch (...) {
    errors[0] = std::current_exception();
  }
  for (std::thread& thread : pool) thread.join();
  for (const std::exception_ptr& error : errors)
    if (error) std::rethrow_exception(error);
}

/// [begin, end) of part p when `count` items are cut into `parts` nearly
/// equal parts.
inline std::size_t part_begin(std::size_t count, unsigned parts, unsigned p) {
  return static_cast<std::size_t>(std::uint64_t{count} * p / parts);
}

}  // namespace koubei
