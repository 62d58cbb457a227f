#include "koubei/io/ini.hpp"

#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"
#include "koubei/core/options.hpp"
#include "koubei/core/spec.hpp"

namespace koubei {
namespace po = boost::program_options;
namespace {

// Far beyond any scenario; what is larger is not one (an include of
// /dev/zero or of a data file), and reading it whole would exhaust memory.
constexpr std::size_t kMaxLineBytes = 1 << 20;
constexpr std::size_t kMaxFileBytes = 16 << 20;

// One line, without its '\n', into `line`; false at the end of the file.
bool read_line(std::istream& in, std::string& line, const std::string& path, int number,
               std::size_t& total) {
  line.clear();
  for (int c; (c = in.get()) != std::char_traits<char>::eof();) {
    if (++total > kMaxFileBytes)
      throw InputError(fmt::format("{}: config file larger than {} MiB", path, kMaxFileBytes >> 20));
    if (c == '\n') return true;
    if (line.size() == kMaxLineBytes)
      throw InputError(
          fmt::format("{}:{}: line longer than {} MiB", path, number, kMaxLineBytes >> 20));
    line.push_back(static_cast<char>(c));
  }
  if (in.bad()) {
    throw_if_interrupted();  // a read of a FIFO that a signal cut short
    throw InputError(fmt::format("cannot read config file '{}': {}", path, std::strerror(errno)));
  }
  return !line.empty();
}

// A file that includes another, and the line that does.
struct Includer {
  std::string path;
  int line = 0;
};

std::string describe(const std::vector<Includer>& chain) {
  std::string text;
  for (const Includer& i : chain) text += fmt::format("{}:{} includes ", i.path, i.line);
  return text;
}

void store_file(const std::string& path, const po::options_description& options,
                po::variables_map& values, std::vector<Includer>& chain);

// Reads `path`, included from the last file of `chain`; errors about the
// file itself name the including line.
void store_included(const std::string& path, const po::options_description& options,
                    po::variables_map& values, std::vector<Includer>& chain) {
  std::error_code ec;
  const auto here = std::filesystem::weakly_canonical(path, ec);
  for (std::size_t i = 0; i < chain.size(); ++i) {
    std::error_code ignored;
    if (std::filesystem::weakly_canonical(chain[i].path, ignored) == here)
      throw InputError(fmt::format("include cycle: {}{}", describe({chain.begin() + i, chain.end()}),
                                   path));
  }
  if (chain.size() > 8)
    throw InputError(fmt::format("includes nest too deep: {}{}", describe(chain), path));
  try {
    store_file(path, options, values, chain);
  } catch (const InputError& e) {
    const std::string message = e.what();
    // A file that cannot be opened at all: say who asked for it.
    if (message.starts_with("cannot open config file") ||
        message.starts_with("cannot read config file"))
      throw InputError(fmt::format("{}:{}: include: {}", chain.back().path, chain.back().line,
                                   message));
    throw;
  }
}

void store_file(const std::string& path, const po::options_description& options,
                po::variables_map& values, std::vector<Includer>& chain) {
  if (path.empty()) throw InputError("config file: no file named");
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError(fmt::format("cannot read config file '{}': it is a directory", path));
  std::ifstream in(path);
  if (!in) {
    throw_if_interrupted();  // an open() of a FIFO that a signal cut short
    throw InputError(fmt::format("cannot open config file '{}': {}", path, std::strerror(errno)));
  }
  std::string prefix;
  std::string line;
  std::map<std::string, int> seen;  // key -> line
  std::vector<std::pair<std::string, int>> includes;  // file, line
  std::set<std::string> preset;
  for (const auto& [key, value] : values)
    if (!value.defaulted()) preset.insert(key);
  std::size_t total = 0;
  for (int number = 1; read_line(in, line, path, number, total); ++number) {
    if (number == 1) remove_bom(line);
    std::string_view text = line;
    if (auto hash = text.find('#'); hash != std::string_view::npos) text = text.substr(0, hash);
    text = trim(text);
    if (text.empty()) continue;
    const std::string where = fmt::format("{}:{}", path, number);
    if (text.front() == '[') {
      if (text.back() != ']')
        throw InputError(fmt::format("{}: malformed section header '{}'", where, text));
      prefix = std::string(trim(text.substr(1, text.size() - 2)));
      if (!prefix.empty()) prefix += '.';
      continue;
    }
    auto eq = text.find('=');
    if (eq == std::string_view::npos)
      throw InputError(fmt::format("{}: expected 'key = value', got '{}'", where, text));
    const std::string key = prefix + std::string(trim(text.substr(0, eq)));
    const std::string value(trim(text.substr(eq + 1)));
    if (key == "include") {
      if (value.empty()) throw InputError(fmt::format("{}: include names no file", where));
      // Relative to this file; read after this file so that its keys win.
      includes.emplace_back((std::filesystem::path(path).parent_path() / value).string(), number);
      continue;
    }
    if (key == "config" || options.find_nothrow(key, false) == nullptr)
      throw InputError(fmt::format("{}: unknown key '{}'", where, key));
    const bool repeatable = options.find(key, false).semantic()->is_composing();
    if (auto [it, fresh] = seen.emplace(key, number); !fresh && !repeatable)
      throw InputError(
          fmt::format("{}: key '{}' given twice (first on line {})", where, key, it->second));
    // A key set before this file (command line, including file) wins, even
    // one that composes (disable, arm).
    if (preset.count(key)) continue;
    try {
      std::vector<std::string> argument{fmt::format("--{}={}", key, value)};
      po::store(po::command_line_parser(argument).options(options).run(), values);
    } catch (const po::error& e) {
      throw InputError(fmt::format("{}: {} = {}: {}", where, key, value, option_error_message(e)));
    } catch (const InputError& e) {  // a spec that does not parse
      throw InputError(fmt::format("{}: {}", where, e.what()));
    }
  }
  for (const auto& [included, line] : includes) {
    chain.push_back({path, line});
    store_included(included, options, values, chain);
    chain.pop_back();
  }
}

}  // namespace

void store_ini_file(const std::string& path, const po::options_description& options,
                    po::variables_map& values) {
  std::vector<Includer> chain;
  store_file(path, options, values, chain);
}

}  // namespace koubei
