#include "koubei/io/directory_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "koubei/core/error.hpp"

namespace koubei {

DirectoryLock::DirectoryLock(const std::filesystem::path& dir) {
  fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_ < 0)
    throw InputError(fmt::format("cannot open '{}': {}", dir.string(), std::strerror(errno)));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    throw InputError(
        fmt::format("another koubei process is writing in '{}'; wait for it to finish, or choose "
                    "another --out",
                    dir.string()));
  }
}

DirectoryLock::~DirectoryLock() { ::close(fd_); }

}  // namespace koubei
