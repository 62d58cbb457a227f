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
// The same word decides the arc at every trust, so within a replicate the
// live arcs at trust p1 <= p2 are a subset of those at p2, and so are the
// adopters: runs that differ only in trust share common random numbers and
// their difference is measured precisely (`invite:k=K` with K >= the largest
// out-degree uses the same words and is identical to `ic`).
//
// `ic:sampler=runs` trades that coupling for speed when every arc has the
// same trust p in (0, 1) and no community barrier changes it: the arcs a
// replicate tries, in the order it tries them, are cut into geometric runs of
// dead arcs instead (the sequential stream Purpose::kDeadRuns). Same law,
// one draw per live arc rather than one per arc, and only live arcs' targets
// are read; but which arcs are live depends on p and on the order of the
// visits, so runs at two trusts are independent draws, not coupled ones.
// Elsewhere (varying trust, a barrier, trust 0 or 1) `runs` is the per-arc
// sampler.
//
// Kernel (per-arc sampler): the frontier's nodes in order, each with its
// out-arcs. Without a community barrier an arc's trial needs only its word
// and its trust, so the words of all the frontier's arcs are computed a chunk
// of rows at a time, with SIMD (random/philox_batch.hpp: a row's arcs share
// Philox blocks of four words), and only the live arcs' targets and states
// are then read, with prefetching. With a barrier the effective trust
// depends on the target's community, so the targets that can still adopt are
// listed first and their trials decided a chunk at a time. Either way the
// trials are decided in frontier order, then arc order, each target asked
// whether it can still adopt when its turn comes: the outcome, and the order
// of persuasion, are those of deciding each arc as the scan reaches it. The
// row starts and first arcs of nodes a few places ahead in the frontier are
// prefetched (benchmarks/README.md has the figures).
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

/// How a replicate decides which arcs are live.
enum class IcSampler {
  kArcs,  // one word per arc, keyed by the arc (the default): coupled across trusts
  kRuns,  // geometric runs of dead arcs, for one trust p in (0, 1): same law, not coupled
};

/// `ic[:sampler=arcs|runs]`.
struct IcParams {
  IcSampler sampler = IcSampler::kArcs;

  /// Errors name the spec.
  static IcParams parse(const Spec& spec);
  /// `ic` or `ic:sampler=runs`.
  std::string to_string() const;
};

class IndependentCascade final : public Rule {
 public:
  using Params = IcParams;
  /// Looks once at the graph's trust: whether every arc has the same one,
  /// and for one trust p in (0, 1) under `runs`, the table of the run sampler.
  explicit IndependentCascade(const Graph& graph, IcParams params = {});
  std::string spec() const override { return IcParams{sampler_}.to_string(); }
  IcSampler sampler() const { return sampler_; }
  std::unique_ptr<RuleWorker> make_worker() const override;

  /// Every arc has the same trust, bit for bit (const:P).
  bool uniform_trust() const { return uniform_trust_; }
  /// Under `runs` with one trust p in (0, 1) (else empty): floor((1 - p)^k * 2^32) for k = 0, 1, ...
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
  IcSampler sampler_;
  bool uniform_trust_ = false;
  std::vector<std::uint64_t> survival_;
  std::vector<std::uint16_t> guide_;
};

}  // namespace koubei
