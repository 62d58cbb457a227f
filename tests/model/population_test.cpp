#include "koubei/model/population.hpp"

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

}  // namespace
}  // namespace koubei
