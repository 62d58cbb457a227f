#pragma once
// Progress of a long batch on stderr: a bar redrawn in place when stderr is
// a terminal, a log line every few seconds otherwise (so logs of batch jobs
// stay readable). Called from one thread.

#include <chrono>
#include <cstdint>
#include <string>

namespace koubei {

class Progress {
 public:
  /// `unit` names what is counted ("replicates"); `total` of them to do.
  Progress(std::string unit, std::uint64_t total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// `done` so far; `detail` is shown beside the count ("point 3/10").
  void update(std::uint64_t done, const std::string& detail = {});
  /// More (or less) to do than said at first.
  void set_total(std::uint64_t total) { total_ = total; }
  /// Clears the bar and logs the total and the rate.
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  std::string line(std::uint64_t done, const std::string& detail) const;

  std::string unit_;
  std::uint64_t total_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_ = start_;
  bool bar_;
  bool drawn_ = false;
  bool finished_ = false;
};

}  // namespace koubei
