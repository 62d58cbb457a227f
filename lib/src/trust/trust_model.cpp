#include "koubei/trust/trust_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "koubei/core/error.hpp"
#include "koubei/core/spec.hpp"
#include "koubei/random/stream.hpp"

namespace koubei {
namespace {

constexpr const char* kKnownModels = "const:P, uniform:A:B, wc, trivalency, weight, tie[:LO:HI]";

bool contains(std::span<const NodeId> row, NodeId x) {
  return std::binary_search(row.begin(), row.end(), x);
}

// Tie strength of every arc u->v: lo + (hi - lo) * J with the Jaccard overlap
// J = |A & B| / |A | B|, A = N(u) \ {u, v}, B = N(v) \ {u, v} (out-rows),
// and J = 0 when the union is empty. N(u) is marked once in a bitmap (n / 8
// bytes, so it stays in cache); each arc then walks the shorter of the two
// rows, against the bitmap or by binary search in v's sorted row, so an arc
// costs about min(deg u, deg v), not deg u + deg v, which would be quadratic
// in a hub's degree. Rows are taken as sets, as build_graph leaves them
// unless asked to keep duplicates.
void tie_strength(const Graph& graph, double lo, double hi, std::span<float> trust) {
  const NodeId n = graph.num_nodes();
  std::span<const NodeId> targets = graph.targets();
  std::vector<std::uint64_t> bits((std::size_t{n} + 63) / 64, 0);
  auto marked = [&bits](NodeId x) -> std::size_t { return (bits[x >> 6] >> (x & 63)) & 1; };
  for (NodeId u = 0; u < n; ++u) {
    std::span<const NodeId> nu = graph.out_neighbors(u);
    for (NodeId x : nu) bits[x >> 6] |= std::uint64_t{1} << (x & 63);
    const std::size_t u_size = nu.size() - marked(u);  // |N(u) \ {u}|
    for (ArcId i = graph.first_arc(u); i < graph.end_arc(u); ++i) {
      const NodeId v = targets[i];
      std::span<const NodeId> nv = graph.out_neighbors(v);
      const std::size_t a = u_size - (v != u);  // v is in N(u)
      std::size_t b = 0, common = 0;
      if (nv.size() <= nu.size()) {
        for (NodeId x : nv) {
          if (x == u || x == v) continue;
          ++b;
          common += marked(x);
        }
      } else {
        b = nv.size() - contains(nv, u) - (v != u && contains(nv, v));
        for (NodeId x : nu) {
          if (x != u && x != v) common += contains(nv, x);
        }
      }
      const std::size_t together = a + b - common;
      const double j =
          together == 0 ? 0.0 : static_cast<double>(common) / static_cast<double>(together);
      trust[i] = static_cast<float>(std::clamp(lo + (hi - lo) * j, lo, hi));
    }
    for (NodeId x : nu) bits[x >> 6] = 0;
  }
}

}  // namespace

TrustModel TrustModel::constant(double p) {
  if (!(p >= 0 && p <= 1)) throw InputError(fmt::format("trust const:{}: P must be in [0,1]", p));
  TrustModel model;
  model.kind_ = Kind::kConst;
  model.a_ = model.b_ = p;
  model.spec_ = fmt::format("const:{}", p);
  return model;
}

TrustModel TrustModel::parse(std::string_view text) {
  Spec spec("trust", text);
  try {
    spec.allow_only({});
  } catch (const InputError&) {
    throw InputError(
        fmt::format("trust spec '{}': trust models take no key=value items (known: {})",
                    spec.text(), kKnownModels));
  }
  TrustModel model;
  const std::string& name = spec.name();
  if (name == "const") {
    spec.expect_args(1, "const:P with P in [0,1]");
    model.kind_ = Kind::kConst;
    model.a_ = model.b_ = spec.parse_double("P", spec.args()[0], 0, 1);
    model.spec_ = fmt::format("const:{}", model.a_);
  } else if (name == "uniform") {
    spec.expect_args(2, "uniform:A:B with 0 <= A <= B <= 1");
    model.kind_ = Kind::kUniform;
    model.a_ = spec.parse_double("A", spec.args()[0], 0, 1);
    model.b_ = spec.parse_double("B", spec.args()[1], 0, 1);
    if (model.a_ > model.b_) {
      throw InputError(fmt::format("trust spec '{}': A = {} is greater than B = {}", spec.text(),
                                   model.a_, model.b_));
    }
    model.spec_ = fmt::format("uniform:{}:{}", model.a_, model.b_);
  } else if (name == "wc" || name == "trivalency" || name == "weight") {
    spec.expect_args(0, fmt::format("no arguments after '{}'", name));
    model.kind_ = name == "wc"           ? Kind::kWeightedCascade
                  : name == "trivalency" ? Kind::kTrivalency
                                         : Kind::kWeight;
    model.spec_ = name;
  } else if (name == "tie") {
    if (!spec.args().empty()) spec.expect_args(2, "tie or tie:LO:HI with 0 <= LO <= HI <= 1");
    model.kind_ = Kind::kTie;
    model.a_ = spec.args().empty() ? 0.0 : spec.parse_double("LO", spec.args()[0], 0, 1);
    model.b_ = spec.args().empty() ? 1.0 : spec.parse_double("HI", spec.args()[1], 0, 1);
    if (model.a_ > model.b_) {
      throw InputError(fmt::format("trust spec '{}': LO = {} is greater than HI = {}", spec.text(),
                                   model.a_, model.b_));
    }
    model.spec_ = fmt::format("tie:{}:{}", model.a_, model.b_);
  } else {
    throw InputError(fmt::format("trust spec '{}': unknown model '{}' (known: {})", spec.text(),
                                 name, kKnownModels));
  }
  return model;
}

void TrustModel::apply(Graph& graph, std::uint64_t master_seed) const {
  std::span<float> trust = graph.mutable_trust();
  std::span<const NodeId> targets = graph.targets();
  const std::uint64_t arcs = trust.size();
  const CounterStream stream(master_seed, 0, Purpose::kTrust);
  switch (kind_) {
    case Kind::kConst:
      std::fill(trust.begin(), trust.end(), static_cast<float>(a_));
      break;
    case Kind::kUniform:
      // Arc i: A + (B - A) * uniform_pair(i), i.e. Philox words 2i and 2i+1.
      for (std::uint64_t i = 0; i < arcs; ++i) {
        double t = a_ + (b_ - a_) * stream.uniform_pair(i);
        trust[i] = static_cast<float>(std::clamp(t, a_, b_));
      }
      break;
    case Kind::kTrivalency: {
      // Arc i: value (word(i) * 3) >> 32 of {0.1, 0.01, 0.001}; the
      // multiply-shift's bias is below 2^-32.
      constexpr float kValues[3] = {0.1f, 0.01f, 0.001f};
      for (std::uint64_t i = 0; i < arcs; ++i) {
        trust[i] = kValues[(std::uint64_t{stream.word(i)} * 3) >> 32];
      }
      break;
    }
    case Kind::kWeightedCascade: {
      std::vector<std::uint32_t> in_degree(graph.num_nodes(), 0);
      for (NodeId t : targets) ++in_degree[t];
      for (std::uint64_t i = 0; i < arcs; ++i) {
        trust[i] = static_cast<float>(1.0 / in_degree[targets[i]]);
      }
      break;
    }
    case Kind::kWeight: {
      const GraphInfo& info = graph.info();
      if (!info.has_weights) {
        throw InputError(fmt::format(
            "trust model 'weight' needs a weight column; graph '{}' has none", info.source));
      }
      if (!info.first_weight_out_of_range.empty()) {
        throw InputError(fmt::format(
            "trust model 'weight': {} (set weight_min= and weight_max= in the graph spec to map "
            "the weights onto [0,1])",
            info.first_weight_out_of_range));
      }
      break;  // the builder already holds the mapped weights as trust
    }
    case Kind::kTie:
      tie_strength(graph, a_, b_, trust);
      break;
  }

  // Whatever the model, no arc leaves here with a trust outside [0,1].
  for (NodeId u = 0; u < graph.num_nodes(); ++u) {
    for (ArcId i = graph.first_arc(u); i < graph.end_arc(u); ++i) {
      if (!(trust[i] >= 0.0f && trust[i] <= 1.0f)) {
        throw InputError(fmt::format(
            "trust model '{}' on graph '{}': arc {} -> {} has trust {}, outside [0,1]", spec_,
            graph.info().source, graph.original_id(u), graph.original_id(targets[i]), trust[i]));
      }
    }
  }
}

}  // namespace koubei
