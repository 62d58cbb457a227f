#include "koubei/batch/replicates.hpp"

#include <gtest/gtest.h>

#include "koubei/graph/generators.hpp"
#include "koubei/batch/run_output.hpp"
#include "koubei/trust/trust_model.hpp"

namespace koubei {
namespace {

class ReplicatesTest : public ::testing::TestWithParam<const char*> {
 protected:
  ReplicatesTest() : graph_(build_graph(barabasi_albert(5000, 3, 9), {}, "ba")) {
    TrustModel::parse("wc").apply(graph_, 9);
    rule_ = make_rule(GetParam(), graph_);
  }
  std::string timeseries(std::uint32_t first, std::uint32_t last, unsigned threads) {
    BatchResult batch =
        run_replicates(graph_, *rule_, SeedPlan::random(20), {9, first, last, 0}, threads);
    return timeseries_csv({}, batch.replicates);
  }
  Graph graph_;
  std::unique_ptr<Rule> rule_;
};

TEST_P(ReplicatesTest, OutputDoesNotDependOnThreadCount) {
  std::string one = timeseries(0, 29, 1);
  EXPECT_EQ(one, timeseries(0, 29, 2));
  EXPECT_EQ(one, timeseries(0, 29, 7));
}

TEST_P(ReplicatesTest, AReplicateAloneEqualsTheSameReplicateInABatch) {
  BatchResult all = run_replicates(graph_, *rule_, SeedPlan::random(20), {9, 0, 19, 0}, 2);
  BatchResult alone = run_replicates(graph_, *rule_, SeedPlan::random(20), {9, 7, 7, 0}, 2);
  ASSERT_EQ(alone.replicates.size(), 1u);
  EXPECT_EQ(alone.replicates[0].replicate, 7u);
  EXPECT_EQ(timeseries_csv({}, alone.replicates),
            timeseries_csv({}, std::span(all.replicates).subspan(7, 1)));
}

TEST_P(ReplicatesTest, EveryThreadRunsReplicates) {
  BatchResult batch = run_replicates(graph_, *rule_, SeedPlan::random(20), {9, 0, 9, 0}, 2);
  ASSERT_EQ(batch.per_thread.size(), 2u);
  EXPECT_GT(batch.per_thread[0], 0u);
  EXPECT_GT(batch.per_thread[1], 0u);
  EXPECT_EQ(batch.per_thread[0] + batch.per_thread[1], 10u);
}

INSTANTIATE_TEST_SUITE_P(Rules, ReplicatesTest, ::testing::Values("ic", "lt"));

}  // namespace
}  // namespace koubei
