#pragma once
// Counter-based random numbers (Random123's Philox4x32-10).
//
// Every random draw in koubei is a pure function of
//   (master seed, replicate, purpose, index),
// so replicate r gives the same numbers whether it runs alone or among many,
// on one thread or on many, and the draws for one purpose (say, seed users)
// never shift when another purpose (say, arc trials) draws more or less.
// Philox's key holds the 64-bit master seed; its 128-bit counter holds the
// draw index (64 bits), the replicate (32 bits) and the purpose (32 bits).
// Each Philox call yields four 32-bit words.
//
// Conversions to doubles and bounded integers are written out here rather
// than taken from <random>, whose distributions differ between standard
// libraries.

#include <Random123/philox.h>

#include <cstdint>

namespace koubei {

__extension__ using Uint128 = unsigned __int128;

/// What a stream is for. The numbers are part of the reproducibility
/// contract: never renumber them. They stay below 2^16: the upper half of the
/// purpose's counter word numbers the retry lanes of CounterStream::below.
enum class Purpose : std::uint32_t {
  kGraph = 1,          // generating the graph (replicate 0)
  kTrust = 2,          // random trust models (replicate 0)
  kSeeds = 3,          // drawing seed users, per replicate
  kArcTrial = 4,       // one word per arc: does this arc's trial succeed?
  kThreshold = 5,      // one word pair per node: linear-threshold thresholds
  kAdoption = 6,       // per (step, node): spontaneous or imitation adoption (Bass)
  kChurn = 7,          // per (step, node): does an adopter leave?
  kInvite = 8,         // per node: which neighbours receive its invitations
  kRepeatedTrial = 9,  // per (step, arc): trials repeated every step (SIR/SIS)
  // The word-of-mouth model (model/word_of_mouth.hpp says which index each uses).
  kMembership = 10,      // per node, replicate 0: forum membership
  kExposure = 11,        // retired (one draw per (day, channel, node)): never reuse it
  kConversion = 12,      // per (day, node): does an aware user adopt?
  kPromotion = 13,       // per (day, node): does an adopter become a promoter?
  kModelChurn = 14,      // per (day, node): does an adopter leave?
  kPost = 15,            // per (day, channel, node): does a promoter post?
  kAudience = 16,        // per (day, poster, j): the j-th forum reader, and is it persuaded?
  kFollowerReach = 17,   // per (day, arc): does a follower see a post, and is it persuaded?
  kRepostAudience = 18,  // per (day, poster, j): the j-th repost reader, and is it persuaded?
  kAdsAudience = 19,     // per (day, j): who sees the j-th impression, and is it persuaded?
  // 20 is retired (gaps per node's row, before the runs below): never reuse it.
  kDeadRuns = 21,    // sequential per replicate: runs of dead arcs among those IC tries (one trust)
  kAttachment = 22,  // per (edge, attempt), replicate 0: Barabási–Albert picks (m <= 32)
  // Seed selection (seeding/): the replicate number is a collection's number.
  kRrSets = 23,       // sequential from word i * 2^32: reverse reachable set i of a collection
  kSelectionArc = 24,  // per (world, arc): is the arc live in a world of celf (ic)?
  kSelectionPick = 25,  // per (world, node): the live in-arc of a node in a world of celf (lt)
};

/// The four words of one Philox block.
using Block = r123::Philox4x32::ctr_type;

/// Uniform integer in [0, n), 0 < n <= 2^32, without bias, from 32-bit words
/// next() (Lemire's multiply-and-reject: a word w gives (w * n) >> 32 unless
/// the low half of w * n falls below 2^32 mod n, and then another word is
/// drawn). RandomStream::below and the invitations' picks use it;
/// CounterStream::below is the same rule with its retries in lanes.
template <class NextWord>
std::uint32_t below_from_words(std::uint64_t n, NextWord&& next) {
  std::uint64_t m = std::uint64_t{next()} * n;
  if (static_cast<std::uint32_t>(m) < n) {
    const auto t = static_cast<std::uint32_t>((std::uint64_t{1} << 32) % n);
    while (static_cast<std::uint32_t>(m) < t) m = std::uint64_t{next()} * n;
  }
  return static_cast<std::uint32_t>(m >> 32);
}

/// Stateless access to a stream: word i of (seed, replicate, purpose).
/// Used where each arc or node owns its draw, so the order of visits
/// cannot change the outcome.
class CounterStream {
 public:
  CounterStream(std::uint64_t master_seed, std::uint32_t replicate, Purpose purpose)
      : key_{{static_cast<std::uint32_t>(master_seed),
              static_cast<std::uint32_t>(master_seed >> 32)}},
        replicate_(replicate),
        purpose_(static_cast<std::uint32_t>(purpose)) {}

  /// Block b holds words 4b .. 4b+3.
  Block block(std::uint64_t b) const {
    Block counter{
        {static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(b >> 32), replicate_, purpose_}};
    return r123::Philox4x32()(counter, key_);
  }
  std::uint32_t word(std::uint64_t i) const { return block(i >> 2).v[i & 3]; }

  /// What block() feeds Philox: the key (seed low, seed high) and counter
  /// words 2 and 3 (random/philox_batch.hpp computes many blocks at once).
  const r123::Philox4x32::key_type& key() const { return key_; }
  std::uint32_t replicate() const { return replicate_; }
  Purpose purpose() const { return static_cast<Purpose>(purpose_); }

  /// A double uniform on [0,1) from words 2i and 2i+1 (53 bits).
  double uniform_pair(std::uint64_t i) const {
    Block b = block(i >> 1);
    unsigned lane = static_cast<unsigned>(i & 1) * 2;
    std::uint64_t bits = (std::uint64_t{b.v[lane]} << 32) | b.v[lane + 1];
    return static_cast<double>(bits >> 11) * 0x1.0p-53;
  }

  /// Uniform integer in [0, n), 0 < n <= 2^32, keyed by index i, without
  /// bias: Lemire's multiply-and-reject (as RandomStream::below) on word i.
  /// A rejected word (chance (2^32 mod n) / 2^32, at most 1/2) is replaced by
  /// word i of retry lane 1, then lane 2, and so on: the same stream with the
  /// lane number in the upper 16 bits of the purpose's counter word. Every
  /// purpose is below 2^16, so no other draw of any purpose or index ever
  /// reads a lane word, and the draw keyed by i reads only word i of its
  /// stream and of its lanes. After 65535 rejections (chance below 2^-65535)
  /// the last word is kept.
  std::uint32_t below(std::uint64_t i, std::uint64_t n) const {
    std::uint64_t m = std::uint64_t{word(i)} * n;
    if (static_cast<std::uint32_t>(m) < n) {
      const auto t = static_cast<std::uint32_t>((std::uint64_t{1} << 32) % n);
      const std::uint64_t b = i >> 2;
      for (std::uint32_t lane = 1; static_cast<std::uint32_t>(m) < t && lane < 65536; ++lane) {
        const Block counter{{static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(b >> 32),
                             replicate_, purpose_ | (lane << 16)}};
        m = std::uint64_t{r123::Philox4x32()(counter, key_).v[i & 3]} * n;
      }
    }
    return static_cast<std::uint32_t>(m >> 32);
  }

 private:
  r123::Philox4x32::key_type key_;
  std::uint32_t replicate_;
  std::uint32_t purpose_;
};

/// The fixed-point threshold for a probability: a word w succeeds when
/// w < threshold(p), which happens with probability p rounded down to a
/// multiple of 2^-32 (exactly 0 for p = 0, and for p < 2^-32; exactly 1 for
/// p = 1).
inline std::uint64_t word_threshold(double p) {
  if (!(p > 0)) return 0;
  if (p >= 1) return std::uint64_t{1} << 32;
  return static_cast<std::uint64_t>(p * 4294967296.0);
}

/// Random access to the words of one CounterStream with the last block kept:
/// a run of consecutive indices (the arcs of a row) costs one Philox call
/// per four words.
class WordCache {
 public:
  WordCache() = default;
  explicit WordCache(const CounterStream& stream) : stream_(stream) {}

  std::uint32_t word(std::uint64_t i) {
    if ((i >> 2) != block_index_) {
      block_index_ = i >> 2;
      block_ = stream_.block(block_index_);
    }
    return block_.v[i & 3];
  }

 private:
  CounterStream stream_{0, 0, Purpose::kGraph};
  std::uint64_t block_index_ = ~std::uint64_t{0};
  Block block_{};
};

/// A sequential stream: draws words first, first + 1, ... of one (seed,
/// replicate, purpose); from word 0 unless told otherwise (a draw that owns
/// a range of indices, such as a sender's invitations, starts at its own).
class RandomStream {
 public:
  RandomStream(std::uint64_t master_seed, std::uint32_t replicate, Purpose purpose)
      : counter_(master_seed, replicate, purpose) {}
  RandomStream(const CounterStream& stream, std::uint64_t first_word)
      : counter_(stream), next_block_(first_word >> 2) {
    if ((first_word & 3) != 0) {
      buffer_ = counter_.block(next_block_++);
      lane_ = static_cast<unsigned>(first_word & 3);
    }
  }

  std::uint32_t next_u32() {
    if (lane_ == 4) {
      buffer_ = counter_.block(next_block_++);
      lane_ = 0;
    }
    return buffer_.v[lane_++];
  }
  std::uint64_t next_u64() {
    std::uint64_t hi = next_u32();
    return (hi << 32) | next_u32();
  }
  /// Uniform on [0,1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  /// Uniform integer in [0, n), n > 0, without bias (Lemire's multiply-and-reject).
  std::uint64_t below(std::uint64_t n) {
    if (n <= (std::uint64_t{1} << 32)) return below_from_words(n, [this] { return next_u32(); });
    Uint128 m = static_cast<Uint128>(next_u64()) * n;
    std::uint64_t low = static_cast<std::uint64_t>(m);
    if (low < n) {
      std::uint64_t t = (0 - n) % n;
      while (low < t) {
        m = static_cast<Uint128>(next_u64()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }
  /// True with probability p.
  bool bernoulli(double p) { return next_u32() < word_threshold(p); }

 private:
  CounterStream counter_;
  std::uint64_t next_block_ = 0;
  Block buffer_{};
  unsigned lane_ = 4;
};

}  // namespace koubei
