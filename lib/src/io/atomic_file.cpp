#include "koubei/io/atomic_file.hpp"

#include <fcntl.h>

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "koubei/core/error.hpp"

namespace koubei {

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
  temporary_ = target_;
  temporary_ += fmt::format(".tmp-{}", ::getpid());
  file_ = std::fopen(temporary_.c_str(), "wb");
  if (!file_) {
    throw InputError(fmt::format("cannot write '{}': {}", target_.string(), std::strerror(errno)));
  }
}

AtomicFile::~AtomicFile() {
  if (file_) {
    std::fclose(file_);
    std::remove(temporary_.c_str());
  }
}

void AtomicFile::write(std::string_view data) {
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
    throw InputError(fmt::format("cannot write '{}': {}", target_.string(), std::strerror(errno)));
  }
}

void AtomicFile::commit() {
  bool ok = std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0;
  int error = errno;
  ok = (std::fclose(file_) == 0) && ok;
  file_ = nullptr;
  if (!ok || std::rename(temporary_.c_str(), target_.c_str()) != 0) {
    if (ok) error = errno;
    std::remove(temporary_.c_str());
    throw InputError(fmt::format("cannot write '{}': {}", target_.string(), std::strerror(error)));
  }
  sync_directory(target_.has_parent_path() ? target_.parent_path() : ".");
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
