#include "koubei/plot/plot.hpp"

#include <fmt/format.h>
#include <stdlib.h>

#include <fstream>
#include <string_view>
#include <utility>

#include "drawings.hpp"
#include "koubei/core/error.hpp"
#include "koubei/io/atomic_file.hpp"
#include "koubei/io/directory_lock.hpp"
#include "koubei/io/text_file.hpp"
#include "koubei/plot/gnuplot.hpp"

namespace koubei {
namespace {

namespace fs = std::filesystem;

/// A temporary directory of its own, removed with everything in it.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::string pattern = (fs::temp_directory_path() / "koubei-plot-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw InputError(fmt::format("cannot create a scratch directory in '{}'", fs::temp_directory_path().string()));
    path_ = pattern;
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write_scratch(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out.flush()) throw InputError(fmt::format("cannot write '{}'", path.string()));
}


using Draw = Drawing (*)(const fs::path&, const Canvas&);

Draw drawing_of(const std::string& what) {
  static const std::pair<std::string_view, Draw> kinds[] = {
      {"curves", draw_curves}, {"channels", draw_channels}, {"communities", draw_communities},
      {"sweep", draw_sweep},   {"compare", draw_compare},   {"fit", draw_fit}};
  for (const auto& [name, function] : kinds)
    if (name == what) return function;
  throw InputError(fmt::format("--what {}: one of {}", what, plot_kinds()));
}

/// Draws in a scratch directory; returns the drawing and the image's bytes.
std::pair<Drawing, std::string> render(const fs::path& dir, Draw draw, const Canvas& canvas) {
  Drawing drawing = draw(dir, canvas);
  const ScratchDirectory scratch;
  const std::string script_name = fs::path(canvas.image).stem().string() + ".gp";
  write_scratch(scratch.path() / script_name, drawing.script);
  write_scratch(scratch.path() / canvas.data, drawing.data);
  run_gnuplot(scratch.path(), script_name);
  return {std::move(drawing), read_text_file(scratch.path() / canvas.image)};
}

}  // namespace

std::string plot_kinds() { return "curves, channels, communities, sweep, compare, fit"; }

fs::path plot(const fs::path& dir, const PlotOptions& options) {
  if (!fs::is_directory(dir)) throw InputError(fmt::format("'{}' is not a directory", dir.string()));
  const Draw draw = drawing_of(options.what);
  const fs::path image = options.out.empty() ? dir / (options.what + ".svg") : options.out;
  (void)gnuplot_terminal(image, options.width, options.height);  // a known extension
  const fs::path where = image.has_parent_path() ? image.parent_path() : fs::path(".");
  if (!fs::is_directory(where))
    throw InputError(fmt::format("'{}': no directory '{}' to write it into", image.string(), where.string()));
  // The script and data are named after the image's stem: curves.gp draws
  // curves.svg (or whichever image of that stem was drawn last).
  const Canvas canvas{image.filename().string(), image.stem().string() + ".dat", options.width, options.height,
                      options.run};
  const auto [drawing, bytes] = render(dir, draw, canvas);

  const DirectoryLock lock(where);
  OutputSet set(where);
  set.add(canvas.data).write(drawing.data);
  set.add(image.stem().string() + ".gp").write(drawing.script);
  // The image (bytes, whatever its format) last: it marks the set whole.
  set.add(canvas.image).write(bytes);
  set.commit();
  return image;
}

std::string plot_svg(const fs::path& dir, const std::string& what, std::size_t run, int width, int height) {
  if (!fs::is_directory(dir)) throw InputError(fmt::format("'{}' is not a directory", dir.string()));
  return render(dir, drawing_of(what), Canvas{what + ".svg", what + ".dat", width, height, run}).second;
}

}  // namespace koubei
