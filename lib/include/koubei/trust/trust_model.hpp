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

/// A trust spec parsed once: the model and its canonical text.
class TrustModel {
 public:
  enum class Kind { kConst, kUniform, kWeightedCascade, kTrivalency, kWeight, kTie };

  /// const:0.05, the built-in scenario's trust.
  TrustModel() = default;
  /// Throws InputError naming the spec for an unknown model or a bad value.
  TrustModel(std::string_view text) : TrustModel(parse(text)) {}  // NOLINT: from its text
  TrustModel(const std::string& text) : TrustModel(std::string_view(text)) {}
  TrustModel(const char* text) : TrustModel(std::string_view(text)) {}
  static TrustModel parse(std::string_view spec);
  /// const:P.
  static TrustModel constant(double p);

  /// Overwrites the graph's trust. Throws InputError if a value falls outside
  /// [0,1] (for `weight`: naming the file line whose weight does).
  void apply(Graph& graph, std::uint64_t master_seed) const;

  Kind kind() const { return kind_; }
  /// The canonical spec: numbers in their shortest form (`const:0.1`).
  const std::string& spec() const { return spec_; }
  const std::string& to_string() const { return spec_; }
  bool operator==(const TrustModel& other) const { return spec_ == other.spec_; }

 private:
  Kind kind_ = Kind::kConst;
  double a_ = 0.05;
  double b_ = 0.05;
  std::string spec_ = "const:0.05";
};

}  // namespace koubei
