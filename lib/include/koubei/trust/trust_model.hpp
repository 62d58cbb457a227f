#pragma once
// Trust models: how much the target of each arc trusts a recommendation from
// its source, a value in [0,1] written into the graph's trust array.
//
//   const:P         every arc P
//   uniform:A:B     each arc uniform on [A, B], independently
//   wc              weighted cascade: 1 / in-degree of the target
//   trivalency      each arc 0.1, 0.01 or 0.001 with equal chance
//   weight          the file's weight column, already mapped onto [0,1]
//   tie[:LO:HI]     tie strength: the Jaccard overlap of the two endpoints'
//                   neighbourhoods, scaled linearly onto LO..HI (default 0..1)
//
// Random models draw from the stream (master seed, replicate 0,
// Purpose::kTrust) keyed by arc index: arc i gets A + (B - A) * uniform_pair(i)
// (`uniform`) or the value number (word(i) * 3) >> 32 (`trivalency`).

#include <cstdint>
#include <string>
#include <string_view>

#include "koubei/graph/graph.hpp"

namespace koubei {

class TrustModel {
 public:
  enum class Kind { kConst, kUniform, kWeightedCascade, kTrivalency, kWeight, kTie };

  /// Throws InputError naming the spec for an unknown model or a bad value.
  static TrustModel parse(std::string_view spec);

  /// Overwrites the graph's trust. Throws InputError if a value falls outside
  /// [0,1] (for `weight`: naming the file line whose weight does).
  void apply(Graph& graph, std::uint64_t master_seed) const;

  Kind kind() const { return kind_; }
  const std::string& spec() const { return spec_; }

 private:
  Kind kind_ = Kind::kConst;
  double a_ = 0.1;
  double b_ = 0.1;
  std::string spec_;
};

}  // namespace koubei
