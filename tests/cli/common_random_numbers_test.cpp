// Common random numbers end to end: runs that differ only in trust share
// their draws (every user reached at trust 0.1 is reached at 0.101 in the
// same replicate), `invite` with enough invitations writes the same referral
// forest as `ic`, and SI with hopeless trust ends at once.

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "cli_test_util.hpp"

namespace koubei_cli_test {
namespace {

class CommonRandomNumbers : public CliTest {
 protected:
  // Per replicate, every target in DIR/referrals.csv (seeds included).
  std::map<long long, std::set<long long>> reached(const std::string& out) const {
    const CsvTable t = csv(out + "/referrals.csv");
    std::map<long long, std::set<long long>> by_replicate;
    for (std::size_t i = 0; i < t.rows.size(); ++i)
      by_replicate[t.num(i, "replicate")].insert(t.num(i, "target"));
    return by_replicate;
  }
};

TEST_F(CommonRandomNumbers, UsersReachedAtLowerTrustAreReachedAtHigher) {
  for (const char* trust : {"const:0.1", "const:0.101"}) {
    const RunResult r = koubei({"run", "--graph", "ba:n=100000,m=5", "--rule", "ic", "--reps",
                                "20", "--trace", "--trust", trust, "--out", trust});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
  }
  const auto low = reached("const:0.1"), high = reached("const:0.101");
  ASSERT_EQ(low.size(), 20u);
  ASSERT_EQ(high.size(), 20u);
  std::size_t larger = 0;
  for (const auto& [replicate, users] : low) {
    const std::set<long long>& more = high.at(replicate);
    for (long long v : users) {
      ASSERT_TRUE(more.contains(v)) << "user " << v << " of replicate " << replicate;
    }
    larger += more.size() > users.size();
  }
  EXPECT_GT(larger, 0u);
}

TEST_F(CommonRandomNumbers, InviteWithEnoughInvitationsWritesIcReferrals) {
  for (const auto& [rule, out] : {std::pair{"ic", "ic"}, std::pair{"invite:k=1000", "invite"}}) {
    const RunResult r = koubei({"run", "--graph", "ba:n=20000,m=3", "--trust", "const:0.1",
                                "--rule", rule, "--trace", "--out", out});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
  }
  const std::string ic = read("ic/referrals.csv");
  EXPECT_GT(split_lines(ic).size(), 10u * 100u);  // 10 replicates of 100 seeds and more
  EXPECT_TRUE(same_text(ic, read("invite/referrals.csv")));
}

TEST_F(CommonRandomNumbers, SiWithHopelessTrustEndsAtOnce) {
  const auto start = std::chrono::steady_clock::now();
  const RunResult r = koubei({"run", "--graph", "er:n=20000,k=4", "--trust", "const:1e-10",
                              "--rule", "sir:churn=0", "--seeds", "20", "--out", "o"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  const CsvTable summary = csv("o/summary.csv");
  ASSERT_EQ(summary.rows.size(), 10u);
  for (std::size_t i = 0; i < summary.rows.size(); ++i) {
    EXPECT_EQ(summary.num(i, "final_adopters"), 20);
    EXPECT_EQ(summary.num(i, "steps"), 0);
  }
}

}  // namespace
}  // namespace koubei_cli_test
