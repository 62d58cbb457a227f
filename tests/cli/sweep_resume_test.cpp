// koubei sweep resumption end to end: a sweep killed (SIGKILL, through the
// hidden --test-kill-after option) or interrupted (SIGINT) part way resumes from
// its journal and writes the same files as an uninterrupted run; a torn last
// record is dropped and redone; another command against the same directory is
// refused unless --force; a finished sweep is left alone.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "cli_test_util.hpp"

namespace koubei_cli_test {
namespace {

std::size_t count_lines(std::string_view text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// Replicates take a few milliseconds each here, long enough that the journal
// of a run killed after its 3rd record holds only some of them.
constexpr std::size_t kReplicates = 20;  // 2 points x 10 replicates
const std::string kGraph = "er:n=100000,k=4";
const std::string kVary = "trust=const:0.3;const:0.5";

class KoubeiSweepResume : public CliTest {
 protected:
  static std::vector<std::string> command(const std::string& out,
                                          const std::vector<std::string>& extra = {},
                                          const std::string& reps = "10",
                                          const std::string& vary = kVary) {
    std::vector<std::string> args = {"sweep", "--graph", kGraph, "--vary", vary, "--reps", reps,
                                     "--threads", "2", "--out", out};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  static std::vector<std::string> with_threads(std::vector<std::string> args,
                                               const std::string& threads) {
    *(std::find(args.begin(), args.end(), "--threads") + 1) = threads;
    return args;
  }

  // Runs `args` with the kill hook and checks that the process died by
  // SIGKILL leaving only a partial journal of at least `after` records.
  void run_killed(const std::vector<std::string>& args, const std::string& out,
                  std::size_t after = 3) {
    std::vector<std::string> killed = args;
    killed.insert(killed.end(), {"--test-kill-after", std::to_string(after)});
    RunResult r = koubei(killed);
    ASSERT_EQ(r.term_signal, SIGKILL) << r.describe();
    EXPECT_EQ(r.exit_code, -1) << r.describe();
    ASSERT_EQ(list_files(path(out)),
              (std::vector<std::string>{".partial/journal", ".partial/sweep.ini"}))
        << "a killed sweep publishes nothing";
    const std::size_t records = count_lines(read(out + "/.partial/journal"));
    EXPECT_GE(records, after);
    EXPECT_LT(records, kReplicates) << "the sweep finished before the kill; resumption was not "
                                       "exercised (make the replicates slower)";
  }

  // The files of two finished sweep directories: the same names, the same
  // bytes, except summary.csv's wall_ms column.
  void expect_same_results(const std::string& a, const std::string& b) {
    const std::vector<std::string> files = list_files(path(a));
    EXPECT_EQ(files, list_files(path(b)));
    for (const std::string& name : files) {
      SCOPED_TRACE(a + "/" + name + " vs " + b + "/" + name);
      if (name == "command.txt") continue;  // each records its own command line
      if (name == "summary.csv") {
        EXPECT_TRUE(same_text(csv_without_column(read(a + "/" + name), "wall_ms"),
                              csv_without_column(read(b + "/" + name), "wall_ms")));
      } else {
        EXPECT_TRUE(same_text(read(a + "/" + name), read(b + "/" + name)));
      }
    }
  }

  // Contents and modification times of every file under `out`.
  std::map<std::string, std::pair<std::string, fs::file_time_type>> snapshot(
      const std::string& out) {
    std::map<std::string, std::pair<std::string, fs::file_time_type>> files;
    for (const std::string& name : list_files(path(out)))
      files[name] = {read(out + "/" + name), fs::last_write_time(path(out + "/" + name))};
    return files;
  }
};

const std::vector<std::string> kFinalFiles = {"aggregate.csv", "command.txt", "config.ini", "failures.csv",
                                              "points.csv", "summary.csv"};

// ------------------------------------------------------------ SIGKILL

TEST_F(KoubeiSweepResume, ResumesAfterSigkillWithIdenticalFiles) {
  RunResult ref = koubei(command("ref", {"-q"}));
  ASSERT_EQ(ref.exit_code, 0) << ref.describe();
  ASSERT_EQ(list_files(path("ref")), kFinalFiles);

  ASSERT_NO_FATAL_FAILURE(run_killed(command("k", {"-q"}), "k"));
  const std::size_t done = count_lines(read("k/.partial/journal"));
  RunResult resumed = koubei(command("k"));  // not quiet: the resume is logged
  ASSERT_EQ(resumed.exit_code, 0) << resumed.describe();
  EXPECT_TRUE(contains(resumed.err, "resuming the sweep in k: " + std::to_string(done) +
                                        " replicates already done"))
      << resumed.err;
  EXPECT_TRUE(contains(resumed.out, "wrote k/")) << resumed.out;
  EXPECT_FALSE(fs::exists(path("k/.partial")));
  expect_same_results("ref", "k");
}

TEST_F(KoubeiSweepResume, ResumesAfterSigkillWithIdenticalTimeseries) {
  RunResult ref = koubei(command("ref", {"-q", "--timeseries", "all"}));
  ASSERT_EQ(ref.exit_code, 0) << ref.describe();
  std::vector<std::string> expected = kFinalFiles;
  expected.push_back("timeseries.csv");
  ASSERT_EQ(list_files(path("ref")), expected);

  ASSERT_NO_FATAL_FAILURE(run_killed(command("k", {"-q", "--timeseries", "all"}), "k"));
  RunResult resumed = koubei(command("k", {"-q", "--timeseries", "all"}));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.describe();
  expect_same_results("ref", "k");
}

TEST_F(KoubeiSweepResume, ResumesTwiceAndWithAnotherThreadCount) {
  RunResult ref = koubei(command("ref", {"-q"}));
  ASSERT_EQ(ref.exit_code, 0) << ref.describe();
  ASSERT_NO_FATAL_FAILURE(run_killed(command("k", {"-q"}), "k", 3));
  const std::size_t first = count_lines(read("k/.partial/journal"));
  // Killed again while resuming: the journal only grows.
  RunResult again = koubei(command("k", {"-q", "--test-kill-after", "2"}));
  ASSERT_EQ(again.term_signal, SIGKILL) << again.describe();
  EXPECT_GE(count_lines(read("k/.partial/journal")), first + 2);
  // --threads is not part of the definition: a resume may use other threads.
  RunResult resumed = koubei(with_threads(command("k", {"-q"}), "1"));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.describe();
  expect_same_results("ref", "k");
}

// ------------------------------------------------------------ torn records

TEST_F(KoubeiSweepResume, TornLastRecordIsDroppedAndRedone) {
  RunResult ref = koubei(command("ref", {"-q"}));
  ASSERT_EQ(ref.exit_code, 0) << ref.describe();
  ASSERT_NO_FATAL_FAILURE(run_killed(command("k", {"-q"}), "k"));

  // Cut the last record short, as a crash in the middle of a write would.
  std::string journal = read("k/.partial/journal");
  journal.resize(journal.size() - 5);
  write("k/.partial/journal", journal);
  const std::size_t kept = journal.rfind('\n') + 1;
  const std::size_t dropped = journal.size() - kept;

  RunResult resumed = koubei(command("k", {"-q"}));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.describe();
  EXPECT_TRUE(contains(resumed.err, "dropped " + std::to_string(dropped) + " bytes after byte " +
                                        std::to_string(kept)))
      << resumed.err;
  expect_same_results("ref", "k");
}

TEST_F(KoubeiSweepResume, HalfAppendedLineIsDroppedAndRedone) {
  RunResult ref = koubei(command("ref", {"-q", "--timeseries", "all"}));
  ASSERT_EQ(ref.exit_code, 0) << ref.describe();
  ASSERT_NO_FATAL_FAILURE(run_killed(command("k", {"-q", "--timeseries", "all"}), "k"));

  // Half of a copy of the first record after the whole ones.
  std::string journal = read("k/.partial/journal");
  const std::size_t kept = journal.size();
  const std::string half = journal.substr(0, journal.find('\n') / 2);
  write("k/.partial/journal", journal + half);

  RunResult resumed = koubei(command("k", {"-q", "--timeseries", "all"}));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.describe();
  EXPECT_TRUE(contains(resumed.err, "dropped " + std::to_string(half.size()) +
                                        " bytes after byte " + std::to_string(kept)))
      << resumed.err;
  expect_same_results("ref", "k");
}

TEST_F(KoubeiSweepResume, ACorruptRecordIsRedoneAndTheRecordsAfterItKept) {
  RunResult ref = koubei(command("ref", {"-q"}));
  ASSERT_EQ(ref.exit_code, 0) << ref.describe();
  ASSERT_NO_FATAL_FAILURE(run_killed(command("k", {"-q"}), "k"));

  // A changed byte inside the second record: its checksum no longer matches.
  std::string journal = read("k/.partial/journal");
  const std::size_t second = journal.find('\n') + 1;
  const std::size_t rule = journal.find(" ok ic ", second);
  ASSERT_LT(rule, journal.find('\n', second)) << journal;
  journal[rule + 4] = 'x';  // "ok xc"
  write("k/.partial/journal", journal);

  RunResult resumed = koubei(command("k", {"-q"}));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.describe();
  EXPECT_TRUE(contains(resumed.err, "1 corrupt record (the first on line 2) skipped"))
      << resumed.err;
  expect_same_results("ref", "k");
}

// ------------------------------------------------------------ another command

TEST_F(KoubeiSweepResume, AnotherCommandIsRefusedUnlessForced) {
  ASSERT_NO_FATAL_FAILURE(run_killed(command("k", {"-q"}), "k"));
  const auto before = snapshot("k");

  RunResult reps = koubei(command("k", {"-q"}, "5"));
  EXPECT_EQ(reps.exit_code, 2) << reps.describe();
  EXPECT_TRUE(contains(reps.err, "--force")) << reps.err;
  EXPECT_TRUE(contains(reps.err, "replicates = 0:4")) << reps.err;  // the differing line
  EXPECT_TRUE(contains(reps.err, "replicates = 0:9")) << reps.err;

  RunResult vary = koubei(command("k", {"-q"}, "10", "trust=const:0.3;const:0.4"));
  EXPECT_EQ(vary.exit_code, 2) << vary.describe();
  EXPECT_TRUE(contains(vary.err, "--force")) << vary.err;
  EXPECT_TRUE(contains(vary.err, "vary = trust=const:0.3;const:0.4")) << vary.err;

  RunResult timeseries = koubei(command("k", {"-q", "--timeseries", "all"}));
  EXPECT_EQ(timeseries.exit_code, 2) << timeseries.describe();
  EXPECT_TRUE(contains(timeseries.err, "timeseries = all")) << timeseries.err;

  EXPECT_EQ(snapshot("k"), before) << "a refused command leaves the journal untouched";

  // --force discards the journal and runs the new command from scratch.
  RunResult forced = koubei(command("k", {"-q", "--force"}, "5"));
  ASSERT_EQ(forced.exit_code, 0) << forced.describe();
  EXPECT_TRUE(contains(forced.err, "discarding")) << forced.err;
  RunResult fresh = koubei(command("fresh", {"-q"}, "5"));
  ASSERT_EQ(fresh.exit_code, 0) << fresh.describe();
  expect_same_results("fresh", "k");
}

TEST_F(KoubeiSweepResume, CompletedDirectoryOfAnotherSweepIsRefusedUnlessForced) {
  RunResult first = koubei(command("d", {"-q"}, "4"));
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  const auto before = snapshot("d");

  RunResult other = koubei(command("d", {"-q"}, "3"));
  EXPECT_EQ(other.exit_code, 2) << other.describe();
  EXPECT_TRUE(contains(other.err, "--force")) << other.err;
  EXPECT_TRUE(contains(other.err, "replicates = 0:2")) << other.err;
  EXPECT_EQ(snapshot("d"), before) << "a refused command leaves the files untouched";

  RunResult forced = koubei(command("d", {"-q", "--force"}, "3"));
  ASSERT_EQ(forced.exit_code, 0) << forced.describe();
  RunResult fresh = koubei(command("fresh", {"-q"}, "3"));
  ASSERT_EQ(fresh.exit_code, 0) << fresh.describe();
  expect_same_results("fresh", "d");
}

// --force replaces another sweep's results: files the new sweep does not
// write (here aggregate.csv and timeseries.csv) must not survive beside its
// config.ini, or the directory mixes two sweeps (and `koubei merge` of such
// a slice picks the stale files up).
TEST_F(KoubeiSweepResume, ForceLeavesNoFilesOfTheReplacedSweep) {
  RunResult first = koubei(command("d", {"-q", "--timeseries", "all"}, "2"));
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  RunResult forced = koubei(command("d", {"-q", "--force", "--timeseries", "none"}, "2"));
  ASSERT_EQ(forced.exit_code, 0) << forced.describe();
  RunResult fresh = koubei(command("fresh", {"-q", "--timeseries", "none"}, "2"));
  ASSERT_EQ(fresh.exit_code, 0) << fresh.describe();
  EXPECT_EQ(list_files(path("fresh")),
            (std::vector<std::string>{"command.txt", "config.ini", "failures.csv", "points.csv", "summary.csv"}));
  expect_same_results("fresh", "d");
}

TEST_F(KoubeiSweepResume, CompletedSweepIsAlreadyComplete) {
  RunResult first = koubei(command("d", {"-q"}, "4"));
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  const auto before = snapshot("d");
  ASSERT_EQ(before.size(), kFinalFiles.size());
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a rewrite would show in mtimes

  RunResult again = koubei(command("d", {"-q"}, "4"));
  ASSERT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_TRUE(contains(again.out, "already complete")) << again.out;
  EXPECT_EQ(snapshot("d"), before);

  // The thread count is not part of the definition.
  RunResult threads = koubei(with_threads(command("d", {"-q"}, "4"), "1"));
  ASSERT_EQ(threads.exit_code, 0) << threads.describe();
  EXPECT_TRUE(contains(threads.out, "already complete")) << threads.out;
  EXPECT_EQ(snapshot("d"), before);
}

// ------------------------------------------------------------ failures

// Replicates that failed before the kill are in the journal and so in
// failures.csv after the resume; the resumed run must still say so on stdout
// (and count them with the other replicates of the sweep).
TEST_F(KoubeiSweepResume, ResumedSweepReportsFailuresFromTheJournal) {
  // Replicate 0 of point 0 fails at once, so it is among the first records.
  RunResult killed =
      koubei(command("k2", {"-q", "--test-kill-after", "3", "--test-fail-replicate", "0"}));
  ASSERT_EQ(killed.term_signal, SIGKILL) << killed.describe();
  ASSERT_TRUE(contains(read("k2/.partial/journal"), "0 0 failed ")) << read("k2/.partial/journal");

  RunResult resumed = koubei(command("k2", {"-q"}));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.describe();
  const CsvTable failures = csv("k2/failures.csv");
  ASSERT_GE(failures.rows.size(), 1u);
  EXPECT_EQ(failures.at(0, "point"), "0");
  EXPECT_EQ(failures.at(0, "replicate"), "0");
  EXPECT_EQ(csv("k2/summary.csv").rows.size(), kReplicates - failures.rows.size());
  EXPECT_TRUE(contains(resumed.out, std::to_string(failures.rows.size()) + " of " +
                                        std::to_string(kReplicates) +
                                        " replicates failed: see k2/failures.csv"))
      << resumed.out;
}

// ------------------------------------------------------------ SIGINT

// Starts a sweep of a few seconds and sends SIGINT once it is simulating
// (its graph log line is out) and at least 0.3 s have passed.
TEST_F(KoubeiSweepResume, InterruptExits130AndResumesToIdenticalFiles) {
  const std::vector<std::string> args = {
      "sweep", "--graph", "er:n=200000,k=4", "--vary", "trust=const:0.4;const:0.5", "--reps",
      "60",    "--threads", "2",  "--out", "i"};
  auto process = dir.start(args);
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::seconds(60);
  while (process->running() && std::chrono::steady_clock::now() < deadline &&
         (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(300) ||
          !contains(process->err_so_far(), "graph er:n=200000,k=4:")))
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  process->signal(SIGINT);
  RunResult r = process->wait(std::chrono::seconds(120));
  ASSERT_EQ(r.exit_code, 130) << r.describe();
  EXPECT_EQ(r.term_signal, 0) << r.describe();
  EXPECT_TRUE(contains(r.err, "interrupted")) << r.err;
  EXPECT_TRUE(contains(r.err, "resume")) << r.err;
  EXPECT_EQ(list_files(path("i")),
            (std::vector<std::string>{".partial/journal", ".partial/sweep.ini"}));
  const std::size_t done = count_lines(read("i/.partial/journal"));
  EXPECT_LT(done, 120u) << "the sweep finished before the interrupt";

  RunResult resumed = koubei(args);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.describe();
  if (done > 0) {
    EXPECT_TRUE(contains(resumed.err, std::to_string(done) + " replicates already done"))
        << resumed.err;
  }
  std::vector<std::string> ref_args = args;
  ref_args.back() = "ref";
  ref_args.push_back("-q");
  RunResult ref = koubei(ref_args);
  ASSERT_EQ(ref.exit_code, 0) << ref.describe();
  expect_same_results("ref", "i");
}

// Setting up a grid of millions of points takes seconds; a signal stops it.
TEST_F(KoubeiSweepResume, ASignalStopsTheSetUpOfALargeGrid) {
  auto process = dir.start({"sweep", "--graph", "er:n=100,k=3", "--vary", "seeds=1:1000:1",
                            "--vary", "steps=1:3000:1", "--out", "big"});
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  const auto start = std::chrono::steady_clock::now();
  process->signal(SIGTERM);
  RunResult r = process->wait(std::chrono::seconds(60));
  // Far less than the set-up and the 3 million points would take; loose
  // enough for a sanitizer build on a busy machine (3.1 s seen there).
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(r.exit_code, 130) << r.describe();
  EXPECT_FALSE(fs::exists(path("big/config.ini")));
}

}  // namespace
}  // namespace koubei_cli_test
