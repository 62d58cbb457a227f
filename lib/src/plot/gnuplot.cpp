#include "koubei/plot/gnuplot.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "koubei/core/error.hpp"
#include "koubei/io/text_file.hpp"
#include "koubei/plot/text.hpp"

extern char** environ;

namespace koubei {

std::string gnuplot_quote(std::string_view text) {
  // A line break would end the string (and the command) early; "]]>" may
  // not stand in the text of an SVG.
  std::string clean = clean_text(text);
  for (std::size_t at = 0; (at = clean.find("]]>", at)) != std::string::npos;) clean.replace(at, 3, "]] >");
  std::string out = "'";
  for (char c : clean) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string gnuplot_terminal(const std::filesystem::path& image, int width, int height) {
  const std::string extension = image.extension().string();
  const std::string font = "'DejaVu Sans,11'";
  if (extension == ".svg")
    return fmt::format("set terminal svg size {},{} dynamic noenhanced font {} background rgb 'white'", width,
                       height, font);
  if (extension == ".png")
    return fmt::format("set terminal pngcairo size {},{} noenhanced font {} background rgb 'white'", width,
                       height, font);
  if (extension == ".pdf")
    return fmt::format("set terminal pdfcairo size {:.2f}in,{:.2f}in noenhanced font {}", width / 96.0,
                       height / 96.0, font);
  throw InputError(fmt::format("'{}': an image is .svg, .png or .pdf", image.string()));
}

void run_gnuplot(const std::filesystem::path& dir, const std::string& script) {
  const std::filesystem::path log = dir / "gnuplot.log";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::string program = "gnuplot", argument = script;
  std::vector<char*> argv = {program.data(), argument.data(), nullptr};
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, "gnuplot", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned == ENOENT)
    throw InputError(fmt::format("gnuplot is not installed; koubei draws its plots with it (Debian: "
                                 "apt-get install {})",
                                 kGnuplotPackages));
  if (spawned != 0) throw std::runtime_error(fmt::format("cannot start gnuplot: {}", std::strerror(spawned)));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error(fmt::format("waiting for gnuplot: {}", std::strerror(errno)));
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  std::string messages;
  try {
    messages = read_text_file(log);
  } catch (const std::exception&) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127)  // the shell's "not found", should spawnp not report it
    throw InputError(fmt::format("gnuplot is not installed (Debian: apt-get install {})", kGnuplotPackages));
  throw std::runtime_error(fmt::format("gnuplot failed ({}): {}",
                                       WIFEXITED(status) ? fmt::format("exit {}", WEXITSTATUS(status))
                                                         : fmt::format("signal {}", WTERMSIG(status)),
                                       messages.substr(0, 2000)));
}

}  // namespace koubei
