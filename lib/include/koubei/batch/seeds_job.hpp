#pragma once
// `koubei seeds` and `koubei estimate` as library calls: build the graph
// with its trust, choose the seeds (seeding/select_seeds.hpp) or read them,
// and estimate their spread; the command line only parses and prints.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "koubei/graph/graph.hpp"
#include "koubei/graph/graph_spec.hpp"
#include "koubei/seeding/seeding_spec.hpp"
#include "koubei/seeding/seeds_file.hpp"
#include "koubei/seeding/select_seeds.hpp"
#include "koubei/seeding/spread_estimate.hpp"
#include "koubei/trust/trust_model.hpp"

namespace koubei {

struct SeedsJob {
  GraphSpec graph;
  TrustModel trust;
  InfluenceRule rule = InfluenceRule::kIc;  // when the seeding names none
  SeedingSpec seeding;
  std::uint64_t rng_seed = 20100816;
  unsigned threads = 1;
  std::uint64_t estimate_runs = 1000;  // Monte Carlo runs for the header's estimate; 0: none
};

struct SeedsReport {
  std::shared_ptr<const Graph> graph;
  SeedSelection selection;
  std::optional<SpreadEstimate> estimate;  // Monte Carlo
  SeedsFileHeader header;
  std::string file_text;  // the seeds file
};

/// Throws InputError for bad input or memory that is not there.
SeedsReport choose_seeds(const SeedsJob& job);
/// What `koubei seeds` prints.
std::string seeds_summary(const SeedsReport& report);

struct EstimateJob {
  GraphSpec graph;
  TrustModel trust;
  std::optional<InfluenceRule> rule;  // unset: the file header's, else ic
  std::string seeds_file;
  std::uint64_t reps = 10000;
  /// Fresh RR sets for the second estimate; unset: 100,000 when the file's
  /// method used RR sets (imm, opim-c), else none.
  std::optional<std::uint64_t> rr_sets;
  std::uint64_t rng_seed = 20100816;
  unsigned threads = 1;
};

struct EstimateReport {
  InfluenceRule rule = InfluenceRule::kIc;
  std::uint64_t seeds = 0;
  std::string method;  // from the file's header, "" without one
  SpreadEstimate monte_carlo;
  std::optional<SpreadEstimate> rr;
  /// |MC - RR| <= 5 sqrt(se_MC^2 + se_RR^2) (true without an RR estimate).
  bool agree = true;
};

EstimateReport estimate_seeds(const EstimateJob& job);
std::string estimate_summary(const EstimateReport& report);

}  // namespace koubei
