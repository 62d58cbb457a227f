#pragma once
// A diffusion rule decides one thing: given the state at the end of the
// previous step, which transitions happen in this step. The engine
// (model/simulation.hpp) owns the loop, the seeds and the bookkeeping.
//
// A Rule is bound to one graph, immutable, and shared by all threads; it
// holds what it precomputes from the graph. Each thread asks it for a
// RuleWorker, which holds the per-replicate scratch and is reused across
// replicates. All randomness comes from counter-based streams keyed by
// (master seed, replicate, purpose), so a replicate's outcome does not depend
// on which thread ran it or what ran before.

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "koubei/graph/graph.hpp"
#include "koubei/state/population.hpp"
#include "koubei/state/step_context.hpp"

namespace koubei {

class Spec;

class RuleWorker {
 public:
  virtual ~RuleWorker() = default;
  /// Prepares a new replicate (before its seeds are placed).
  virtual void begin(std::uint64_t master_seed, std::uint32_t replicate) = 0;
  /// Computes one step: reads the frontier and states of
  /// context.population(), takes each arc's trust from context.trust() (which
  /// applies the community barrier), and reports each adoption decision with
  /// context.persuade() (the user adopts at once, or under the word-of-mouth
  /// model becomes aware). Must not depend on anything but the population,
  /// the graph and the replicate's streams.
  virtual void step(StepContext& context) = 0;
  /// Asked after a step that changed nothing: true if no later step can
  /// change anything either, so the replicate ends. Cascades (the default)
  /// are settled as soon as a step adds nobody; rules with spontaneous
  /// adoption (Bass) are not while someone can still adopt.
  virtual bool settled(const Population& population) const {
    (void)population;
    return true;
  }
  /// Arcs examined since begin(): the out-degrees of the nodes whose arcs
  /// the rule scanned, each one exposure of its target to a referral.
  std::uint64_t arcs_examined() const { return arcs_examined_; }
  /// Arcs whose target or trust the rule actually read since begin(): the
  /// yardstick for throughput figures, so that rules and samplers that skip
  /// arcs (or read more than the frontier's) compare fairly. Most rules read
  /// every arc they examine.
  virtual std::uint64_t arcs_read() const { return arcs_examined_; }
  /// Bytes of the worker's own arrays (per node or per arc), as allocated now.
  virtual std::uint64_t memory_bytes() const { return 0; }

 protected:
  std::uint64_t arcs_examined_ = 0;
};

class Rule {
 public:
  virtual ~Rule() = default;
  /// The canonical spec, such as "ic" or "lt"; make_rule(spec()) rebuilds it.
  virtual std::string spec() const = 0;
  virtual std::unique_ptr<RuleWorker> make_worker() const = 0;
  /// Why the rule may never settle, or take too many steps to (SIS; SI with
  /// tiny trust), so that a run without a step limit is refused; "" if it
  /// settles on its own.
  virtual std::string why_step_limit() const { return ""; }
  bool needs_step_limit() const { return !why_step_limit().empty(); }
  /// True when the rule itself makes adopters leave (sir, sis); under the
  /// others only the word-of-mouth model does.
  virtual bool churns() const { return false; }
  /// True when users who churned can adopt again (SIS); the word-of-mouth
  /// model then persuades them again too. Elsewhere churn is final.
  virtual bool churned_can_return() const { return false; }
};

/// A rule's parameters, parsed: the canonical spec and how to bind the rule
/// to a graph.
struct RuleBinding {
  std::string text;
  std::function<std::unique_ptr<Rule>(const Graph& graph)> bind;
};

/// One line of the rule table (rules/registry.cpp): the name a spec starts
/// with, its usage, an example that runs (tests run every rule through it),
/// and the parser of the spec's parameters. Each rule's header says what it
/// does.
struct RuleEntry {
  std::string_view name;     // "bass"
  std::string_view usage;    // "bass:p=P,q=Q[,scope=neighbors|global]"
  std::string_view example;  // "bass:p=0.01,q=0.3"
  RuleBinding (*parse)(const Spec& spec);
};

/// The parser of a rule class R with a nested R::Params that parses a spec
/// (Params::parse, Params::to_string) and a constructor R(graph, params).
template <class R>
RuleBinding make_rule_of(const Spec& spec) {
  const typename R::Params params = R::Params::parse(spec);
  return {params.to_string(),
          [params](const Graph& graph) -> std::unique_ptr<Rule> {
            return std::make_unique<R>(graph, params);
          }};
}

/// Every rule, in the order help lists them.
std::span<const RuleEntry> rule_table();
/// The usages joined by " | ", for help texts.
std::string rule_usages();

/// A rule spec parsed once, such as `bass:p=0.01,q=0.3`: its canonical text
/// and its rule, bound to a graph when asked.
class RuleSpec {
 public:
  /// `ic`, the built-in scenario's rule.
  RuleSpec();
  /// Throws InputError for an unknown rule (listing the known ones) or a bad
  /// parameter, naming the spec.
  RuleSpec(std::string_view text);  // NOLINT: a spec reads from its text
  RuleSpec(const std::string& text) : RuleSpec(std::string_view(text)) {}
  RuleSpec(const char* text) : RuleSpec(std::string_view(text)) {}
  static RuleSpec parse(std::string_view text) { return RuleSpec(text); }

  /// Canonical: every parameter, so that `bass:p=0.01,q=0.3` reads
  /// `bass:p=0.01,q=0.3,scope=neighbors`; equal to the rule's spec().
  const std::string& to_string() const { return binding_.text; }
  /// The rule bound to `graph` (which must outlive it).
  std::unique_ptr<Rule> make(const Graph& graph) const { return binding_.bind(graph); }
  bool operator==(const RuleSpec& other) const { return to_string() == other.to_string(); }

 private:
  RuleBinding binding_;
};

/// RuleSpec(spec).make(graph).
std::unique_ptr<Rule> make_rule(std::string_view spec, const Graph& graph);

/// Checks a rule spec without a graph; throws InputError like make_rule.
void check_rule_spec(std::string_view spec);

}  // namespace koubei
