#include "koubei/batch/scenario.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"
#include "koubei/core/log.hpp"
#include "koubei/core/memory.hpp"
#include "koubei/graph/communities_file.hpp"
#include "koubei/graph/graph_spec.hpp"
#include "koubei/seeding/select_seeds.hpp"
#include "koubei/trust/trust_model.hpp"

namespace koubei {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// The seed community's users (empty: everyone).
std::vector<NodeId> seed_candidates(const RunConfig& config, const Graph& graph) {
  const std::string& where = config.model.community.seed_community;
  if (where == "any") return {};
  if (!graph.has_communities())
    throw InputError(
        fmt::format("community.seed_community = {}: the graph has no communities", where));
  const std::string& name = where == "home" ? config.model.community.home : where;
  std::uint32_t community = 0;  // home defaults to the first community
  if (!name.empty()) {
    auto found = graph.find_community(name);
    if (!found)
      throw InputError(
          fmt::format("community.seed_community = {}: no community named '{}'", where, name));
    community = *found;
  }
  std::vector<NodeId> candidates;
  for (NodeId v = 0; v < graph.num_nodes(); ++v)
    if (graph.community(v) == community) candidates.push_back(v);
  return candidates;
}

/// The seeds a method chooses for this scenario, from the cache if there.
std::vector<NodeId> chosen_seeds(const RunConfig& config, const Graph& graph,
                                 const WordOfMouth* model, std::vector<NodeId> candidates,
                                 const std::string& graph_key, GraphCache* cache) {
  const InfluenceRule rule = config.seeds.rule().value_or(config.influence_rule());
  const double cross = model ? model->first_day_cross_factor() : 1.0;
  const std::string key =
      fmt::format("{}|{}|{}|{}|{}|{}", graph_key, influence_rule_name(rule),
                  config.seeds.to_string(), cross, config.model.community.seed_community,
                  config.model.community.home);
  if (cache != nullptr)
    if (auto found = cache->find_seeds(key)) return *found;
  std::vector<NodeId> seeds;
  logger().info("choosing seeds {} for {} on the first day's trust (across communities x {:.4g})",
               config.seeds.to_string(), influence_rule_name(rule), cross);
  if (cross == 1.0) {
    seeds = select_seeds(graph, rule, config.seeds, config.rng_seed, config.thread_count(),
                         candidates)
                .seeds;
  } else {  // the trust of day 0: arcs across communities carry the barrier
    require_memory(graph.trust_bytes(), "the first day's trust for seed selection");
    Graph first_day = graph;
    const auto rows = first_day.row_starts();
    const auto targets = first_day.targets();
    std::span<float> trust = first_day.mutable_trust();
    for (NodeId u = 0; u < first_day.num_nodes(); ++u)
      for (ArcId a = rows[u]; a < rows[u + 1]; ++a)
        if (first_day.community(u) != first_day.community(targets[a]))
          trust[a] = static_cast<float>(trust[a] * cross);
    seeds = select_seeds(first_day, rule, config.seeds, config.rng_seed, config.thread_count(),
                         candidates)
                .seeds;
  }
  if (cache != nullptr) cache->add_seeds(key, std::make_shared<const std::vector<NodeId>>(seeds));
  return seeds;
}

SeedPlan seed_plan(const RunConfig& config, const Graph& graph, const WordOfMouth* model,
                   const std::string& graph_key, GraphCache* cache) {
  if (!config.seeds_file.empty()) return SeedPlan::fixed(read_seed_file(config.seeds_file, graph));
  std::vector<NodeId> candidates = seed_candidates(config, graph);
  if (!config.seeds.per_replicate())
    return SeedPlan::fixed(
        chosen_seeds(config, graph, model, std::move(candidates), graph_key, cache));
  const std::uint64_t count = config.seeds.k();
  if (config.model.community.seed_community == "any") return SeedPlan::random(count);
  return SeedPlan::random_among(count, std::move(candidates));
}

}  // namespace

std::string GraphCache::base_key(const RunConfig& config) {
  return fmt::format("{}|{}|{}", config.graph.to_string(), config.rng_seed,
                     config.model.community.file);
}

void GraphCache::drop(const std::string& base_key) {
  std::erase_if(bases_, [&](const auto& entry) { return entry.first == base_key; });
  const std::string prefix = base_key + "|";
  std::erase_if(trusted_, [&](const auto& entry) { return entry.first.starts_with(prefix); });
  std::erase_if(seeds_, [&](const auto& entry) { return entry.first.starts_with(prefix); });
  if (latest_key_.starts_with(prefix)) latest_.reset(), latest_key_.clear();
}

std::shared_ptr<const std::vector<NodeId>> GraphCache::find_seeds(const std::string& key) const {
  for (const auto& [k, seeds] : seeds_)
    if (k == key) return seeds;
  return nullptr;
}

void GraphCache::add_seeds(const std::string& key, std::shared_ptr<const std::vector<NodeId>> seeds) {
  seeds_.emplace_back(key, std::move(seeds));
}

std::shared_ptr<const Graph> GraphCache::find_base(const std::string& key) const {
  for (const auto& [k, graph] : bases_)
    if (k == key) return graph;
  return nullptr;
}

void GraphCache::add_base(const std::string& key, std::shared_ptr<const Graph> graph) {
  bases_.emplace_back(key, std::move(graph));
}

std::shared_ptr<Graph> GraphCache::find_trusted(const std::string& key) {
  for (const auto& [k, graph] : trusted_) {
    if (k != key) continue;
    if (auto found = graph.lock()) {
      latest_key_ = key;
      return latest_ = found;
    }
  }
  return nullptr;
}

void GraphCache::add_trusted(const std::string& key, const std::shared_ptr<Graph>& graph) {
  std::erase_if(trusted_, [&](const auto& entry) { return entry.second.expired(); });
  trusted_.emplace_back(key, graph);
  latest_ = graph;
  latest_key_ = key;
}

Scenario Scenario::prepare(const RunConfig& config, GraphCache* cache) {
  config.validate();
  const bool chain_off = config.model.enabled && config.model.disable_chain;
  const TrustModel trust =
      chain_off ? TrustModel::constant(config.model.chain_off_trust) : config.trust;
  const std::string base_key = GraphCache::base_key(config);
  const std::string key = fmt::format("{}|{}", base_key, trust.to_string());
  Scenario scenario;
  auto start = Clock::now();
  if (cache != nullptr) scenario.graph = cache->find_trusted(key);
  if (!scenario.graph) {
    std::shared_ptr<const Graph> base = cache ? cache->find_base(base_key) : nullptr;
    if (base) {
      scenario.graph = std::make_shared<Graph>(*base);  // shares the arcs
    } else {
      scenario.graph =
          std::make_shared<Graph>(config.graph.make(config.rng_seed, config.thread_count()));
      if (!config.model.community.file.empty())
        load_communities(*scenario.graph, config.model.community.file);
      const Graph& built = *scenario.graph;
      logger().info("graph {}: {} nodes, {} arcs, {} in memory ({:.1f} bytes per arc), {:.0f} ms",
                   config.graph.to_string(), built.num_nodes(), built.num_arcs(),
                   format_bytes(built.memory_bytes()),
                   built.num_arcs() ? double(built.memory_bytes()) / double(built.num_arcs()) : 0.0,
                   ms_since(start));
      if (cache != nullptr) {
        // Kept for later trust models; its own trust array is the file's
        // weights (or 1), which some trust models read.
        require_memory(built.trust_bytes(), "a copy of the graph's trust for another trust model");
        cache->add_base(base_key, std::make_shared<const Graph>(built));
      }
    }
    start = Clock::now();
    throw_if_interrupted();
    trust.apply(*scenario.graph, config.rng_seed);
    logger().debug("trust {} applied in {:.1f} ms", trust.to_string(), ms_since(start));
    if (cache != nullptr) cache->add_trusted(key, scenario.graph);
  }
  const Graph& graph = *scenario.graph;
  throw_if_interrupted();
  start = Clock::now();
  scenario.rule = config.rule.make(graph);
  logger().debug("rule {} ready in {:.1f} ms", config.rule.to_string(), ms_since(start));
  if (config.steps == 0) {
    if (const std::string why = scenario.rule->why_step_limit(); !why.empty())
      throw InputError(fmt::format("rule '{}' {}: set a step limit with --steps",
                                   scenario.rule->spec(), why));
  }
  if (config.model.enabled) {
    scenario.model = std::make_unique<WordOfMouth>(graph, config.model, config.rng_seed);
    if (const std::string sides = config.model.disabled_sides(); !sides.empty())
      logger().info("word-of-mouth model with {} switched off", sides);
  }
  scenario.seeds = seed_plan(config, graph, scenario.model.get(), key, cache);
  scenario.seeds.check(graph);
  return scenario;
}

std::shared_ptr<const PreparedPoint> share_point(std::shared_ptr<const Scenario> scenario,
                                                 std::uint32_t point, const RunConfig& config,
                                                 bool trace) {
  auto prepared = std::make_shared<PreparedPoint>();
  const Graph& graph = *scenario->graph;
  prepared->graph = &graph;
  prepared->rule = scenario->rule.get();
  prepared->model = scenario->model.get();
  prepared->seeds = &scenario->seeds;
  prepared->description = {point, config.rng_seed, scenario->rule->spec(), graph.num_nodes(),
                           graph.num_arcs()};
  prepared->max_steps = static_cast<std::uint32_t>(config.steps);
  prepared->trace = trace;
  prepared->owner = std::move(scenario);
  return prepared;
}

}  // namespace koubei
