#include "koubei/core/error.hpp"

#include <fmt/format.h>

namespace koubei {
namespace {

// Bytes of the valid UTF-8 sequence starting at text[i] (1 to 4), or 0.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  const std::size_t length = lead >= 0xC2 && lead <= 0xDF   ? 2
                             : lead >= 0xE0 && lead <= 0xEF ? 3
                             : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                            : 0;
  if (length == 0) return 0;
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  return length;
}

std::string escaped(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
      ++i;
    } else if (const std::size_t length = c >= 0x80 ? utf8_length(text, i) : 0; length > 0) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      out += fmt::format("\\x{:02X}", c);
      ++i;
    }
  }
  return out;
}

}  // namespace

std::string printable_message(std::string_view message, std::size_t max_bytes) {
  if (message.size() <= max_bytes) return escaped(message);
  const std::size_t keep = max_bytes / 2;
  return fmt::format("{} ...[{} bytes left out]... {}", escaped(message.substr(0, keep)),
                     message.size() - 2 * keep, escaped(message.substr(message.size() - keep)));
}

}  // namespace koubei
