#include "koubei/graph/graph_spec.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "koubei/core/error.hpp"
#include "koubei/core/spec.hpp"
#include "koubei/graph/edge_list_file.hpp"
#include "koubei/graph/generators.hpp"

namespace koubei {
namespace {

constexpr std::int64_t kMaxNodes = std::numeric_limits<NodeId>::max() - 1;

bool keep_option(const Spec& spec, std::string_view key) {
  auto value = spec.get(key);
  if (!value || *value == "drop") return false;
  if (*value == "keep") return true;
  throw InputError(
      fmt::format("graph spec '{}': {} must be keep or drop, got '{}'", spec.text(), key, *value));
}

}  // namespace

GraphSpec::GraphSpec(std::string_view text) {
  const Spec spec("graph", text);
  const std::string& name = spec.name();
  if (name == "file") {
    kind = Kind::kFile;
    spec.allow_only({"directed", "weight_min", "weight_max", "duplicates", "self_loops"});
    if (spec.args().size() != 1 || spec.args()[0].empty())
      throw InputError(fmt::format("graph spec '{}': expected file:PATH", spec.text()));
    path = spec.args()[0];
    directed = spec.get_bool("directed", true);
    const double inf = std::numeric_limits<double>::max();
    weight_min = spec.get_double("weight_min", 0.0, -inf, inf);
    weight_max = spec.get_double("weight_max", 1.0, -inf, inf);
    if (!(weight_max > weight_min))
      throw InputError(
          fmt::format("graph spec '{}': weight_max must be greater than weight_min", spec.text()));
    if (!std::isfinite(weight_max - weight_min))
      throw InputError(fmt::format(
          "graph spec '{}': weight_max - weight_min overflows a double; every trust would be 0",
          spec.text()));
    keep_duplicates = keep_option(spec, "duplicates");
    keep_self_loops = keep_option(spec, "self_loops");
    return;
  }
  spec.expect_args(0, "key=value parameters only");
  if (name == "ba") {
    kind = Kind::kBarabasiAlbert;
    spec.allow_only({"n", "m"});
    const auto nodes = spec.require_int("n", 2, kMaxNodes);
    n = static_cast<std::uint64_t>(nodes);
    m = static_cast<std::uint64_t>(spec.require_int("m", 1, nodes - 1));
  } else if (name == "er") {
    kind = Kind::kErdosRenyi;
    spec.allow_only({"n", "k"});
    const auto nodes = spec.require_int("n", 1, kMaxNodes);
    n = static_cast<std::uint64_t>(nodes);
    k = spec.require_double("k", 0.0, static_cast<double>(nodes - 1));
  } else if (name == "ws") {
    kind = Kind::kWattsStrogatz;
    spec.allow_only({"n", "k", "beta"});
    const auto nodes = spec.require_int("n", 3, kMaxNodes);
    n = static_cast<std::uint64_t>(nodes);
    const auto neighbours = spec.require_int("k", 2, nodes - 1);
    if (neighbours % 2 != 0)
      throw InputError(fmt::format("graph spec '{}': k must be even", spec.text()));
    k = static_cast<double>(neighbours);
    beta = spec.require_double("beta", 0.0, 1.0);
  } else if (name == "sbm") {
    kind = Kind::kBlockModel;
    spec.allow_only({"n", "communities", "k_in", "k_out"});
    const auto nodes = spec.require_int("n", 2, kMaxNodes);
    n = static_cast<std::uint64_t>(nodes);
    communities = static_cast<std::uint64_t>(spec.require_int("communities", 1, nodes));
    k_in = spec.require_double("k_in", 0.0, static_cast<double>(nodes));
    k_out = spec.require_double("k_out", 0.0, static_cast<double>(nodes));
  } else {
    throw InputError(fmt::format("unknown graph '{}' (known: ba, er, ws, sbm, file)", spec.text()));
  }
}

std::string GraphSpec::to_string() const {
  switch (kind) {
    case Kind::kBarabasiAlbert:
      return fmt::format("ba:n={},m={}", n, m);
    case Kind::kErdosRenyi:
      return fmt::format("er:n={},k={}", n, k);
    case Kind::kWattsStrogatz:
      return fmt::format("ws:n={},k={},beta={}", n, k, beta);
    case Kind::kBlockModel:
      return fmt::format("sbm:n={},communities={},k_in={},k_out={}", n, communities, k_in, k_out);
    case Kind::kFile:
      break;
  }
  std::string text = "file:" + path;
  if (!directed) text += ",directed=0";
  if (weight_min != 0.0 || weight_max != 1.0)
    text += fmt::format(",weight_min={},weight_max={}", weight_min, weight_max);
  if (keep_duplicates) text += ",duplicates=keep";
  if (keep_self_loops) text += ",self_loops=keep";
  return text;
}

GraphSpec GraphSpec::scaled(double factor) const {
  if (!generated() || factor == 1.0) return *this;
  GraphSpec copy = *this;
  copy.n = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::llround(static_cast<double>(n) * factor)));
  return GraphSpec(copy.to_string());  // validated: m or k may no longer fit
}

Graph GraphSpec::make(std::uint64_t master_seed, unsigned threads) const {
  BuildOptions build;
  build.threads = threads;
  const auto nodes = static_cast<NodeId>(n);
  switch (kind) {
    case Kind::kBarabasiAlbert:
      return build_graph(
          barabasi_albert(nodes, static_cast<std::uint32_t>(m), master_seed, threads), build,
          to_string());
    case Kind::kErdosRenyi:
      return build_graph(erdos_renyi(nodes, k, master_seed), build, to_string());
    case Kind::kWattsStrogatz:
      return build_graph(
          watts_strogatz(nodes, static_cast<std::uint32_t>(k), beta, master_seed), build,
          to_string());
    case Kind::kBlockModel: {
      BlockModel model = stochastic_block_model(nodes, static_cast<std::uint32_t>(communities),
                                                k_in, k_out, master_seed);
      Graph graph = build_graph(std::move(model.edges), build, to_string());
      graph.set_communities(std::move(model.community), std::move(model.community_names));
      return graph;
    }
    case Kind::kFile:
      break;
  }
  EdgeFileOptions options;
  options.path = path;
  options.directed = directed;
  options.weight_min = weight_min;
  options.weight_max = weight_max;
  options.build = build;
  options.build.keep_duplicates = keep_duplicates;
  options.build.keep_self_loops = keep_self_loops;
  return load_edge_list(options);
}

Graph make_graph(std::string_view spec, std::uint64_t master_seed, unsigned threads) {
  return GraphSpec(spec).make(master_seed, threads);
}

void check_graph_spec(std::string_view spec) { (void)GraphSpec(spec); }

}  // namespace koubei
