#include "koubei/state/population.hpp"

#include <gtest/gtest.h>

namespace koubei {
namespace {

TEST(Population, AdoptMovesNodesIntoTheNextFrontier) {
  Population p(5);
  EXPECT_EQ(p.counts().unaware, 5u);
  EXPECT_TRUE(p.adopt(2));
  EXPECT_FALSE(p.adopt(2));  // already an adopter
  EXPECT_TRUE(p.adopt(4));
  EXPECT_TRUE(p.frontier().empty());
  EXPECT_EQ(p.newcomers().size(), 2u);
  p.end_step();
  ASSERT_EQ(p.frontier().size(), 2u);
  EXPECT_EQ(p.frontier()[0], 2u);
  EXPECT_EQ(p.frontier()[1], 4u);
  EXPECT_TRUE(p.newcomers().empty());
  EXPECT_EQ(p.counts().adopters, 2u);
  EXPECT_EQ(p.counts().unaware, 3u);
  EXPECT_TRUE(p.is_adopter(4));
  EXPECT_FALSE(p.can_adopt(4));
  EXPECT_TRUE(p.can_adopt(0));
}

TEST(Population, ResetRestoresEveryone) {
  Population p(4);
  p.adopt(1);
  p.end_step();
  p.adopt(3);
  p.reset();
  EXPECT_EQ(p.counts(), (StateCounts{4, 0, 0, 0, 0}));
  for (NodeId v = 0; v < 4; ++v) EXPECT_EQ(p.state(v), AgentState::kUnaware);
  EXPECT_TRUE(p.frontier().empty());
  EXPECT_TRUE(p.newcomers().empty());
}

TEST(Population, EveryTransitionIsCountedAndCountsConserve) {
  Population p(6);
  auto conserved = [&] {
    const StateCounts& c = p.counts();
    return c.unaware + c.aware + c.adopters + c.churned == 6 && c.promoters <= c.adopters;
  };
  EXPECT_TRUE(p.make_aware(0));
  EXPECT_FALSE(p.make_aware(0));
  EXPECT_TRUE(p.adopt(0));  // aware -> adopter
  EXPECT_TRUE(p.adopt(1));  // unaware -> adopter
  EXPECT_TRUE(p.promote(1));
  EXPECT_FALSE(p.promote(1));
  EXPECT_FALSE(p.promote(2));  // unaware cannot promote
  EXPECT_TRUE(conserved());
  EXPECT_EQ(p.step_transitions(), (Transitions{1, 2, 1, 0}));
  p.end_step();
  EXPECT_EQ(p.current_step(), 1u);
  EXPECT_EQ(p.step_transitions(), Transitions{});
  EXPECT_TRUE(p.churn(1));  // a promoter churns
  EXPECT_FALSE(p.churn(1));
  EXPECT_FALSE(p.churn(3));
  EXPECT_EQ(p.counts(), (StateCounts{4, 0, 1, 0, 1}));
  EXPECT_FALSE(p.can_adopt(1));
  EXPECT_TRUE(p.adopt(1));  // re-adoption is the rule's choice
  EXPECT_EQ(p.ever_adopted(), 2u);
  EXPECT_EQ(p.counts(), (StateCounts{4, 0, 2, 0, 0}));
  EXPECT_EQ(p.step_transitions(), (Transitions{0, 1, 0, 1}));
  EXPECT_TRUE(conserved());
  p.reset();
  EXPECT_EQ(p.ever_adopted(), 0u);
  EXPECT_EQ(p.current_step(), 0u);
}

}  // namespace
}  // namespace koubei
