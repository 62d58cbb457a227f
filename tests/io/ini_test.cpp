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
  EXPECT_EQ(config.seeds, 7u);
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
  const std::string b = write_temp("koubei_ini_cycle_b.ini", "seeds = 3\ninclude = koubei_ini_cycle_a.ini\n");
  const std::string a = write_temp("koubei_ini_cycle_a.ini", "include = koubei_ini_cycle_b.ini\n");
  expect_error("koubei_ini_cycle_a.ini", "include = koubei_ini_cycle_b.ini\n",
               "include cycle: " + a + ":1 includes " + b + ":2 includes ");
  std::filesystem::remove(b);
}

TEST(Ini, AMissingIncludeNamesTheIncludingLine) {
  expect_error("koubei_ini_missing.ini", "seeds = 3\ninclude = koubei_ini_nothere.ini\n",
               "koubei_ini_missing.ini:2: include: cannot open config file");
}

}  // namespace
}  // namespace koubei
