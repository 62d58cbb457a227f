// The cascade rules against a second, deliberately plain implementation of
// their definitions (a queue, std::mt19937_64, one Bernoulli trial per arc,
// thresholds summed in double) on real graphs: ca-GrQc (undirected) and
// email-Eu-core (directed). koubei's kernels draw differently (counter-based
// words per arc, runs of dead arcs), so outcomes agree only in distribution:
// each node's adoption frequency over 2000 replicates from fixed seeds, and
// the mean spread, within stated tolerances.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "koubei/graph/edge_list_file.hpp"
#include "koubei/model/simulation.hpp"
#include "koubei/rules/independent_cascade.hpp"
#include "koubei/rules/linear_threshold.hpp"
#include "koubei/trust/trust_model.hpp"

namespace koubei {
namespace {

constexpr std::uint32_t kReplicates = 2000;

Graph real_graph(const std::string& name, bool directed) {
  EdgeFileOptions options;
  options.path = std::string(KOUBEI_DATA_DIR) + "/" + name;
  options.directed = directed;
  return load_edge_list(options);
}

// Every 97th node, 20 in all: a spread of degrees.
std::vector<NodeId> seed_users(const Graph& g) {
  std::vector<NodeId> seeds;
  for (NodeId v = 0; seeds.size() < 20 && v < g.num_nodes(); v += 97) seeds.push_back(v);
  return seeds;
}

// How often each node adopted, and the spread of each replicate.
struct Outcome {
  std::vector<double> adopted;  // per node, a frequency
  std::vector<double> spread;   // per replicate
};

Outcome koubei_outcome(const Graph& g, const Rule& rule, const std::vector<NodeId>& seeds) {
  Outcome out{std::vector<double>(g.num_nodes(), 0), {}};
  Simulation sim(g, rule);
  for (std::uint32_t r = 0; r < kReplicates; ++r) {
    const ReplicateResult result = sim.run({77, r, 0, true}, SeedPlan::fixed(seeds));
    for (const Referral& ref : result.referrals) out.adopted[ref.target] += 1.0 / kReplicates;
    out.spread.push_back(static_cast<double>(result.final_step().counts.adopters));
  }
  return out;
}

// One replicate of a cascade from the seeds, adopters taken in queue order:
// persuaded(v, trust) says whether v, not yet an adopter, adopts through an
// arc from the adopter at hand. The replicate is added to `out`.
template <class Persuaded>
void plain_cascade(const Graph& g, const std::vector<NodeId>& seeds, Persuaded&& persuaded,
                   Outcome& out) {
  std::vector<bool> active(g.num_nodes(), false);
  std::vector<NodeId> queue;
  for (NodeId s : seeds) active[s] = true, queue.push_back(s);
  for (std::size_t i = 0; i < queue.size(); ++i) {
    const auto targets = g.out_neighbors(queue[i]);
    const auto trust = g.out_trust(queue[i]);
    for (std::size_t j = 0; j < targets.size(); ++j) {
      if (!active[targets[j]] && persuaded(targets[j], trust[j])) {
        active[targets[j]] = true;
        queue.push_back(targets[j]);
      }
    }
  }
  for (NodeId v : queue) out.adopted[v] += 1.0 / kReplicates;
  out.spread.push_back(static_cast<double>(queue.size()));
}

// Independent cascade as Kempe, Kleinberg and Tardos define it: each new
// adopter u gets one chance to persuade each out-neighbour v, with
// probability trust(u, v).
Outcome reference_ic(const Graph& g, const std::vector<NodeId>& seeds) {
  Outcome out{std::vector<double>(g.num_nodes(), 0), {}};
  std::mt19937_64 random(12345);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (std::uint32_t r = 0; r < kReplicates; ++r)
    plain_cascade(
        g, seeds, [&](NodeId, float trust) { return uniform(random) < trust; }, out);
  return out;
}

// Linear threshold as Kempe et al. define it: v adopts once the weights of
// its adopting in-neighbours reach a threshold uniform on (0, 1]; weights
// are the trust, scaled down where a node's incoming trust exceeds 1. The
// final set does not depend on the order in which adopters are processed.
Outcome reference_lt(const Graph& g, const std::vector<NodeId>& seeds) {
  std::vector<double> incoming(g.num_nodes(), 0);
  for (NodeId u = 0; u < g.num_nodes(); ++u) {
    const auto targets = g.out_neighbors(u);
    const auto trust = g.out_trust(u);
    for (std::size_t j = 0; j < targets.size(); ++j) incoming[targets[j]] += trust[j];
  }
  Outcome out{std::vector<double>(g.num_nodes(), 0), {}};
  std::mt19937_64 random(54321);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (std::uint32_t r = 0; r < kReplicates; ++r) {
    std::vector<double> threshold(g.num_nodes()), received(g.num_nodes(), 0);
    for (double& t : threshold) t = 1.0 - uniform(random);
    plain_cascade(
        g, seeds,
        [&](NodeId v, float trust) {
          received[v] += trust / std::max(1.0, incoming[v]);
          return received[v] >= threshold[v];
        },
        out);
  }
  return out;
}

double mean(const std::vector<double>& x) {
  double sum = 0;
  for (double v : x) sum += v;
  return sum / static_cast<double>(x.size());
}

double variance(const std::vector<double>& x) {
  const double m = mean(x);
  double sum = 0;
  for (double v : x) sum += (v - m) * (v - m);
  return sum / static_cast<double>(x.size() - 1);
}

// Mean spreads within 4.5 standard errors of their difference; each node's
// frequency within 5.5 standard errors (a few thousand nodes are compared,
// so a bound this wide fails by chance about once in ten million nodes),
// with a floor of 2/R for nodes almost never reached.
void expect_same_law(const Outcome& a, const Outcome& b, const std::string& what) {
  const double se = std::sqrt(variance(a.spread) / kReplicates + variance(b.spread) / kReplicates);
  EXPECT_NEAR(mean(a.spread), mean(b.spread), 4.5 * se) << what;
  EXPECT_GT(mean(a.spread), 20.5) << what << ": the cascade should go beyond its seeds";
  std::size_t worst = 0;
  double worst_z = 0;
  for (std::size_t v = 0; v < a.adopted.size(); ++v) {
    const double p = (a.adopted[v] + b.adopted[v]) / 2;
    const double bound = 5.5 * std::sqrt(2 * p * (1 - p) / kReplicates) + 2.0 / kReplicates;
    const double z = std::abs(a.adopted[v] - b.adopted[v]) / bound;
    if (z > worst_z) worst_z = z, worst = v;
  }
  EXPECT_LE(worst_z, 1.0) << what << ": node " << worst << " adopted with frequency "
                          << a.adopted[worst] << " against " << b.adopted[worst];
}

struct Case {
  const char* rule;  // "ic" or "lt"
  const char* file;
  bool directed;
  const char* trust;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.rule << " on " << c.file << ", trust " << c.trust;
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name = std::string(info.param.rule) + "_" + info.param.file + "_" + info.param.trust;
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

class CrossCheck : public ::testing::TestWithParam<Case> {};

TEST_P(CrossCheck, MatchesAPlainImplementation) {
  const Case c = GetParam();
  Graph g = real_graph(c.file, c.directed);
  TrustModel::parse(c.trust).apply(g, 3);
  const std::vector<NodeId> seeds = seed_users(g);
  const std::string what = std::string(c.rule) + " on " + c.file + ", trust " + c.trust;
  if (std::string(c.rule) == "ic") {
    IndependentCascade ic(g);
    expect_same_law(koubei_outcome(g, ic, seeds), reference_ic(g, seeds), what);
  } else {
    LinearThreshold lt(g);
    expect_same_law(koubei_outcome(g, lt, seeds), reference_lt(g, seeds), what);
  }
}

// ic with const:P takes the runs of dead arcs, with wc and uniform the
// per-arc words; lt with const:0.3 scales most nodes' incoming weights.
INSTANTIATE_TEST_SUITE_P(RealGraphs, CrossCheck,
                         ::testing::Values(Case{"ic", "ca-GrQc.txt.gz", false, "const:0.1"},
                                           Case{"ic", "ca-GrQc.txt.gz", false, "wc"},
                                           Case{"ic", "email-Eu-core.txt.gz", true, "const:0.02"},
                                           Case{"ic", "email-Eu-core.txt.gz", true, "uniform:0:0.1"},
                                           Case{"ic", "email-Eu-core.txt.gz", true, "wc"},
                                           Case{"lt", "ca-GrQc.txt.gz", false, "wc"},
                                           Case{"lt", "ca-GrQc.txt.gz", false, "const:0.3"},
                                           Case{"lt", "email-Eu-core.txt.gz", true, "wc"}),
                         case_name);

}  // namespace
}  // namespace koubei
