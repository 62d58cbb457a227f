#pragma once
// The product and its word-of-mouth phases.
//
// The product has three attributes in [0,1]: speed (drives satisfaction:
// promotion and retention), looks (drives conversion of the aware) and
// openness (drives participation and opens the barrier between
// communities). Three phases change them over time, as MIUI did: `fast`
// (speed), then `good-looking` (looks), then `open` (openness). A phase
// starts on a day (`day:120`) or on a milestone (`adopters:500000`: the first
// step after the adopter count reached it) and ramps its attribute linearly
// from one level to another over a number of days.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace koubei {

enum class Attribute : std::uint8_t { kSpeed, kLooks, kOpenness };

/// When something starts: never, on a day, or once adopters reach a count.
struct Trigger {
  enum class Kind : std::uint8_t { kNever, kDay, kAdopters };
  Kind kind = Kind::kNever;
  std::uint64_t at = 0;

  /// "never", "day:N" or "adopters:N"; throws InputError naming `what`.
  static Trigger parse(std::string_view text, std::string_view what);
  std::string to_string() const;
};

struct PhaseConfig {
  Trigger start;
  double from = 0;              // attribute level when the phase starts
  double to = 1;                // level reached after `ramp_days`
  std::int64_t ramp_days = 30;  // signed, so that -1 is an error, not 2^32 - 1
};

struct ProductConfig {
  double speed = 1;  // starting levels; 1 everywhere is the neutral product
  double looks = 1;
  double openness = 1;
  std::array<PhaseConfig, 3> phases;  // fast, good-looking, open
};

/// Phase names in order, as they appear in the `phase` column.
inline constexpr std::array<const char*, 3> kPhaseNames = {"fast", "good-looking", "open"};

/// The product's state over one replicate.
class ProductTimeline {
 public:
  /// `hold_levels`: the engine is switched off; attributes stay at their
  /// starting levels and no phase starts.
  ProductTimeline(const ProductConfig& config, bool hold_levels);

  /// Moves to `day`, given the adopters at the end of the previous day.
  void advance(std::uint32_t day, std::uint64_t adopters_before);
  void reset();

  double level(Attribute a) const { return level_[static_cast<int>(a)]; }
  /// The latest phase started, or "none".
  const char* phase_name() const;
  /// Index of the latest phase started, or -1.
  int phase() const { return latest_; }

 private:
  const ProductConfig& config_;
  bool hold_;
  std::array<double, 3> level_{};
  std::array<std::int64_t, 3> started_on_{};  // day a phase started, or -1
  int latest_ = -1;
};

}  // namespace koubei
