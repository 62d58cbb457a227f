#include "koubei/fit/fit_journal.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>
#include <zlib.h>

#include <bit>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "koubei/batch/sweep_journal.hpp"
#include "koubei/core/error.hpp"
#include "koubei/core/log.hpp"
#include "koubei/io/atomic_file.hpp"
#include "koubei/io/text_file.hpp"

namespace koubei {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const char* what) {
  throw InputError(fmt::format("cannot {} '{}': {}", what, path.string(), std::strerror(errno)));
}

std::uint32_t crc_of(std::string_view text) {
  return static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(text.data()), static_cast<uInt>(text.size())));
}

void append_bits(std::string& out, double value) {
  fmt::format_to(std::back_inserter(out), " {:016x}", std::bit_cast<std::uint64_t>(value));
}

std::optional<double> read_bits(std::string_view word) {
  std::uint64_t bits = 0;
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), bits, 16);
  if (ec != std::errc() || end != word.data() + word.size() || word.size() != 16) return std::nullopt;
  return std::bit_cast<double>(bits);
}

}  // namespace

FitJournal::FitJournal(const std::filesystem::path& dir, const std::string& definition, bool force)
    : directory_(dir / ".partial"), path_(directory_ / "journal"), lock_(std::make_unique<DirectoryLock>(dir)) {
  open_partial_directory(dir, "fit.ini", definition, force, "fit");
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) fail(path_, "open");
  sync_directory(directory_);
  load();
  resumed_ = entries_.size();
}

FitJournal::~FitJournal() {
  if (fd_ >= 0) ::close(fd_);
}

std::string FitJournal::key(char kind, std::span<const double> values) {
  std::string out(1, kind);
  for (double v : values) append_bits(out, v);
  return out;
}

void FitJournal::load() {
  const std::string text = read_text_file(path_);
  std::size_t good_end = 0;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string::npos) break;  // a torn last line
    const std::string_view line(text.data() + start, end - start);
    start = end + 1;
    // "KIND V1 .. Vd | LOSS M1 .. Mt #CRC"
    const std::size_t mark = line.rfind(" #");
    const std::size_t bar = line.find(" | ");
    std::uint32_t crc = 0;
    if (mark == std::string_view::npos || bar == std::string_view::npos || bar > mark) continue;
    const std::string_view hex = line.substr(mark + 2);
    auto [p, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), crc, 16);
    if (ec != std::errc() || p != hex.data() + hex.size() || crc != crc_of(line.substr(0, mark))) {
      logger().warn("{}: a corrupt journal line is skipped (that evaluation runs again)", path_.string());
      continue;
    }
    Entry entry;
    bool ok = true;
    std::string_view rest = line.substr(bar + 3, mark - bar - 3);
    bool first = true;
    while (ok && !rest.empty()) {
      const std::size_t space = rest.find(' ');
      const std::optional<double> x = read_bits(rest.substr(0, space));
      ok = x.has_value();
      if (ok) (first ? entry.loss : entry.means.emplace_back()) = *x;
      first = false;
      rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    }
    if (!ok || first) continue;
    entries_[std::string(line.substr(0, bar))] = {std::move(entry), true};
    good_end = start;
  }
  // Cut a torn or corrupt tail, so that the next line starts on its own.
  if (good_end < text.size() && ::ftruncate(fd_, static_cast<off_t>(good_end)) != 0) fail(path_, "truncate");
}

std::optional<FitJournal::Entry> FitJournal::find(char kind, std::span<const double> values,
                                                  bool* found_on_opening) const {
  const auto it = entries_.find(key(kind, values));
  if (it == entries_.end()) return std::nullopt;
  if (found_on_opening) *found_on_opening = it->second.second;
  return it->second.first;
}

void FitJournal::add(char kind, std::span<const double> values, const Entry& entry) {
  std::string line = key(kind, values) + " |";
  append_bits(line, entry.loss);
  for (double m : entry.means) append_bits(line, m);
  line += fmt::format(" #{:08x}\n", crc_of(line));
  for (std::size_t done = 0; done < line.size();) {
    const ssize_t wrote = ::write(fd_, line.data() + done, line.size() - done);
    if (wrote < 0) {
      if (errno == EINTR) continue;
      fail(path_, "write");
    }
    done += static_cast<std::size_t>(wrote);
  }
  if (::fdatasync(fd_) != 0) fail(path_, "sync");
  entries_[key(kind, values)] = {entry, false};
}

}  // namespace koubei
