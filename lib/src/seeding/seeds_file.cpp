#include "koubei/seeding/seeds_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"
#include "koubei/core/spec.hpp"

namespace koubei {
namespace {

constexpr std::string_view kPrefix = "# koubei seeds:";
constexpr std::size_t kMaxHeaderBytes = 65536;

std::string escape(std::string_view value) {
  std::string out;
  for (char c : value) {
    switch (c) {
      case '%': out += "%25"; break;
      case ';': out += "%3B"; break;
      case '\n': out += "%0A"; break;
      case '\r': out += "%0D"; break;
      case ' ': out += "%20"; break;   // kept, where the reader trims
      case '\t': out += "%09"; break;
      default: out += c;
    }
  }
  return out;
}

std::string unescape(std::string_view value, std::string_view field) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '%') {
      out += value[i];
      continue;
    }
    const std::string_view code = value.substr(i + 1, 2);
    if (code == "25") out += '%';
    else if (code == "3B") out += ';';
    else if (code == "0A") out += '\n';
    else if (code == "0D") out += '\r';
    else if (code == "20") out += ' ';
    else if (code == "09") out += '\t';
    else
      throw InputError(fmt::format("seeds header field '{}': '%{}' is not an escape (%25, %3B, "
                                   "%0A, %0D, %20 or %09)", field, code));
    i += 2;
  }
  return out;
}

bool is_key(std::string_view key) {
  if (key.empty() || key.size() > 64) return false;
  for (char c : key)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  return true;
}

}  // namespace

std::optional<std::string> SeedsFileHeader::get(std::string_view key) const {
  for (const auto& [k, v] : fields)
    if (k == key) return v;
  return std::nullopt;
}

void SeedsFileHeader::set(std::string key, std::string value) {
  if (!is_key(key))
    throw InputError(fmt::format("seeds header key '{}': expected lower-case letters, digits, "
                                 "'-' and '_'", key));
  for (auto& [k, v] : fields)
    if (k == key) {
      v = std::move(value);
      return;
    }
  fields.emplace_back(std::move(key), std::move(value));
}

std::string format_seeds_header(const SeedsFileHeader& header) {
  std::string line(kPrefix);
  bool first = true;
  for (const auto& [key, value] : header.fields) {
    line += first ? " " : "; ";
    first = false;
    line += key + "=" + escape(value);
  }
  return line;
}

std::optional<SeedsFileHeader> parse_seeds_header(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (!line.starts_with(kPrefix)) return std::nullopt;
  SeedsFileHeader header;
  std::string_view rest = line.substr(kPrefix.size());
  while (!trim(rest).empty()) {
    const std::size_t end = rest.find(';');
    const std::string_view item = trim(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    const std::size_t eq = item.find('=');
    const std::string_view key = trim(item.substr(0, eq));
    if (eq == std::string_view::npos || !is_key(key))
      throw InputError(fmt::format("seeds header field '{}': expected key=value with a key of "
                                   "lower-case letters, digits, '-' and '_'", item));
    if (header.get(key))
      throw InputError(fmt::format("seeds header field '{}' is given twice", key));
    header.fields.emplace_back(std::string(key), unescape(trim(item.substr(eq + 1)), key));
  }
  return header;
}

std::optional<SeedsFileHeader> read_seeds_header(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw_if_interrupted();
    throw InputError(fmt::format("cannot open seeds file '{}': {}", path, std::strerror(errno)));
  }
  std::string line;
  // A header is one line of a few hundred bytes: a longer first line that
  // starts like one is refused rather than read without end or cut short.
  char c;
  while (line.size() <= kMaxHeaderBytes && in.get(c) && c != '\n') line += c;
  const bool too_long = line.size() > kMaxHeaderBytes;  // before the mark goes
  remove_bom(line);
  if (too_long) {
    if (line.starts_with(kPrefix))
      throw InputError(fmt::format("{}:1: a seeds header longer than {} bytes", path, kMaxHeaderBytes));
    return std::nullopt;
  }
  try {
    return parse_seeds_header(line);
  } catch (const InputError& e) {
    throw InputError(fmt::format("{}:1: {}", path, e.what()));
  }
}

std::string seeds_file_text(const Graph& graph, std::span<const NodeId> seeds,
                            const SeedsFileHeader& header) {
  std::string text = format_seeds_header(header) + "\n";
  for (NodeId v : seeds) text += fmt::format("{}\n", graph.original_id(v));
  return text;
}

}  // namespace koubei
