// Options of the word-of-mouth model as a user writes them: command-line
// keys and INI sections parsed through RunConfig, bad values named by key,
// and the resolved configuration read back.

#include <gtest/gtest.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "koubei/batch/run_config.hpp"
#include "koubei/core/error.hpp"
#include "koubei/io/ini.hpp"
#include "koubei/model/word_of_mouth_config.hpp"

namespace koubei {
namespace {

namespace po = boost::program_options;
// ------------------------------------------------------------------ options

// Parses `args` into `config` as `koubei run` does (the INI file aside).
// `config` must not move afterwards: the options point into it.
void parse(RunConfig& config, const std::vector<std::string>& args) {
  po::options_description options;
  config.add_options(options);
  po::variables_map values;
  po::store(po::command_line_parser(args).options(options).run(), values);
  po::notify(values);
}

// The message of the InputError that parsing (and validating) `args` raises.
std::string input_error(const std::vector<std::string>& args) {
  RunConfig config;
  try {
    parse(config, args);
    config.validate();
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError for " << ::testing::PrintToString(args);
  return "";
}

TEST(WordOfMouthOptions, ModelIsNoneByDefaultAndWomSwitchesItOn) {
  RunConfig plain;
  parse(plain, {});
  EXPECT_FALSE(plain.model.enabled);
  EXPECT_EQ(plain.model.disabled_sides(), "");

  RunConfig none;
  parse(none, {"--model=none"});
  EXPECT_FALSE(none.model.enabled);

  RunConfig wom;
  parse(wom, {"--model=wom", "--steps=30"});
  EXPECT_TRUE(wom.model.enabled);
  EXPECT_FALSE(wom.model.disable_engine);
  EXPECT_FALSE(wom.model.disable_accelerator);
  EXPECT_FALSE(wom.model.disable_chain);
  EXPECT_NO_THROW(wom.validate());
}

TEST(WordOfMouthOptions, DisableTakesACommaListOrRepeats) {
  RunConfig listed;
  parse(listed, {"--model=wom", "--disable=engine,accelerator"});
  EXPECT_TRUE(listed.model.disable_engine);
  EXPECT_TRUE(listed.model.disable_accelerator);
  EXPECT_FALSE(listed.model.disable_chain);
  EXPECT_EQ(listed.model.disabled_sides(), "engine,accelerator");

  RunConfig repeated;
  parse(repeated, {"--disable", "chain", "--disable", "engine"});
  EXPECT_TRUE(repeated.model.disable_engine);
  EXPECT_FALSE(repeated.model.disable_accelerator);
  EXPECT_TRUE(repeated.model.disable_chain);
  EXPECT_EQ(repeated.model.disabled_sides(), "engine,chain");

  RunConfig all;
  parse(all, {"--disable=chain,engine", "--disable=accelerator"});
  EXPECT_EQ(all.model.disabled_sides(), "engine,accelerator,chain");
}

TEST(WordOfMouthOptions, SectionKeysReachTheirFields) {
  RunConfig c;
  parse(c, {"--model=wom", "--steps=90", "--fast.start=adopters:500", "--fast.from=0.25",
            "--fast.to=0.75", "--fast.ramp_days=12", "--good-looking.start=day:30",
            "--open.start=never", "--forum.reach=7", "--forum.community=home",
            "--microblog.start=day:4", "--ads.daily_budget=3", "--ads.days=9",
            "--community.barrier=0.3", "--adoption.conversion=0.4", "--chain_off_trust=0.01"});
  const WordOfMouthConfig& m = c.model;
  EXPECT_EQ(m.product.phases[0].start.kind, Trigger::Kind::kAdopters);
  EXPECT_EQ(m.product.phases[0].start.at, 500u);
  EXPECT_EQ(m.product.phases[0].from, 0.25);
  EXPECT_EQ(m.product.phases[0].to, 0.75);
  EXPECT_EQ(m.product.phases[0].ramp_days, 12u);
  EXPECT_EQ(m.product.phases[1].start.kind, Trigger::Kind::kDay);
  EXPECT_EQ(m.product.phases[1].start.at, 30u);
  EXPECT_EQ(m.product.phases[2].start.kind, Trigger::Kind::kNever);
  EXPECT_EQ(m.forum.reach, 7u);
  EXPECT_EQ(m.forum.community, "home");
  EXPECT_EQ(m.microblog.start.to_string(), "day:4");
  EXPECT_EQ(m.ads.daily_budget, 3.0);
  EXPECT_EQ(m.ads.days, 9u);
  EXPECT_EQ(m.community.barrier, 0.3);
  EXPECT_EQ(m.adoption.conversion, 0.4);
  EXPECT_EQ(m.chain_off_trust, 0.01);
  EXPECT_NO_THROW(c.validate());
}

TEST(WordOfMouthOptions, BadValuesThrowInputErrorNamingTheKey) {
  struct Case {
    std::vector<std::string> args;
    std::string key;
  } cases[] = {
      {{"--model=x"}, "model"},
      {{"--disable=moon"}, "disable"},
      {{"--disable=engine,moon"}, "moon"},
      {{"--model=wom", "--steps=5", "--forum.trust=1.5"}, "forum.trust"},
      {{"--model=wom", "--steps=5", "--fast.start=tomorrow"}, "fast.start"},
      {{"--model=wom", "--steps=5", "--open.start=day:-3"}, "open.start"},
      {{"--model=wom", "--steps=5", "--ads.start=adopters:"}, "ads.start"},
      {{"--model=wom", "--steps=5", "--good-looking.to=2"}, "good-looking.to"},
      {{"--model=wom", "--steps=5", "--adoption.churn=-0.1"}, "adoption.churn"},
      {{"--model=wom", "--steps=5", "--community.barrier=1.01"}, "community.barrier"},
      {{"--model=wom", "--steps=5", "--ads.cost_per_impression=0"}, "ads.cost_per_impression"},
      {{"--model=wom", "--steps=5", "--forum.reach=2000000"}, "forum.reach"},
  };
  for (const Case& c : cases) {
    const std::string message = input_error(c.args);
    EXPECT_NE(message.find(c.key), std::string::npos)
        << ::testing::PrintToString(c.args) << ": " << message;
  }
}

TEST(WordOfMouthOptions, WomWithoutStepsIsRefused) {
  const std::string message = input_error({"--model=wom"});
  EXPECT_NE(message.find("--steps"), std::string::npos) << message;
  RunConfig c;
  parse(c, {"--model=wom", "--steps=1"});
  EXPECT_NO_THROW(c.validate());
}

// A negative day count must not wrap around to 4294967295 days (the options
// are unsigned 32-bit; Boost's lexical_cast accepts "-1" for them).
// A configuration filled in by a program, not read from options, is checked
// by validate() against the same ranges, each naming its own key.
TEST(WordOfMouthOptions, ValidateChecksFieldsSetByAProgram) {
  const auto message = [](auto set) {
    WordOfMouthConfig c;
    set(c);
    try {
      c.validate();
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message([](WordOfMouthConfig&) {}), "accepted");
  EXPECT_EQ(message([](WordOfMouthConfig& c) { c.adoption.churn = 2; }),
            "adoption.churn = 2 is outside [0, 1]");
  EXPECT_EQ(message([](WordOfMouthConfig& c) { c.forum.reach = -1; }),
            "forum.reach = -1 is outside [0, 1048576]");
  EXPECT_EQ(message([](WordOfMouthConfig& c) { c.microblog.trust = 1.5; }),
            "microblog.trust = 1.5 is outside [0, 1]");
  EXPECT_EQ(message([](WordOfMouthConfig& c) { c.ads.days = -3; }),
            "ads.days = -3 is outside [0, 1000000000]");
  EXPECT_EQ(message([](WordOfMouthConfig& c) { c.product.phases[2].to = -0.5; }),
            "open.to = -0.5 is outside [0, 1]");
}

TEST(WordOfMouthOptions, NegativeDayCountsAreRejected) {
  for (const std::string key : {"fast.ramp_days", "ads.days", "microblog.repost_reach"}) {
    RunConfig c;
    try {
      parse(c, {"--model=wom", "--steps=5", "--" + key + "=-1"});
      c.validate();
      ADD_FAILURE() << key << " = -1 accepted: ramp_days " << c.model.product.phases[0].ramp_days
                    << ", ads.days " << c.model.ads.days;
    } catch (const std::exception& e) {
      EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).find("4294967295"), std::string::npos)
          << "the message should show the value given: " << e.what();
    }
  }
}

TEST(WordOfMouthOptions, ResolvedIniReadsBackToTheSameConfiguration) {
  RunConfig first;
  parse(first, {"--model=wom", "--steps=40", "--disable=chain,engine", "--fast.start=adopters:77",
                "--fast.ramp_days=0", "--good-looking.from=0.3", "--open.start=day:9",
                "--forum.community=home", "--forum.reach=3", "--microblog.start=adopters:10",
                "--ads.daily_budget=2.5", "--ads.cost_per_impression=0.1", "--ads.days=4",
                "--adoption.distrust_churn=3.5", "--community.seed_community=home"});
  const std::string ini = first.to_ini();
  static std::atomic<int> counter{0};
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("koubei_wom_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".ini");
  std::ofstream(path) << ini;
  RunConfig second;
  po::options_description options;
  second.add_options(options);
  po::variables_map values;
  store_ini_file(path.string(), options, values);
  po::notify(values);
  std::filesystem::remove(path);
  EXPECT_EQ(second.to_ini(), ini);
  EXPECT_TRUE(second.model.disable_chain);
  EXPECT_TRUE(second.model.disable_engine);
  EXPECT_EQ(second.model.product.phases[0].start.to_string(), "adopters:77");
  EXPECT_EQ(second.model.forum.reach, 3u);
}

}  // namespace
}  // namespace koubei
