#pragma once
// Complex contagion with an absolute threshold (Centola and Macy, American
// Journal of Sociology 2007; the threshold model of Granovetter 1978 with a
// count instead of a fraction). Spec `complex:k=K`, K >= 1.
//
// Synchronous and deterministic (no random draws at all): a node that can
// still adopt (unaware or aware) adopts in step t when at least K of its
// in-neighbours u (arcs u->v) adopted by the end of step t-1. A new adopter
// counts towards its out-neighbours' totals from the next step on, and never
// deactivates.
//
// Trust is ignored except that an arc with trust 0 does not count: trust 0
// means the target does not listen to the source (as under `lt`, where such
// an arc carries no weight). Arcs are counted, so a duplicate arc kept with
// `duplicates=keep` counts twice; by default a graph has none.
//
// Kernel: in step t every node that adopted in step t-1 (the frontier) adds 1
// to the counter of each out-neighbour that can still adopt, and a node
// adopts the moment its counter reaches K. Only adopters of steps before t
// push in step t, so the outcome does not depend on the order of the pushes.
// No in-arcs are needed. complex:k=1 is the breadth-first search that `ic`
// performs with trust 1 on every arc.

#include <cstdint>
#include <memory>
#include <string>

#include "koubei/rules/rule.hpp"

namespace koubei {

/// `complex:k=K`.
struct ComplexParams {
  std::uint32_t k = 1;  // >= 1: adopters among the in-neighbours needed to adopt

  /// Errors name the spec.
  static ComplexParams parse(const Spec& spec);
  std::string to_string() const;
};

class ComplexContagion final : public Rule {
 public:
  using Params = ComplexParams;
  ComplexContagion(const Graph& graph, ComplexParams params) : graph_(graph), k_(params.k) {}
  std::string spec() const override { return ComplexParams{k_}.to_string(); }
  std::unique_ptr<RuleWorker> make_worker() const override;

  std::uint32_t k() const { return k_; }

 private:
  const Graph& graph_;
  std::uint32_t k_;
};

}  // namespace koubei
