// Seeding specs (`seeds = imm:k=50`, --seeds, --method, --seedings), as
// typed on the command line or in an INI file. A spec that parses writes a
// canonical form (config.ini and sweep definitions hold it) that parses to
// an equal spec with the same text and the same parameters; the spec
// --scale makes of it (k times a factor, at least 1) is valid in turn.

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "fuzz_support.hpp"
#include "koubei/seeding/seeding_spec.hpp"

namespace {

using koubei::SeedingSpec;

bool same_parameters(const SeedingSpec& a, const SeedingSpec& b) {
  return a.method() == b.method() && a.k() == b.k() && a.epsilon() == b.epsilon() &&
         a.ell() == b.ell() && a.runs() == b.runs() && a.rule() == b.rule();
}

// `spec`'s canonical text parses to an equal spec with the same parameters;
// `what` says where `spec` came from.
void check_reads_back(const SeedingSpec& spec, const std::string& what) {
  const std::string canonical = spec.to_string();
  SeedingSpec again;
  try {
    again = SeedingSpec(canonical);
  } catch (const koubei::InputError& e) {
    std::fprintf(stderr, "%s writes '%s', which fails: %s\n", what.c_str(), canonical.c_str(),
                 e.what());
    std::abort();
  }
  if (!(again == spec) || again.to_string() != canonical || !same_parameters(again, spec)) {
    std::fprintf(stderr, "%s -> '%s' -> '%s' (or its parameters differ)\n", what.c_str(),
                 canonical.c_str(), again.to_string().c_str());
    std::abort();
  }
  // What the rest of koubei reads off a spec agrees with its text.
  if (spec.per_replicate() != (spec.method() == koubei::SeedingMethod::kRandom) ||
      (spec.per_replicate() && spec.rule()) || spec.k() > SeedingSpec::kMaxK ||
      (!spec.per_replicate() &&
       (spec.k() == 0 || !canonical.starts_with(std::string(spec.method_name()) + ":")))) {
    std::fprintf(stderr, "%s: '%s' reads inconsistently\n", what.c_str(), canonical.c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace koubei;
  const std::string text(fuzz::as_text(data, size));
  std::optional<SeedingSpec> spec;
  fuzz::expect_success_or_input_error([&] { spec.emplace(text); });
  if (!spec) return 0;
  // Past the parse nothing may throw, an InputError included.
  check_reads_back(*spec, "'" + text + "'");
  for (double factor : {1e-9, 0.001, 0.37, 0.5, 1.0, 3.0, 1e12}) {
    const SeedingSpec scaled = spec->scaled(factor);
    if (scaled.k() < 1 || scaled.method() != spec->method() || scaled.rule() != spec->rule() ||
        scaled.epsilon() != spec->epsilon() || scaled.ell() != spec->ell() ||
        scaled.runs() != spec->runs()) {
      std::fprintf(stderr, "'%s' scaled by %g is '%s'\n", text.c_str(), factor,
                   scaled.to_string().c_str());
      std::abort();
    }
    char by[32];
    std::snprintf(by, sizeof by, "' scaled by %g", factor);
    check_reads_back(scaled, "'" + text + by);
  }
  return 0;
}
