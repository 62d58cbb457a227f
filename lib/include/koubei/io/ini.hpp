#pragma once
// Scenario files in Boost.Program_options' config syntax (`key = value`,
// `#` comments, optional [section] headers that prefix keys with
// "section."). Each line is checked on its own, so an unknown key or a bad
// value is reported with the file and line, which Boost 1.74 does not do.

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>
#include <string>

namespace koubei {

/// Stores every key of `path` into `values` (keys already there, say from the
/// command line, win). `include = OTHER.ini` (relative to this file) reads
/// another file after this one, so this file's keys win over it. Throws
/// InputError "FILE:LINE: ..." on the first problem; an include that cannot
/// be read, or that closes a cycle, names the including line(s).
void store_ini_file(const std::string& path,
                    const boost::program_options::options_description& options,
                    boost::program_options::variables_map& values);

}  // namespace koubei
