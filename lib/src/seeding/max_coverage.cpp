#include "koubei/seeding/max_coverage.hpp"

#include <algorithm>
#include <cmath>
#include <queue>

#include "koubei/core/interrupt.hpp"
#include "koubei/core/parallel.hpp"

namespace koubei {
namespace {

/// Sum of the k largest counts of allowed nodes.
std::uint64_t top_k_sum(const std::vector<std::uint32_t>& count, std::span<const char> allowed,
                        std::uint64_t k, std::vector<std::uint32_t>& scratch) {
  scratch.clear();
  for (std::size_t v = 0; v < count.size(); ++v)
    if (count[v] > 0 && (allowed.empty() || allowed[v])) scratch.push_back(count[v]);
  const std::size_t take = std::min<std::size_t>(k, scratch.size());
  std::nth_element(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(take),
                   scratch.end(), std::greater<>());
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < take; ++i) sum += scratch[i];
  return sum;
}

}  // namespace

Coverage greedy_max_coverage(const RrSets& sets, std::uint64_t k, std::span<const char> allowed,
                             bool bound, unsigned threads) {
  const NodeId n = sets.graph().num_nodes();
  // Which sets hold each node: counts, then offsets, then the set numbers.
  // Each thread counts, then files, a range of sets; thread t's entries of
  // node v follow those of threads before it, so the lists are in set order
  // on any number of threads.
  const unsigned parts = static_cast<unsigned>(
      std::clamp<std::uint64_t>(sets.size() / 65536, 1, std::max(threads, 1u)));
  std::vector<std::vector<std::uint32_t>> part_count(parts, std::vector<std::uint32_t>(n, 0));
  run_parts(parts, [&](unsigned p) {
    std::vector<std::uint32_t>& mine = part_count[p];
    sets.for_each_set(part_begin(sets.size(), parts, p), part_begin(sets.size(), parts, p + 1),
                      [&](std::uint64_t, std::span<const NodeId> set) {
                        for (NodeId v : set) ++mine[v];
                      });
  });
  std::vector<std::uint32_t> count(n, 0);
  std::vector<std::uint64_t> start(std::size_t{n} + 1, 0);
  for (NodeId v = 0; v < n; ++v) {
    std::uint64_t at = start[v];
    for (unsigned p = 0; p < parts; ++p) {
      const std::uint32_t c = part_count[p][v];
      part_count[p][v] = static_cast<std::uint32_t>(at - start[v]);  // this part's offset in v's list
      at += c;
    }
    count[v] = static_cast<std::uint32_t>(at - start[v]);
    start[v + 1] = at;
  }
  std::vector<std::uint32_t> holding(start[n]);
  run_parts(parts, [&](unsigned p) {
    std::vector<std::uint32_t>& offset = part_count[p];
    sets.for_each_set(part_begin(sets.size(), parts, p), part_begin(sets.size(), parts, p + 1),
                      [&](std::uint64_t i, std::span<const NodeId> set) {
                        for (NodeId v : set) holding[start[v] + offset[v]++] = static_cast<std::uint32_t>(i);
                      });
  });
  part_count.clear();
  throw_if_interrupted();

  // A max-heap of (count, node): larger count first, then the smaller id.
  using Entry = std::pair<std::uint32_t, NodeId>;
  auto lower = [](const Entry& a, const Entry& b) {
    return a.first < b.first || (a.first == b.first && a.second > b.second);
  };
  std::vector<Entry> entries;
  for (NodeId v = 0; v < n; ++v)
    if (allowed.empty() || allowed[v]) entries.emplace_back(count[v], v);
  std::priority_queue<Entry, std::vector<Entry>, decltype(lower)> heap(lower, std::move(entries));

  Coverage result;
  std::vector<char> met(sets.size(), 0);
  std::vector<std::uint32_t> scratch;
  double best_bound = INFINITY;
  // The bound costs a pass over the counts: every pick on small inputs,
  // about 32 picks spread out on large ones (any subset is a valid bound).
  const std::uint64_t bound_every =
      std::uint64_t{n} * (k + 1) <= 100'000'000 ? 1 : std::max<std::uint64_t>(1, k / 32);
  while (result.seeds.size() < k && !heap.empty()) {
    if (bound && result.seeds.size() % bound_every == 0)
      best_bound = std::min(best_bound,
                            static_cast<double>(result.covered + top_k_sum(count, allowed, k, scratch)));
    Entry top = heap.top();
    heap.pop();
    if (top.first != count[top.second]) {  // stale: its count fell since
      heap.emplace(count[top.second], top.second);
      continue;
    }
    const NodeId v = top.second;
    result.seeds.push_back(v);
    result.covered += count[v];
    // The sets are far apart in memory: ask for those a few places ahead.
    constexpr std::uint64_t kAhead = 8;
    for (std::uint64_t j = start[v]; j < start[v + 1]; ++j) {
      if (j + kAhead < start[v + 1]) sets.prefetch(holding[j + kAhead]);
      const std::uint32_t s = holding[j];
      if (met[s]) continue;
      met[s] = 1;
      for (NodeId u : sets.set(s)) --count[u];
    }
  }
  if (bound) {
    best_bound = std::min(best_bound,
                          static_cast<double>(result.covered + top_k_sum(count, allowed, k, scratch)));
    if (k > 0) {
      const double greedy_share = 1.0 - std::pow(1.0 - 1.0 / static_cast<double>(k), static_cast<double>(k));
      best_bound = std::min(best_bound, static_cast<double>(result.covered) / greedy_share);
    }
    result.upper_bound = best_bound;
  }
  return result;
}

}  // namespace koubei
