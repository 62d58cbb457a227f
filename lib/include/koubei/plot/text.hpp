#pragma once
// Text from an output directory's files (sweep values, community and arm
// names, targets, paths) on its way into a gnuplot script or an XHTML page:
// valid UTF-8 without control characters, whatever the files hold, so that
// it can neither end a gnuplot string nor make the page or an SVG
// ill-formed.

#include <string>
#include <string_view>

namespace koubei {

/// `text` with every byte sequence that is not UTF-8 of an XML character
/// (invalid or overlong sequences, surrogates, U+FFFE, U+FFFF) and every
/// control character replaced by U+FFFD; tabs and line breaks too unless
/// `keep_line_breaks`.
std::string clean_text(std::string_view text, bool keep_line_breaks = false);

}  // namespace koubei
