#include "koubei/core/progress.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>

#include "koubei/core/log.hpp"

namespace koubei {
namespace {

std::string duration(double seconds) {
  const auto s = static_cast<long long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, s / 60 % 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

}  // namespace

Progress::Progress(std::string unit, std::uint64_t total)
    : unit_(std::move(unit)),
      total_(total),
      bar_(::isatty(STDERR_FILENO) == 1 && logger().level() <= spdlog::level::info) {}

Progress::~Progress() {
  if (drawn_) std::fputs("\n", stderr);
}

std::string Progress::line(std::uint64_t done, const std::string& detail) const {
  const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  std::string text = fmt::format("{}/{} {}", done, total_, unit_);
  if (!detail.empty()) text += fmt::format(", {}", detail);
  if (rate > 0) {
    text += fmt::format(", {:.1f}/s", rate);
    if (done < total_)
      text += fmt::format(", about {} left", duration(static_cast<double>(total_ - done) / rate));
  }
  return text;
}

void Progress::update(std::uint64_t done, const std::string& detail) {
  const auto now = Clock::now();
  if (bar_) {
    if (now - last_ < std::chrono::milliseconds(200) && done < total_) return;
    last_ = now;
    constexpr int kWidth = 30;
    const int filled =
        total_ ? static_cast<int>(kWidth * static_cast<double>(done) / static_cast<double>(total_))
               : kWidth;
    fmt::print(stderr, "\r\033[K[{:=<{}}{:<{}}] {}", "", filled, "", kWidth - filled,
               line(done, detail));
    std::fflush(stderr);
    drawn_ = true;
    return;
  }
  if (now - last_ < std::chrono::seconds(5)) return;
  last_ = now;
  logger().info("{}", line(done, detail));
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  if (drawn_) {
    std::fputs("\r\033[K", stderr);
    drawn_ = false;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  logger().info("{} {} in {} ({:.1f}/s)", total_, unit_, duration(seconds),
               seconds > 0 ? static_cast<double>(total_) / seconds : 0.0);
}

}  // namespace koubei
