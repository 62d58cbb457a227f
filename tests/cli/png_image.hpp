#pragma once
// A small PNG reader for the plot tests: 8-bit RGB or RGBA, not interlaced
// (what gnuplot's pngcairo terminal writes), decoded with zlib, so that a
// test can count the pixels of a colour.

#include <zlib.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace koubei_cli_test {

struct PngImage {
  std::uint32_t width = 0, height = 0;
  std::vector<std::array<std::uint8_t, 3>> pixels;  // row by row, RGB (alpha dropped)

  /// How many pixels have exactly the colour "#rrggbb".
  std::size_t count(const std::string& hex) const {
    const auto value = std::strtoul(hex.c_str() + 1, nullptr, 16);
    const std::array<std::uint8_t, 3> rgb = {static_cast<std::uint8_t>(value >> 16),
                                             static_cast<std::uint8_t>(value >> 8),
                                             static_cast<std::uint8_t>(value)};
    std::size_t n = 0;
    for (const auto& p : pixels) n += p == rgb;
    return n;
  }
};

inline PngImage decode_png(const std::string& file) {
  auto u32 = [&](std::size_t at) {
    return (std::uint32_t{static_cast<std::uint8_t>(file.at(at))} << 24) |
           (std::uint32_t{static_cast<std::uint8_t>(file.at(at + 1))} << 16) |
           (std::uint32_t{static_cast<std::uint8_t>(file.at(at + 2))} << 8) |
           std::uint32_t{static_cast<std::uint8_t>(file.at(at + 3))};
  };
  if (file.size() < 8 || file.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) throw std::runtime_error("not a PNG");
  PngImage image;
  std::string compressed;
  int channels = 0;
  for (std::size_t at = 8; at + 8 <= file.size();) {
    const std::uint32_t length = u32(at);
    const std::string type = file.substr(at + 4, 4);
    const std::size_t data = at + 8;
    if (type == "IHDR") {
      image.width = u32(data);
      image.height = u32(data + 4);
      const int depth = static_cast<std::uint8_t>(file.at(data + 8));
      const int colour = static_cast<std::uint8_t>(file.at(data + 9));
      const int interlace = static_cast<std::uint8_t>(file.at(data + 12));
      if (depth != 8 || (colour != 2 && colour != 6) || interlace != 0)
        throw std::runtime_error("only 8-bit RGB/RGBA, not interlaced");
      channels = colour == 2 ? 3 : 4;
    } else if (type == "IDAT") {
      compressed += file.substr(data, length);
    } else if (type == "IEND") {
      break;
    }
    at = data + length + 4;  // and the CRC
  }
  const std::size_t stride = std::size_t{image.width} * channels;
  std::vector<std::uint8_t> raw((stride + 1) * image.height);
  uLongf size = static_cast<uLongf>(raw.size());
  if (::uncompress(raw.data(), &size, reinterpret_cast<const Bytef*>(compressed.data()),
                   static_cast<uLong>(compressed.size())) != Z_OK ||
      size != raw.size())
    throw std::runtime_error("bad PNG data");
  std::vector<std::uint8_t> previous(stride, 0), row(stride);
  image.pixels.reserve(std::size_t{image.width} * image.height);
  for (std::uint32_t y = 0; y < image.height; ++y) {
    const std::uint8_t filter = raw[y * (stride + 1)];
    const std::uint8_t* in = &raw[y * (stride + 1) + 1];
    for (std::size_t x = 0; x < stride; ++x) {
      const int a = x >= static_cast<std::size_t>(channels) ? row[x - channels] : 0;
      const int b = previous[x];
      const int c = x >= static_cast<std::size_t>(channels) ? previous[x - channels] : 0;
      int predictor = 0;
      switch (filter) {
        case 0: predictor = 0; break;
        case 1: predictor = a; break;
        case 2: predictor = b; break;
        case 3: predictor = (a + b) / 2; break;
        case 4: {
          const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw std::runtime_error("bad PNG filter");
      }
      row[x] = static_cast<std::uint8_t>(in[x] + predictor);
    }
    for (std::uint32_t x = 0; x < image.width; ++x)
      image.pixels.push_back({row[x * channels], row[x * channels + 1], row[x * channels + 2]});
    previous = row;
  }
  return image;
}

}  // namespace koubei_cli_test
