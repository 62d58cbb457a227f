#include "koubei/batch/sweep.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "koubei/batch/aggregate.hpp"
#include "koubei/batch/run.hpp"
#include "koubei/batch/statistics.hpp"
#include "koubei/batch/sweep_journal.hpp"
#include "koubei/core/error.hpp"
#include "koubei/io/csv.hpp"

namespace koubei {
namespace {

std::vector<std::string> values(const SweepAxis& axis) {
  std::vector<std::string> out;
  for (const auto& row : axis.rows) out.push_back(row.at(0));
  return out;
}

TEST(SweepAxis, ListsAndRanges) {
  SweepAxis rules = SweepAxis::parse("rule=ic; lt;bass:p=0.01,q=0.3");
  EXPECT_EQ(rules.keys, (std::vector<std::string>{"rule"}));
  EXPECT_EQ(values(rules), (std::vector<std::string>{"ic", "lt", "bass:p=0.01,q=0.3"}));
  EXPECT_EQ(values(SweepAxis::parse("steps=100:400:100")),
            (std::vector<std::string>{"100", "200", "300", "400"}));
  EXPECT_EQ(values(SweepAxis::parse("adoption.churn=0.1:0.3:0.1")),
            (std::vector<std::string>{"0.1", "0.2", "0.3"}));
  EXPECT_EQ(values(SweepAxis::parse("trust=uniform:0.1:0.3")),
            (std::vector<std::string>{"uniform:0.1:0.3"}));  // not a numeric range
  // Whole numbers stay whole, however large.
  EXPECT_EQ(values(SweepAxis::parse("rng-seed=1000000000000:1000000000002:1")),
            (std::vector<std::string>{"1000000000000", "1000000000001", "1000000000002"}));
  EXPECT_EQ(values(SweepAxis::parse("seeds=5:12:4")), (std::vector<std::string>{"5", "9"}));
  EXPECT_THROW(SweepAxis::parse("=1;2"), InputError);
  EXPECT_THROW(SweepAxis::parse("steps="), InputError);
  EXPECT_THROW(SweepAxis::parse("steps=400:100:100"), InputError);
}

TEST(SweepDefinition, PointsAreRowMajorWithTheLastAxisFastest) {
  SweepDefinition sweep;
  sweep.base.graph = "er:n=100,k=2";
  sweep.axes = {SweepAxis::parse("rule=ic;lt"), SweepAxis::parse("seeds=1;2;3")};
  const auto points = sweep.points();
  ASSERT_EQ(points.size(), 6u);
  EXPECT_EQ(points[1].values, (std::vector<std::string>{"ic", "2"}));
  EXPECT_EQ(points[3].values, (std::vector<std::string>{"lt", "1"}));
  EXPECT_EQ(points[3].config.rule, "lt");
  EXPECT_EQ(points[3].config.seeds.k(), 1u);
  EXPECT_EQ(points[5].index, 5u);
}

TEST(SweepDefinition, BadValuesNameThePoint) {
  SweepDefinition sweep;
  sweep.axes = {SweepAxis::parse("trust=const:0.1;const:2")};
  try {
    sweep.points();
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("const:2"), std::string::npos) << e.what();
  }
  sweep.axes = {SweepAxis::parse("nosuch=1")};
  EXPECT_THROW(sweep.points(), InputError);
}

// A point equals the same single run: the streams do not depend on the point.
TEST(Sweep, APointEqualsTheSameRunAndAggregatesMatchADirectComputation) {
  SweepDefinition sweep;
  sweep.base.graph = "er:n=2000,k=4";
  sweep.base.seeds = SeedingSpec::random(5);
  sweep.base.reps = 12;
  sweep.base.threads = 2;
  sweep.axes = {SweepAxis::parse("trust=const:0.2;const:0.5")};
  std::map<std::uint32_t, std::map<std::uint32_t, ReplicateRecord>> by_point;
  SweepCallbacks callbacks;
  callbacks.on_record = [&](const ReplicateRecord& record, std::string_view) {
    by_point[record.point][record.replicate()] = record;
  };
  run_sweep(sweep, {}, callbacks);
  RunConfig single = sweep.base;
  single.trust = "const:0.5";
  single.threads = 1;
  const std::vector<RunReport> alone = run(single);
  std::string series;
  std::vector<ReplicateRecord> results;
  for (const auto& [replicate, record] : by_point[1]) {
    append_timeseries_rows(series, 0, replicate, record.steps);
    results.push_back(record);
  }
  std::string alone_series;
  for (const ReplicateRecord& record : alone[0].records)
    append_timeseries_rows(alone_series, 0, record.replicate(), record.steps);
  EXPECT_EQ(alone_series, series);

  // aggregate.csv's adopters columns at the last step against the summary values.
  std::size_t steps = 0;
  for (const auto& r : results) steps = std::max<std::size_t>(steps, r.steps.size());
  std::vector<double> final_adopters;
  for (const auto& r : results)
    final_adopters.push_back(static_cast<double>(r.summary.final_counts.adopters));
  const Estimate direct = estimate(final_adopters);
  std::istringstream rows(aggregate_rows(1, results));
  std::string line, last;
  while (std::getline(rows, line)) last = line;
  std::vector<std::string> fields;
  std::stringstream split(last);
  for (std::string f; std::getline(split, f, ',');) fields.push_back(f);
  // point, step, then unaware (4), aware (4), adopters (mean, sd, lo, hi).
  ASSERT_GE(fields.size(), 14u);
  EXPECT_EQ(std::stoul(fields[1]), steps - 1);
  EXPECT_DOUBLE_EQ(std::stod(fields[10]), direct.mean);
  EXPECT_DOUBLE_EQ(std::stod(fields[11]), direct.sd);
  EXPECT_DOUBLE_EQ(std::stod(fields[12]), direct.lo);
  EXPECT_DOUBLE_EQ(std::stod(fields[13]), direct.hi);
  EXPECT_GT(direct.sd, 0.0);
}

namespace fs = std::filesystem;

// A fresh directory, removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("koubei_sweep_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
    return path_ / name;
  }

 private:
  fs::path path_;
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The lines of a CSV text, split into fields.
std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) rows.push_back(split_csv_line(line).value());
  return rows;
}

TEST(SweepAxisFile, ReadsAHeaderOfKeysAndARowPerValue) {
  ScratchDir dir;
  const fs::path file = dir.write("points.csv",
                                  "# rules to compare\n"
                                  "rule,seeds\n"
                                  "\n"
                                  "\"bass:p=0.01,q=0.3\",5\n"
                                  "# the baseline\n"
                                  "ic, 10\n");
  const SweepAxis axis = SweepAxis::read_file(file);
  EXPECT_EQ(axis.keys, (std::vector<std::string>{"rule", "seeds"}));
  ASSERT_EQ(axis.rows.size(), 2u);
  EXPECT_EQ(axis.rows[0], (std::vector<std::string>{"bass:p=0.01,q=0.3", "5"}));
  EXPECT_EQ(axis.rows[1], (std::vector<std::string>{"ic", "10"}));
}

TEST(SweepAxisFile, AcceptsCrLfLines) {
  ScratchDir dir;
  const SweepAxis axis = SweepAxis::read_file(dir.write("p.csv", "rule,seeds\r\nlt,3\r\n"));
  EXPECT_EQ(axis.keys, (std::vector<std::string>{"rule", "seeds"}));
  ASSERT_EQ(axis.rows.size(), 1u);
  EXPECT_EQ(axis.rows[0], (std::vector<std::string>{"lt", "3"}));
}

// A blank line of a CRLF file is "\r": skipped like any blank line.
TEST(SweepAxisFile, SkipsBlankLinesOfACrLfFile) {
  ScratchDir dir;
  const SweepAxis axis =
      SweepAxis::read_file(dir.write("p.csv", "# points\r\nrule,seeds\r\n\r\nlt,3\r\n\r\n"));
  EXPECT_EQ(axis.keys, (std::vector<std::string>{"rule", "seeds"}));
  ASSERT_EQ(axis.rows.size(), 1u);
  EXPECT_EQ(axis.rows[0], (std::vector<std::string>{"lt", "3"}));
}

void expect_input_error(const fs::path& file, const std::string& part) {
  try {
    SweepAxis::read_file(file);
    ADD_FAILURE() << "no error for " << file;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

TEST(SweepAxisFile, ARowWithTheWrongNumberOfValuesNamesFileAndLine) {
  ScratchDir dir;
  const fs::path file = dir.write("p.csv", "# keys\nrule,seeds\nic,5\nlt\n");
  expect_input_error(file, file.string() + ":4: 1 values, expected 2");
  const fs::path more = dir.write("q.csv", "rule,seeds\n\nic,5,6\n");
  expect_input_error(more, more.string() + ":3:");
}

TEST(SweepAxisFile, AnUnclosedQuoteNamesFileAndLine) {
  ScratchDir dir;
  const fs::path file = dir.write("p.csv", "rule\n\"bass:p=0.01,q=0.3\n");
  expect_input_error(file, file.string() + ":2:");
}

TEST(SweepAxisFile, AnEmptyKeyIsRefused) {
  ScratchDir dir;
  expect_input_error(dir.write("p.csv", "rule,,seeds\nic,1,2\n"), "empty key");
}

TEST(SweepAxisFile, AMissingFileIsRefused) {
  ScratchDir dir;
  expect_input_error(dir.path() / "nosuch.csv", "nosuch.csv");
}

TEST(SweepAxisFile, AHeaderAloneIsRefused) {
  ScratchDir dir;
  expect_input_error(dir.write("p.csv", "rule,seeds\n# nothing else\n\n"), "at least one row");
  expect_input_error(dir.write("q.csv", ""), "at least one row");
}

TEST(SweepSlice, ParsesIndexOverCount) {
  const SweepSlice all = SweepSlice::parse("0/1");
  EXPECT_EQ(all.index, 0u);
  EXPECT_EQ(all.count, 1u);
  const SweepSlice third = SweepSlice::parse("2/3");
  EXPECT_EQ(third.index, 2u);
  EXPECT_EQ(third.count, 3u);
  for (const char* bad : {"3/3", "x", "1/0", "1", "/3", "1/", "-1/3", "1/x", ""})
    EXPECT_THROW(SweepSlice::parse(bad), InputError) << bad;
}

TEST(SweepSlice, ContainsEveryNthPoint) {
  const SweepSlice third = SweepSlice::parse("2/3");
  std::vector<std::uint32_t> in;
  for (std::uint32_t p = 0; p < 10; ++p)
    if (third.contains(p)) in.push_back(p);
  EXPECT_EQ(in, (std::vector<std::uint32_t>{2, 5, 8}));
  const SweepSlice all;
  EXPECT_TRUE(all.contains(0));
  EXPECT_TRUE(all.contains(12345));
}

SweepDefinition small_definition() {
  SweepDefinition sweep;
  sweep.base.graph = "er:n=500,k=4";
  sweep.base.seeds = SeedingSpec::random(5);
  sweep.base.reps = 3;
  sweep.base.threads = 2;
  sweep.base.trust = "const:0.3";  // cascades that last a few steps
  sweep.axes = {SweepAxis::parse("rule=ic;lt")};
  return sweep;
}

TEST(SweepDefinition, IniLeavesOutThreadsAndOut) {
  SweepDefinition sweep = small_definition();
  sweep.base.out = "somewhere-else";
  const std::string ini = sweep.to_ini();
  EXPECT_EQ(ini.find("threads ="), std::string::npos) << ini;
  EXPECT_EQ(ini.find("out ="), std::string::npos) << ini;
  EXPECT_EQ(ini.find("somewhere-else"), std::string::npos) << ini;
  EXPECT_NE(ini.find("\nvary = rule=ic;lt\n"), std::string::npos) << ini;
  EXPECT_NE(ini.find("\ngraph = er:n=500,k=4\n"), std::string::npos) << ini;
  EXPECT_NE(ini.find("\ntimeseries = aggregate\nrecord-every = 1\nslice = 0/1\n"),
            std::string::npos)
      << ini;
  // Threads and out do not change the files: the same definition.
  SweepDefinition other = sweep;
  other.base.threads = 7;
  other.base.out = "elsewhere";
  EXPECT_EQ(other.to_ini(), ini);
}

TEST(SweepDefinition, IniChangesWithWhatChangesTheFiles) {
  const SweepDefinition sweep = small_definition();
  const std::string ini = sweep.to_ini();
  SweepDefinition every = sweep;
  every.record_every = 5;
  EXPECT_NE(every.to_ini(), ini);
  EXPECT_NE(every.to_ini().find("record-every = 5\n"), std::string::npos);
  SweepDefinition sliced = sweep;
  sliced.slice = SweepSlice::parse("1/2");
  EXPECT_NE(sliced.to_ini(), ini);
  EXPECT_NE(sliced.to_ini().find("slice = 1/2\n"), std::string::npos);
  SweepDefinition series = sweep;
  series.timeseries = SweepTimeseries::kAll;
  EXPECT_NE(series.to_ini(), ini);
  SweepDefinition values = sweep;
  values.axes = {SweepAxis::parse("rule=ic;bass")};
  EXPECT_NE(values.to_ini(), ini);
  SweepDefinition reps = sweep;
  reps.base.reps = 4;
  EXPECT_NE(reps.to_ini(), ini);
}

TEST(SweepDefinition, IniListsTheRowsOfAFileAxis) {
  ScratchDir dir;
  SweepDefinition sweep = small_definition();
  sweep.axes = {SweepAxis::read_file(dir.write("p.csv", "rule,seeds\n\"bass:p=0.01,q=0.3\",5\n"))};
  const std::string ini = sweep.to_ini();
  EXPECT_NE(ini.find("# vary-file, not read back: rule,seeds\n#   \"bass:p=0.01,q=0.3\",5\n"),
            std::string::npos)
      << ini;
  SweepDefinition other = sweep;
  other.axes[0].rows[0][1] = "6";
  EXPECT_NE(other.to_ini(), ini);
  // A one-column file is still a file axis: not written as a `vary` line.
  sweep.axes = {SweepAxis::read_file(dir.write("q.csv", "seeds\n5\n6\n"))};
  EXPECT_EQ(sweep.to_ini().find("vary ="), std::string::npos) << sweep.to_ini();
}

TEST(SweepDefinition, AFileAxisCrossesAVaryAxis) {
  ScratchDir dir;
  const SweepAxis file =
      SweepAxis::read_file(dir.write("p.csv", "rule,seeds\n\"bass:p=0.01,q=0.3\",5\nlt,10\n"));
  const SweepAxis trust = SweepAxis::parse("trust=const:0.1;const:0.2;const:0.3");
  SweepDefinition sweep = small_definition();
  sweep.axes = {file, trust};
  EXPECT_EQ(sweep.keys(), (std::vector<std::string>{"rule", "seeds", "trust"}));
  const auto points = sweep.points();
  ASSERT_EQ(points.size(), 6u);
  EXPECT_EQ(points[0].values,
            (std::vector<std::string>{"bass:p=0.01,q=0.3", "5", "const:0.1"}));
  EXPECT_EQ(points[1].values,
            (std::vector<std::string>{"bass:p=0.01,q=0.3", "5", "const:0.2"}));
  EXPECT_EQ(points[3].values, (std::vector<std::string>{"lt", "10", "const:0.1"}));
  EXPECT_EQ(points[5].values, (std::vector<std::string>{"lt", "10", "const:0.3"}));
  EXPECT_EQ(points[1].config.rule, "bass:p=0.01,q=0.3");
  EXPECT_EQ(points[1].config.seeds.k(), 5u);
  EXPECT_EQ(points[1].config.trust, "const:0.2");
  EXPECT_EQ(points[5].config.rule, "lt");
  EXPECT_EQ(points[5].config.seeds.k(), 10u);
  EXPECT_EQ(points[5].config.trust, "const:0.3");
  EXPECT_EQ(points[5].config.graph, "er:n=500,k=4");  // from the base

  // The file axis last: it varies fastest.
  sweep.axes = {trust, file};
  EXPECT_EQ(sweep.keys(), (std::vector<std::string>{"trust", "rule", "seeds"}));
  const auto swapped = sweep.points();
  ASSERT_EQ(swapped.size(), 6u);
  EXPECT_EQ(swapped[1].values, (std::vector<std::string>{"const:0.1", "lt", "10"}));
  EXPECT_EQ(swapped[2].values,
            (std::vector<std::string>{"const:0.2", "bass:p=0.01,q=0.3", "5"}));
  EXPECT_EQ(swapped[2].config.trust, "const:0.2");
  EXPECT_EQ(swapped[2].config.seeds.k(), 5u);
}

// Records of a sweep by (point, replicate), and how often a batch ended.
struct Collected {
  std::map<std::pair<std::uint32_t, std::uint32_t>, ReplicateRecord> records;
  int batches = 0;
  SweepCallbacks callbacks() {
    SweepCallbacks c;
    c.wants_lines = true;
    c.on_record = [this](const ReplicateRecord& record, std::string_view line) {
      EXPECT_EQ(encode_record(record), line);
      EXPECT_TRUE(records.emplace(std::pair{record.point, record.replicate()}, record).second)
          << "twice: " << record.point << "/" << record.replicate();
    };
    c.after_batch = [this] { ++batches; };
    return c;
  }
};

SweepOptions quiet() {
  SweepOptions options;
  options.threads = 2;
  options.progress = false;
  return options;
}

std::string series_of(const ReplicateRecord& record) {
  std::string out;
  append_timeseries_rows(out, record.point, record.replicate(), record.steps);
  return out;
}

TEST(Sweep, SkippedReplicatesAreNotRunAndCountAsResumed) {
  const SweepDefinition sweep = small_definition();
  Collected all;
  const SweepOutcome full = run_sweep(sweep, quiet(), all.callbacks());
  EXPECT_EQ(full.replicates, 6u);
  EXPECT_EQ(full.resumed, 0u);
  ASSERT_EQ(all.records.size(), 6u);

  Collected some;
  SweepCallbacks callbacks = some.callbacks();
  std::set<std::pair<std::uint32_t, std::uint32_t>> asked;
  callbacks.skip = [&](std::uint32_t point, std::uint32_t replicate) {
    asked.insert({point, replicate});
    return (point == 0 && replicate == 1) || point == 1;
  };
  const SweepOutcome outcome = run_sweep(sweep, quiet(), callbacks);
  EXPECT_EQ(outcome.replicates, 6u);
  EXPECT_EQ(outcome.resumed, 4u);
  EXPECT_EQ(outcome.failed, 0u);
  EXPECT_EQ(asked.size(), 6u);  // every task was offered to skip
  ASSERT_EQ(some.records.size(), 2u);
  EXPECT_TRUE(some.records.count({0, 0}));
  EXPECT_TRUE(some.records.count({0, 2}));
  EXPECT_GE(some.batches, 1);
  // Skipping some does not change the others.
  for (const auto& [key, record] : some.records)
    EXPECT_EQ(series_of(record), series_of(all.records.at(key)));
}

TEST(Sweep, AfterBatchFollowsTheRecords) {
  Collected collected;
  SweepCallbacks callbacks = collected.callbacks();
  std::size_t seen_at_last_batch = 0;
  callbacks.after_batch = [&] {
    ++collected.batches;
    seen_at_last_batch = collected.records.size();
  };
  run_sweep(small_definition(), quiet(), callbacks);
  EXPECT_GE(collected.batches, 1);
  EXPECT_EQ(seen_at_last_batch, 6u);  // the last batch comes after the last record
}

TEST(Sweep, ASliceRunsItsPointsOnly) {
  SweepDefinition sweep = small_definition();
  sweep.axes = {SweepAxis::parse("seeds=1;2;3")};
  sweep.slice = SweepSlice::parse("1/2");
  Collected collected;
  const SweepOutcome outcome = run_sweep(sweep, quiet(), collected.callbacks());
  EXPECT_EQ(outcome.replicates, 3u);
  ASSERT_EQ(collected.records.size(), 3u);
  for (const auto& [key, record] : collected.records) EXPECT_EQ(key.first, 1u);
}

SweepOptions failing_replicate_1() {
  SweepOptions options = quiet();
  options.test.fail_replicate = 1;
  return options;
}

TEST(Sweep, ReplicatesThatThrowComeBackAsFailedRecords) {
  Collected collected;
  const SweepOutcome outcome =
      run_sweep(small_definition(), failing_replicate_1(), collected.callbacks());
  EXPECT_EQ(outcome.replicates, 6u);
  EXPECT_EQ(outcome.failed, 2u);
  ASSERT_EQ(collected.records.size(), 6u);
  for (const auto& [key, record] : collected.records) {
    if (key.second == 1) {
      EXPECT_TRUE(record.failed());
      EXPECT_EQ(record.failure, "failed on purpose (--test-fail-replicate)");
      EXPECT_TRUE(record.steps.empty());
    } else {
      EXPECT_FALSE(record.failed()) << record.failure;
      EXPECT_FALSE(record.steps.empty());
      EXPECT_EQ(record.nodes, 500u);
      EXPECT_EQ(record.rule, key.first == 0 ? "ic" : "lt");
    }
  }
}

TEST(Sweep, FailuresGoToFailuresCsvAndNotToTheSummary) {
  ScratchDir dir;
  const SweepDefinition sweep = small_definition();
  const SweepOutcome outcome = run_sweep_to(dir.path(), sweep, failing_replicate_1());
  EXPECT_EQ(outcome.failed, 2u);
  EXPECT_EQ(read_text(dir.path() / "failures.csv"),
            "point,replicate,rng_seed,message\n"
            "0,1,20100816,failed on purpose (--test-fail-replicate)\n"
            "1,1,20100816,failed on purpose (--test-fail-replicate)\n");
  const auto summary = csv_rows(read_text(dir.path() / "summary.csv"));
  ASSERT_EQ(summary.size(), 5u);  // header and replicates 0 and 2 of each point
  std::vector<std::pair<std::string, std::string>> rows;
  for (std::size_t i = 1; i < summary.size(); ++i) rows.emplace_back(summary[i][0], summary[i][1]);
  EXPECT_EQ(rows, (std::vector<std::pair<std::string, std::string>>{
                      {"0", "0"}, {"0", "2"}, {"1", "0"}, {"1", "2"}}));
  EXPECT_EQ(read_text(dir.path() / "points.csv"), "point,rule\n0,ic\n1,lt\n");
  EXPECT_EQ(read_text(dir.path() / "config.ini"), sweep.to_ini());
  EXPECT_FALSE(fs::exists(dir.path() / ".partial"));
  // aggregate.csv: the two replicates that ran at each point.
  const auto aggregate = csv_rows(read_text(dir.path() / "aggregate.csv"));
  ASSERT_GT(aggregate.size(), 2u);
  EXPECT_EQ(aggregate[1][0], "0");
  EXPECT_EQ(aggregate[1][1], "0");
}

TEST(Sweep, ACompleteDirectoryIsNotRunAgain) {
  ScratchDir dir;
  const SweepDefinition sweep = small_definition();
  EXPECT_FALSE(run_sweep_to(dir.path(), sweep, quiet()).already_complete);
  const std::string summary = read_text(dir.path() / "summary.csv");
  const SweepOutcome again = run_sweep_to(dir.path(), sweep, quiet());
  EXPECT_TRUE(again.already_complete);
  EXPECT_EQ(read_text(dir.path() / "summary.csv"), summary);
  SweepDefinition other = sweep;
  other.record_every = 2;
  EXPECT_THROW(run_sweep_to(dir.path(), other, quiet()), InputError);
}

TEST(Sweep, AResumedSweepWritesTheFilesOfAFreshOne) {
  SweepDefinition sweep = small_definition();
  sweep.timeseries = SweepTimeseries::kAll;
  sweep.record_every = 2;
  ScratchDir fresh, resumed;
  run_sweep_to(fresh.path(), sweep, quiet());

  // Journal three of the six replicates, as a sweep killed half way would.
  Collected first;
  SweepCallbacks callbacks = first.callbacks();
  callbacks.skip = [](std::uint32_t point, std::uint32_t replicate) {
    return point == 1 && replicate != 0;
  };
  run_sweep(sweep, quiet(), callbacks);
  {
    SweepJournal journal(resumed.path(), sweep.to_ini(), false);
    for (const auto& [key, record] : first.records)
      if (key.first == 0) journal.append(encode_record(record));
    journal.sync();
  }
  const SweepOutcome outcome = run_sweep_to(resumed.path(), sweep, quiet());
  EXPECT_EQ(outcome.resumed, 3u);
  for (const char* name : {"points.csv", "failures.csv", "aggregate.csv", "timeseries.csv",
                           "config.ini"})
    EXPECT_EQ(read_text(resumed.path() / name), read_text(fresh.path() / name)) << name;
  // Thinned: the time series rows are at even steps and each replicate's last.
  const auto series = csv_rows(read_text(fresh.path() / "timeseries.csv"));
  ASSERT_GT(series.size(), 2u);
  EXPECT_EQ(series[1][2], "0");
  EXPECT_EQ(series[2][2], "2");
}

}  // namespace
}  // namespace koubei
