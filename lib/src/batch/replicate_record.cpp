#include "koubei/batch/replicate_record.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <charconv>

#include "koubei/core/spec.hpp"

namespace koubei {
namespace {

// Reads space-separated fields in order; any failure sticks.
class Fields {
 public:
  explicit Fields(std::string_view text) : text_(text) {}

  std::string_view next() {
    if (!ok_) return {};
    const std::size_t end = std::min(text_.find(' '), text_.size());
    std::string_view field = text_.substr(0, end);
    text_.remove_prefix(std::min(end + 1, text_.size()));
    if (field.empty()) ok_ = false;
    return field;
  }
  template <class T>
  void read(T& value) {
    std::string_view field = next();
    if constexpr (std::is_floating_point_v<T>) {
      auto parsed = parse_double(field);
      ok_ = ok_ && parsed.has_value();
      value = parsed.value_or(0);
    } else {
      auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
      ok_ = ok_ && ec == std::errc() && end == field.data() + field.size();
    }
  }
  std::string_view rest() const { return text_; }
  bool ok() const { return ok_; }
  bool at_end() const { return text_.empty(); }

 private:
  std::string_view text_;
  bool ok_ = true;
};

std::uint32_t checksum(std::string_view text) {
  return static_cast<std::uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(text.data()), static_cast<uInt>(text.size())));
}

// A rule spec as one field: '%' and the characters that separate fields or
// lines written as %XX.
std::string escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  return out;
}

std::string unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned value = 0;
    if (text[i] == '%' && i + 2 < text.size() &&
        std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16).ec == std::errc()) {
      out += static_cast<char>(value);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

ReplicateRecord make_record(std::uint32_t point, const RunDescription& description,
                            ReplicateResult&& result, const RecordContent& content) {
  ReplicateRecord record;
  record.point = point;
  record.rule = description.rule;
  record.nodes = description.nodes;
  record.arcs = description.arcs;
  record.summary = summarize(result);
  if (content.record_every == 1) {
    record.steps = std::move(result.steps);
  } else if (content.record_every > 1) {
    for (const StepRecord& s : result.steps)
      if (s.step % content.record_every == 0 || &s == &result.steps.back())
        record.steps.push_back(s);
  }
  if (content.communities) record.community_counts = std::move(result.community_counts);
  if (content.referrals) record.referrals = std::move(result.referrals);
  return record;
}

ReplicateRecord make_record(std::uint32_t point, const RunDescription& description,
                            const ReplicateResult& result, std::uint32_t record_every) {
  ReplicateResult copy;
  copy.replicate = result.replicate;
  copy.seeds = result.seeds;
  copy.ever_adopted = result.ever_adopted;
  copy.arcs_examined = result.arcs_examined;
  copy.arcs_read = result.arcs_read;
  copy.wall_ms = result.wall_ms;
  copy.steps = result.steps;
  return make_record(point, description, std::move(copy), RecordContent{record_every});
}

ReplicateRecord failed_record(std::uint32_t point, std::uint32_t replicate,
                              std::string_view message) {
  ReplicateRecord record;
  record.point = point;
  record.summary.replicate = replicate;
  record.failure = message.empty() ? "unknown error" : std::string(message);
  for (char& c : record.failure)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';  // one line
  return record;
}

// Layout: "point replicate ok <summary> <step count> <steps...>
// [c <count> <community counts...>] [r <count> <referrals...>] #crc" or
// "point replicate failed <message> #crc".
std::string encode_record(const ReplicateRecord& r) {
  std::string out;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "{} {} ", r.point, r.summary.replicate);
  if (r.failed()) {
    fmt::format_to(it, "failed {}", r.failure);
  } else {
    const ReplicateSummary& s = r.summary;
    const StateCounts& c = s.final_counts;
    fmt::format_to(it, "ok {} {} {} ", escape(r.rule), r.nodes, r.arcs);
    fmt::format_to(it, "{} {} {} {} {} {} {} {} {} {} {} {} {} {} {}", s.seeds, s.steps,
                   c.unaware, c.aware, c.adopters, c.promoters, c.churned, s.total_cost,
                   s.wall_ms, s.arcs_examined, s.ever_adopted, s.t_10pct, s.t_50pct,
                   s.arcs_read, r.steps.size());
    for (const StepRecord& t : r.steps) {
      fmt::format_to(it, " {} {} {} {} {} {} {} {} {} {} {}", t.step, t.phase, t.counts.unaware,
                     t.counts.aware, t.counts.adopters, t.counts.promoters, t.counts.churned,
                     t.transitions.new_aware, t.transitions.new_adopters,
                     t.transitions.new_promoters, t.transitions.new_churned);
      fmt::format_to(it, " {} {} {} {} {}", t.channels.exposures[0], t.channels.exposures[1],
                     t.channels.exposures[2], t.channels.exposures[3], t.channels.cost);
      for (std::uint64_t a : t.channels.adoptions) fmt::format_to(it, " {}", a);
    }
    if (!r.community_counts.empty()) {
      fmt::format_to(it, " c {}", r.community_counts.size());
      for (std::uint64_t x : r.community_counts) fmt::format_to(it, " {}", x);
    }
    if (!r.referrals.empty()) {
      fmt::format_to(it, " r {}", r.referrals.size());
      for (const Referral& e : r.referrals)
        fmt::format_to(it, " {} {} {} {}", e.step, e.source, e.target,
                       static_cast<unsigned>(e.channel));
    }
  }
  fmt::format_to(it, " #{:08x}\n", checksum(out));
  return out;
}

std::optional<ReplicateRecord> decode_record(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  const std::size_t mark = line.rfind(" #");
  if (mark == std::string_view::npos || line.size() - mark != 10) return std::nullopt;
  std::uint32_t expected = 0;
  const std::string_view hex = line.substr(mark + 2);
  auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), expected, 16);
  if (ec != std::errc() || end != hex.data() + hex.size()) return std::nullopt;
  const std::string_view body = line.substr(0, mark);
  if (checksum(body) != expected) return std::nullopt;
  // One line, as encode_record writes it: a line break inside comes from
  // somewhere else, even with a checksum that matches.
  if (body.find_first_of("\n\r") != std::string_view::npos) return std::nullopt;

  ReplicateRecord r;
  Fields f(body);
  f.read(r.point);
  f.read(r.summary.replicate);
  const std::string_view status = f.next();
  if (!f.ok()) return std::nullopt;
  if (status == "failed") {
    r.failure = std::string(f.rest());
    if (r.failure.empty()) return std::nullopt;
    return r;
  }
  if (status != "ok") return std::nullopt;
  r.rule = unescape(f.next());
  f.read(r.nodes), f.read(r.arcs);
  ReplicateSummary& s = r.summary;
  StateCounts& c = s.final_counts;
  std::size_t count = 0;
  f.read(s.seeds), f.read(s.steps), f.read(c.unaware), f.read(c.aware), f.read(c.adopters);
  f.read(c.promoters), f.read(c.churned), f.read(s.total_cost), f.read(s.wall_ms);
  f.read(s.arcs_examined), f.read(s.ever_adopted), f.read(s.t_10pct), f.read(s.t_50pct);
  f.read(s.arcs_read), f.read(count);
  if (!f.ok() || count > body.size()) return std::nullopt;
  r.steps.resize(count);
  for (StepRecord& t : r.steps) {
    int phase = 0;
    f.read(t.step), f.read(phase), f.read(t.counts.unaware), f.read(t.counts.aware);
    f.read(t.counts.adopters), f.read(t.counts.promoters), f.read(t.counts.churned);
    f.read(t.transitions.new_aware), f.read(t.transitions.new_adopters);
    f.read(t.transitions.new_promoters), f.read(t.transitions.new_churned);
    for (std::uint64_t& e : t.channels.exposures) f.read(e);
    f.read(t.channels.cost);
    for (std::uint64_t& a : t.channels.adoptions) f.read(a);
    t.phase = static_cast<std::int8_t>(phase);
  }
  while (f.ok() && !f.at_end()) {
    const std::string_view section = f.next();
    f.read(count);
    if (!f.ok() || count > body.size()) return std::nullopt;
    if (section == "c" && r.community_counts.empty()) {
      r.community_counts.resize(count);
      for (std::uint64_t& x : r.community_counts) f.read(x);
    } else if (section == "r" && r.referrals.empty()) {
      r.referrals.resize(count);
      for (Referral& e : r.referrals) {
        unsigned channel = 0;
        f.read(e.step), f.read(e.source), f.read(e.target), f.read(channel);
        if (channel >= std::size(kChannelNames)) return std::nullopt;
        e.channel = static_cast<Channel>(channel);
      }
    } else {
      return std::nullopt;
    }
  }
  if (!f.ok()) return std::nullopt;
  return r;
}

}  // namespace koubei
