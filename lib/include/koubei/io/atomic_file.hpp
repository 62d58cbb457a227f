#pragma once
// An output file that appears complete or not at all: written to a temporary
// name beside the target, flushed to disk, then renamed over the target. If
// it is destroyed before commit() (an error, an interrupt), the temporary is
// removed and an earlier file of the same name stays untouched.

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace koubei {

class AtomicFile {
 public:
  /// Opens the temporary file. Throws InputError naming the path if it cannot.
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view data);
  /// Flushes, syncs and renames onto the target, then syncs the directory.
  /// Throws InputError on failure.
  void commit();

  const std::filesystem::path& target() const { return target_; }

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  std::FILE* file_ = nullptr;
};

/// Makes the entries of a directory (files created, renamed or removed in
/// it) durable. Errors are ignored: some file systems cannot sync a directory.
void sync_directory(const std::filesystem::path& dir);

/// Writes `data` to `path` atomically.
void write_file_atomically(const std::filesystem::path& path, std::string_view data);

/// Creates the output directory `dir` and its parents if needed. Throws
/// InputError ("cannot create output directory ...") if that fails or `dir`
/// is not a directory. Returns true if it did not exist before.
bool create_output_directory(const std::filesystem::path& dir);

}  // namespace koubei
