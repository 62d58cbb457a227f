#include "koubei/seeding/max_coverage.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <queue>

#include "koubei/core/interrupt.hpp"
#include "koubei/core/parallel.hpp"

namespace koubei {
namespace {

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
  for (std::size_t v = 0; v < n; ++v) {
    std::uint64_t at = 0;
    if (indexed[v])
      for (unsigned p = 0; p < parts; ++p) at += part_count[p][v];
    index.start[v + 1] = index.start[v] + at;
  }
  // Where each thread writes its next entry of each node. Nodes left out
  // write to a slot of the thread's own past the end, so that filing an
  // entry takes no branch (whether a node is indexed is a coin toss to the
  // branch predictor).
  const std::uint64_t total = index.start[n];
  index.holding.resize(total + parts);
  std::vector<std::vector<std::uint64_t>> cursor(parts, std::vector<std::uint64_t>(n));
  for (unsigned p = 0; p < parts; ++p)
    for (std::size_t v = 0; v < n; ++v) {
      if (!indexed[v]) {
        cursor[p][v] = total + p;
      } else {
        cursor[p][v] = p == 0 ? index.start[v] : cursor[p - 1][v] + part_count[p - 1][v];
      }
    }
  run_parts(parts, [&](unsigned p) {
    std::uint64_t* at = cursor[p].data();
    std::uint32_t* holding = index.holding.data();
    const char* step = indexed.data();
    sets.for_each_set(part_begin(sets.size(), parts, p), part_begin(sets.size(), parts, p + 1),
                      [&](std::uint64_t i, std::span<const NodeId> set) {
                        for (NodeId v : set) {
                          holding[at[v]] = static_cast<std::uint32_t>(i);
                          at[v] += static_cast<std::uint64_t>(step[v]);
                        }
                      });
  });
  index.holding.resize(total);
  return index;
}

}  // namespace

Coverage greedy_max_coverage(const RrSets& sets, std::uint64_t k, std::span<const char> allowed,
                             bool bound, unsigned threads, std::uint64_t need) {
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
  // starts with the allowed nodes of the largest counts (8k of them, at
  // least 1024), and takes four times as many and starts again if a pick
  // ever fails that test: the picks are those of the whole index either
  // way. (Fewer save little: filing the entries costs about as much as
  // reading the sets, and a pick from outside the top 4k, which happens,
  // costs a second start.)
  std::vector<std::uint32_t> ranked;
  for (NodeId v = 0; v < n; ++v)
    if (is_allowed(v)) ranked.push_back(first_count[v]);
  std::size_t keep = std::max<std::uint64_t>(8 * k, 1024);
  auto cut_keeping = [&](std::size_t nodes) -> std::uint32_t {  // indexed: counts >= cut
    if (nodes == 0 || nodes >= ranked.size()) return 0;
    std::nth_element(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(nodes - 1),
                     ranked.end(), std::greater<>());
    return ranked[nodes - 1];
  };
  std::uint32_t cut = cut_keeping(keep);
  if (need > 0) {  // no k nodes meet more sets than their counts add up to
    const std::size_t take = std::min<std::size_t>(k, ranked.size());
    std::nth_element(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(take),
                     ranked.end(), std::greater<>());
    std::uint64_t most = 0;
    for (std::size_t i = 0; i < take; ++i) most += ranked[i];
    if (most < need) {
      Coverage short_of;
      short_of.short_of_need = true;
      return short_of;
    }
  }

  using Entry = std::pair<std::uint32_t, NodeId>;  // (count, node)
  auto lower = [](const Entry& a, const Entry& b) {  // larger count first, then the smaller id
    return a.first < b.first || (a.first == b.first && a.second > b.second);
  };
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
    // The k largest counts now, from the heap: pop until k are current
    // (refreshing stale entries, as picking does), then put them back.
    // Nodes left out count at most left_out's count, which stands in for
    // any of the k that fall below it. Costs k heap operations, not a pass
    // over every node.
    std::vector<Entry> top;
    auto top_k_sum = [&] {
      top.clear();
      while (top.size() < k && !heap.empty()) {
        const Entry e = heap.top();
        heap.pop();
        if (e.first != count[e.second]) {
          heap.emplace(count[e.second], e.second);
          continue;
        }
        top.push_back(e);
      }
      std::uint64_t sum = 0;
      for (std::size_t i = 0; i < k; ++i) {
        const std::uint32_t mine = i < top.size() ? top[i].first : 0;
        sum += left_out ? std::max(mine, left_out->first) : mine;
      }
      for (const Entry& e : top) heap.push(e);
      return sum;
    };

    Coverage result;
    std::vector<char> met(sets.size(), 0);
    double best_bound = INFINITY;
    // The bound costs k heap operations: after every pick for k up to 64,
    // after about 64 picks spread out for more (any subset is a valid bound).
    const std::uint64_t bound_every = std::max<std::uint64_t>(1, k / 64);
    bool whole = true;
    while (result.seeds.size() < k && !heap.empty()) {
      if (bound && result.seeds.size() % bound_every == 0)
        best_bound = std::min(
            best_bound, static_cast<double>(result.covered + top_k_sum()));
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
      if (need > 0 && result.covered + (k - result.seeds.size()) * top.first < need) {
        result.short_of_need = true;
        break;
      }
      const NodeId v = top.second;
      result.seeds.push_back(v);
      result.covered += count[v];
      // The sets are far apart in memory: ask for where the sets 16 places
      // ahead start, and for the nodes of those 8 ahead (whose start is
      // then at hand).
      const std::uint64_t end = index.start[v + 1];
      for (std::uint64_t j = index.start[v]; j < end; ++j) {
        if (j + 16 < end) {
          const std::uint32_t later = index.holding[j + 16];
          sets.prefetch_start(later);
          __builtin_prefetch(&met[later]);
        }
        if (j + 8 < end) sets.prefetch(index.holding[j + 8]);
        const std::uint32_t s = index.holding[j];
        if (met[s]) continue;
        met[s] = 1;
        for (NodeId u : sets.set(s)) --count[u];
      }
    }
    if (!whole) {
      keep *= 4;
      cut = cut_keeping(keep);
      continue;
    }
    if (result.short_of_need) return result;
    // With nodes left out the heap holds at least 8k nodes, so it never
    // runs dry before k picks.
    if (bound) {
      best_bound = std::min(
          best_bound, static_cast<double>(result.covered + top_k_sum()));
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
