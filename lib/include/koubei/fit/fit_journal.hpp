#pragma once
// The memory of an unfinished fit, under DIR/.partial/: the fit's
// definition (fit.ini) and one line per evaluation (journal): what it was
// asked (its kind and the free parameters' values, as exact bits) and what
// it found (the loss and every target's simulated mean, as exact bits),
// written and synced before the fit goes on. Re-opened with the same
// definition, the fit replays its optimiser and answers every evaluation
// found here without running it, so it ends where an uninterrupted fit
// ends. A last line cut short by a crash, or a corrupt one (its CRC-32
// fails), is ignored: that evaluation runs again. Another definition is
// refused unless the caller forces a fresh start.

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "koubei/io/directory_lock.hpp"

namespace koubei {

class FitJournal {
 public:
  struct Entry {
    double loss = 0;
    std::vector<double> means;  // one per target
  };

  /// Opens or creates DIR/.partial for `definition`, holding DIR's lock.
  /// Throws InputError when DIR holds another fit's journal and `force` is
  /// false, when another process holds the lock, or when it cannot write.
  FitJournal(const std::filesystem::path& dir, const std::string& definition, bool force);
  ~FitJournal();
  FitJournal(const FitJournal&) = delete;
  FitJournal& operator=(const FitJournal&) = delete;

  /// Evaluations found when opening.
  std::size_t resumed() const { return resumed_; }
  /// The journaled evaluation of `kind` at exactly these values; with
  /// `found_on_opening`, whether it was there before this process.
  std::optional<Entry> find(char kind, std::span<const double> values,
                            bool* found_on_opening = nullptr) const;
  /// Journals an evaluation and waits until it is on disk. (write_fit_outputs
  /// deletes DIR/.partial once the files are published.)
  void add(char kind, std::span<const double> values, const Entry& entry);

 private:
  static std::string key(char kind, std::span<const double> values);
  void load();

  std::filesystem::path directory_;  // DIR/.partial
  std::filesystem::path path_;       // DIR/.partial/journal
  std::unique_ptr<DirectoryLock> lock_;
  int fd_ = -1;
  std::size_t resumed_ = 0;
  std::map<std::string, std::pair<Entry, bool>> entries_;  // (entry, found on opening)
};

}  // namespace koubei
