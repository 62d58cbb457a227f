#pragma once
// The library's one way to run work on several threads. WorkerThreads starts
// threads that each run work(t) and joins them; run_parts splits one loop
// over threads with part 0 on the calling one. A replicate loop (batch/) and
// the building of a graph's rows (graph/) both go through them, so a thread
// is started, named and joined in one place.

#include <cstddef>
#include <cstdint>
#include <exception>
#include <thread>
#include <utility>
#include <vector>

namespace koubei {

/// Threads numbered first .. first+count-1, each running work(t) once.
/// An exception escaping work(t) is kept and rethrown by join() (the first by
/// thread number); the destructor joins without rethrowing.
class WorkerThreads {
 public:
  template <class Work>
  WorkerThreads(unsigned first, unsigned count, Work work) : errors_(count) {
    threads_.reserve(count);
    try {
      for (unsigned i = 0; i < count; ++i) {
        threads_.emplace_back([work, this, first, i]() mutable {
          try {
            work(first + i);
          } catch (...) {
            errors_[i] = std::current_exception();
          }
        });
      }
    } catch (...) {  // no thread to be had: wait for those started, then say so
      wait();
      throw;
    }
  }
  WorkerThreads(const WorkerThreads&) = delete;
  WorkerThreads& operator=(const WorkerThreads&) = delete;
  ~WorkerThreads() { wait(); }

  /// Waits for every thread, then rethrows the first error.
  void join() {
    wait();
    for (std::exception_ptr& error : errors_)
      if (error) std::rethrow_exception(std::exchange(error, nullptr));
  }

 private:
  void wait() {
    for (std::thread& thread : threads_)
      if (thread.joinable()) thread.join();
  }

  std::vector<std::exception_ptr> errors_;
  std::vector<std::thread> threads_;
};

/// Calls work(p) for p = 0 .. parts-1, in parallel (part 0 on the calling
/// thread), and waits for all. The first exception thrown (by part number)
/// is rethrown once all are done.
template <class Work>
void run_parts(unsigned parts, Work&& work) {
  if (parts <= 1) {
    work(0u);
    return;
  }
  WorkerThreads others(1, parts - 1, [&work](unsigned p) { work(p); });
  work(0u);  // part 0's error comes first: `others` is joined on the way out
  others.join();
}

/// [begin, end) of part p when `count` items are cut into `parts` nearly
/// equal parts.
inline std::size_t part_begin(std::size_t count, unsigned parts, unsigned p) {
  return static_cast<std::size_t>(std::uint64_t{count} * p / parts);
}

}  // namespace koubei
