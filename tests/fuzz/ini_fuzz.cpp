// Scenario files with includes: the input holds a.ini, then other files
// after lines "=== NAME" (NAME of letters, digits, '.', '-' and '_'). A
// scenario that reads and validates writes a config.ini (RunConfig::to_ini)
// that reads back to the same text, arms and all, as `koubei run --config`
// promises for a run's config.ini.

#include <boost/program_options.hpp>
#include <cstdio>
#include <cstdlib>

#include "fuzz_support.hpp"
#include "koubei/batch/run_config.hpp"
#include "koubei/core/options.hpp"
#include "koubei/io/ini.hpp"

namespace {

namespace po = boost::program_options;

koubei::RunConfig read_config(const std::string& path) {
  koubei::RunConfig config;
  po::options_description options;
  config.add_options(options);
  po::variables_map values;
  try {
    koubei::store_ini_file(path, options, values);
    po::notify(values);
  } catch (const po::error& e) {  // what the command line reports as bad input
    throw koubei::InputError(koubei::option_error_message(e));
  }
  config.validate();
  return config;
}

bool plain_name(const std::string& name) {
  if (name.empty() || name.size() > 32 || name[0] == '.') return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_')
      return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace koubei;
  const auto files = fuzz::split_files(fuzz::as_text(data, size), "a.ini");
  const std::filesystem::path dir = fuzz::scratch() / "ini";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const auto& [name, text] : files) {
    if (!plain_name(name)) return 0;
    fuzz::write_file("ini/" + name, text);
  }
  fuzz::expect_success_or_input_error([&] {
    const RunConfig config = read_config((dir / "a.ini").string());
    config.expand_arms();
    config.scaled();
    const std::string written = config.to_ini();
    std::string again;
    try {
      again = read_config(fuzz::write_file("ini/config.ini", written)).to_ini();
    } catch (const InputError& e) {
      std::fprintf(stderr, "config.ini does not read back: %s\n%s", e.what(), written.c_str());
      std::abort();
    }
    if (again != written) {
      std::fprintf(stderr, "config.ini reads back differently:\n%s---\n%s", written.c_str(),
                   again.c_str());
      std::abort();
    }
  });
  return 0;
}
