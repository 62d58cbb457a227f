#include "koubei/core/options.hpp"

#include <map>

namespace koubei {
namespace po = boost::program_options;
namespace {

// A copy of the error, to reach the template and substitutions Boost keeps
// for its subclasses.
class Placeholders : public po::error_with_option_name {
 public:
  explicit Placeholders(const po::error_with_option_name& error)
      : po::error_with_option_name(error) {}

  bool values_quote_a_percent() const {
    for (const auto& [name, value] : m_substitutions)
      if (value.find('%') != std::string::npos) return true;
    return get_canonical_option_name().find('%') != std::string::npos;
  }

  // As Boost's substitute_placeholders, but each placeholder of the
  // template is replaced once and what replaced it is not searched again.
  std::string message() const {
    std::map<std::string, std::string> values = m_substitutions;
    values["canonical_option"] = get_canonical_option_name();
    values["prefix"] = get_canonical_option_prefix();
    std::string text = m_error_template;
    for (const auto& [name, fallback] : m_substitution_defaults)
      if (values[name].empty()) text = fill(text, {{fallback.first, fallback.second}}, false);
    return fill(text, values, true);
  }

 private:
  // `text` with each placeholder of `values` replaced, in one pass; keys
  // are "%name%" when `bare_names` is false, "name" when true.
  static std::string fill(const std::string& text, const std::map<std::string, std::string>& values,
                          bool bare_names) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
      bool replaced = false;
      if (text[i] == '%') {
        const std::size_t close = text.find('%', i + 1);
        if (close != std::string::npos) {
          const std::string token = text.substr(i, close - i + 1);
          const auto found = values.find(bare_names ? token.substr(1, token.size() - 2) : token);
          if (found != values.end()) {
            out += found->second;
            i = close + 1;
            replaced = true;
          }
        }
      }
      if (!replaced) out += text[i++];
    }
    return out;
  }
};

}  // namespace

std::string option_error_message(const po::error& error) {
  if (const auto* named = dynamic_cast<const po::error_with_option_name*>(&error)) {
    const Placeholders copy(*named);
    if (copy.values_quote_a_percent()) return copy.message();
  }
  return error.what();
}

}  // namespace koubei
