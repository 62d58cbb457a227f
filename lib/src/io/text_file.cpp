#include "koubei/io/text_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"

namespace koubei {

std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw_if_interrupted();  // an open() of a FIFO that a signal cut short
    throw InputError(fmt::format("cannot read '{}': {}", path.string(), std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();  // an empty file sets text's failbit, which is fine
  if (in.bad()) throw InputError(fmt::format("cannot read '{}'", path.string()));
  return text.str();
}

}  // namespace koubei
