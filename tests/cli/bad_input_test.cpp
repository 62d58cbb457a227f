// End-to-end tests of bad input: every mistake is exit code 2 with one clear
// error line on stderr, no crash, and no output written or half-written.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "cli_test_util.hpp"
#include "koubei/rules/rule.hpp"

namespace koubei_cli_test {
namespace {

class BadInput : public BadInputTest {
 protected:
  static std::vector<std::string> run(std::initializer_list<std::string> options) {
    std::vector<std::string> args = {"run"};
    args.insert(args.end(), options);
    args.insert(args.end(), {"--out", "out"});
    return args;
  }
};

TEST_F(BadInput, MissingGraphFile) {
  expect_rejected(run({"--graph", "file:missing.txt"}), {"missing.txt"});
}

TEST_F(BadInput, MalformedEdgeListLineNamesFileAndLine) {
  write("edges.txt", "1 2\n2 3\n1 x\n4 5\n");
  expect_rejected(run({"--graph", "file:edges.txt"}), {"edges.txt", ":3:"});
}

TEST_F(BadInput, MalformedEdgeListLineCountsCommentLines) {
  write("edges.txt", "# header\n1 2\n\n2 oops\n");
  expect_rejected(run({"--graph", "file:edges.txt"}), {"edges.txt", ":4:"});
}

TEST_F(BadInput, TrustAboveOne) { expect_rejected(run({"--trust", "const:1.5"}), {"1.5"}); }

TEST_F(BadInput, TrustBelowZero) { expect_rejected(run({"--trust", "const:-0.1"}), {"-0.1"}); }

TEST_F(BadInput, UnknownTrustModel) { expect_rejected(run({"--trust", "nosuch:1"}), {"nosuch"}); }

TEST_F(BadInput, UnknownRuleListsEveryRule) {
  const RunResult r = expect_rejected(run({"--rule", "nosuch"}), {"nosuch"});
  std::string known;
  for (const koubei::RuleEntry& rule : koubei::rule_table())
    known += (known.empty() ? "" : ", ") + std::string(rule.name);
  EXPECT_TRUE(contains(r.err, "(known: " + known + ")")) << r.err;
}

// SI with a trust that can succeed but would take ~1e9 steps to settle is
// refused at once without --steps, naming the rule, the trust and the cure.
TEST_F(BadInput, SiWithTinyTrustNeedsAStepLimit) {
  const auto start = std::chrono::steady_clock::now();
  expect_rejected(run({"--graph", "er:n=20000,k=4", "--trust", "const:1e-9", "--rule",
                       "sir:churn=0", "--seeds", "20"}),
                  {"sir:churn=0", "1e-09", "--steps"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

// `run --help` shows every rule's usage (white space aside: help wraps).
// `koubei run --help` and `koubei --help` show every rule of the table.
TEST_F(BadInput, HelpShowsEveryRuleUsage) {
  ASSERT_GE(koubei::rule_table().size(), 7u);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"run", "--help"}, std::vector<std::string>{"--help"}}) {
    const RunResult r = koubei(args);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    std::string help;  // without the line breaks and indents help wraps with
    for (char c : r.out)
      if (c != ' ' && c != '\n') help += c;
    for (const koubei::RuleEntry& rule : koubei::rule_table())
      EXPECT_TRUE(contains(help, rule.usage)) << args[0] << ": " << rule.usage;
  }
}

TEST_F(BadInput, TestHooksAreNotInHelp) {
  for (const char* command : {"sweep", "compare"}) {
    const RunResult r = koubei({command, "--help"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_FALSE(contains(r.out, "test-")) << r.out;
  }
  // and `run`, which runs no sweep, does not take them
  expect_rejected(run({"--test-fail-replicate", "0"}), {"test-fail-replicate"});
}

TEST_F(BadInput, SisWithoutStepLimit) {
  expect_rejected(run({"--graph", "er:n=100,k=3", "--rule", "sis:churn=0.1"}),
                  {"sis:churn=0.1", "--steps"});
}

TEST_F(BadInput, UnknownOption) { expect_rejected(run({"--nosuch"}), {"--nosuch"}); }

TEST_F(BadInput, UnknownGraphGenerator) {
  expect_rejected(run({"--graph", "nosuch:n=10"}), {"nosuch"});
}

TEST_F(BadInput, NonNumericOptionValue) { expect_rejected(run({"--seeds", "abc"}), {"abc"}); }

TEST_F(BadInput, SeedsFileIdThatIsNotANode) {
  write("seeds.txt", "5\n500\n");
  expect_rejected(run({"--graph", "er:n=100,k=3", "--seeds-file", "seeds.txt"}),
                  {"seeds.txt", ":2:", "500"});
}

TEST_F(BadInput, SeedsFileMalformedId) {
  write("seeds.txt", "# seeds\n5\nfive\n");
  expect_rejected(run({"--graph", "er:n=100,k=3", "--seeds-file", "seeds.txt"}),
                  {"seeds.txt", ":3:"});
}

TEST_F(BadInput, MissingSeedsFile) {
  expect_rejected(run({"--graph", "er:n=100,k=3", "--seeds-file", "nosuch-seeds.txt"}),
                  {"nosuch-seeds.txt"});
}

TEST_F(BadInput, MoreSeedsThanNodes) {
  expect_rejected(run({"--graph", "er:n=100,k=3", "--seeds", "200"}), {"200", "100"});
}

TEST_F(BadInput, ZeroSeeds) { expect_rejected(run({"--seeds", "0"}), {"seeds"}); }

TEST_F(BadInput, ReplicatesOutOfOrder) { expect_rejected(run({"--replicates", "5:2"}), {"5:2"}); }

TEST_F(BadInput, ReplicatesMalformed) { expect_rejected(run({"--replicates", "7"}), {"7"}); }

TEST_F(BadInput, UnknownLogLevel) { expect_rejected(run({"--log-level", "loud"}), {"loud"}); }

TEST_F(BadInput, WeightOutsideTheMappedRangeNamesFileAndLine) {
  write("weighted.txt", "1 2 0.5\n2 3 1.5\n");
  expect_rejected(run({"--graph", "file:weighted.txt", "--trust", "weight", "--seeds", "1"}),
                  {"weighted.txt:2:"});
}

TEST_F(BadInput, WeightTrustNeedsAWeightColumn) {
  expect_rejected(run({"--graph", "er:n=100,k=3", "--trust", "weight"}), {"weight"});
}

TEST_F(BadInput, EmptyEdgeList) {
  write("empty.txt", "# no edges\n");
  expect_rejected(run({"--graph", "file:empty.txt"}), {"empty.txt"});
}

TEST_F(BadInput, SeedsFileWithoutIds) {
  write("seeds.txt", "# nobody\n\n");
  expect_rejected(run({"--graph", "er:n=100,k=3", "--seeds-file", "seeds.txt"}), {"seeds.txt"});
}

TEST_F(BadInput, OutputDirectoryIsAFile) {
  write("taken", "not a directory\n");
  RunResult r =
      koubei({"run", "--graph", "er:n=100,k=3", "--reps", "2", "--seeds", "2", "--out", "taken"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  const std::vector<std::string> messages = message_lines(r.err);
  ASSERT_EQ(messages.size(), 1u) << r.err;
  EXPECT_TRUE(contains(messages[0], "taken")) << messages[0];
  EXPECT_EQ(read("taken"), "not a directory\n");
  EXPECT_EQ(list_files(dir.work()), std::vector<std::string>{"taken"});
}

// Negative counts must not wrap around to huge unsigned values (which would
// ask for billions of replicates or threads).
TEST_F(BadInput, NegativeRepsIsRejected) {
  expect_rejected(run({"--graph", "er:n=100,k=3", "--reps", "-1"}), {"reps = -1 is outside"});
}

TEST_F(BadInput, NegativeSeedsIsRejected) {
  expect_rejected(run({"--graph", "er:n=100,k=3", "--seeds", "-5"}), {"seeds = -5 is outside"});
}

TEST_F(BadInput, NegativeThreadsIsRejected) {
  expect_rejected(
      run({"--graph", "er:n=100,k=3", "--seeds", "2", "--reps", "2", "--threads", "-1"}),
      {"threads = -1 is outside"});
}

TEST_F(BadInput, NegativeStepsIsRejected) {
  expect_rejected(run({"--graph", "er:n=100,k=3", "--seeds", "2", "--reps", "2", "--steps", "-1"}),
                  {"steps = -1 is outside"});
}

// Graphs too large for the machine fail at once, before allocating.
void expect_fast_and_small(const RunResult& r) {
  EXPECT_LT(r.wall_seconds, 10.0) << r.describe();
  EXPECT_LT(r.max_rss_kib, 512L * 1024) << "it must not try to allocate the graph\n"
                                        << r.describe();
}

TEST_F(BadInput, HugeErdosRenyiGraphFailsFast) {
  RunResult r = expect_rejected(run({"--graph", "er:n=4000000000,k=1000"}), {"er"});
  expect_fast_and_small(r);
  // koubei holds at most 2^32 - 1 arcs, so this fails on the arc count, which
  // is as good as the memory check here.
  EXPECT_TRUE(contains(r.err, "memory") || contains(r.err, "at most")) << r.err;
}

TEST_F(BadInput, HugeBarabasiAlbertGraphFailsFast) {
  RunResult r = expect_rejected(run({"--graph", "ba:n=4000000000,m=100"}), {"ba"});
  expect_fast_and_small(r);
  EXPECT_TRUE(contains(r.err, "memory") || contains(r.err, "at most")) << r.err;
}

// Within the arc limit but far beyond the memory of a test machine.
std::uint64_t available_memory_kib() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::uint64_t value = 0;
  std::string unit;
  while (meminfo >> key >> value >> unit)
    if (key == "MemAvailable:") return value;
  return 0;
}

TEST_F(BadInput, GraphTooLargeForMemoryFailsWithAMemoryMessage) {
  if (available_memory_kib() > 64ULL * 1024 * 1024)
    GTEST_SKIP() << "this machine may have memory for a 90 GiB graph";
  for (const char* spec : {"er:n=2000000000,k=2.1", "ba:n=2000000000,m=1"}) {
    SCOPED_TRACE(spec);
    RunResult r = expect_rejected(run({"--graph", spec}), {"memory"});
    expect_fast_and_small(r);
  }
}

TEST_F(BadInput, GenGraphTooLargeForMemory) {
  if (available_memory_kib() > 64ULL * 1024 * 1024)
    GTEST_SKIP() << "this machine may have memory for a 90 GiB graph";
  RunResult r =
      expect_rejected({"gen", "--graph", "ba:n=2000000000,m=1", "--out", "g.txt"}, {"memory"});
  expect_fast_and_small(r);
}

TEST_F(BadInput, UnknownCommand) {
  RunResult r = koubei({"nosuchcommand"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_TRUE(r.out.empty()) << r.out;
  const std::vector<std::string> lines = split_lines(r.err);
  ASSERT_FALSE(lines.empty());
  // The error first; the usage may follow.
  EXPECT_TRUE(contains(lines[0], "nosuchcommand")) << r.err;
  EXPECT_TRUE(list_files(dir.work()).empty());
}

TEST_F(BadInput, MissingCommand) {
  RunResult r = koubei({});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_FALSE(r.err.empty());
  EXPECT_TRUE(list_files(dir.work()).empty());
}

// ------------------------------------------------------------ --config files

TEST_F(BadInput, ConfigUnknownKeyNamesFileAndLine) {
  write("bad.ini", "graph = er:n=300,k=3\n\nnosuch = 1\n");
  expect_rejected(run({"--config", "bad.ini"}), {"bad.ini:3:", "nosuch"});
}

TEST_F(BadInput, ConfigBadSpecNamesFileLineAndSpec) {
  write("bad.ini", "seeds = 3\ngraph = er:n=300,k=-3\n");
  expect_rejected(run({"--config", "bad.ini"}), {"bad.ini:2:", "er:n=300,k=-3"});
  write("bad2.ini", "rule = bass:p=2,q=0\n");
  expect_rejected(run({"--config", "bad2.ini"}), {"bad2.ini:1:", "bass:p=2,q=0"});
}

TEST_F(BadInput, ConfigBadValueNamesFileAndLine) {
  write("bad.ini", "# seeds\ngraph = er:n=300,k=3\nseeds = abc\n");
  expect_rejected(run({"--config", "bad.ini"}), {"bad.ini:3:", "abc"});
}

TEST_F(BadInput, ConfigBadSpecValue) {
  write("bad.ini", "trust = const:2\n");
  expect_rejected(run({"--config", "bad.ini"}), {"const:2"});
}

TEST_F(BadInput, ConfigFileMissing) {
  expect_rejected(run({"--config", "nosuch.ini"}), {"nosuch.ini"});
}

TEST_F(BadInput, ConfigLineWithoutEquals) {
  write("bad.ini", "graph = er:n=300,k=3\nseeds\n");
  expect_rejected(run({"--config", "bad.ini"}), {"bad.ini:2:"});
}

// ------------------------------------------------------------ earlier output

TEST_F(BadInput, FailedRunLeavesEarlierOutputUntouched) {
  RunResult first =
      koubei({"run", "--graph", "er:n=100,k=3", "--reps", "2", "--seeds", "4", "--out", "o"});
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  const std::string ts = read("o/timeseries.csv");
  const std::string summary = read("o/summary.csv");
  const std::string ini = read("o/config.ini");

  // Fails after the graph is built, when the seeds are placed.
  RunResult r = koubei({"run", "--graph", "er:n=100,k=3", "--seeds", "200", "--out", "o"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_EQ(list_files(path("o")),
            (std::vector<std::string>{"command.txt", "config.ini", "summary.csv", "timeseries.csv"}));
  EXPECT_TRUE(same_text(read("o/timeseries.csv"), ts));
  EXPECT_TRUE(same_text(read("o/summary.csv"), summary));
  EXPECT_TRUE(same_text(read("o/config.ini"), ini));
}

// A set of outputs that does not fit on the disk (here: a file size limit,
// the same error path as a full disk) leaves the earlier set byte for byte.
TEST_F(BadInput, RunThatCannotBeWrittenLeavesTheEarlierSetWhole) {
  const std::vector<std::string> args = {"run",     "--graph", "er:n=2000,k=4", "--reps", "2",
                                         "--seeds", "3",       "--out",         "o",      "-q"};
  RunResult first = koubei(args);
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  const std::vector<std::string> before = list_files(path("o"));
  std::map<std::string, std::string> contents;
  for (const std::string& name : before) contents[name] = read("o/" + name);

  // 40 replicates with --trace: referrals.csv far over 64 KiB.
  const std::string command = "cd '" + dir.work().string() +
                              "' && trap '' XFSZ && ulimit -f 64 && exec '" + kBinary +
                              "' run --graph er:n=2000,k=4 --reps 40 --seeds 3 --trace " +
                              "--trust const:0.5 --out o -q 2>err.txt";
  const int status = std::system(("bash -c \"" + command + "\"").c_str());
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_TRUE(contains(read("err.txt"), "cannot write")) << read("err.txt");
  EXPECT_EQ(list_files(path("o")), before);
  for (const std::string& name : before)
    EXPECT_TRUE(same_text(read("o/" + name), contents[name])) << name;
}

TEST_F(BadInput, OutputsReplaceOnlyRegularFiles) {
  ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0600), 0);
  expect_rejected({"gen", "--graph", "er:n=100,k=4", "--trust", "const:0.2", "--out", "fifo"},
                  {"fifo", "a FIFO"});
  EXPECT_TRUE(fs::is_fifo(path("fifo")));
  write("target.txt", "kept\n");
  fs::create_symlink("target.txt", path("link"));
  expect_rejected({"gen", "--graph", "er:n=100,k=4", "--trust", "const:0.2", "--out", "link"},
                  {"link", "a symbolic link"});
  EXPECT_EQ(read("target.txt"), "kept\n");
  // A run's file that is a FIFO: nothing of the set is replaced.
  fs::create_directory(path("o"));
  ASSERT_EQ(::mkfifo(path("o/summary.csv").c_str(), 0600), 0);
  expect_rejected({"run", "--graph", "er:n=100,k=3", "--reps", "2", "--out", "o"},
                  {"summary.csv", "a FIFO"});
  EXPECT_TRUE(fs::is_fifo(path("o/summary.csv")));
  // A symlinked output directory is followed.
  fs::create_directory(path("real"));
  fs::create_directory_symlink("real", path("alias"));
  RunResult r = koubei({"run", "--graph", "er:n=100,k=3", "--reps", "2", "--out", "alias", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_TRUE(fs::exists(path("real/summary.csv")));
}

TEST_F(BadInput, RunRefusesASweepsDirectoryUnlessForced) {
  RunResult sweep = koubei({"sweep", "--graph", "er:n=300,k=3", "--vary",
                            "trust=const:0.1;const:0.2", "--reps", "2", "--out", "s", "-q"});
  ASSERT_EQ(sweep.exit_code, 0) << sweep.describe();
  const std::vector<std::string> files = list_files(path("s"));
  expect_rejected({"run", "--graph", "er:n=300,k=3", "--reps", "2", "--out", "s"},
                  {"'s'", "sweep", "--force"});
  EXPECT_EQ(list_files(path("s")), files);
  RunResult forced =
      koubei({"run", "--graph", "er:n=300,k=3", "--reps", "2", "--out", "s", "--force", "-q"});
  ASSERT_EQ(forced.exit_code, 0) << forced.describe();
  EXPECT_EQ(list_files(path("s")),
            (std::vector<std::string>{"command.txt", "config.ini", "summary.csv", "timeseries.csv"}));
}

// Found by fuzzing: Boost.Program_options' own message for a bad value
// loops forever when the value quotes one of its placeholders.
TEST_F(BadInput, AValueQuotingAPlaceholderIsRefusedNotLoopedOn) {
  expect_rejected(run({"--steps", "%value%"}), {"('%value%')", "--steps"});
  expect_rejected(run({"--reps", "%canonical_option%%prefix%"}),
                  {"('%canonical_option%%prefix%')", "--reps"});
  expect_rejected(run({"--seeds", "%canonical_option%%prefix%"}),
                  {"seeds = %canonical_option%%prefix%: unknown method"});
}

// Values that used to be taken without a word.
TEST_F(BadInput, NegativeSeedIsNotWrapped) {
  expect_rejected(run({"--graph", "er:n=100,k=3", "--rng-seed", "-1"}),
                  {"rng-seed: expected a whole number", "'-1'"});
  expect_rejected({"gen", "--graph", "er:n=100,k=3", "--rng-seed", "-1", "--out", "g.txt"},
                  {"rng-seed: expected a whole number", "'-1'"});
}

TEST_F(BadInput, StrayWordsAreRefused) {
  expect_rejected(run({"--graph", "er:n=100,k=3", "--seeds", "1", "reps", "2"}),
                  {"unexpected argument 'reps'"});
  expect_rejected({"sweep", "--vary", "seeds=1;2", "extra", "--out", "s"},
                  {"unexpected argument 'extra'"});
}

TEST_F(BadInput, ConfigThatIsADirectoryOrAnEmptyInclude) {
  fs::create_directory(path("d"));
  expect_rejected(run({"--config", "d"}), {"'d'", "directory"});
  write("inc.ini", "graph = er:n=100,k=3\ninclude = d\n");
  expect_rejected(run({"--config", "inc.ini"}), {"directory"});
  write("empty.ini", "include =\n");
  expect_rejected(run({"--config", "empty.ini"}), {"empty.ini:1:", "include names no file"});
}

TEST_F(BadInput, WeightRangeThatOverflows) {
  write("e.txt", "0 1 5\n1 2 7\n");
  expect_rejected(run({"--graph", "file:e.txt,weight_min=-1e308,weight_max=1e308"}),
                  {"weight_min=-1e308", "overflows"});
}

TEST_F(BadInput, CommandOptionsCannotVaryPerPointOrArm) {
  expect_rejected({"sweep", "--graph", "er:n=100,k=3", "--vary", "out=a;b", "--out", "s"},
                  {"'out'", "cannot change per point"});
  expect_rejected({"sweep", "--graph", "er:n=100,k=3", "--vary", "threads=1;2", "--out", "s"},
                  {"'threads'"});
  expect_rejected(run({"--graph", "er:n=100,k=3", "--arm", "a: out=x"}), {"arm 'a'", "'out'"});
}

TEST_F(BadInput, DuplicateSeedIdsAreAWarning) {
  write("e.txt", "0 1\n1 2\n2 3\n");
  write("s.txt", "1\n2\n1\n");
  RunResult r = koubei({"run", "--graph", "file:e.txt", "--seeds-file", "s.txt", "--out", "o"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_TRUE(contains(r.err, "s.txt:3: seed 1 is listed again (first on line 1)")) << r.err;
  EXPECT_TRUE(contains(r.out, "2 seed users")) << r.out;
}

TEST_F(BadInput, MessagesSayWhatTheUserTyped) {
  expect_rejected(run({"--graph", "er:n=1000,k=4", "--scale", "0.001"}),
                  {"--scale 0.001", "er:n=1000,k=4", "too far"});
  const RunResult merge = expect_rejected({"merge", "--out", "m"}, {"no slice directories"});
  EXPECT_FALSE(contains(merge.err, "koubei merge: error: koubei merge")) << merge.err;
}

// A UTF-8 byte order mark, as editors on Windows write it, is read past in
// every text input.
TEST_F(BadInput, ByteOrderMarksAreAcceptedEverywhere) {
  const std::string bom = "\xEF\xBB\xBF";
  write("e.txt", bom + "0 1\n1 2\n2 3\n3 0\n");
  write("s.txt", bom + "1\n");
  write("c.txt", bom + "0 north\n1 north\n2 south\n3 south\n");
  write("b.ini", bom + "graph = file:e.txt\nseeds-file = s.txt\nreps = 2\n");
  write("v.csv", bom + "trust\nconst:0.1\nconst:0.2\n");
  RunResult run = koubei({"run", "--config", "b.ini", "--model", "wom", "--steps", "3",
                          "--community.file", "c.txt", "--out", "o", "-q"});
  ASSERT_EQ(run.exit_code, 0) << run.describe();
  EXPECT_TRUE(contains(read("o/config.ini"), "graph = file:e.txt\n"));
  RunResult sweep =
      koubei({"sweep", "--config", "b.ini", "--vary-file", "v.csv", "--out", "s", "-q"});
  ASSERT_EQ(sweep.exit_code, 0) << sweep.describe();
  EXPECT_EQ(csv("s/points.csv").header, (CsvRecord{"point", "trust"}));
}

// A huge or binary value quoted in an error comes out short and printable.
TEST_F(BadInput, QuotedValuesAreEscapedAndCut) {
  write("huge.ini", "graph = er:n=" + std::string(500'000, '7') + "\x01\x1b[2J\n");
  const RunResult r = expect_rejected(run({"--config", "huge.ini"}), {"huge.ini:1:"});
  EXPECT_LT(r.err.size(), 3000u);
  EXPECT_TRUE(contains(r.err, "bytes left out")) << r.err.substr(0, 300);
  EXPECT_FALSE(contains(r.err, "\x1b")) << "raw escape sequence printed";
}

}  // namespace
}  // namespace koubei_cli_test
