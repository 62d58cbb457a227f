#pragma once
// One koubei process at a time writes into an output directory: an advisory
// lock (flock) on the directory, held while the object lives and released
// by the kernel if the process dies.

#include <filesystem>

namespace koubei {

class DirectoryLock {
 public:
  /// Throws InputError if `dir` cannot be opened or another process holds
  /// its lock.
  explicit DirectoryLock(const std::filesystem::path& dir);
  ~DirectoryLock();
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace koubei
