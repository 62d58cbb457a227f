#include "koubei/model/seeds.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "koubei/core/error.hpp"
#include "koubei/graph/builder.hpp"

namespace koubei {
namespace {

Graph line_graph_with_ids() {
  EdgeList e;
  e.num_nodes = 3;
  e.sources = {0, 1};
  e.targets = {1, 2};
  Graph g = build_graph(std::move(e), {}, "ids");
  g.set_original_ids({10, 2000, 9000000000ULL});
  return g;
}

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path;
}

TEST(SeedPlan, RandomSeedsAreDistinctAndReproducible) {
  SeedPlan plan = SeedPlan::random(50);
  Population a(100), b(100);
  plan.place(a, 7, 3);
  plan.place(b, 7, 3);
  EXPECT_EQ(a.newcomers().size(), 50u);
  std::set<NodeId> distinct(a.newcomers().begin(), a.newcomers().end());
  EXPECT_EQ(distinct.size(), 50u);
  EXPECT_TRUE(std::equal(a.newcomers().begin(), a.newcomers().end(), b.newcomers().begin()));
  Population c(100);
  plan.place(c, 7, 4);
  EXPECT_FALSE(std::equal(a.newcomers().begin(), a.newcomers().end(), c.newcomers().begin()));
}

TEST(SeedPlan, AllNodesCanBeSeeds) {
  Population p(30);
  SeedPlan::random(30).place(p, 1, 0);
  EXPECT_EQ(p.counts().adopters, 30u);
}

TEST(SeedPlan, MoreSeedsThanNodesIsAnError) {
  Graph g = line_graph_with_ids();
  EXPECT_THROW(SeedPlan::random(4).check(g), InputError);
  EXPECT_NO_THROW(SeedPlan::random(3).check(g));
}

TEST(SeedPlan, FixedSeedsDropDuplicates) {
  SeedPlan plan = SeedPlan::fixed({2, 0, 2});
  EXPECT_EQ(plan.count(), 2u);
  Population p(3);
  plan.place(p, 0, 0);
  EXPECT_EQ(p.newcomers()[0], 2u);
  EXPECT_EQ(p.newcomers()[1], 0u);
}

TEST(SeedFile, ReadsOriginalIds) {
  Graph g = line_graph_with_ids();
  auto path = write_temp("koubei_seeds_ok.txt", "# seeds\n9000000000\n\n10\r\n");
  EXPECT_EQ(read_seed_file(path, g), (std::vector<NodeId>{2, 0}));
  std::filesystem::remove(path);
}

TEST(SeedFile, UnknownIdNamesFileAndLine) {
  Graph g = line_graph_with_ids();
  auto path = write_temp("koubei_seeds_bad.txt", "10\n11\n");
  try {
    read_seed_file(path, g);
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("koubei_seeds_bad.txt:2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("11"), std::string::npos);
  }
  std::filesystem::remove(path);
}

TEST(SeedFile, MalformedLineAndMissingFile) {
  Graph g = line_graph_with_ids();
  auto path = write_temp("koubei_seeds_malformed.txt", "10\nabc\n");
  EXPECT_THROW(read_seed_file(path, g), InputError);
  std::filesystem::remove(path);
  EXPECT_THROW(read_seed_file("/nonexistent/seeds.txt", g), InputError);
}

}  // namespace
}  // namespace koubei
