#include "koubei/plot/text.hpp"

#include <cstdint>

namespace koubei {

std::string clean_text(std::string_view text, bool keep_line_breaks) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      const bool line_break = byte == '\n' || byte == '\t' || byte == '\r';
      if ((byte < 0x20 && !(keep_line_breaks && line_break)) || byte == 0x7F) {
        out += kReplacement;
      } else {
        out += static_cast<char>(byte);
      }
      ++i;
      continue;
    }
    // A multi-byte sequence: its length from the lead byte, then each
    // continuation byte, the shortest form and the code point checked.
    const std::size_t length = byte >= 0xF0 && byte <= 0xF4 ? 4 : byte >= 0xE0 ? (byte <= 0xEF ? 3 : 0)
                               : byte >= 0xC2 ? 2
                                              : 0;
    std::uint32_t code = length == 2 ? byte & 0x1F : length == 3 ? byte & 0x0F : byte & 0x07;
    bool valid = length > 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      valid = (next & 0xC0) == 0x80;
      code = (code << 6) | (next & 0x3F);
    }
    if (valid) {
      const std::uint32_t least = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
      valid = code >= least && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF) && code != 0xFFFE &&
              code != 0xFFFF && !(code >= 0x80 && code <= 0x9F);  // C1 controls
    }
    if (valid) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      out += kReplacement;
      ++i;
    }
  }
  return out;
}

}  // namespace koubei
