// The gzip path of the edge-list reader: the input, compressed, must load
// exactly as the same bytes uncompressed (the same graph, or the same
// error), whatever the lines and wherever zlib's buffers end.

#include <zlib.h>

#include <cstdlib>
#include <optional>

#include "fuzz_support.hpp"
#include "koubei/graph/edge_list_file.hpp"

namespace {

std::string gzip(std::string_view bytes) {
  z_stream stream{};
  // 15 + 16: a gzip header and trailer rather than zlib's.
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK)
    std::abort();
  std::string out(deflateBound(&stream, bytes.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  if (deflate(&stream, Z_FINISH) != Z_STREAM_END) std::abort();
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

// The graph as comparable text, or the error with the file name taken out.
std::string outcome(koubei::EdgeFileOptions options, const std::string& path) {
  options.path = path;
  try {
    const koubei::Graph graph = koubei::load_edge_list(options);
    std::string text = std::to_string(graph.num_nodes()) + "\n";
    for (koubei::NodeId u = 0; u < graph.num_nodes(); ++u) {
      text += std::to_string(graph.original_id(u)) + ":";
      for (std::size_t i = 0; i < graph.out_degree(u); ++i)
        text += " " + std::to_string(graph.out_neighbors(u)[i]) + "/" +
                std::to_string(graph.out_trust(u)[i]);
      text += "\n";
    }
    return text;
  } catch (const koubei::InputError& e) {
    std::string message = e.what();
    // The file's name, where the message gives it (not where the input
    // quotes it).
    if (const std::size_t at = message.find(path); at != std::string::npos)
      message.replace(at, path.size(), "FILE");
    return "error: " + message;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace koubei;
  if (size == 0) return 0;
  EdgeFileOptions options;
  options.directed = data[0] & 1;
  const std::string_view text = fuzz::as_text(data + 1, size - 1);
  if (text.starts_with("\x1f\x8b")) return 0;  // already gzip: the plain target covers it
  const std::string plain = outcome(options, fuzz::write_file("edges.txt", text));
  const std::string packed = outcome(options, fuzz::write_file("edges.txt.gz", gzip(text)));
  if (plain != packed) {
    fprintf(stderr, "plain:\n%s\ngzip:\n%s\n", plain.c_str(), packed.c_str());
    std::abort();
  }
  return 0;
}
