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

/// Bytes `sets` RR sets of `mean_size` nodes take with the greedy's index.
double collection_bytes(double sets, double mean_size, NodeId n) {
  return sets * (8.0 * mean_size + 17.0) + 12.0 * n;
}

/// Refuses to grow `collection` to `want` sets if the memory is not there,
/// naming the epsilon that fits (the sets needed grow as 1 / epsilon^2).
void check_room(const RrSets& collection, double want, const char* method, double epsilon,
                std::uint64_t k) {
  const double mean = collection.size() ? static_cast<double>(collection.total_nodes()) /
                                              static_cast<double>(collection.size())
                                        : 1.0;
  const double need = collection_bytes(want, mean, collection.graph().num_nodes());
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

std::uint64_t index_bytes(const RrSets& sets) {
  return sets.total_nodes() * 4 + sets.size() + std::uint64_t{12} * sets.graph().num_nodes();
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
  const double log_terms = log_choose + ell2 * log_n + std::log(std::log2(n));
  const double alpha = std::sqrt(ell2 * log_n + std::log(2.0));
  const double beta = std::sqrt(kGreedyRatio * (log_choose + ell2 * log_n + std::log(2.0)));
  ImmConstants c;
  c.lambda_star = 2 * n * std::pow(kGreedyRatio * alpha + beta, 2) / (epsilon * epsilon);
  // Phase 1's epsilon' bounds how far its estimate may overshoot; any value
  // keeps LB a lower bound with the stated probability. The paper takes
  // sqrt(2) epsilon, which balances the phases when the second reuses the
  // first's sets. With fresh sets the two phases add up: phase 1 draws
  // lambda'(epsilon') / x sets, x the first of n/2, n/4, ... at or below
  // G / (1 + epsilon') for the spread G it finds, so on average 1 / x =
  // (1 + epsilon') / (G ln 2); phase 2 draws lambda* / LB = lambda*
  // (1 + epsilon') / G. So epsilon' is the one (to 0.001) that minimises
  // (1 + epsilon') (lambda'(epsilon') / ln 2 + lambda*).
  auto lambda_prime_of = [&](double e) { return (2 + 2 * e / 3) * log_terms * n / (e * e); };
  double least = INFINITY;
  for (int step = 1; step <= 1000; ++step) {
    const double e = step / 1000.0;
    const double sets = (1 + e) * (lambda_prime_of(e) / std::numbers::ln2 + c.lambda_star);
    if (sets < least) {
      least = sets;
      c.epsilon_prime = e;
    }
  }
  c.lambda_prime = lambda_prime_of(c.epsilon_prime);
  return c;
}

RisSelection select_imm(const InfluenceGraph& graph, std::uint64_t k, double epsilon, double ell,
                        std::span<const char> allowed, std::uint64_t master_seed, unsigned threads) {
  const NodeId n = graph.num_nodes();
  const std::uint64_t candidates = allowed_count(allowed, n);
  if (k >= candidates || n < 2) return take_all(n, allowed);
  const double nd = n;
  const ImmConstants constants = imm_constants(nd, static_cast<double>(candidates),
                                               static_cast<double>(k), epsilon, ell);
  const double lambda_star = constants.lambda_star;
  const double lambda_prime = constants.lambda_prime;
  const double eps2 = constants.epsilon_prime;
  // The selection's sets number lambda* / LB with LB at most n: refuse
  // before the first phase draws anything if even that many cannot fit.
  check_room(RrSets(graph, master_seed, kImmSelectionSets), std::ceil(lambda_star / nd), "imm",
             epsilon, k);

  RisSelection result;
  const auto start = std::chrono::steady_clock::now();
  double greedy_ms = 0;
  auto timed_greedy = [&](const RrSets& sets, std::uint64_t need) {
    const auto t = std::chrono::steady_clock::now();
    Coverage cover = greedy_max_coverage(sets, k, allowed, false, threads, need);
    greedy_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
    return cover;
  };
  // Phase 1: a lower bound on the best spread.
  double lower_bound = 1;
  {
    RrSets sampling(graph, master_seed, kImmSamplingSets);
    for (int i = 1; i <= std::log2(nd) - 1; ++i) {
      const double x = nd / std::pow(2.0, i);
      const double want = std::ceil(lambda_prime / x);
      check_room(sampling, want, "imm", epsilon, k);
      sampling.grow_to(static_cast<std::uint64_t>(want), threads);
      // The greedy gives up once it cannot pass the test.
      const double theta = static_cast<double>(sampling.size());
      const auto need = static_cast<std::uint64_t>(std::floor((1 + eps2) * x * theta / nd));
      const Coverage cover = timed_greedy(sampling, need);
      result.peak_bytes = std::max(result.peak_bytes, sampling.memory_bytes() + index_bytes(sampling));
      if (cover.short_of_need) continue;
      const double spread = nd * static_cast<double>(cover.covered) / theta;
      if (spread >= (1 + eps2) * x) {
        lower_bound = spread / (1 + eps2);
        break;
      }
    }
    result.sets_drawn += sampling.size();
    logger().debug("imm: lower bound {:.1f} from {} RR sets (epsilon' = {})", lower_bound,
                   sampling.size(), eps2);
  }
  // Phase 2: theta fresh sets choose the seeds.
  const double theta = std::ceil(lambda_star / lower_bound);
  RrSets selection(graph, master_seed, kImmSelectionSets);
  check_room(selection, theta, "imm", epsilon, k);
  selection.grow_to(static_cast<std::uint64_t>(theta), threads);
  const Coverage cover = timed_greedy(selection, 0);
  result.peak_bytes = std::max(result.peak_bytes, selection.memory_bytes() + index_bytes(selection));
  result.sets_drawn += selection.size();
  logger().debug("imm: {:.1f} ms in all, {:.1f} ms of it in greedy coverage",
                 std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count(),
                 greedy_ms);
  result.seeds = cover.seeds;
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
    check_room(selection, 2 * theta, "opim-c", epsilon, k);
    selection.grow_to(static_cast<std::uint64_t>(theta), threads);
    check.grow_to(static_cast<std::uint64_t>(theta), threads);
    const Coverage cover = greedy_max_coverage(selection, k, allowed, true, threads);
    result.peak_bytes = std::max(result.peak_bytes, selection.memory_bytes() + check.memory_bytes() +
                                                        index_bytes(selection));
    const double met = static_cast<double>(check.count_covered(cover.seeds, threads));
    const double lower =
        (std::pow(std::max(0.0, std::sqrt(met + 2 * a / 9) - std::sqrt(a / 2)), 2) - a / 18) * nd /
        theta;
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
