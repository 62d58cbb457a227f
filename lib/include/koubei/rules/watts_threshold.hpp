#pragma once
// Watts's fractional threshold (D. J. Watts, "A simple model of global
// cascades on random networks", PNAS 99(9):5766-5771, 2002). Spec
// `watts:phi=PHI`, 0 < PHI <= 1.
//
// Synchronous and deterministic (no random draws): a node that can still
// adopt adopts in step t when the fraction of its in-neighbours that adopted
// by the end of step t-1 reaches PHI, a / d >= PHI, compared in double
// precision (so 9 of 50 reaches 0.18). As under `complex`, trust 0 means the
// node does not listen: d counts its in-arcs with non-zero trust, and a
// those of them whose source adopted, along arcs whose effective trust today
// is not 0 (the word-of-mouth model's barrier at 0 silences arcs across
// communities; they still count in d). A node with d = 0 adopts only as a
// seed. Adopters never deactivate. Every node has the same threshold PHI
// (Watts's case of a fixed threshold); on an undirected graph the
// in-neighbours are the neighbours.
//
// Kernel: complex contagion's (rules/adopter_count.hpp) with a count per
// node, the smallest a with a / d >= PHI, worked out once per graph.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "koubei/rules/rule.hpp"

namespace koubei {

/// `watts:phi=PHI`.
struct WattsParams {
  double phi = 0.18;  // in (0, 1]: the fraction of adopting in-neighbours needed

  /// Errors name the spec.
  static WattsParams parse(const Spec& spec);
  std::string to_string() const;
};

class WattsThreshold final : public Rule {
 public:
  using Params = WattsParams;
  /// Counts each node's in-arcs with non-zero trust.
  WattsThreshold(const Graph& graph, WattsParams params);
  std::string spec() const override { return params_.to_string(); }
  std::unique_ptr<RuleWorker> make_worker() const override;

  /// Adopting in-neighbours v needs: the smallest a with a / d >= phi, or
  /// 2^32 - 1 (never) when v listens to nobody (d = 0).
  std::uint32_t needed(NodeId v) const { return needed_[v]; }

 private:
  const Graph& graph_;
  WattsParams params_;
  std::vector<std::uint32_t> needed_;
};

}  // namespace koubei
