#include "koubei/io/command_file.hpp"

#include <mutex>

#include "koubei/io/atomic_file.hpp"

namespace koubei {
namespace {

std::mutex command_mutex;
std::string command_line;

}  // namespace

std::string shell_quote(std::string_view word) {
  const auto safe = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("_-./:=,+@%").find(c) != std::string_view::npos;
  };
  bool plain = !word.empty();
  for (char c : word) plain = plain && safe(c);
  if (plain) return std::string(word);
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void record_command_line(int argc, const char* const* argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) {
    if (i) line += ' ';
    line += shell_quote(argv[i] ? argv[i] : "");
  }
  const std::lock_guard guard(command_mutex);
  command_line = std::move(line);
}

std::string recorded_command_line() {
  const std::lock_guard guard(command_mutex);
  return command_line;
}

void add_command_file(OutputSet& set) {
  const std::string line = recorded_command_line();
  if (line.empty()) {
    set.drop("command.txt");
  } else {
    set.add("command.txt").write(line + "\n");
  }
}

}  // namespace koubei
