#include "koubei/trust/trust_model.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "koubei/core/error.hpp"
#include "koubei/graph/builder.hpp"
#include "koubei/graph/generators.hpp"

namespace koubei {
namespace {

Graph make_graph(NodeId n, std::vector<NodeId> sources, std::vector<NodeId> targets, bool directed,
                 std::vector<float> weights = {}) {
  EdgeList e;
  e.num_nodes = n;
  e.sources = std::move(sources);
  e.targets = std::move(targets);
  e.weights = std::move(weights);
  e.directed = directed;
  return build_graph(std::move(e), {}, "hand");
}

// Trust of arc u->v (which must exist).
float trust_of(const Graph& g, NodeId u, NodeId v) {
  auto row = g.out_neighbors(u);
  auto it = std::lower_bound(row.begin(), row.end(), v);
  EXPECT_TRUE(it != row.end() && *it == v) << u << "->" << v;
  return g.out_trust(u)[static_cast<std::size_t>(it - row.begin())];
}

std::vector<float> trust_copy(const Graph& g) { return {g.trust().begin(), g.trust().end()}; }

// The message of the InputError that `spec` raises ("" if none).
std::string parse_error(const std::string& spec) {
  try {
    TrustModel::parse(spec);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// ------------------------------------------------------------------- parsing

TEST(TrustModelParse, AValueReadFromItsText) {
  const TrustModel t = "const:0.50";
  EXPECT_EQ(t.to_string(), "const:0.5");
  EXPECT_EQ(TrustModel(), TrustModel("const:0.05"));
  EXPECT_EQ(TrustModel::constant(0.001).to_string(), "const:0.001");
  EXPECT_THROW(TrustModel("const:2"), InputError);
}

TEST(TrustModelParse, KindsAndCanonicalSpecs) {
  EXPECT_EQ(TrustModel::parse("const:0.5").kind(), TrustModel::Kind::kConst);
  EXPECT_EQ(TrustModel::parse(" const:0.50 ").spec(), "const:0.5");
  EXPECT_EQ(TrustModel::parse("uniform:0.1:0.30").spec(), "uniform:0.1:0.3");
  EXPECT_EQ(TrustModel::parse("uniform:0.1:0.3").kind(), TrustModel::Kind::kUniform);
  EXPECT_EQ(TrustModel::parse("wc").kind(), TrustModel::Kind::kWeightedCascade);
  EXPECT_EQ(TrustModel::parse("wc").spec(), "wc");
  EXPECT_EQ(TrustModel::parse("trivalency").kind(), TrustModel::Kind::kTrivalency);
  EXPECT_EQ(TrustModel::parse("weight").kind(), TrustModel::Kind::kWeight);
  EXPECT_EQ(TrustModel::parse("tie").kind(), TrustModel::Kind::kTie);
  EXPECT_EQ(TrustModel::parse("tie").spec(), "tie:0:1");
  EXPECT_EQ(TrustModel::parse("tie:0.2:0.8").spec(), "tie:0.2:0.8");
  // A canonical spec parses to itself.
  for (const char* s : {"const:0.5", "uniform:0.1:0.3", "tie:0.2:0.8", "trivalency"}) {
    EXPECT_EQ(TrustModel::parse(TrustModel::parse(s).spec()).spec(), s);
  }
}

TEST(TrustModelParse, BadSpecsNameTheSpec) {
  for (const std::string spec :
       {"const:1.5", "const:x", "const", "uniform:0.5:0.1", "uniform:0.5", "nosuch", "wc:1",
        "tie:0.5", "tie:0.9:0.1", "const:0.5,x=1", "trivalency:-1"}) {
    std::string message = parse_error(spec);
    EXPECT_NE(message.find("'" + spec + "'"), std::string::npos) << spec << ": " << message;
  }
  EXPECT_NE(parse_error("nosuch").find("known: const:P, uniform:A:B, wc, trivalency, weight"),
            std::string::npos);
}

// ------------------------------------------------------------------ applying

TEST(TrustModelApply, ConstSetsEveryArc) {
  Graph g = make_graph(3, {0, 1, 2}, {1, 2, 0}, true);
  TrustModel::parse("const:0.25").apply(g, 1);
  for (float t : g.trust()) EXPECT_EQ(t, 0.25f);
}

TEST(TrustModelApply, WeightedCascadeIsOneOverInDegree) {
  // In-degrees: node 2 has 3 (from 0, 1, 3), nodes 0 and 1 have 1 each.
  Graph g = make_graph(4, {0, 1, 3, 2, 0}, {2, 2, 2, 0, 1}, true);
  TrustModel::parse("wc").apply(g, 1);
  EXPECT_FLOAT_EQ(trust_of(g, 0, 2), 1.0f / 3);
  EXPECT_FLOAT_EQ(trust_of(g, 1, 2), 1.0f / 3);
  EXPECT_FLOAT_EQ(trust_of(g, 3, 2), 1.0f / 3);
  EXPECT_FLOAT_EQ(trust_of(g, 2, 0), 1.0f);
  EXPECT_FLOAT_EQ(trust_of(g, 0, 1), 1.0f);
}

TEST(TrustModelApply, UniformRangeMeanAndSeeds) {
  // 400000 arcs, each U(0.2, 0.6) independently: the mean has SE
  // 0.4 / sqrt(12 x 400000) = 1.8e-4; tolerance 4.5 SE, and a 2% error
  // (0.008) is 44 SE.
  Graph g = build_graph(erdos_renyi(20000, 20, 1), {}, "er");
  TrustModel model = TrustModel::parse("uniform:0.2:0.6");
  model.apply(g, 7);
  double sum = 0;
  for (float t : g.trust()) {
    ASSERT_GE(t, 0.2f);
    ASSERT_LE(t, 0.6f);
    sum += t;
  }
  const double arcs = static_cast<double>(g.num_arcs());
  EXPECT_NEAR(sum / arcs, 0.4, 4.5 * 0.4 / std::sqrt(12 * arcs));
  std::vector<float> first = trust_copy(g);
  model.apply(g, 7);
  EXPECT_EQ(trust_copy(g), first);
  model.apply(g, 8);
  EXPECT_NE(trust_copy(g), first);
}

TEST(TrustModelApply, TrivalencyUsesThreeValuesEquallyOften) {
  // 400000 arcs, each value with chance 1/3 independently: each frequency has
  // SE sqrt(2/9 / 400000) = 7.5e-4; tolerance 4.5 SE, and a 2% error in a
  // chance (0.0067) is 8.9 SE.
  Graph g = build_graph(erdos_renyi(20000, 20, 2), {}, "er");
  TrustModel::parse("trivalency").apply(g, 3);
  std::size_t count[3] = {0, 0, 0};
  for (float t : g.trust()) {
    if (t == 0.1f) {
      ++count[0];
    } else if (t == 0.01f) {
      ++count[1];
    } else if (t == 0.001f) {
      ++count[2];
    } else {
      FAIL() << "unexpected trust " << t;
    }
  }
  for (std::size_t c : count) {
    const double arcs = static_cast<double>(g.num_arcs());
    EXPECT_NEAR(static_cast<double>(c) / arcs, 1.0 / 3, 4.5 * std::sqrt(2.0 / 9 / arcs));
  }
}

// Undirected: 0-1, 0-2, 1-2, 1-3, 2-3, 0-4.
Graph tie_graph() { return make_graph(5, {0, 0, 1, 1, 2, 0}, {1, 2, 2, 3, 3, 4}, false); }

TEST(TrustModelApply, TieIsJaccardOfNeighbourhoods) {
  Graph g = tie_graph();
  TrustModel::parse("tie").apply(g, 1);
  // N(0)={1,2,4} N(1)={0,2,3} N(2)={0,1,3} N(3)={1,2} N(4)={0}, each without
  // the arc's two ends.
  EXPECT_FLOAT_EQ(trust_of(g, 0, 1), 1.0f / 3);  // {2,4} vs {2,3}
  EXPECT_FLOAT_EQ(trust_of(g, 1, 0), 1.0f / 3);
  EXPECT_FLOAT_EQ(trust_of(g, 1, 2), 1.0f);      // {0,3} vs {0,3}
  EXPECT_FLOAT_EQ(trust_of(g, 0, 2), 1.0f / 3);  // {1,4} vs {1,3}
  EXPECT_FLOAT_EQ(trust_of(g, 3, 1), 0.5f);      // {2} vs {0,2}
  EXPECT_FLOAT_EQ(trust_of(g, 2, 3), 0.5f);      // {0,1} vs {1}
  EXPECT_FLOAT_EQ(trust_of(g, 0, 4), 0.0f);      // {1,2} vs {}
  EXPECT_FLOAT_EQ(trust_of(g, 4, 0), 0.0f);
}

TEST(TrustModelApply, TieScalesOntoRangeAndEmptyUnionIsZero) {
  Graph g = tie_graph();
  TrustModel::parse("tie:0.2:0.8").apply(g, 1);
  EXPECT_FLOAT_EQ(trust_of(g, 1, 2), 0.8f);
  EXPECT_FLOAT_EQ(trust_of(g, 0, 1), 0.4f);
  EXPECT_FLOAT_EQ(trust_of(g, 0, 4), 0.2f);
  Graph single = make_graph(2, {0}, {1}, false);
  TrustModel::parse("tie:0.2:0.8").apply(single, 1);
  EXPECT_FLOAT_EQ(trust_of(single, 0, 1), 0.2f);
}

// Checks every arc's tie strength against a slow reference on std::set.
void expect_tie_matches_reference(Graph g) {
  TrustModel::parse("tie").apply(g, 1);
  for (NodeId u = 0; u < g.num_nodes(); ++u) {
    for (NodeId v : g.out_neighbors(u)) {
      std::set<NodeId> a(g.out_neighbors(u).begin(), g.out_neighbors(u).end());
      std::set<NodeId> b(g.out_neighbors(v).begin(), g.out_neighbors(v).end());
      for (NodeId x : {u, v}) {
        a.erase(x);
        b.erase(x);
      }
      std::set<NodeId> both = a;
      both.insert(b.begin(), b.end());
      std::size_t common = a.size() + b.size() - both.size();
      double expected = both.empty() ? 0.0 : static_cast<double>(common) / both.size();
      ASSERT_FLOAT_EQ(trust_of(g, u, v), static_cast<float>(expected)) << u << "->" << v;
    }
  }
}

TEST(TrustModelApply, TieMatchesSetReference) {
  EdgeList directed = erdos_renyi(300, 12, 4);
  directed.directed = true;  // one arc per pair, so out-neighbourhoods differ
  expect_tie_matches_reference(build_graph(std::move(directed), {}, "er"));
  // Hubs next to small nodes: both ways of walking the shorter row.
  expect_tie_matches_reference(build_graph(barabasi_albert(400, 3, 5), {}, "ba"));
  // Self-loops kept: a node is never in its own neighbourhood here.
  BuildOptions loops;
  loops.keep_self_loops = true;
  EdgeList e;
  e.num_nodes = 4;
  e.sources = {0, 0, 1, 1, 2, 2, 3};
  e.targets = {0, 1, 1, 2, 0, 3, 3};
  expect_tie_matches_reference(build_graph(std::move(e), loops, "loops"));
}

TEST(TrustModelApply, WeightKeepsMappedWeights) {
  Graph g = make_graph(3, {0, 1}, {1, 2}, true, {0.25f, 0.75f});
  TrustModel::parse("weight").apply(g, 1);
  EXPECT_EQ(trust_of(g, 0, 1), 0.25f);
  EXPECT_EQ(trust_of(g, 1, 2), 0.75f);
}

TEST(TrustModelApply, WeightErrors) {
  Graph plain = make_graph(3, {0, 1}, {1, 2}, true);
  try {
    TrustModel::parse("weight").apply(plain, 1);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "trust model 'weight' needs a weight column; graph 'hand' has none");
  }

  Graph far = make_graph(3, {0, 1}, {1, 2}, true, {0.5f, 3.0f});
  far.mutable_info().first_weight_out_of_range = "edges.txt:2: weight 3 maps to 3";
  try {
    TrustModel::parse("weight").apply(far, 1);
    FAIL();
  } catch (const InputError& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("edges.txt:2: weight 3 maps to 3"), std::string::npos) << message;
    EXPECT_NE(message.find("weight_min"), std::string::npos) << message;
    EXPECT_NE(message.find("weight_max"), std::string::npos) << message;
  }

  // Even without the loader's note, no trust outside [0,1] gets through.
  far.mutable_info().first_weight_out_of_range.clear();
  EXPECT_THROW(TrustModel::parse("weight").apply(far, 1), InputError);
}

}  // namespace
}  // namespace koubei
