#pragma once
// The command line that made an output directory, kept in DIR/command.txt
// beside the files it wrote, so that a report (and a user) can say what
// was run. The koubei command records its argv once at start; a program
// that links the library may record its own, or none (then no command.txt
// is written, and an earlier one is removed with the set it belonged to).

#include <string>
#include <string_view>

namespace koubei {

class OutputSet;

/// Records this process's command line: each argument quoted for a POSIX
/// shell when it needs it, so that the line can be pasted back.
void record_command_line(int argc, const char* const* argv);

/// The recorded command line (one line), or "" when none was recorded.
std::string recorded_command_line();

/// `word` as a POSIX shell reads it back: as is when it holds only safe
/// characters, else in single quotes ('\'' for a quote inside).
std::string shell_quote(std::string_view word);

/// Adds command.txt (the recorded command line and a newline) to `set`,
/// or drops an earlier command.txt when none was recorded.
void add_command_file(OutputSet& set);

}  // namespace koubei
