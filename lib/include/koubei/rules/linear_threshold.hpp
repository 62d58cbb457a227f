#pragma once
// Linear threshold (Kempe, Kleinberg and Tardos, KDD 2003; Granovetter 1978).
//
// The weight of arc u->v is its trust, divided by the sum of v's incoming
// trust where that sum exceeds 1 (so every node's incoming weights sum to at
// most 1). Each node v has a threshold theta_v uniform on (0,1], drawn once
// per replicate: theta_v = 1 - uniform_pair(v) of the stream
// (seed, r, Purpose::kThreshold), so it depends on nothing but (r, v).
//
// Synchronous, one hop per step: in step t every node that adopted in step
// t-1 pushes its weight along its out-arcs (no in-arcs needed); a node that
// can still adopt adopts in step t as soon as the weight it received from
// adopters reaches theta_v. The outcome does not depend on the order of the
// pushes, since only adopters of steps before t push in step t.
//
// Kernel: each worker holds 16 bytes per node (received weight, in_scale and
// theta_v, drawn when v first receives weight in a replicate and kept as the
// smallest float >= theta_v, which decides the float comparison exactly as
// theta_v does); rows, arcs and target records ahead are prefetched.

#include <memory>
#include <string>
#include <vector>

#include "koubei/rules/rule.hpp"

namespace koubei {

/// `lt`: no parameters.
struct LtParams {
  static LtParams parse(const Spec& spec);
  std::string to_string() const { return "lt"; }
};

class LinearThreshold final : public Rule {
 public:
  using Params = LtParams;
  explicit LinearThreshold(const Graph& graph, LtParams params = {});
  std::string spec() const override { return LtParams{}.to_string(); }
  std::unique_ptr<RuleWorker> make_worker() const override;

  /// 1 / max(1, incoming trust of v): the factor that normalises v's weights.
  float in_scale(NodeId v) const { return in_scale_[v]; }

 private:
  const Graph& graph_;
  std::vector<float> in_scale_;
};

}  // namespace koubei
