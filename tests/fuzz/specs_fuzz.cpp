// Graph, trust and rule specs and the model's triggers, as typed on the
// command line or in an INI file. A spec that parses is written back in its
// canonical form (config.ini and sweep definitions hold that form), which
// must parse to itself: a resumed sweep compares definitions as text.

#include <cstdio>
#include <cstdlib>

#include "fuzz_support.hpp"
#include "koubei/graph/graph_spec.hpp"
#include "koubei/model/product.hpp"
#include "koubei/rules/rule.hpp"
#include "koubei/trust/trust_model.hpp"

namespace {

template <typename Spec>
void check_round_trip(std::string_view text) {
  koubei::fuzz::expect_success_or_input_error([&] {
    const std::string canonical = Spec(text).to_string();
    std::string again;
    try {
      again = Spec(canonical).to_string();
    } catch (const koubei::InputError& e) {
      fprintf(stderr, "'%s' reads back as '%s', which fails: %s\n", std::string(text).c_str(),
                   canonical.c_str(), e.what());
      std::abort();
    }
    if (again != canonical) {
      fprintf(stderr, "'%s' -> '%s' -> '%s'\n", std::string(text).c_str(), canonical.c_str(),
                   again.c_str());
      std::abort();
    }
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace koubei;
  if (size == 0) return 0;
  const std::string_view text = fuzz::as_text(data + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      check_round_trip<GraphSpec>(text);
      fuzz::expect_success_or_input_error([&] { GraphSpec(text).scaled(0.01); });
      break;
    case 1:
      check_round_trip<TrustModel>(text);
      break;
    case 2:
      check_round_trip<RuleSpec>(text);
      break;
    case 3:
      fuzz::expect_success_or_input_error([&] {
        const Trigger trigger = Trigger::parse(text, "fast.start");
        if (Trigger::parse(trigger.to_string(), "fast.start").to_string() != trigger.to_string())
          std::abort();
      });
      break;
  }
  return 0;
}
