// Seeds files' header lines ("# koubei seeds: key=value; ..."), which
// `koubei estimate` reads for the rule and method. A header that parses
// formats to one line that parses to the same fields, and so does the
// header built from its fields with set(); read_seeds_header on the input as
// a file agrees with parse_seeds_header on its first line (a byte order mark
// aside, which the reader reads past): the same header, the same "not a
// header", or both an InputError; a first line over 64 KiB is refused if it
// starts like a header and is no header otherwise (never cut short).

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "fuzz_support.hpp"
#include "koubei/core/spec.hpp"
#include "koubei/seeding/seeding_spec.hpp"
#include "koubei/seeding/seeds_file.hpp"

namespace {

using koubei::SeedsFileHeader;

// read_seeds_header refuses a first line longer than this that starts like
// a header, and reads any other as no header.
constexpr std::size_t kMaxHeaderBytes = 65536;

// What a parser did: nullopt for an InputError, else what it gave.
using Outcome = std::optional<std::optional<SeedsFileHeader>>;

template <typename F>
Outcome outcome(F&& parse) {
  try {
    return parse();
  } catch (const koubei::InputError&) {
    return std::nullopt;
  }
}

bool same(const Outcome& a, const Outcome& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  if (a->has_value() != b->has_value()) return false;
  return !*a || (*a)->fields == (*b)->fields;
}

// An outcome as text, for a message.
std::string describe(const Outcome& o) {
  if (!o) return "an InputError";
  if (!*o) return "no header";
  std::string text = "a header of " + std::to_string((*o)->fields.size()) + " fields:";
  for (const auto& [key, value] : (*o)->fields)
    text += " " + key + "=(" + std::to_string(value.size()) + " bytes) '" + value.substr(0, 40) +
            (value.size() > 40 ? "...'" : "'");
  return text;
}

void check_formats_back(const SeedsFileHeader& header, const std::string& line) {
  const std::string formatted = koubei::format_seeds_header(header);
  if (formatted.find_first_of("\n\r") != std::string::npos) {
    std::fprintf(stderr, "'%s' formats to more than one line: '%s'\n", line.c_str(),
                 formatted.c_str());
    std::abort();
  }
  std::optional<SeedsFileHeader> again;
  try {
    again = koubei::parse_seeds_header(formatted);
  } catch (const koubei::InputError& e) {
    std::fprintf(stderr, "'%s' formats to '%s', which fails: %s\n", line.c_str(), formatted.c_str(),
                 e.what());
    std::abort();
  }
  if (!again || again->fields != header.fields) {
    std::fprintf(stderr, "'%s' formats to '%s', which reads back otherwise\n", line.c_str(),
                 formatted.c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace koubei;
  const std::string_view bytes = fuzz::as_text(data, size);
  const std::string line(bytes.substr(0, bytes.find('\n')));
  const Outcome parsed = outcome([&] { return parse_seeds_header(line); });

  if (parsed && *parsed) {
    const SeedsFileHeader& header = **parsed;
    check_formats_back(header, line);
    // The keys parse took are keys set() takes (it throws otherwise), and
    // setting each field in turn gives the same header.
    SeedsFileHeader rebuilt;
    for (const auto& [key, value] : header.fields) rebuilt.set(key, value);
    if (rebuilt.fields != header.fields) {
      std::fprintf(stderr, "'%s': set() field by field gives another header\n", line.c_str());
      std::abort();
    }
    // `koubei estimate` reads the method as a seeding spec.
    if (auto method = header.get("method"))
      fuzz::expect_success_or_input_error([&] { SeedingSpec{*method}; });
  }

  // The same bytes as a file: its reader reads past a byte order mark.
  const std::string path = fuzz::write_file("seeds.txt", bytes);
  const Outcome read = outcome([&] { return read_seeds_header(path); });
  std::string unmarked = line;
  remove_bom(unmarked);
  Outcome expected;  // an InputError
  // The limit counts the line as it is in the file, byte order mark included.
  if (line.size() <= kMaxHeaderBytes)
    expected = unmarked == line ? parsed : outcome([&] { return parse_seeds_header(unmarked); });
  else if (!unmarked.starts_with("# koubei seeds:"))
    expected.emplace();  // not a header
  if (!same(read, expected)) {
    std::fprintf(stderr,
                 "first line '%s' (%zu bytes): read_seeds_header gives %s where %s was "
                 "expected\n",
                 line.substr(0, 80).c_str(), line.size(), describe(read).substr(0, 1000).c_str(),
                 describe(expected).substr(0, 1000).c_str());
    std::abort();
  }
  return 0;
}
