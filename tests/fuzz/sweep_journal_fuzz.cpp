// A sweep directory as a crash, a full disk or a hostile user may leave it:
// the input is the journal's bytes (after a first line that, when it is not
// "same", is the definition found on disk). Opening resumes or refuses;
// every record it kept reads back, and the journal takes new records.

#include <cstdio>
#include <cstdlib>

#include "fuzz_support.hpp"
#include "koubei/batch/sweep_journal.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace koubei;
  const std::string definition = "# koubei sweep\nsteps = 3\n";
  std::string_view text = fuzz::as_text(data, size);
  const std::size_t newline = std::min(text.find('\n'), text.size());
  const std::string_view first = text.substr(0, newline);
  const std::string_view journal = text.substr(std::min(newline + 1, text.size()));
  const std::filesystem::path dir = fuzz::scratch() / "sweep";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / ".partial");
  fuzz::write_file("sweep/.partial/sweep.ini",
                   first == "same" ? std::string_view(definition) : first);
  fuzz::write_file("sweep/.partial/journal", journal);
  fuzz::expect_success_or_input_error([&] {
    SweepJournal opened(dir, definition, false);
    std::size_t found = 0;
    for (std::size_t start = 0; start < journal.size();) {
      const std::size_t end = std::min(journal.find('\n', start), journal.size() - 1) + 1;
      const std::string_view line = journal.substr(start, end - start);
      auto record = line.back() == '\n' ? decode_record(line) : std::nullopt;  // else cut short
      if (record) {
        if (!opened.contains(record->point, record->replicate()) ||
            !opened.read(record->point, record->replicate()))
          std::abort();
        ++found;
      }
      start = end;
    }
    if (found < opened.size()) std::abort();  // it kept a record that does not decode
    const std::string line = encode_record(failed_record(4000000000u, 7, "fuzz"));
    opened.append(line);
    opened.sync();
    if (!opened.read(4000000000u, 7)) std::abort();
  });
  return 0;
}
