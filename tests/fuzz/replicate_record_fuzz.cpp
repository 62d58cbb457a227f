// Replicate records, the lines of a sweep's journal and of MPI messages.
// The input is a record's body; the target appends its right checksum, so
// the fields below the checksum are what gets fuzzed. A record that decodes
// encodes to one line that decodes to the same record.

#include <zlib.h>

#include <cstdio>
#include <cstdlib>

#include "fuzz_support.hpp"
#include "koubei/batch/replicate_record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace koubei;
  std::string line(fuzz::as_text(data, size));
  char crc[16];
  std::snprintf(crc, sizeof crc, " #%08lx\n", crc32(0L, data, static_cast<uInt>(size)));
  line += crc;
  const auto record = decode_record(line);
  if (!record) return 0;
  const std::string encoded = encode_record(*record);
  if (encoded.find('\n') != encoded.size() - 1) {
    std::fprintf(stderr, "a record encodes to more than one line:\n%s", encoded.c_str());
    std::abort();
  }
  const auto again = decode_record(encoded);
  if (!again || encode_record(*again) != encoded) {
    std::fprintf(stderr, "'%s' does not decode to itself\n", encoded.c_str());
    std::abort();
  }
  return 0;
}
