#include "koubei/batch/sweep_journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include "koubei/core/error.hpp"
#include "koubei/core/log.hpp"
#include "koubei/io/atomic_file.hpp"
#include "koubei/io/directory_lock.hpp"
#include "koubei/io/text_file.hpp"

namespace koubei {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const char* what) {
  throw InputError(fmt::format("cannot {} '{}': {}", what, path.string(), std::strerror(errno)));
}

// The point and replicate a record line starts with.
bool read_key(std::string_view line, std::uint32_t& point, std::uint32_t& replicate) {
  const char* end = line.data() + line.size();
  auto first = std::from_chars(line.data(), end, point);
  if (first.ec != std::errc() || first.ptr == end || *first.ptr != ' ') return false;
  return std::from_chars(first.ptr + 1, end, replicate).ec == std::errc();
}

}  // namespace

void open_partial_directory(const std::filesystem::path& dir, const std::string& definition_name,
                            const std::string& definition, bool force, std::string_view what) {
  const std::filesystem::path partial = dir / ".partial";
  const std::filesystem::path definition_path = partial / definition_name;
  std::error_code ec;
  auto remove_partial = [&] {
    std::filesystem::remove_all(partial, ec);
    if (ec) throw InputError(fmt::format("cannot remove '{}': {}", partial.string(), ec.message()));
  };
  if (std::filesystem::exists(definition_path, ec)) {
    const std::string theirs = read_text_file(definition_path);
    if (theirs != definition) {
      if (!force)
        throw InputError(fmt::format(
            "'{}' holds an unfinished {} with another definition ({}); run the same command "
            "to resume it, or add --force to discard it",
            dir.string(), what, first_difference(definition, theirs)));
      logger().warn("--force: discarding the unfinished {} in {}", what, dir.string());
      remove_partial();
    }
  } else if (std::filesystem::exists(partial, ec)) {
    remove_partial();  // no definition yet, so nothing was journaled
  }
  std::filesystem::create_directories(partial, ec);
  if (ec)
    throw InputError(fmt::format("cannot create directory '{}': {}", partial.string(), ec.message()));
  sync_directory(dir);
  // The definition is on disk before any record is.
  if (!std::filesystem::exists(definition_path, ec)) write_file_atomically(definition_path, definition);
}

std::string first_difference(std::string_view ours, std::string_view theirs) {
  std::istringstream a{std::string(ours)}, b{std::string(theirs)};
  std::string x, y;
  for (int line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(a, x));
    const bool more_b = static_cast<bool>(std::getline(b, y));
    if (!more_a && !more_b) return {};
    if (!more_a) x = "(nothing)";
    if (!more_b) y = "(nothing)";
    if (x != y || !more_a || !more_b)
      return fmt::format("line {}: '{}' in this command, '{}' in the directory", line, x, y);
  }
}

SweepJournal::SweepJournal(const std::filesystem::path& dir, const std::string& definition,
                           bool force)
    : directory_(dir / ".partial"),
      path_(directory_ / "journal"),
      lock_(std::make_unique<DirectoryLock>(dir)) {  // two processes would interleave records
  try {
    open_journal(dir, definition, force);
  } catch (...) {
    if (fd_ >= 0) ::close(fd_);
    throw;
  }
}

void SweepJournal::open_journal(const std::filesystem::path& dir, const std::string& definition,
                                bool force) {
  open_partial_directory(dir, "sweep.ini", definition, force, "sweep");
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) fail(path_, "open");
  sync_directory(directory_);
  load();
  resumed_ = index_.size();
}

SweepJournal::~SweepJournal() {
  if (fd_ >= 0) ::close(fd_);
}

void SweepJournal::load() {
  const int copy = ::dup(fd_);
  std::FILE* file = copy < 0 ? nullptr : ::fdopen(copy, "rb");
  if (!file) {
    if (copy >= 0) ::close(copy);
    fail(path_, "read");
  }
  char* buffer = nullptr;
  std::size_t capacity = 0;
  std::uint64_t offset = 0;
  std::size_t dropped = 0;
  std::uint64_t line_number = 0, corrupt = 0, first_corrupt = 0;
  for (ssize_t length; (length = ::getline(&buffer, &capacity, file)) > 0;) {
    const std::string_view line(buffer, static_cast<std::size_t>(length));
    ++line_number;
    if (line.back() != '\n') {  // the last line, cut short: it runs again
      dropped = static_cast<std::size_t>(length);
      break;
    }
    // A corrupt line (its checksum does not match) is skipped and its
    // replicate runs again; every whole record after it is kept.
    if (auto record = decode_record(line)) {
      index_.try_emplace(key(record->point, record->replicate()),
                         Place{offset, static_cast<std::uint32_t>(length)});
    } else if (corrupt++ == 0) {
      first_corrupt = line_number;
    }
    offset += static_cast<std::uint64_t>(length);
  }
  std::free(buffer);
  std::fclose(file);
  end_ = offset;
  if (corrupt > 0)
    logger().warn("{}: {} corrupt record{} (the first on line {}) skipped: those replicates run "
                  "again; the {} whole records are kept",
                  path_.string(), corrupt, corrupt == 1 ? "" : "s", first_corrupt, index_.size());
  if (dropped > 0) {
    logger().warn("{}: dropped {} bytes after byte {} (a record cut short); those replicates run "
                 "again",
                 path_.string(), dropped, offset);
    if (::ftruncate(fd_, static_cast<off_t>(end_)) != 0 || ::fdatasync(fd_) != 0)
      fail(path_, "truncate");
  }
  if (!index_.empty())
    logger().info("resuming the sweep in {}: {} replicates already done",
                 directory_.parent_path().string(), index_.size());
}

bool SweepJournal::contains(std::uint32_t point, std::uint32_t replicate) const {
  return index_.count(key(point, replicate)) != 0;
}

void SweepJournal::append(std::string_view lines) {
  while (!lines.empty()) {
    const std::size_t end = std::min(lines.find('\n'), lines.size() - 1) + 1;
    const std::string_view line = lines.substr(0, end);
    lines.remove_prefix(end);
    std::uint32_t point = 0, replicate = 0;
    if (!read_key(line, point, replicate))
      throw std::logic_error(fmt::format("malformed journal record '{}'", line));
    const Place place{end_ + pending_.size(), static_cast<std::uint32_t>(line.size())};
    if (index_.try_emplace(key(point, replicate), place).second) pending_ += line;
  }
}

void SweepJournal::sync() {
  if (pending_.empty()) return;
  for (std::size_t written = 0; written < pending_.size();) {
    const ssize_t n = ::pwrite(fd_, pending_.data() + written, pending_.size() - written,
                               static_cast<off_t>(end_ + written));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail(path_, "write");
    written += static_cast<std::size_t>(n);
  }
  if (::fdatasync(fd_) != 0) fail(path_, "sync");
  end_ += pending_.size();
  pending_.clear();
}

std::optional<ReplicateRecord> SweepJournal::read(std::uint32_t point,
                                                  std::uint32_t replicate) const {
  const auto found = index_.find(key(point, replicate));
  if (found == index_.end()) return std::nullopt;
  if (found->second.offset >= end_) {  // appended, not yet written
    return decode_record(std::string_view(pending_).substr(found->second.offset - end_,
                                                           found->second.length));
  }
  std::string line(found->second.length, '\0');
  if (::pread(fd_, line.data(), line.size(), static_cast<off_t>(found->second.offset)) !=
      static_cast<ssize_t>(line.size()))
    fail(path_, "read");
  auto record = decode_record(line);
  if (!record) throw InputError(fmt::format("'{}' changed while the sweep ran", path_.string()));
  return record;
}

void SweepJournal::remove() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  std::error_code ec;
  std::filesystem::remove_all(directory_, ec);
  sync_directory(directory_.parent_path());
}

}  // namespace koubei
