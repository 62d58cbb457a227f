#pragma once
// Everything that defines a `koubei run`, as one plain struct that registers
// its own options (command line and INI keys share the names). The defaults
// are the built-in scenario: 100 seed users on a Barabási–Albert graph of
// 100,000 users, independent cascade.

#include <boost/program_options/options_description.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "koubei/graph/graph_spec.hpp"
#include "koubei/model/word_of_mouth_config.hpp"
#include "koubei/rules/rule.hpp"
#include "koubei/seeding/seeding_spec.hpp"
#include "koubei/trust/trust_model.hpp"

namespace koubei {

struct RunConfig {
  GraphSpec graph;    // ba:n=100000,m=5
  TrustModel trust;   // const:0.05
  RuleSpec rule;      // ic
  /// 100 users drawn at random per replicate (`seeds = 100`), or a method
  /// that chooses one set for every replicate (`seeds = imm:k=100`).
  SeedingSpec seeds;
  std::string seeds_file;  // original ids, one per line; replaces `seeds`
  std::int64_t steps = 0;  // 0: until nothing changes
  std::int64_t reps = 10;
  std::string replicates;             // "A:B": replicates A..B inclusive; replaces `reps`
  std::uint64_t rng_seed = 20100816;  // MIUI's first release, 16 August 2010
  int threads = 0;                    // 0: all cores
  std::string out = "koubei-out";
  bool trace = false;  // write referrals.csv, the referral forest
  /// Runs the scenario at a reduced size: a generated graph's n, the seeds,
  /// adopter milestones and the ad budget are multiplied by `scale`.
  double scale = 1.0;
  /// Arms compared in one run, each "NAME: key=value; key=value" applied on
  /// top of this configuration; rows carry the arm's number in `run`.
  std::vector<std::string> arms;
  WordOfMouthConfig model;  // model = wom and its sections

  /// Adds --graph, --trust, ... bound to this struct's fields.
  void add_options(boost::program_options::options_description& options);

  /// Checks values without building anything (the specs were checked when
  /// they were read); throws InputError naming the option. Counts are signed so that a negative value is an
  /// error rather than a huge number.
  void validate() const;

  /// First and last replicate (inclusive) from `replicates` or `reps`.
  std::uint32_t first_replicate() const;
  std::uint32_t last_replicate() const;
  /// `threads`, or the number of cores when 0.
  unsigned thread_count() const;

  /// A copy with some keys set as if given on the command line, validated;
  /// errors are prefixed with `where` (an arm, a sweep point). A key may
  /// also name one numeric field of a spec: `rule.p`, `rule.q`,
  /// `graph.n`, `seeds.epsilon` (its key=value parameters), and `trust.p`
  /// (const:P), `trust.a`, `trust.b` (uniform:A:B), `trust.lo`, `trust.hi`
  /// (tie:LO:HI); the spec is rewritten with that field set, or added.
  RunConfig with(const std::vector<std::pair<std::string, std::string>>& settings,
                 std::string_view where) const;

  /// The value of a key (as config.ini writes it) or of a spec's field
  /// (`rule.q`); nothing if the scenario has no such key or field.
  std::optional<std::string> value_of(std::string_view key) const;

  /// One configuration per arm (this one alone when there are no arms), with
  /// its name ("" without arms). Throws InputError naming a bad arm.
  std::vector<std::pair<std::string, RunConfig>> expand_arms() const;

  /// This configuration with `scale` applied (and scale 1).
  RunConfig scaled() const;

  /// The rule seed selection assumes when the seeding names none: the
  /// scenario's rule if it is ic or lt, else ic.
  InfluenceRule influence_rule() const;

  /// The resolved configuration as INI text, every key, for config.ini.
  std::string to_ini() const;
};

}  // namespace koubei
