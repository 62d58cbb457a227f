// Every file of the library includes only headers of its own layer or of
// lower ones, as the layer table in the README's Layout section says.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
const fs::path kSource = KOUBEI_SOURCE_DIR;

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Area -> layer, from the rows "| 3 | `graph` | ..." of the README's Layout
// section.
std::map<std::string, int> layer_table() {
  const std::string readme = read(kSource / "README.md");
  const std::size_t section = readme.find("\n## Layout\n");
  std::map<std::string, int> layers;
  if (section == std::string::npos) return layers;
  std::istringstream lines(readme.substr(section));
  const std::regex row(R"(^\|\s*(\d+)\s*\|\s*`([a-z_]+)`\s*\|.*)");
  std::string line;
  std::smatch match;
  while (std::getline(lines, line))
    if (std::regex_match(line, match, row)) layers[match[2]] = std::stoi(match[1]);
  return layers;
}

struct Include {
  std::string area;  // the directory after koubei/, "" for koubei/version.hpp
  int line = 0;
};

std::vector<Include> koubei_includes(const fs::path& file) {
  std::vector<Include> found;
  std::istringstream lines(read(file));
  const std::regex include(R"(^\s*#\s*include\s*[<"]koubei/([^>"]+)[>"])");
  std::string line;
  std::smatch match;
  for (int number = 1; std::getline(lines, line); ++number) {
    if (!std::regex_search(line, match, include)) continue;
    const std::string path = match[1];
    const std::size_t slash = path.find('/');
    found.push_back({slash == std::string::npos ? "" : path.substr(0, slash), number});
  }
  return found;
}

// The library's files by area: lib/include/koubei/<area>, lib/src/<area>, and
// lib/mpi for the area mpi.
std::vector<std::pair<std::string, fs::path>> library_files() {
  std::vector<std::pair<std::string, fs::path>> files;
  auto add_tree = [&](const fs::path& root, bool by_area, const std::string& area) {
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file()) continue;
      const std::string ext = entry.path().extension().string();
      if (ext != ".hpp" && ext != ".cpp" && ext != ".in") continue;
      const fs::path relative = fs::relative(entry.path(), root);
      files.push_back({by_area ? relative.begin()->string() : area, entry.path()});
    }
  };
  add_tree(kSource / "lib/include/koubei", true, "");
  add_tree(kSource / "lib/src", true, "");
  add_tree(kSource / "lib/mpi", false, "mpi");
  return files;
}

TEST(Layers, TheReadmeTableNamesEveryArea) {
  const auto layers = layer_table();
  ASSERT_GE(layers.size(), 9u) << "no layer table found in README.md's Layout section";
  for (const auto& [area, path] : library_files()) {
    if (path.parent_path() == kSource / "lib/include/koubei") continue;  // version.hpp.in
    EXPECT_TRUE(layers.contains(area)) << path << ": area '" << area
                                       << "' is not in the README's layer table";
  }
}

TEST(Layers, EveryFileIncludesOnlyItsLayerOrLowerOnes) {
  const auto layers = layer_table();
  ASSERT_FALSE(layers.empty());
  int checked = 0;
  for (const auto& [area, path] : library_files()) {
    const auto own = layers.find(area);
    if (own == layers.end()) continue;  // reported by the test above
    for (const Include& include : koubei_includes(path)) {
      ++checked;
      if (include.area.empty()) continue;  // koubei/version.hpp: a constant, no layer
      const auto theirs = layers.find(include.area);
      ASSERT_NE(theirs, layers.end())
          << path << ":" << include.line << ": includes area '" << include.area
          << "', which is not in the README's layer table";
      EXPECT_LE(theirs->second, own->second)
          << path << ":" << include.line << ": layer " << own->second << " (" << area
          << ") includes layer " << theirs->second << " (" << include.area << ")";
    }
  }
  EXPECT_GT(checked, 100);  // the files were found and read
}

}  // namespace
