#include "koubei/core/spec.hpp"

#include <cctype>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "koubei/core/error.hpp"

namespace koubei {
namespace {

std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(sep, start);
    parts.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

}  // namespace

std::optional<double> parse_double(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

std::optional<std::int64_t> parse_int64(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    // Accept integral values written in floating-point form, such as 1e6.
    auto d = parse_double(text);
    if (d && *d == std::floor(*d) && std::fabs(*d) < 9.2e18) return static_cast<std::int64_t>(*d);
    return std::nullopt;
  }
  return value;
}

std::optional<std::uint64_t> parse_uint64(std::string_view text) {
  text = trim(text);
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

Spec::Spec(std::string_view what, std::string_view text) : what_(what), text_(trim(text)) {
  std::string_view body = text_;
  std::size_t colon = body.find(':');
  name_ = std::string(trim(body.substr(0, colon)));
  if (name_.empty()) throw InputError(fmt::format("{} spec '{}': missing a name", what_, text_));
  if (colon == std::string_view::npos) return;
  bool first = true;
  for (const std::string& raw : split(body.substr(colon + 1), ',')) {
    std::string_view item = trim(raw);
    std::size_t eq = item.find('=');
    if (eq != std::string_view::npos) {
      std::string key(trim(item.substr(0, eq)));
      if (key.empty())
        throw InputError(fmt::format("{} spec '{}': item '{}' has no key", what_, text_, item));
      if (has(key))
        throw InputError(fmt::format("{} spec '{}': key '{}' given twice", what_, text_, key));
      params_.emplace_back(std::move(key), std::string(trim(item.substr(eq + 1))));
    } else if (first && name_ == "file") {
      args_.emplace_back(item);
    } else {
      for (const std::string& part : split(item, ':')) args_.emplace_back(trim(part));
    }
    first = false;
  }
}

bool Spec::has(std::string_view key) const {
  return std::any_of(params_.begin(), params_.end(), [&](const auto& p) { return p.first == key; });
}

void Spec::allow_only(std::initializer_list<std::string_view> allowed) const {
  for (const auto& [key, value] : params_) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      throw InputError(fmt::format("{} spec '{}': unknown key '{}' (allowed: {})", what_, text_,
                                   key, fmt::join(allowed, ", ")));
    }
  }
}

void Spec::expect_args(std::size_t count, std::string_view usage) const {
  if (args_.size() != count)
    throw InputError(fmt::format("{} spec '{}': expected {}", what_, text_, usage));
}

std::optional<std::string> Spec::get(std::string_view key) const {
  for (const auto& [k, v] : params_)
    if (k == key) return v;
  return std::nullopt;
}

double Spec::parse_double(std::string_view label, std::string_view value, double lo,
                          double hi) const {
  auto parsed = koubei::parse_double(value);
  if (!parsed)
    throw InputError(
        fmt::format("{} spec '{}': {} = '{}' is not a finite number", what_, text_, label, value));
  if (*parsed < lo || *parsed > hi)
    throw InputError(fmt::format("{} spec '{}': {} = {} is outside [{}, {}]", what_, text_, label,
                                 value, lo, hi));
  return *parsed;
}

std::int64_t Spec::parse_int(std::string_view label, std::string_view value, std::int64_t lo,
                             std::int64_t hi) const {
  auto parsed = koubei::parse_int64(value);
  if (!parsed)
    throw InputError(
        fmt::format("{} spec '{}': {} must be an integer, got '{}'", what_, text_, label, value));
  if (*parsed < lo || *parsed > hi)
    throw InputError(fmt::format("{} spec '{}': {} = {} is outside [{}, {}]", what_, text_, label,
                                 value, lo, hi));
  return *parsed;
}

double Spec::get_double(std::string_view key, double fallback, double lo, double hi) const {
  auto v = get(key);
  return v ? parse_double(key, *v, lo, hi) : fallback;
}

std::int64_t Spec::get_int(std::string_view key, std::int64_t fallback, std::int64_t lo,
                           std::int64_t hi) const {
  auto v = get(key);
  return v ? parse_int(key, *v, lo, hi) : fallback;
}

double Spec::require_double(std::string_view key, double lo, double hi) const {
  auto v = get(key);
  if (!v) throw InputError(fmt::format("{} spec '{}': missing {}=", what_, text_, key));
  return parse_double(key, *v, lo, hi);
}

std::int64_t Spec::require_int(std::string_view key, std::int64_t lo, std::int64_t hi) const {
  auto v = get(key);
  if (!v) throw InputError(fmt::format("{} spec '{}': missing {}=", what_, text_, key));
  return parse_int(key, *v, lo, hi);
}

bool Spec::get_bool(std::string_view key, bool fallback) const {
  auto v = get(key);
  if (!v) return fallback;
  if (*v == "1" || *v == "true" || *v == "yes") return true;
  if (*v == "0" || *v == "false" || *v == "no") return false;
  throw InputError(
      fmt::format("{} spec '{}': {} must be 0 or 1, got '{}'", what_, text_, key, *v));
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

}  // namespace koubei
