#include "koubei/seeding/max_coverage.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
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

/// Which sets hold each indexed node: offsets into one array of set numbers.
struct SetIndex {
  std::vector<std::uint64_t> start;  // n + 1
  std::vector<std::uint32_t> holding;
};

/// Each thread files a range of sets; thread t's entries of node v follow
/// those of threads before it, so every list is in set order on any number
/// of threads. Only nodes flagged in `indexed` get lists.
SetIndex build_index(const RrSets& sets, const std::vector<std::vector<std::uint32_t>>& part_count,
                     const std::vector<char>& indexed) {
  const auto parts = static_cast<unsigned>(part_count.size());
  const std::size_t n = indexed.size();
  SetIndex index;
  index.start.assign(n + 1, 0);
  std::vector<std::vector<std::uint32_t>> offset(parts, std::vector<std::uint32_t>(n, 0));
  for (std::size_t v = 0; v < n; ++v) {
    std::uint64_t at = 0;
    if (indexed[v]) {
      for (unsigned p = 0; p < parts; ++p) {
        offset[p][v] = static_cast<std::uint32_t>(at);
        at += part_count[p][v];
      }
    }
    index.start[v + 1] = index.start[v] + at;
  }
  index.holding.resize(index.start[n]);
  run_parts(parts, [&](unsigned p) {
    std::vector<std::uint32_t>& next = offset[p];
    sets.for_each_set(part_begin(sets.size(), parts, p), part_begin(sets.size(), parts, p + 1),
                      [&](std::uint64_t i, std::span<const NodeId> set) {
                        for (NodeId v : set)
                          if (indexed[v])
                            index.holding[index.start[v] + next[v]++] = static_cast<std::uint32_t>(i);
                      });
  });
  return index;
}

}  // namespace

Coverage greedy_max_coverage(const RrSets& sets, std::uint64_t k, std::span<const char> allowed,
                             bool bound, unsigned threads) {
  const NodeId n = sets.graph().num_nodes();
  auto is_allowed = [&](NodeId v) { return allowed.empty() || allowed[v] != 0; };
  // How many sets hold each node, counted by each thread over a range of sets.
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
  std::vector<std::uint32_t> first_count(n, 0);
  for (const std::vector<std::uint32_t>& mine : part_count)
    for (NodeId v = 0; v < n; ++v) first_count[v] += mine[v];
  throw_if_interrupted();

  // Only nodes that can still be picked need the list of sets holding them,
  // and most cannot: a node left out is never the pick while the pick's
  // count beats every count left out (counts only fall). So the index
  // starts with the allowed nodes of the largest counts (at least 8k of
  // them), and is made whole if a pick ever fails that test: the picks are
  // those of the whole index either way.
  std::vector<std::uint32_t> ranked;
  for (NodeId v = 0; v < n; ++v)
    if (is_allowed(v)) ranked.push_back(first_count[v]);
  const std::size_t keep = std::min<std::size_t>(ranked.size(), std::max<std::uint64_t>(8 * k, 1024));
  std::uint32_t cut = 0;  // indexed: allowed nodes with a count >= cut
  if (keep > 0 && keep < ranked.size()) {
    std::nth_element(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep - 1),
                     ranked.end(), std::greater<>());
    cut = ranked[keep - 1];
  }

  using Entry = std::pair<std::uint32_t, NodeId>;  // (count, node)
  auto lower = [](const Entry& a, const Entry& b) {  // larger count first, then the smaller id
    return a.first < b.first || (a.first == b.first && a.second > b.second);
  };
  std::vector<std::uint32_t> scratch;
  for (;;) {
    std::vector<char> indexed(n, 0);
    for (NodeId v = 0; v < n; ++v) indexed[v] = is_allowed(v) && first_count[v] >= cut;
    const SetIndex index = build_index(sets, part_count, indexed);
    throw_if_interrupted();
    std::vector<std::uint32_t> count = first_count;
    std::vector<Entry> entries;
    for (NodeId v = 0; v < n; ++v)
      if (indexed[v]) entries.emplace_back(count[v], v);
    std::priority_queue<Entry, std::vector<Entry>, decltype(lower)> heap(lower, std::move(entries));
    // The best node left out, as of now: its count only falls, so it is
    // found again only when a pick does not beat it.
    auto best_left_out = [&]() -> std::optional<Entry> {
      std::optional<Entry> best;
      for (NodeId v = 0; v < n; ++v)
        if (is_allowed(v) && !indexed[v] && (!best || lower(*best, Entry{count[v], v})))
          best = Entry{count[v], v};
      return best;
    };
    std::optional<Entry> left_out = cut > 0 ? best_left_out() : std::nullopt;

    Coverage result;
    std::vector<char> met(sets.size(), 0);
    double best_bound = INFINITY;
    // The bound costs a pass over the counts: every pick on small inputs,
    // about 32 picks spread out on large ones (any subset is a valid bound).
    const std::uint64_t bound_every =
        std::uint64_t{n} * (k + 1) <= 100'000'000 ? 1 : std::max<std::uint64_t>(1, k / 32);
    bool whole = true;
    while (result.seeds.size() < k && !heap.empty()) {
      if (bound && result.seeds.size() % bound_every == 0)
        best_bound = std::min(
            best_bound, static_cast<double>(result.covered + top_k_sum(count, allowed, k, scratch)));
      Entry top = heap.top();
      heap.pop();
      if (top.first != count[top.second]) {  // stale: its count fell since
        heap.emplace(count[top.second], top.second);
        continue;
      }
      if (left_out && !lower(*left_out, top)) {
        left_out = best_left_out();  // counts fell since it was found
        if (left_out && !lower(*left_out, top)) {
          whole = false;  // a node left out would be the pick
          break;
        }
      }
      const NodeId v = top.second;
      result.seeds.push_back(v);
      result.covered += count[v];
      // The sets are far apart in memory: ask for those a few places ahead.
      constexpr std::uint64_t kAhead = 8;
      const std::uint64_t end = index.start[v + 1];
      for (std::uint64_t j = index.start[v]; j < end; ++j) {
        if (j + kAhead < end) sets.prefetch(index.holding[j + kAhead]);
        const std::uint32_t s = index.holding[j];
        if (met[s]) continue;
        met[s] = 1;
        for (NodeId u : sets.set(s)) --count[u];
      }
    }
    if (!whole) {
      cut = 0;
      continue;
    }
    // With nodes left out the heap holds at least 8k nodes, so it never
    // runs dry before k picks.
    if (bound) {
      best_bound = std::min(
          best_bound, static_cast<double>(result.covered + top_k_sum(count, allowed, k, scratch)));
      if (k > 0) {
        const double greedy_share =
            1.0 - std::pow(1.0 - 1.0 / static_cast<double>(k), static_cast<double>(k));
        best_bound = std::min(best_bound, static_cast<double>(result.covered) / greedy_share);
      }
      result.upper_bound = best_bound;
    }
    return result;
  }
}

}  // namespace koubei
