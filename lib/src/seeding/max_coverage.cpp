#include "koubei/seeding/max_coverage.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <optional>
#include <queue>
#include <thread>

#include "koubei/core/interrupt.hpp"
#include "koubei/core/parallel.hpp"

namespace koubei {
namespace {

/// A range of the sets, with what greedy keeps of it: how many of its sets
/// not met yet hold each node and, for the indexed nodes, which of its sets
/// hold them. A pick touches only each part's own arrays, so the parts take
/// a pick's sets off their counts at once, on threads of their own, without
/// a lock; a node's count is the sum of the parts'.
struct Part {
  std::uint64_t begin = 0, end = 0;
  std::vector<std::uint32_t> first_count;  // before any pick
  std::vector<std::uint32_t> count;
  std::vector<std::uint64_t> start;    // n + 1: where each node's sets start in `holding`
  std::vector<std::uint32_t> holding;  // set numbers, in order for each node
  std::vector<char> met;               // one per set of the part

  void count_sets(const RrSets& sets, NodeId n) {
    first_count.assign(n, 0);
    std::uint32_t* mine = first_count.data();
    sets.for_each_set(begin, end, [&](std::uint64_t, std::span<const NodeId> set) {
      for (NodeId v : set) ++mine[v];
    });
  }

  /// Files the part's sets under the nodes flagged in `indexed`. Nodes
  /// left out write to a slot past the end, so that filing an entry takes
  /// no branch (whether a node is indexed is a coin toss to the branch
  /// predictor).
  void index(const RrSets& sets, const std::vector<char>& indexed) {
    const std::size_t n = indexed.size();
    start.assign(n + 1, 0);
    for (std::size_t v = 0; v < n; ++v)
      start[v + 1] = start[v] + (indexed[v] ? first_count[v] : 0);
    const std::uint64_t total = start[n];
    holding.assign(total + 1, 0);
    std::vector<std::uint64_t> at(n);
    for (std::size_t v = 0; v < n; ++v) at[v] = indexed[v] ? start[v] : total;
    std::uint64_t* cursor = at.data();
    std::uint32_t* into = holding.data();
    const char* step = indexed.data();
    sets.for_each_set(begin, end, [&](std::uint64_t i, std::span<const NodeId> set) {
      for (NodeId v : set) {
        into[cursor[v]] = static_cast<std::uint32_t>(i);
        cursor[v] += static_cast<std::uint64_t>(step[v]);
      }
    });
    holding.resize(total);
    count = first_count;
    met.assign(end - begin, 0);
  }

  /// The pick v meets the part's sets that hold it: each one not met before
  /// comes off the counts of its nodes. The sets are far apart in memory:
  /// it asks for where the sets 16 places ahead start, and for the nodes of
  /// those 8 ahead (whose start is then at hand).
  void meet(const RrSets& sets, NodeId v) {
    const std::uint32_t* list = holding.data() + start[v];
    const std::uint64_t size = start[v + 1] - start[v];
    char* met_here = met.data();
    std::uint32_t* left = count.data();
    for (std::uint64_t j = 0; j < size; ++j) {
      if (j + 16 < size) {
        const std::uint32_t later = list[j + 16];
        sets.prefetch_start(later);
        __builtin_prefetch(met_here + (later - begin));
      }
      if (j + 8 < size) sets.prefetch(list[j + 8]);
      const std::uint32_t s = list[j];
      if (met_here[s - begin]) continue;
      met_here[s - begin] = 1;
      for (NodeId u : sets.set(s)) --left[u];
    }
  }

  std::uint64_t memory_bytes() const {
    return (first_count.capacity() + count.capacity() + holding.capacity()) * 4 +
           start.capacity() * 8 + met.capacity();
  }
};

/// Runs work(p, v) for every part p at each pick v: part 0 on the calling
/// thread, each other on a thread that stays for all the picks. Picks come
/// tens of microseconds apart, less than starting a thread takes and less
/// than waking one, so a thread waits for the next one spinning for up to a
/// millisecond, then asleep (when the cores are busy with other work,
/// spinning on would keep from its core the very thread it waits for).
template <class Work>
class PickTeam {
 public:
  PickTeam(unsigned parts, Work& work)
      : work_(work),
        parts_(parts),
        helpers_(1, parts - 1, [this](unsigned p) { serve(p); }) {}
  PickTeam(const PickTeam&) = delete;
  PickTeam& operator=(const PickTeam&) = delete;
  ~PickTeam() {
    stop_.store(true, std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);
    generation_.notify_all();
  }

  void run(NodeId v) {
    node_ = v;
    done_.store(0, std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);
    generation_.notify_all();
    work_(0u, v);
    Spin spin;
    for (unsigned done; (done = done_.load(std::memory_order_acquire)) != parts_ - 1;)
      if (!spin.again()) done_.wait(done, std::memory_order_acquire);
  }

 private:
  /// Says whether to spin on: for about a millisecond from the first call.
  class Spin {
   public:
    bool again() {
      if (++spins_ % 64 == 0) {
        const auto now = std::chrono::steady_clock::now();
        if (spins_ == 64) since_ = now;
        if (now - since_ > std::chrono::milliseconds(1)) return false;
      }
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
      return true;
    }

   private:
    std::uint64_t spins_ = 0;
    std::chrono::steady_clock::time_point since_;
  };

  void serve(unsigned p) {
    std::uint32_t seen = 0;
    for (;;) {
      Spin spin;
      while (generation_.load(std::memory_order_acquire) == seen)
        if (!spin.again()) generation_.wait(seen, std::memory_order_acquire);
      ++seen;
      if (stop_.load(std::memory_order_relaxed)) return;
      work_(p, node_);
      done_.fetch_add(1, std::memory_order_release);
      done_.notify_one();
    }
  }

  Work& work_;
  unsigned parts_;
  NodeId node_ = 0;
  std::atomic<std::uint32_t> generation_{0};
  std::atomic<unsigned> done_{0};
  std::atomic<bool> stop_{false};
  WorkerThreads helpers_;  // last: started once the rest is ready, joined first
};

/// Parts of at least this many sets: below, a thread costs more than it saves.
constexpr std::uint64_t kMinSetsPerPart = 16384;

}  // namespace

Coverage greedy_max_coverage(const RrSets& sets, std::uint64_t k, std::span<const char> allowed,
                             bool bound, unsigned threads) {
  const NodeId n = sets.graph().num_nodes();
  auto is_allowed = [&](NodeId v) { return allowed.empty() || allowed[v] != 0; };
  const auto parts = static_cast<unsigned>(
      std::clamp<std::uint64_t>(sets.size() / kMinSetsPerPart, 1, std::max(threads, 1u)));
  std::vector<Part> part(parts);
  for (unsigned p = 0; p < parts; ++p) {
    part[p].begin = part_begin(sets.size(), parts, p);
    part[p].end = part_begin(sets.size(), parts, p + 1);
  }
  run_parts(parts, [&](unsigned p) { part[p].count_sets(sets, n); });
  std::vector<std::uint32_t> first_count(n, 0);
  for (const Part& mine : part)
    for (NodeId v = 0; v < n; ++v) first_count[v] += mine.first_count[v];
  throw_if_interrupted();
  auto count_of = [&](NodeId v) {
    std::uint32_t c = 0;
    for (const Part& mine : part) c += mine.count[v];
    return c;
  };

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

  using Entry = std::pair<std::uint32_t, NodeId>;  // (count, node)
  auto lower = [](const Entry& a, const Entry& b) {  // larger count first, then the smaller id
    return a.first < b.first || (a.first == b.first && a.second > b.second);
  };
  auto meet = [&](unsigned p, NodeId v) { part[p].meet(sets, v); };
  for (;;) {
    std::vector<char> indexed(n, 0);
    for (NodeId v = 0; v < n; ++v) indexed[v] = is_allowed(v) && first_count[v] >= cut;
    run_parts(parts, [&](unsigned p) { part[p].index(sets, indexed); });
    throw_if_interrupted();
    std::vector<Entry> entries;
    for (NodeId v = 0; v < n; ++v)
      if (indexed[v]) entries.emplace_back(first_count[v], v);
    std::priority_queue<Entry, std::vector<Entry>, decltype(lower)> heap(lower, std::move(entries));
    // The best node left out, as of now: its count only falls, so it is
    // found again only when a pick does not beat it.
    auto best_left_out = [&]() -> std::optional<Entry> {
      std::optional<Entry> best;
      for (NodeId v = 0; v < n; ++v)
        if (is_allowed(v) && !indexed[v] && (!best || lower(*best, Entry{count_of(v), v})))
          best = Entry{count_of(v), v};
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
        if (const std::uint32_t now = count_of(e.second); e.first != now) {
          heap.emplace(now, e.second);
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
    std::optional<PickTeam<decltype(meet)>> team;
    if (parts > 1) team.emplace(parts, meet);
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
      if (const std::uint32_t now = count_of(top.second); top.first != now) {
        heap.emplace(now, top.second);  // stale: its count fell since
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
      result.covered += top.first;
      if (team)
        team->run(v);
      else
        meet(0, v);
    }
    team.reset();
    for (const Part& mine : part) result.memory_bytes += mine.memory_bytes();
    if (!whole) {
      keep *= 4;
      cut = cut_keeping(keep);
      continue;
    }
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
