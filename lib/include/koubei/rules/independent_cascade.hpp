#pragma once
// Independent cascade (Kempe, Kleinberg and Tardos, KDD 2003).
//
// Synchronous, one hop per step: every node that adopted in step t-1 gets
// exactly one chance per out-arc u->v in step t; the trial succeeds with the
// arc's trust, and a node that can still adopt (unaware or aware) adopts on
// its first success. A new adopter refers from the next step on.
//
// The trial of arc a in replicate r is word a of the stream
// (seed, r, Purpose::kArcTrial): it succeeds when word < trust * 2^32. Since
// each arc is tried at most once per replicate, keying the draw by arc makes
// the cascade exactly a breadth-first search over the arcs that are "live"
// in that replicate, whatever the order of the visits (bond percolation).
// When every arc has the same trust p (const:p) and no community barrier
// changes it, the arcs a replicate tries, in the order it tries them, are
// cut into geometric runs of dead arcs instead (the sequential stream
// Purpose::kDeadRuns): the same distribution, one draw per live arc rather
// than one per arc, and only live arcs' targets are read.
//
// Kernel: the frontier's nodes in order, each scanning its out-arcs; a trial
// is drawn only for a target that can still adopt. The Philox block of the
// last trial (words 4b..4b+3) is kept, so consecutive arcs of a node share
// one block; the row starts and first arcs of nodes a few places ahead in
// the frontier are prefetched (benchmarks/README.md has the figures).
//
// With trust 1 on every arc of an undirected graph, and nothing to record
// who persuaded whom (no model, no trace, no barrier), the cascade is a
// breadth-first search and runs as a direction-optimizing one (Beamer et al.,
// SC 2012): while the frontier's arcs are many compared with those left
// unexplored, each node that can still adopt looks for a frontier node among
// its neighbours instead, and stops at the first. The nodes adopting at each
// step, and so every count, are the same either way; only the order of the
// next frontier differs, which a certain cascade does not see.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "koubei/rules/rule.hpp"

namespace koubei {

class IndependentCascade final : public Rule {
 public:
  /// Looks once at the graph's trust: whether every arc has the same one,
  /// and for one trust p in (0, 1), the table of the gap sampler.
  explicit IndependentCascade(const Graph& graph);
  std::string spec() const override { return "ic"; }
  std::unique_ptr<RuleWorker> make_worker() const override;

  /// Every arc has the same trust, bit for bit (const:P).
  bool uniform_trust() const { return uniform_trust_; }
  /// With one trust p in (0, 1): floor((1 - p)^k * 2^32) for k = 0, 1, ...
  /// up to kSurvivalSteps or to the first 0, by repeated multiplication in
  /// double (exact IEEE operations: the same everywhere). A word w below
  /// entry k means at least k dead arcs in a row.
  std::span<const std::uint64_t> survival() const { return survival_; }
  /// 8 KB of table: a run longer than this is drawn in pieces.
  static constexpr std::size_t kSurvivalSteps = 1024;
  /// A guide table (Chen and Asau, 1974) for the survival table: entry b is
  /// the shortest run any word w with w >> kGuideShift == b stands for, so a
  /// run is found by stepping up from there: about once for p >= 0.001,
  /// a few times for smaller p, whose words mostly stand for whole pieces.
  std::span<const std::uint16_t> guide() const { return guide_; }
  static constexpr unsigned kGuideShift = 22;

 private:
  const Graph& graph_;
  bool uniform_trust_ = false;
  std::vector<std::uint64_t> survival_;
  std::vector<std::uint16_t> guide_;
};

}  // namespace koubei
