#pragma once
// A whole (small) text file as a string: definitions, configurations.

#include <filesystem>
#include <string>

namespace koubei {

/// Throws InputError naming the file when it cannot be read.
std::string read_text_file(const std::filesystem::path& path);

}  // namespace koubei
