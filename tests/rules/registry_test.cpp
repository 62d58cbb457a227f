// The rule table: every rule is reached through its line, and the messages
// and help that list rules are made from the table, so none is left out.

#include <gtest/gtest.h>

#include <string>

#include "koubei/core/error.hpp"
#include "koubei/rules/rule.hpp"
#include "rule_test_graphs.hpp"

namespace koubei {
namespace {

TEST(RuleTable, UnknownRuleListsEveryRuleAndUsagesNameEach) {
  ASSERT_GE(rule_table().size(), 7u);
  std::string message;
  try {
    check_rule_spec("nosuch");
  } catch (const InputError& e) {
    message = e.what();
  }
  const std::string usages = rule_usages();
  for (const RuleEntry& rule : rule_table()) {
    EXPECT_NE(message.find(std::string(rule.name)), std::string::npos) << message;
    EXPECT_NE(usages.find(std::string(rule.usage)), std::string::npos) << usages;
    EXPECT_EQ(std::string(rule.usage).rfind(std::string(rule.name), 0), 0u) << rule.usage;
  }
}

TEST(RuleTable, EachLineBuildsItsRule) {
  const Graph g = testing::path_graph(4, 0.5f);
  const char* examples[] = {"ic", "lt", "complex:k=2", "invite:k=2", "sir:churn=0.1",
                            "sis:churn=0.1", "bass:p=0.01,q=0.3"};
  for (const char* spec : examples) {
    const auto rule = make_rule(spec, g);
    EXPECT_EQ(rule->spec().rfind(std::string(spec).substr(0, std::string(spec).find(':')), 0), 0u)
        << spec << " -> " << rule->spec();
  }
  EXPECT_EQ(std::size(examples), rule_table().size());  // one example per line
}

}  // namespace
}  // namespace koubei
