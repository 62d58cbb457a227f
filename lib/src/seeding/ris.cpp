#include "koubei/seeding/ris.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numbers>

#include "koubei/core/error.hpp"
#include "koubei/core/log.hpp"
#include "koubei/core/memory.hpp"
#include "koubei/seeding/max_coverage.hpp"
#include "koubei/seeding/rr_sets.hpp"

namespace koubei {
namespace {

constexpr double kGreedyRatio = 1.0 - 1.0 / std::numbers::e;

std::uint64_t allowed_count(std::span<const char> allowed, NodeId n) {
  if (allowed.empty()) return n;
  return static_cast<std::uint64_t>(std::count(allowed.begin(), allowed.end(), char{1}));
}

/// Bytes `sets` RR sets of `mean_size` nodes take with the greedy's index
/// and counts on `threads` threads (max_coverage.cpp: 24 bytes per node a
/// part, 5 for the whole).
double collection_bytes(double sets, double mean_size, NodeId n, unsigned threads) {
  return sets * (8.0 * mean_size + 17.0) + (5.0 + 24.0 * std::max(threads, 1u)) * n;
}

/// Refuses to grow `collection` to `want` sets if the memory is not there,
/// naming the epsilon that fits (the sets needed grow as 1 / epsilon^2).
void check_room(const RrSets& collection, double want, const char* method, double epsilon,
                std::uint64_t k, unsigned threads) {
  const double mean = collection.size() ? static_cast<double>(collection.total_nodes()) /
                                              static_cast<double>(collection.size())
                                        : 1.0;
  const double need = collection_bytes(want, mean, collection.graph().num_nodes(), threads);
  const double have = static_cast<double>(collection.memory_bytes());
  const double available = static_cast<double>(available_memory_bytes());
  if (need - have <= available) return;
  const double fits = epsilon * std::sqrt(need / (available + have)) * 1.05;
  throw InputError(fmt::format(
      "{}:k={},epsilon={} needs about {:.0f} RR sets of {:.1f} nodes on average, {} with their "
      "index, but {} are available: epsilon = {:.3g} or more fits",
      method, k, epsilon, want, mean, format_bytes(static_cast<std::uint64_t>(need)),
      format_bytes(static_cast<std::uint64_t>(available)), fits));
}

/// Every allowed node, in id order: the answer when k takes them all.
RisSelection take_all(NodeId n, std::span<const char> allowed) {
  RisSelection all;
  for (NodeId v = 0; v < n; ++v)
    if (allowed.empty() || allowed[v]) all.seeds.push_back(v);
  all.ratio = 1;
  all.failure_probability = 0;
  return all;
}

}  // namespace

double log_binomial(double n, double k) {
  if (k <= 0 || k >= n) return 0;
  return std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1);
}

ImmConstants imm_constants(double n, double candidates, double k, double epsilon, double ell) {
  const double log_n = std::log(n);
  const double ell2 = ell * (1 + std::log(2.0) / log_n);
  const double log_choose = log_binomial(candidates, k);
  const double alpha = std::sqrt(ell2 * log_n + std::log(2.0));
  const double beta = std::sqrt(kGreedyRatio * (log_choose + ell2 * log_n + std::log(2.0)));
  ImmConstants c;
  c.lambda_star = 2 * n * std::pow(kGreedyRatio * alpha + beta, 2) / (epsilon * epsilon);
  // The selection fails with probability at most n^-ell2; what is left of
  // 1/n^ell is the lower bound's.
  c.bound_failure = std::pow(n, -ell) - std::pow(n, -ell2);
  return c;
}

namespace {

/// A lower bound on the spread of seeds chosen without `theta` sets, of
/// which they meet `met`, that fails with probability at most e^-a
/// (OPIM-C's martingale bound: Tang et al., SIGMOD 2018, Lemma 4.2).
double spread_lower_bound(double met, double theta, double a, double n) {
  const double root = std::max(0.0, std::sqrt(met + 2 * a / 9) - std::sqrt(a / 2));
  return (root * root - a / 18) * n / theta;
}

}  // namespace

RisSelection select_imm(const InfluenceGraph& graph, std::uint64_t k, double epsilon, double ell,
                        std::span<const char> allowed, std::uint64_t master_seed, unsigned threads) {
  const NodeId n = graph.num_nodes();
  const std::uint64_t candidates = allowed_count(allowed, n);
  if (k >= candidates || n < 2) return take_all(n, allowed);
  const double nd = n;
  const double kd = static_cast<double>(k);
  const ImmConstants constants = imm_constants(nd, static_cast<double>(candidates), kd, epsilon, ell);
  const double lambda_star = constants.lambda_star;
  // The selection's sets number lambda* / LB with LB at most n: refuse
  // before the first phase draws anything if even that many cannot fit.
  check_room(RrSets(graph, master_seed, kImmSelectionSets), std::ceil(lambda_star / nd), "imm",
             epsilon, k, threads);

  RisSelection result;
  const auto start = std::chrono::steady_clock::now();
  double greedy_ms = 0;
  auto timed_greedy = [&](const RrSets& sets) {
    const auto t = std::chrono::steady_clock::now();
    Coverage cover = greedy_max_coverage(sets, k, allowed, false, threads);
    greedy_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
    return cover;
  };
  // Phase 1: a lower bound LB on the best spread. Greedy coverage on one
  // collection picks k seeds, a second collection bounds their spread from
  // below, and the best spread is at least theirs (and at least k). Both
  // double, from 1024 sets, while the sets a tighter bound would save the
  // second phase (at the hit rate seen so far) outnumber the sets the
  // doubling draws. At most kRounds rounds share the failure probability.
  constexpr int kRounds = 32;
  const double a = std::log(kRounds / constants.bound_failure);
  double lower_bound = kd;
  {
    RrSets pick(graph, master_seed, kImmSamplingSets);
    RrSets check(graph, master_seed, kImmCheckSets);
    double theta = 1024;
    for (int round = 1;; ++round) {
      check_room(pick, 2 * theta, "imm", epsilon, k, threads);
      pick.grow_to(static_cast<std::uint64_t>(theta), threads);
      check.grow_to(static_cast<std::uint64_t>(theta), threads);
      const Coverage cover = timed_greedy(pick);
      result.peak_bytes = std::max(result.peak_bytes,
                                   pick.memory_bytes() + check.memory_bytes() + cover.memory_bytes);
      const double met = static_cast<double>(check.count_covered(cover.seeds, threads));
      lower_bound = std::max(lower_bound, spread_lower_bound(met, theta, a, nd));
      const double doubled = std::max(kd, spread_lower_bound(2 * met, 2 * theta, a, nd));
      logger().trace("imm: {:.0f} + {:.0f} RR sets: the greedy's seeds meet {:.0f} of the second's "
                     "(spread about {:.1f}), lower bound {:.1f}",
                     theta, theta, met, nd * met / theta, lower_bound);
      if (round == kRounds || lambda_star / lower_bound - lambda_star / doubled <= 2 * theta) break;
      theta *= 2;
    }
    result.sets_drawn += pick.size() + check.size();
    logger().debug("imm: lower bound {:.1f} from {} + {} RR sets", lower_bound, pick.size(),
                   check.size());
  }
  // Phase 2: theta fresh sets choose the seeds.
  const double theta = std::ceil(lambda_star / lower_bound);
  RrSets selection(graph, master_seed, kImmSelectionSets);
  check_room(selection, theta, "imm", epsilon, k, threads);
  selection.grow_to(static_cast<std::uint64_t>(theta), threads);
  const Coverage cover = timed_greedy(selection);
  result.peak_bytes = std::max(result.peak_bytes, selection.memory_bytes() + cover.memory_bytes);
  result.sets_drawn += selection.size();
  logger().debug("imm: {:.1f} ms in all, {:.1f} ms of it in greedy coverage",
                 std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count(),
                 greedy_ms);
  result.seeds = cover.seeds;
  result.lower_bound = lower_bound;
  result.ratio = kGreedyRatio - epsilon;
  result.failure_probability = std::pow(nd, -ell);
  result.coverage_spread = nd * static_cast<double>(cover.covered) / theta;
  logger().info("imm: {} RR sets ({} nodes, {}), lower bound {:.1f}", selection.size(),
               selection.total_nodes(), format_bytes(selection.memory_bytes()), lower_bound);
  return result;
}

RisSelection select_opim_c(const InfluenceGraph& graph, std::uint64_t k, double epsilon,
                           double ell, std::span<const char> allowed, std::uint64_t master_seed,
                           unsigned threads) {
  const NodeId n = graph.num_nodes();
  const std::uint64_t candidates = allowed_count(allowed, n);
  if (k >= candidates || n < 2) return take_all(n, allowed);
  const double nd = n;
  const double delta = std::pow(nd, -ell);
  const double log_choose = log_binomial(static_cast<double>(candidates), static_cast<double>(k));
  const double kd = static_cast<double>(k);
  const double theta_max =
      2 * nd *
      std::pow(kGreedyRatio * std::sqrt(std::log(6 / delta)) +
                   std::sqrt(kGreedyRatio * (log_choose + std::log(6 / delta))),
               2) /
      (epsilon * epsilon * kd);
  const double theta_zero = std::max(1.0, std::ceil(theta_max * epsilon * epsilon * kd / nd));
  const double rounds = std::max(1.0, std::ceil(std::log2(theta_max / theta_zero)) + 1);
  const double a = std::log(3 * rounds / delta);

  RrSets selection(graph, master_seed, kOpimSelectionSets);
  RrSets check(graph, master_seed, kOpimCheckSets);
  RisSelection result;
  for (double theta = theta_zero;; theta *= 2) {
    theta = std::min(theta, std::ceil(theta_max));
    check_room(selection, 2 * theta, "opim-c", epsilon, k, threads);
    selection.grow_to(static_cast<std::uint64_t>(theta), threads);
    check.grow_to(static_cast<std::uint64_t>(theta), threads);
    const Coverage cover = greedy_max_coverage(selection, k, allowed, true, threads);
    result.peak_bytes = std::max(result.peak_bytes, selection.memory_bytes() + check.memory_bytes() +
                                                        cover.memory_bytes);
    const double met = static_cast<double>(check.count_covered(cover.seeds, threads));
    const double lower = spread_lower_bound(met, theta, a, nd);
    const double upper =
        std::pow(std::sqrt(cover.upper_bound + a / 2) + std::sqrt(a / 2), 2) * nd / theta;
    const double ratio = upper > 0 ? std::min(1.0, std::max(0.0, lower / upper)) : 1.0;
    logger().debug("opim-c: {:.0f} RR sets per collection, certified ratio {:.4f}", theta, ratio);
    const bool enough = theta >= theta_max;
    if (ratio >= kGreedyRatio - epsilon || enough) {
      result.seeds = cover.seeds;
      result.ratio = enough ? std::max(ratio, kGreedyRatio - epsilon) : ratio;
      result.failure_probability = delta;
      result.coverage_spread = nd * static_cast<double>(cover.covered) / theta;
      result.sets_drawn = selection.size() + check.size();
      logger().info("opim-c: {} + {} RR sets ({}), certified ratio {:.4f}", selection.size(),
                   check.size(), format_bytes(selection.memory_bytes() + check.memory_bytes()),
                   result.ratio);
      return result;
    }
  }
}

}  // namespace koubei
