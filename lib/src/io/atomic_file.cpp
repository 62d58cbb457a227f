#include "koubei/io/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"

namespace koubei {

void check_output_target(const std::filesystem::path& target) {
  struct stat info {};
  if (::lstat(target.c_str(), &info) != 0) return;  // nothing there (or nothing we can see)
  const char* what = S_ISLNK(info.st_mode)    ? "a symbolic link"
                     : S_ISREG(info.st_mode)  ? nullptr
                     : S_ISDIR(info.st_mode)  ? "a directory"
                     : S_ISCHR(info.st_mode)  ? "a character device"
                     : S_ISBLK(info.st_mode)  ? "a block device"
                     : S_ISFIFO(info.st_mode) ? "a FIFO"
                     : S_ISSOCK(info.st_mode) ? "a socket"
                                              : "not a regular file";
  if (what != nullptr)
    throw InputError(fmt::format(
        "'{}' is {}: koubei writes its outputs only as regular files, and replaces nothing "
        "else; remove it or choose another name",
        target.string(), what));
}

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
  check_output_target(target_);
  temporary_ = target_;
  temporary_ += fmt::format(".tmp-{}", ::getpid());
  file_ = std::fopen(temporary_.c_str(), "wb");
  if (!file_) {
    throw InputError(fmt::format("cannot write '{}': {}", target_.string(), std::strerror(errno)));
  }
}

AtomicFile::~AtomicFile() {
  if (file_) std::fclose(file_);
  if (file_ || finished_) std::remove(temporary_.c_str());
}

void AtomicFile::write(std::string_view data) {
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
    throw InputError(fmt::format("cannot write '{}': {}", target_.string(), std::strerror(errno)));
  }
}

void AtomicFile::finish() {
  bool ok = std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0;
  int error = errno;
  ok = (std::fclose(file_) == 0) && ok;
  if (ok) error = errno;
  file_ = nullptr;
  if (!ok) {
    std::remove(temporary_.c_str());
    throw InputError(fmt::format("cannot write '{}': {}", target_.string(), std::strerror(error)));
  }
  finished_ = true;
}

void AtomicFile::publish() {
  check_output_target(target_);  // as it is now, not as it was when the writing began
  if (std::rename(temporary_.c_str(), target_.c_str()) != 0) {
    const int error = errno;
    std::remove(temporary_.c_str());
    finished_ = false;
    throw InputError(fmt::format("cannot write '{}': {}", target_.string(), std::strerror(error)));
  }
  finished_ = false;
}

void AtomicFile::commit() {
  throw_if_interrupted();
  finish();
  publish();
  sync_directory(target_.has_parent_path() ? target_.parent_path() : ".");
}

OutputSet::OutputSet(std::filesystem::path dir) : dir_(std::move(dir)) {
  remove_stale_temporaries(dir_);
}

AtomicFile& OutputSet::add(const std::string& name) {
  files_.push_back(std::make_unique<AtomicFile>(dir_ / name));
  return *files_.back();
}

void OutputSet::commit() {
  throw_if_interrupted();
  for (auto& file : files_) file->finish();  // a full disk shows here, before any rename
  throw_if_interrupted();  // the last moment a stop leaves the earlier set as it was
  std::error_code ignored;
  // From here until the last rename the directory has no marker: a set cut
  // short by a kill is recognisably incomplete.
  if (!files_.empty()) std::filesystem::remove(files_.back()->target(), ignored);
  for (const std::string& name : dropped_) std::filesystem::remove(dir_ / name, ignored);
  for (auto& file : files_) file->publish();
  sync_directory(dir_);
}

void remove_stale_temporaries(const std::filesystem::path& dir) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    const std::size_t at = name.rfind(".tmp-");
    if (at == std::string::npos || at == 0) continue;
    const std::string_view digits = std::string_view(name).substr(at + 5);
    pid_t pid = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
    if (error != std::errc() || end != digits.data() + digits.size() || pid <= 0) continue;
    if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;  // alive, or not ours to judge
    if (!entry.is_regular_file(ec)) continue;
    std::filesystem::remove(entry.path(), ec);
  }
}

void sync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

void write_file_atomically(const std::filesystem::path& path, std::string_view data) {
  AtomicFile file(path);
  file.write(data);
  file.commit();
}

bool create_output_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  const bool existed = std::filesystem::exists(dir, ec);
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw InputError(fmt::format("cannot create output directory '{}': {}", dir.string(),
                                 ec ? ec.message() : "not a directory"));
  return !existed;
}

}  // namespace koubei
