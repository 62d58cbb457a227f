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

// Each line's example builds its rule, whose canonical spec starts with the
// line's name and builds the same rule again.
TEST(RuleTable, EachLineBuildsItsRuleFromItsExample) {
  const Graph g = testing::path_graph(4, 0.5f);
  for (const RuleEntry& entry : rule_table()) {
    const auto rule = make_rule(entry.example, g);
    const std::string spec = rule->spec();
    EXPECT_EQ(spec.substr(0, spec.find(':')), entry.name) << entry.example << " -> " << spec;
    EXPECT_EQ(make_rule(spec, g)->spec(), spec);
  }
}

// A rule spec is parsed once into a value whose text is the rule's
// canonical spec.
TEST(RuleSpec, ParsedOnceWithItsCanonicalText) {
  const RuleSpec bass("bass:p=0.01,q=0.3");
  EXPECT_EQ(bass.to_string(), "bass:p=0.01,q=0.3,scope=neighbors");
  const Graph g = testing::path_graph(4, 0.5f);
  EXPECT_EQ(bass.make(g)->spec(), bass.to_string());
  EXPECT_EQ(RuleSpec().to_string(), "ic");
  EXPECT_EQ(RuleSpec("ic:sampler=arcs"), RuleSpec("ic"));
  EXPECT_THROW(RuleSpec("nosuch"), InputError);
  EXPECT_THROW(RuleSpec("bass:p=0.9,q=0.3"), InputError);  // p + q > 1
}

}  // namespace
}  // namespace koubei
