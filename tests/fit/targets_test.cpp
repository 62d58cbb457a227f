// Targets files, free parameters and the scenario keys they name: what is
// read, what is refused (with file and line), and what a target measures on
// a replicate whose numbers are known.

#include "koubei/fit/targets.hpp"

#include <gtest/gtest.h>

#include <string>

#include "koubei/batch/run_config.hpp"
#include "koubei/core/error.hpp"
#include "koubei/fit/free_parameter.hpp"

namespace koubei {
namespace {

std::string error_of(std::string_view text, double scale = 1, std::uint64_t steps = 365) {
  try {
    parse_targets(text, "t.csv", scale, steps);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Targets, ReadsEveryKindWithWeightsTolerancesAndScale) {
  const auto targets = parse_targets(
      "# what happened\n"
      "kind,column,window,observed,weight,tolerance\n"
      "timeseries,adopters,step=365,500000,2,\n"
      "summary,t_50pct,,180,,10\n"
      "share,forum,adopters=0:500000,0.6,,\n"
      "share,microblog,steps=100:200,0.25,0.5,\n",
      "t.csv", 0.1, 365);
  ASSERT_EQ(targets.size(), 4u);
  EXPECT_EQ(targets[0].kind, Target::Kind::kTimeseries);
  EXPECT_EQ(targets[0].step, 365u);
  EXPECT_DOUBLE_EQ(targets[0].observed, 50000);  // a count: scaled
  EXPECT_EQ(targets[0].weight, 2);
  EXPECT_EQ(targets[0].name(), "adopters@365");
  EXPECT_EQ(targets[1].kind, Target::Kind::kSummary);
  EXPECT_DOUBLE_EQ(targets[1].observed, 180);  // a time: not scaled
  EXPECT_DOUBLE_EQ(*targets[1].tolerance, 10);
  EXPECT_TRUE(targets[2].by_adopters);
  EXPECT_DOUBLE_EQ(targets[2].to, 50000);  // an adopter window: scaled
  EXPECT_DOUBLE_EQ(targets[2].observed, 0.6);
  EXPECT_FALSE(targets[3].by_adopters);
  EXPECT_DOUBLE_EQ(targets[3].from, 100);  // a step window: not scaled
  EXPECT_EQ(targets[3].line, 6u);
  // Terms of the loss: relative squared error, or over the tolerance.
  EXPECT_DOUBLE_EQ(targets[0].loss(55000), 2 * 0.1 * 0.1);
  EXPECT_DOUBLE_EQ(targets[1].loss(200), 4);
}

TEST(Targets, EveryBadFieldNamesFileAndLine) {
  const std::string header = "kind,column,window,observed\n";
  EXPECT_EQ(error_of(header + "series,adopters,step=1,5\n").rfind("t.csv:2: unknown kind 'series'", 0), 0u);
  EXPECT_EQ(error_of(header + "timeseries,adoptors,step=1,5\n").rfind("t.csv:2: unknown time-series column 'adoptors'", 0), 0u);
  EXPECT_EQ(error_of(header + "timeseries,adopters,step=400,5\n").rfind("t.csv:2: window 'step=400' is past", 0), 0u);
  EXPECT_EQ(error_of(header + "timeseries,adopters,day=4,5\n").rfind("t.csv:2: a timeseries target needs", 0), 0u);
  EXPECT_EQ(error_of(header + "summary,t_51pct,,5\n").rfind("t.csv:2: unknown summary column", 0), 0u);
  EXPECT_EQ(error_of(header + "share,tv,steps=1:2,0.5\n").rfind("t.csv:2: unknown channel 'tv'", 0), 0u);
  EXPECT_EQ(error_of(header + "share,forum,steps=5:2,0.5\n").rfind("t.csv:2: window 'steps=5:2': A must be below B or equal", 0), 0u);
  EXPECT_EQ(error_of(header + "share,forum,adopters=5:5,0.5\n").rfind("t.csv:2: window 'adopters=5:5': A must be below B", 0), 0u);
  EXPECT_EQ(error_of(header + "share,forum,steps=1:2,1.5\n").rfind("t.csv:2: a share is in [0, 1]", 0), 0u);
  EXPECT_EQ(error_of(header + "timeseries,adopters,step=1,0\n").rfind("t.csv:2: observed 0 with no tolerance", 0), 0u);
  EXPECT_EQ(error_of(header + "timeseries,adopters,step=1,x\n").rfind("t.csv:2: observed 'x' is not a number", 0), 0u);
  EXPECT_EQ(error_of(header + "timeseries,adopters,step=1,nan\n").rfind("t.csv:2: observed 'nan' is not a number", 0), 0u);
  EXPECT_EQ(error_of("kind,column,window,observed,weight\n\ntimeseries,adopters,step=1,5,-1\n")
                .rfind("t.csv:3: weight = -1 is outside", 0),
            0u);
  EXPECT_EQ(error_of("kind,colour,observed\n").rfind("t.csv:1: unknown column 'colour'", 0), 0u);
  EXPECT_EQ(error_of("kind,kind,observed\n").rfind("t.csv:1: column 'kind' twice", 0), 0u);
  EXPECT_EQ(error_of("kind,window,observed\n").rfind("t.csv:1: the header has no column 'column'", 0), 0u);
  EXPECT_EQ(error_of(header + "\"timeseries,adopters\n").rfind("t.csv:2: a quote is not closed", 0), 0u);
  EXPECT_EQ(error_of(header + "timeseries,adopters,step=1,5,1,2,3\n").rfind("t.csv:2: 7 fields where", 0), 0u);
  EXPECT_EQ(error_of(header), "t.csv: no targets after the header");
  EXPECT_EQ(error_of("# nothing\n"), "t.csv: no header row (kind,column,window,observed,...)");
  // Without a step limit no step is past the end.
  EXPECT_EQ(error_of(header + "timeseries,adopters,step=400,5\n", 1, 0), "");
}

ReplicateRecord three_steps() {
  // Step 0: 10 seeds; step 1: 30 adoptions (20 forum, 10 referral); step 2:
  // 60 (15 forum, 45 microblog), then the replicate ended.
  ReplicateRecord r;
  r.steps.resize(3);
  for (std::uint32_t t = 0; t < 3; ++t) r.steps[t].step = t;
  r.steps[0].transitions.new_adopters = 10;
  r.steps[0].channels.adoptions = {10, 0, 0, 0, 0};
  r.steps[1].transitions.new_adopters = 30;
  r.steps[1].channels.adoptions = {0, 10, 20, 0, 0};
  r.steps[2].transitions.new_adopters = 60;
  r.steps[2].channels.adoptions = {0, 0, 15, 45, 0};
  for (std::uint32_t t = 0; t < 3; ++t) r.steps[t].counts.adopters = t == 0 ? 10 : t == 1 ? 40 : 100;
  r.summary.steps = 2;
  r.summary.final_counts.adopters = 100;
  r.summary.t_50pct = 2;
  r.summary.total_cost = 50;
  return r;
}

TEST(Targets, MeasureTimeSeriesSummariesAndSharesExactly) {
  const ReplicateRecord r = three_steps();
  const auto t = parse_targets(
      "kind,column,window,observed\n"
      "timeseries,adopters,step=1,1\n"
      "timeseries,adopters,step=9,1\n"
      "timeseries,new_adopters,step=9,1\n"
      "timeseries,new_adopters_forum,step=2,1\n"
      "summary,final_adopters,,1\n"
      "summary,cost_per_retained,,1\n"
      "share,forum,steps=1:2,0.5\n"
      "share,seed,steps=0:0,0.5\n"
      "share,forum,adopters=25:70,0.5\n"
      "share,microblog,adopters=1000:2000,0.5\n",
      "t.csv", 1, 0);
  EXPECT_EQ(t[0].measure(r), 40);
  EXPECT_EQ(t[1].measure(r), 100);  // after the end: the final count
  EXPECT_EQ(t[2].measure(r), 0);    // and no new adoptions
  EXPECT_EQ(t[3].measure(r), 15);
  EXPECT_EQ(t[4].measure(r), 100);
  EXPECT_EQ(t[5].measure(r), 0.5);
  EXPECT_DOUBLE_EQ(t[6].measure(r), 35.0 / 90);
  EXPECT_EQ(t[7].measure(r), 1);
  // Adoptions 26..70: 15 of step 1's (numbers 26..40, two thirds forum)
  // and 30 of step 2's (41..70, a quarter forum).
  EXPECT_DOUBLE_EQ(t[8].measure(r), (15 * 20.0 / 30 + 30 * 15.0 / 60) / 45);
  EXPECT_EQ(t[9].measure(r), 0);  // never reached: no adoptions in the window
}

TEST(FreeParameters, ParseRangesAndMapTheUnitIntervalOntoThem) {
  const FreeParameter p = FreeParameter::parse("rule.p=0.001:0.1");
  EXPECT_EQ(p.key, "rule.p");
  EXPECT_FALSE(p.log);
  EXPECT_DOUBLE_EQ(p.at(0.5), 0.0505);
  const FreeParameter q = FreeParameter::parse(" forum.post_rate = log:0.01:1 ");
  EXPECT_EQ(q.key, "forum.post_rate");
  EXPECT_TRUE(q.log);
  EXPECT_NEAR(q.at(0.5), 0.1, 1e-15);
  for (double u : {0.0, 0.3, 0.77, 1.0}) EXPECT_NEAR(q.place(q.at(u)), u, 1e-12);
  EXPECT_EQ(q.at(0), 0.01);
  EXPECT_EQ(q.at(1), 1);
  for (const char* bad : {"rule.p", "=0:1", "rule.p=1:0", "rule.p=0.5:0.5", "rule.p=log:0:1",
                          "rule.p=a:b", "rule.p=0:inf", "rule.p=0"})
    EXPECT_THROW(FreeParameter::parse(bad), InputError) << bad;
  EXPECT_EQ(FreeParameter::text(0.1), "0.1");
  EXPECT_EQ(std::stod(FreeParameter::text(1.0 / 3)), 1.0 / 3);  // round trips
}

TEST(ScenarioKeys, SpecFieldsAreKeysForWithAndValueOf) {
  RunConfig base;
  base.rule = RuleSpec("bass:p=0.01,q=0.3,scope=global");
  base.trust = TrustModel("const:0.05");
  const RunConfig a = base.with({{"rule.p", "0.02"}, {"rule.q", "0.4"}, {"trust.p", "0.2"}}, "test");
  EXPECT_EQ(a.rule.to_string(), RuleSpec("bass:p=0.02,q=0.4,scope=global").to_string());
  EXPECT_EQ(a.trust.to_string(), "const:0.2");
  EXPECT_EQ(*a.value_of("rule.q"), "0.4");
  EXPECT_EQ(*a.value_of("trust.p"), "0.2");
  // A field the spec does not have yet is added; a whole spec given first
  // is edited by the fields after it.
  const RunConfig b = base.with({{"rule", "bass:p=0.01,q=0.2"}, {"rule.scope", "global"}}, "test");
  EXPECT_EQ(b.rule.to_string(), RuleSpec("bass:p=0.01,q=0.2,scope=global").to_string());
  const RunConfig c = base.with({{"trust", "uniform:0.1:0.3"}, {"trust.b", "0.5"}}, "test");
  EXPECT_EQ(c.trust.to_string(), "uniform:0.1:0.5");
  EXPECT_EQ(*base.value_of("adoption.conversion"), "0.2");
  EXPECT_EQ(*base.value_of("steps"), "0");
  EXPECT_FALSE(base.value_of("adoption.nothing"));
  EXPECT_FALSE(base.value_of("rule.zz"));
  EXPECT_THROW(base.with({{"rule.zz", "1"}}, "test"), InputError);
  EXPECT_THROW(base.with({{"trust.q", "1"}}, "test"), InputError);
  EXPECT_THROW(base.with({{"rule.p", "2"}}, "test"), InputError);
}

TEST(FreeParameters, MustBeNumericKeysOfTheScenarioOnce) {
  RunConfig base;
  base.rule = RuleSpec("bass:p=0.01,q=0.3,scope=global");
  auto error = [&](std::vector<FreeParameter> free) -> std::string {
    try {
      check_free_parameters(base, free);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_EQ(error({FreeParameter::parse("rule.p=0.001:0.1")}), "");
  EXPECT_EQ(error({FreeParameter::parse("rule=0:1")}), "free parameter 'rule' is not numeric (it is 'bass:p=0.01,q=0.3,scope=global')");
  EXPECT_EQ(error({FreeParameter::parse("adoption.nothing=0:1")}),
            "free parameter 'adoption.nothing' is not a key of the scenario");
  EXPECT_EQ(error({FreeParameter::parse("rule.p=0:0.1"), FreeParameter::parse("rule.p=0:0.2")}),
            "free parameter 'rule.p' given twice");
  EXPECT_NE(error({FreeParameter::parse("rule.q=0.5:1")}).find("exceeds 1"), std::string::npos);
  EXPECT_EQ(error({}), "fit: no free parameter (--free KEY=LO:HI)");
}

}  // namespace
}  // namespace koubei
