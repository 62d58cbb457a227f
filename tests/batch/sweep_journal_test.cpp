// The journal of an unfinished sweep under DIR/.partial: what survives a
// reopen, a torn last line, a corrupt line and another definition.

#include "koubei/batch/sweep_journal.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

#include "koubei/core/error.hpp"

namespace koubei {
namespace fs = std::filesystem;
namespace {

const std::string kDefinition = "graph = er:n=500,k=4\nrule = ic\nvary = seeds=1;2\n";

// A fresh directory per test, removed afterwards.
class SweepJournalTest : public ::testing::Test {
 protected:
  SweepJournalTest() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("koubei_journal_" + std::to_string(::getpid()) + "_" + info->name() + "_" +
            std::to_string(counter++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~SweepJournalTest() override { fs::remove_all(dir_); }

  fs::path journal_path() const { return dir_ / ".partial" / "journal"; }
  std::string journal_text() const {
    std::ifstream in(journal_path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  void write_journal(const std::string& text) const {
    std::ofstream out(journal_path(), std::ios::binary | std::ios::trunc);
    out << text;
  }

  fs::path dir_;
};

// A small ok record whose values depend on (point, replicate).
ReplicateRecord record(std::uint32_t point, std::uint32_t replicate) {
  ReplicateResult result;
  result.replicate = replicate;
  result.seeds = 2;
  for (std::uint32_t t = 0; t < 3; ++t) {
    StepRecord s;
    s.step = t;
    s.counts.adopters = 2 + t + point * 10 + replicate;
    s.counts.unaware = 500 - s.counts.adopters;
    s.channels.cost = 0.25 * t;
    result.steps.push_back(s);
  }
  return make_record(point, {point, 1, "ic", 500, 2000}, result, 1);
}

std::string line(std::uint32_t point, std::uint32_t replicate) {
  return encode_record(record(point, replicate));
}

void expect_record(const std::optional<ReplicateRecord>& got, std::uint32_t point,
                   std::uint32_t replicate) {
  ASSERT_TRUE(got.has_value()) << point << "/" << replicate;
  EXPECT_EQ(encode_record(*got), line(point, replicate));
}

TEST_F(SweepJournalTest, AFreshJournalIsEmptyAndKeepsTheDefinition) {
  SweepJournal journal(dir_, kDefinition, false);
  EXPECT_EQ(journal.size(), 0u);
  EXPECT_EQ(journal.resumed_records(), 0u);
  EXPECT_FALSE(journal.contains(0, 0));
  EXPECT_FALSE(journal.read(0, 0).has_value());
  std::ifstream in(dir_ / ".partial" / "sweep.ini", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), kDefinition);
}

TEST_F(SweepJournalTest, SyncedRecordsAreThereAfterReopening) {
  {
    SweepJournal journal(dir_, kDefinition, false);
    journal.append(line(0, 0) + line(0, 1));
    journal.append(line(1, 0));
    journal.append(encode_record(failed_record(1, 1, "boom")));
    journal.sync();
    EXPECT_EQ(journal.size(), 4u);
    EXPECT_EQ(journal.resumed_records(), 0u);
  }
  EXPECT_EQ(journal_text(),
            line(0, 0) + line(0, 1) + line(1, 0) + encode_record(failed_record(1, 1, "boom")));
  SweepJournal journal(dir_, kDefinition, false);
  EXPECT_EQ(journal.resumed_records(), 4u);
  EXPECT_EQ(journal.size(), 4u);
  EXPECT_TRUE(journal.contains(0, 0));
  EXPECT_TRUE(journal.contains(0, 1));
  EXPECT_TRUE(journal.contains(1, 0));
  EXPECT_TRUE(journal.contains(1, 1));
  EXPECT_FALSE(journal.contains(0, 2));
  EXPECT_FALSE(journal.contains(2, 0));
  expect_record(journal.read(0, 0), 0, 0);
  expect_record(journal.read(0, 1), 0, 1);
  expect_record(journal.read(1, 0), 1, 0);
  const auto failed = journal.read(1, 1);
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->failure, "boom");
  EXPECT_FALSE(journal.read(2, 0).has_value());
}

TEST_F(SweepJournalTest, ResumingAddsAfterTheRecordsFound) {
  {
    SweepJournal journal(dir_, kDefinition, false);
    journal.append(line(0, 0));
    journal.sync();
  }
  {
    SweepJournal journal(dir_, kDefinition, false);
    EXPECT_EQ(journal.resumed_records(), 1u);
    journal.append(line(0, 1));
    journal.sync();
    EXPECT_EQ(journal.resumed_records(), 1u);
    EXPECT_EQ(journal.size(), 2u);
  }
  EXPECT_EQ(journal_text(), line(0, 0) + line(0, 1));
  SweepJournal journal(dir_, kDefinition, false);
  EXPECT_EQ(journal.resumed_records(), 2u);
  expect_record(journal.read(0, 1), 0, 1);
}

TEST_F(SweepJournalTest, AnUnsyncedRecordIsReadableBeforeTheSync) {
  SweepJournal journal(dir_, kDefinition, false);
  journal.append(line(0, 0));
  journal.sync();
  journal.append(line(3, 4) + line(3, 5));
  EXPECT_TRUE(journal.contains(3, 4));
  expect_record(journal.read(3, 5), 3, 5);
  expect_record(journal.read(3, 4), 3, 4);
  expect_record(journal.read(0, 0), 0, 0);
  EXPECT_EQ(journal_text(), line(0, 0));  // not written yet
  journal.sync();
  EXPECT_EQ(journal_text(), line(0, 0) + line(3, 4) + line(3, 5));
  expect_record(journal.read(3, 5), 3, 5);
  expect_record(journal.read(3, 4), 3, 4);
}

TEST_F(SweepJournalTest, ADuplicateAppendIsIgnored) {
  SweepJournal journal(dir_, kDefinition, false);
  journal.append(line(0, 0));
  journal.sync();
  journal.append(line(0, 0));                                 // after a sync
  journal.append(line(0, 1) + encode_record(failed_record(0, 1, "later")));  // within a batch
  journal.sync();
  EXPECT_EQ(journal.size(), 2u);
  EXPECT_EQ(journal_text(), line(0, 0) + line(0, 1));
  expect_record(journal.read(0, 1), 0, 1);
}

TEST_F(SweepJournalTest, ATornLastLineIsCutOff) {
  {
    SweepJournal journal(dir_, kDefinition, false);
    journal.append(line(0, 0) + line(0, 1) + line(0, 2));
    journal.sync();
  }
  const std::string whole = line(0, 0) + line(0, 1);
  fs::resize_file(journal_path(), whole.size() + line(0, 2).size() - 4);

  SweepJournal journal(dir_, kDefinition, false);
  EXPECT_EQ(journal.resumed_records(), 2u);
  EXPECT_TRUE(journal.contains(0, 1));
  EXPECT_FALSE(journal.contains(0, 2));
  EXPECT_EQ(fs::file_size(journal_path()), whole.size());
  EXPECT_EQ(journal_text(), whole);
  expect_record(journal.read(0, 0), 0, 0);
  expect_record(journal.read(0, 1), 0, 1);
  // The replicate runs again and is journaled after the whole records.
  journal.append(line(0, 2));
  journal.sync();
  EXPECT_EQ(journal_text(), whole + line(0, 2));
}

TEST_F(SweepJournalTest, ALastLineWithoutItsNewlineIsCutOff) {
  {
    SweepJournal journal(dir_, kDefinition, false);
    journal.append(line(0, 0));
    journal.sync();
  }
  std::string partial = line(0, 1);
  partial.pop_back();  // whole but for the newline
  write_journal(line(0, 0) + partial);

  SweepJournal journal(dir_, kDefinition, false);
  EXPECT_EQ(journal.resumed_records(), 1u);
  EXPECT_FALSE(journal.contains(0, 1));
  EXPECT_EQ(journal_text(), line(0, 0));
}

TEST_F(SweepJournalTest, ACorruptLineIsSkippedAndTheRecordsAfterItKept) {
  {
    SweepJournal journal(dir_, kDefinition, false);
    journal.sync();
  }
  std::string bad = line(0, 1);
  bad[bad.find(" ic ") + 1] = 'x';  // "xc": the checksum no longer matches
  write_journal(line(0, 0) + bad + line(0, 2) + line(1, 0));

  SweepJournal journal(dir_, kDefinition, false);
  EXPECT_EQ(journal.resumed_records(), 3u);
  EXPECT_TRUE(journal.contains(0, 0));
  EXPECT_FALSE(journal.contains(0, 1));
  EXPECT_TRUE(journal.contains(0, 2));
  EXPECT_TRUE(journal.contains(1, 0));
  expect_record(journal.read(0, 0), 0, 0);
  expect_record(journal.read(0, 2), 0, 2);
  expect_record(journal.read(1, 0), 1, 0);
  // The replicate runs again and is journaled at the end.
  journal.append(line(0, 1));
  journal.sync();
  EXPECT_EQ(journal_text(), line(0, 0) + bad + line(0, 2) + line(1, 0) + line(0, 1));
  expect_record(journal.read(0, 1), 0, 1);
}

TEST_F(SweepJournalTest, AnotherDefinitionIsRefusedNamingTheLine) {
  {
    SweepJournal journal(dir_, kDefinition, false);
    journal.append(line(0, 0));
    journal.sync();
  }
  const std::string other = "graph = er:n=500,k=4\nrule = lt\nvary = seeds=1;2\n";
  try {
    SweepJournal journal(dir_, other, false);
    FAIL() << "another definition was accepted";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("line 2: 'rule = lt' in this command, 'rule = ic' in the directory"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find(dir_.string()), std::string::npos) << message;
  }
  // Refusing leaves the unfinished sweep as it was.
  SweepJournal journal(dir_, kDefinition, false);
  EXPECT_EQ(journal.resumed_records(), 1u);
}

TEST_F(SweepJournalTest, ForceStartsAnotherDefinitionEmpty) {
  {
    SweepJournal journal(dir_, kDefinition, false);
    journal.append(line(0, 0));
    journal.sync();
  }
  const std::string other = "graph = er:n=500,k=4\nrule = lt\n";
  {
    SweepJournal journal(dir_, other, true);
    EXPECT_EQ(journal.resumed_records(), 0u);
    EXPECT_EQ(journal.size(), 0u);
    EXPECT_FALSE(journal.contains(0, 0));
    EXPECT_EQ(journal_text(), "");
  }
  // The new definition is the one kept.
  EXPECT_THROW(SweepJournal(dir_, kDefinition, false), InputError);
  SweepJournal journal(dir_, other, false);
  EXPECT_EQ(journal.resumed_records(), 0u);
}

TEST_F(SweepJournalTest, ForceWithTheSameDefinitionResumes) {
  {
    SweepJournal journal(dir_, kDefinition, false);
    journal.append(line(0, 0));
    journal.sync();
  }
  SweepJournal journal(dir_, kDefinition, true);
  EXPECT_EQ(journal.resumed_records(), 1u);
}

TEST_F(SweepJournalTest, ASecondJournalOnTheSameDirectoryIsRefused) {
  SweepJournal first(dir_, kDefinition, false);
  try {
    SweepJournal second(dir_, kDefinition, false);
    FAIL() << "two journals open on one directory";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("another koubei process is writing in"), std::string::npos)
        << e.what();
  }
  first.append(line(0, 0));
  first.sync();
  EXPECT_TRUE(first.contains(0, 0));
}

TEST_F(SweepJournalTest, AJournalWithoutADefinitionIsDiscarded) {
  fs::create_directories(dir_ / ".partial");
  write_journal(line(0, 0));
  SweepJournal journal(dir_, kDefinition, false);
  EXPECT_EQ(journal.resumed_records(), 0u);
  EXPECT_FALSE(journal.contains(0, 0));
}

TEST_F(SweepJournalTest, RemoveDeletesThePartialDirectory) {
  SweepJournal journal(dir_, kDefinition, false);
  journal.append(line(0, 0));
  journal.sync();
  ASSERT_TRUE(fs::exists(dir_ / ".partial" / "journal"));
  journal.remove();
  EXPECT_FALSE(fs::exists(dir_ / ".partial"));
  EXPECT_TRUE(fs::exists(dir_));
}

TEST(FirstDifference, EqualTextsHaveNone) {
  EXPECT_EQ(first_difference("", ""), "");
  EXPECT_EQ(first_difference("a = 1\nb = 2\n", "a = 1\nb = 2\n"), "");
}

TEST(FirstDifference, NamesTheFirstDifferingLine) {
  EXPECT_EQ(first_difference("a = 1\nb = 2\nc = 3\n", "a = 1\nb = 5\nc = 4\n"),
            "line 2: 'b = 2' in this command, 'b = 5' in the directory");
  EXPECT_EQ(first_difference("a = 1\n", "a = 1\nb = 2\n"),
            "line 2: '(nothing)' in this command, 'b = 2' in the directory");
  EXPECT_EQ(first_difference("a = 1\nb = 2\n", "a = 1\n"),
            "line 2: 'b = 2' in this command, '(nothing)' in the directory");
}

}  // namespace
}  // namespace koubei
