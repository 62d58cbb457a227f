#include "koubei/model/product.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "koubei/core/error.hpp"
#include "koubei/core/spec.hpp"

namespace koubei {

Trigger Trigger::parse(std::string_view text, std::string_view what) {
  Trigger trigger;
  if (text == "never") return trigger;
  auto colon = text.find(':');
  std::string_view kind = text.substr(0, colon);
  std::optional<std::uint64_t> at;
  if (colon != std::string_view::npos) at = parse_uint64(text.substr(colon + 1));
  if (at && kind == "day") {
    trigger.kind = Kind::kDay;
  } else if (at && kind == "adopters") {
    trigger.kind = Kind::kAdopters;
  } else {
    throw InputError(fmt::format("{} = '{}': expected never, day:N or adopters:N", what, text));
  }
  trigger.at = *at;
  return trigger;
}

std::string Trigger::to_string() const {
  switch (kind) {
    case Kind::kDay:
      return fmt::format("day:{}", at);
    case Kind::kAdopters:
      return fmt::format("adopters:{}", at);
    default:
      return "never";
  }
}

ProductTimeline::ProductTimeline(const ProductConfig& config, bool hold_levels)
    : config_(config), hold_(hold_levels) {
  reset();
}

void ProductTimeline::reset() {
  level_ = {config_.speed, config_.looks, config_.openness};
  started_on_.fill(-1);
  latest_ = -1;
}

void ProductTimeline::advance(std::uint32_t day, std::uint64_t adopters_before) {
  if (hold_) return;
  for (int p = 0; p < 3; ++p) {
    const PhaseConfig& phase = config_.phases[p];
    if (started_on_[p] < 0) {
      bool starts =
          (phase.start.kind == Trigger::Kind::kDay && day >= phase.start.at) ||
          (phase.start.kind == Trigger::Kind::kAdopters && adopters_before >= phase.start.at);
      if (!starts) continue;
      started_on_[p] = day;
      if (latest_ < 0 || started_on_[latest_] <= day) latest_ = p;
    }
    const double elapsed = static_cast<double>(day - started_on_[p]);
    const double progress =
        phase.ramp_days <= 0 ? 1.0 : std::min(1.0, elapsed / static_cast<double>(phase.ramp_days));
    level_[p] = std::lerp(phase.from, phase.to, progress);  // exact at both ends
  }
}

const char* ProductTimeline::phase_name() const {
  return latest_ < 0 ? "none" : kPhaseNames[latest_];
}

}  // namespace koubei
