// Graph specs are values: parsed and checked once, with a canonical text
// that parses back to the same value.

#include "koubei/graph/graph_spec.hpp"

#include <gtest/gtest.h>

#include <string>

#include "koubei/core/error.hpp"

namespace koubei {
namespace {

TEST(GraphSpec, CanonicalTextParsesBackToTheSameSpec) {
  for (const char* text :
       {"ba:n=100000,m=5", "er:n=1000,k=4", "er:n=1000,k=0.5", "ws:n=100,k=4,beta=0.1",
        "sbm:n=600,communities=4,k_in=5,k_out=1", "file:data/karate.txt",
        "file:a b.txt,directed=0,weight_min=1,weight_max=5,duplicates=keep,self_loops=keep"}) {
    const GraphSpec spec(text);
    EXPECT_EQ(spec.to_string(), text);
    EXPECT_EQ(GraphSpec(spec.to_string()), spec) << text;
  }
}

TEST(GraphSpec, OtherSpellingsReadAsTheCanonicalOne) {
  EXPECT_EQ(GraphSpec("er:k=4,n=1000").to_string(), "er:n=1000,k=4");
  EXPECT_EQ(GraphSpec("er:n=1000,k=4.0").to_string(), "er:n=1000,k=4");
  EXPECT_EQ(GraphSpec("file:x.txt,directed=1,duplicates=drop").to_string(), "file:x.txt");
  EXPECT_EQ(GraphSpec("file:x.txt,weight_min=0,weight_max=1").to_string(), "file:x.txt");
  EXPECT_EQ(GraphSpec().to_string(), "ba:n=100000,m=5");
}

TEST(GraphSpec, TypedFields) {
  const GraphSpec ba("ba:n=2000,m=3");
  EXPECT_EQ(ba.kind, GraphSpec::Kind::kBarabasiAlbert);
  EXPECT_EQ(ba.n, 2000u);
  EXPECT_EQ(ba.m, 3u);
  const GraphSpec file("file:g.txt,directed=0");
  EXPECT_EQ(file.kind, GraphSpec::Kind::kFile);
  EXPECT_FALSE(file.directed);
  EXPECT_EQ(file.path, "g.txt");
  EXPECT_FALSE(file.generated());
}

TEST(GraphSpec, ScalingSetsNAndIsChecked) {
  EXPECT_EQ(GraphSpec("ba:n=1000,m=5").scaled(0.1).to_string(), "ba:n=100,m=5");
  EXPECT_EQ(GraphSpec("er:n=1000,k=4").scaled(0.01).to_string(), "er:n=10,k=4");
  EXPECT_EQ(GraphSpec("er:n=1000,k=0").scaled(0.0001).to_string(), "er:n=1,k=0");  // one at least
}

TEST(GraphSpec, ScalingBelowWhatTheParametersNeedIsAnError) {
  EXPECT_THROW(GraphSpec("ba:n=100,m=5").scaled(0.01), InputError);  // n = 1 < m + 1
  EXPECT_EQ(GraphSpec("file:g.txt").scaled(0.01).to_string(), "file:g.txt");
}

TEST(GraphSpec, BadSpecsNameThemselves) {
  for (const char* bad : {"ba:n=1,m=1", "er:n=10", "ws:n=10,k=3,beta=0.1", "nosuch:n=3",
                          "file:", "file:x,weight_min=2,weight_max=1", "ba:n=10,m=2,k=3"}) {
    try {
      (void)GraphSpec(bad);
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
    }
  }
}

TEST(GraphSpec, MakesTheSameGraphAsItsText) {
  const Graph a = GraphSpec("sbm:n=300,communities=3,k_in=4,k_out=1").make(5);
  const Graph b = make_graph("sbm:n=300,communities=3,k_in=4,k_out=1", 5);
  ASSERT_EQ(a.num_arcs(), b.num_arcs());
  EXPECT_TRUE(std::equal(a.targets().begin(), a.targets().end(), b.targets().begin()));
  EXPECT_EQ(a.num_communities(), 3u);
}

}  // namespace
}  // namespace koubei
