#include "koubei/io/ini.hpp"

#include <gtest/gtest.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>

#include "koubei/batch/run_config.hpp"
#include "koubei/core/error.hpp"

namespace koubei {
namespace {
namespace po = boost::program_options;

std::string write_temp(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path.string();
}

TEST(Ini, StoresKeysAndCommandLineWins) {
  RunConfig config;
  po::options_description options;
  config.add_options(options);
  po::variables_map values;
  const char* argv[] = {"koubei", "--seeds", "7"};
  po::store(po::command_line_parser(3, argv).options(options).run(), values);
  auto path = write_temp("koubei_ini_ok.ini",
                         "# scenario\nrule = lt   # comment\nseeds = 50\ngraph=er:n=100,k=2\n");
  store_ini_file(path, options, values);
  po::notify(values);
  EXPECT_EQ(config.rule, "lt");
  EXPECT_EQ(config.seeds.k(), 7u);
  EXPECT_EQ(config.graph, "er:n=100,k=2");
  std::filesystem::remove(path);
}

// Each test writes its own file: ctest runs tests in parallel processes.
void expect_error(const std::string& name, const std::string& text, const std::string& needle) {
  RunConfig config;
  po::options_description options;
  config.add_options(options);
  po::variables_map values;
  auto path = write_temp(name, text);
  try {
    store_ini_file(path, options, values);
    FAIL() << "expected an error for: " << text;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
  std::filesystem::remove(path);
}

TEST(Ini, UnknownKeyNamesFileAndLine) {
  expect_error("koubei_ini_unknown.ini", "rule = ic\n\nnosuch = 3\n",
               "koubei_ini_unknown.ini:3: unknown key 'nosuch'");
}

TEST(Ini, BadValueNamesFileAndLine) {
  expect_error("koubei_ini_value.ini", "seeds = abc\n", "koubei_ini_value.ini:1: seeds = abc");
}

TEST(Ini, MalformedLine) {
  expect_error("koubei_ini_malformed.ini", "rule ic\n", "koubei_ini_malformed.ini:1: expected");
}

TEST(Ini, AnIncludeCycleIsNamed) {
  const std::string b =
      write_temp("koubei_ini_cycle_b.ini", "seeds = 3\ninclude = koubei_ini_cycle_a.ini\n");
  const std::string a = write_temp("koubei_ini_cycle_a.ini", "include = koubei_ini_cycle_b.ini\n");
  expect_error("koubei_ini_cycle_a.ini", "include = koubei_ini_cycle_b.ini\n",
               "include cycle: " + a + ":1 includes " + b + ":2 includes ");
  std::filesystem::remove(b);
}

TEST(Ini, AMissingIncludeNamesTheIncludingLine) {
  expect_error("koubei_ini_missing.ini", "seeds = 3\ninclude = koubei_ini_nothere.ini\n",
               "koubei_ini_missing.ini:2: include: cannot open config file");
}

// Every key of a run, given values out of every range: each error names the
// file and line (the value is checked as it is read, not later under an
// option's name), or, for a value wrong only with another key (seeds = 0
// without a seeds-file), names the key.
TEST(Ini, EveryBadValueNamesFileAndLineOrItsKey) {
  RunConfig probe;
  po::options_description all;
  probe.add_options(all);
  int errors = 0;
  for (const auto& option : all.options()) {
    const std::string key = option->long_name();
    for (const char* value : {"-1", "0", "2", "1e300", "-1e300", "nan", "x", "day:-1"}) {
      RunConfig config;
      po::options_description options;
      config.add_options(options);
      po::variables_map values;
      const std::string text = key + " = " + value + "\n";
      auto path = write_temp("koubei_ini_every.ini", text);
      try {
        store_ini_file(path, options, values);
        po::notify(values);
        config.validate();
      } catch (const InputError& e) {
        ++errors;
        const std::string message = e.what();
        EXPECT_TRUE(message.starts_with(path + ":1: ") || message.starts_with(key + " = "))
            << text << message;
      }
      std::filesystem::remove(path);
    }
  }
  EXPECT_GT(errors, 100);  // most of these values are wrong for most keys
}

// What is not a scenario file is refused before it fills memory: a line
// without end, a file without end.
TEST(Ini, AnEndlessIncludeIsRefused) {
  expect_error("koubei_ini_zero.ini", "include = /dev/zero\n",
               "/dev/zero:1: line longer than 1 MiB");
  std::string lines;
  for (int i = 0; i < 20000; ++i) lines += "# " + std::string(1000, 'x') + "\n";
  expect_error("koubei_ini_long.ini", lines, "koubei_ini_long.ini: config file larger than 16 MiB");
}

// Found by fuzzing (tests/fuzz/crashes/ini, sweep_axes): Boost.Program_options'
// own message loops forever on a value that quotes its placeholder.
TEST(Ini, AValueQuotingAPlaceholderIsReportedNotLoopedOn) {
  expect_error("koubei_ini_placeholder.ini", "steps = %value%'\n",
               "koubei_ini_placeholder.ini:1: steps = %value%': the argument ('%value%'') for "
               "option '--steps' is invalid");
  expect_error("koubei_ini_placeholder2.ini", "reps = %canonical_option%\n",
               "the argument ('%canonical_option%') for option '--reps' is invalid");
  expect_error("koubei_ini_placeholder3.ini", "seeds = %canonical_option%\n",
               "koubei_ini_placeholder3.ini:1: seeds = %canonical_option%: unknown method");
}

TEST(Ini, ARangeErrorNamesTheKeyAndTheRange) {
  expect_error("koubei_ini_range.ini", "rule = ic\nsteps = -1\n",
               "koubei_ini_range.ini:2: steps = -1 is outside [0, 1000000000]");
  expect_error("koubei_ini_range2.ini", "adoption.churn = 1.5\n",
               "koubei_ini_range2.ini:1: adoption.churn = 1.5 is outside [0, 1]");
  expect_error("koubei_ini_range3.ini", "ads.start = day:x\n",
               "koubei_ini_range3.ini:1: ads.start = 'day:x'");
}

}  // namespace
}  // namespace koubei
