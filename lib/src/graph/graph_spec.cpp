#include "koubei/graph/graph_spec.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

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

// Parses and validates; builds only when `seed` is given.
Graph dispatch(const Spec& spec, const std::uint64_t* seed, unsigned threads) {
  BuildOptions build;
  build.threads = threads;
  const std::string& name = spec.name();
  if (name == "file") {
    spec.allow_only({"directed", "weight_min", "weight_max", "duplicates", "self_loops"});
    if (spec.args().size() != 1 || spec.args()[0].empty())
      throw InputError(fmt::format("graph spec '{}': expected file:PATH", spec.text()));
    EdgeFileOptions options;
    options.path = spec.args()[0];
    options.directed = spec.get_bool("directed", true);
    const double inf = std::numeric_limits<double>::max();
    options.weight_min = spec.get_double("weight_min", 0.0, -inf, inf);
    options.weight_max = spec.get_double("weight_max", 1.0, -inf, inf);
    if (!(options.weight_max > options.weight_min))
      throw InputError(
          fmt::format("graph spec '{}': weight_max must be greater than weight_min", spec.text()));
    options.build = build;
    options.build.keep_duplicates = keep_option(spec, "duplicates");
    options.build.keep_self_loops = keep_option(spec, "self_loops");
    if (!seed) return Graph();
    return load_edge_list(options);
  }
  spec.expect_args(0, "key=value parameters only");
  if (name == "ba") {
    spec.allow_only({"n", "m"});
    auto n = spec.require_int("n", 2, kMaxNodes);
    auto m = spec.require_int("m", 1, n - 1);
    if (!seed) return Graph();
    return build_graph(
        barabasi_albert(static_cast<NodeId>(n), static_cast<std::uint32_t>(m), *seed, threads), build,
        spec.text());
  }
  if (name == "er") {
    spec.allow_only({"n", "k"});
    auto n = spec.require_int("n", 1, kMaxNodes);
    double k = spec.require_double("k", 0.0, static_cast<double>(n - 1));
    if (!seed) return Graph();
    return build_graph(erdos_renyi(static_cast<NodeId>(n), k, *seed), build, spec.text());
  }
  if (name == "ws") {
    spec.allow_only({"n", "k", "beta"});
    auto n = spec.require_int("n", 3, kMaxNodes);
    auto k = spec.require_int("k", 2, n - 1);
    if (k % 2 != 0) throw InputError(fmt::format("graph spec '{}': k must be even", spec.text()));
    double beta = spec.require_double("beta", 0.0, 1.0);
    if (!seed) return Graph();
    return build_graph(
        watts_strogatz(static_cast<NodeId>(n), static_cast<std::uint32_t>(k), beta, *seed), build,
        spec.text());
  }
  if (name == "sbm") {
    spec.allow_only({"n", "communities", "k_in", "k_out"});
    auto n = spec.require_int("n", 2, kMaxNodes);
    auto c = spec.require_int("communities", 1, n);
    double k_in = spec.require_double("k_in", 0.0, static_cast<double>(n));
    double k_out = spec.require_double("k_out", 0.0, static_cast<double>(n));
    if (!seed) return Graph();
    BlockModel model = stochastic_block_model(static_cast<NodeId>(n), static_cast<std::uint32_t>(c),
                                              k_in, k_out, *seed);
    Graph graph = build_graph(std::move(model.edges), build, spec.text());
    graph.set_communities(std::move(model.community), std::move(model.community_names));
    return graph;
  }
  throw InputError(fmt::format("unknown graph '{}' (known: ba, er, ws, sbm, file)", spec.text()));
}

}  // namespace

Graph make_graph(std::string_view text, std::uint64_t master_seed, unsigned threads) {
  Spec spec("graph", text);
  return dispatch(spec, &master_seed, threads);
}

void check_graph_spec(std::string_view text) {
  Spec spec("graph", text);
  dispatch(spec, nullptr, 1);
}

}  // namespace koubei
