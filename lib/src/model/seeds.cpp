#include "koubei/model/seeds.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <unordered_map>

#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"
#include "koubei/core/log.hpp"
#include "koubei/core/spec.hpp"
#include "koubei/random/stream.hpp"

namespace koubei {

SeedPlan SeedPlan::random(std::uint64_t count) {
  SeedPlan plan;
  plan.count_ = count;
  return plan;
}

SeedPlan SeedPlan::random_among(std::uint64_t count, std::vector<NodeId> candidates) {
  SeedPlan plan;
  plan.count_ = count;
  plan.candidates_ = std::move(candidates);
  return plan;
}

SeedPlan SeedPlan::fixed(std::vector<NodeId> nodes) {
  SeedPlan plan;
  plan.fixed_ = true;
  // Keep the first occurrence of each node, in file order.
  std::vector<NodeId> sorted = nodes;
  std::sort(sorted.begin(), sorted.end());
  std::vector<bool> taken(sorted.size(), false);
  for (NodeId v : nodes) {
    auto i = static_cast<std::size_t>(std::lower_bound(sorted.begin(), sorted.end(), v) -
                                      sorted.begin());
    if (!taken[i]) {
      taken[i] = true;
      plan.nodes_.push_back(v);
    }
  }
  return plan;
}

void SeedPlan::check(const Graph& graph) const {
  if (!fixed_ && !candidates_.empty() && count_ > candidates_.size()) {
    throw InputError(fmt::format("--seeds {} is more than the {} users of the seed community",
                                 count_, candidates_.size()));
  }
  if (!fixed_ && count_ > graph.num_nodes()) {
    throw InputError(
        fmt::format("--seeds {} is more than the graph's {} nodes", count_, graph.num_nodes()));
  }
}

void SeedPlan::place(Population& population, std::uint64_t master_seed,
                     std::uint32_t replicate) const {
  if (fixed_) {
    for (NodeId v : nodes_) population.adopt(v);
    return;
  }
  // Draws a batch of as many users as are still missing, asks for their
  // states (a cache miss each, now overlapped), then adopts them in order.
  // Each draw adds at most one seed, so a batch never overshoots: the stream
  // is read exactly as far as drawing one user at a time would read it.
  constexpr std::uint64_t kBatch = 32;
  RandomStream stream(master_seed, replicate, Purpose::kSeeds);
  const AgentState* states = population.states().data();
  NodeId drawn[kBatch];
  std::uint64_t placed = 0;
  while (placed < count_) {
    const std::uint64_t want = std::min(count_ - placed, kBatch);
    for (std::uint64_t i = 0; i < want; ++i) {
      drawn[i] = candidates_.empty() ? static_cast<NodeId>(stream.below(population.size()))
                                     : candidates_[stream.below(candidates_.size())];
      __builtin_prefetch(states + drawn[i]);
    }
    for (std::uint64_t i = 0; i < want; ++i)
      if (population.adopt(drawn[i])) ++placed;
  }
}

std::vector<NodeId> read_seed_file(const std::string& path, const Graph& graph) {
  std::ifstream in(path);
  if (!in) {
    throw_if_interrupted();  // an open() of a FIFO that a signal cut short
    throw InputError(fmt::format("cannot open seeds file '{}': {}", path, std::strerror(errno)));
  }
  std::vector<NodeId> nodes;
  std::unordered_map<NodeId, std::uint64_t> first_line;  // node -> line it was first listed on
  std::string line;
  for (std::uint64_t number = 1; std::getline(in, line); ++number) {
    if (number == 1) remove_bom(line);
    std::string_view text = line;
    while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t'))
      text.remove_suffix(1);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    if (text.empty() || text.front() == '#' || text.front() == '%') continue;
    auto id = parse_uint64(text);
    if (!id) {
      throw InputError(
          fmt::format("{}:{}: malformed seed '{}': expected a node id", path, number, text));
    }
    auto node = graph.find_node(*id);
    if (!node) {
      throw InputError(fmt::format("{}:{}: seed {} is not a node of the graph", path, number, *id));
    }
    if (auto [at, fresh] = first_line.emplace(*node, number); !fresh) {
      logger().warn("{}:{}: seed {} is listed again (first on line {}); it counts once", path,
                    number, *id, at->second);
      continue;
    }
    nodes.push_back(*node);
  }
  if (in.bad()) throw InputError(fmt::format("cannot read seeds file '{}'", path));
  if (nodes.empty()) throw InputError(fmt::format("seeds file '{}' holds no node ids", path));
  return nodes;
}

}  // namespace koubei
