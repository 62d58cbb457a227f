#include "koubei/io/derived_files.hpp"

#include <string>

#include "koubei/io/atomic_file.hpp"

namespace koubei {

void drop_derived_files(OutputSet& set) {
  set.drop("report.html");
  for (const char* kind : {"curves", "channels", "communities", "sweep", "compare", "fit"})
    for (const char* extension : {".svg", ".png", ".pdf", ".gp", ".dat"}) set.drop(std::string(kind) + extension);
}

}  // namespace koubei
