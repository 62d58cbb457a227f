#pragma once
// The word-of-mouth model: the iron triangle of engine (the product),
// accelerator (forum and microblog) and relationship chain (trust), around
// any diffusion rule. One step is one day:
//
//  1. The product advances: phases that start today (on a day, or on a
//     milestone reached by the end of yesterday) ramp their attribute. Arcs
//     across communities carry trust x (barrier + (1 - barrier) x openness).
//  2. Referral: the rule runs on the graph with today's effective trust; a
//     user it decides for is persuaded (made aware, remembering the channel
//     and the trust of the source; the most trusted source wins).
//  3. Channels, from the promoters at the start of the day: each posts on the
//     forum with chance forum.post_rate, shown to forum.reach members drawn
//     uniformly at random (with replacement); on the microblog (once it
//     started) with chance post_rate, seen by each follower (out-neighbour)
//     with chance follower_reach, and reposted with chance
//     repost_probability to repost_reach users drawn uniformly from all
//     users. Ads buy floor(daily_budget / cost_per_impression) impressions a
//     day, each on a user drawn uniformly from all users. Each exposure is
//     its own trial: it persuades a user who can still be persuaded with the
//     channel's trust, independently of every other exposure (a user seen by
//     k posts or impressions in a day is persuaded with chance
//     1 - (1 - trust)^k).
//  4. Conversion: each aware user adopts with chance conversion x looks.
//     New adopters refer from tomorrow on.
//  5. Promotion: each adopter who is not yet a promoter becomes one with
//     chance promotion x ((1 - participation) x speed + participation x
//     openness).
//  6. Churn: each adopter who adopted before today leaves with chance
//     churn x (1 - retention x speed) x (1 + distrust_churn x (1 - trust of
//     the source that persuaded them)), times promoter_churn for promoters;
//     seeds count as persuaded with trust 1.
//
// Churned users do not come back, except under the rule `sis` (users who
// left can adopt again): there a user who churned (by the rule's churn or
// the model's) can be persuaded again, by referral or any channel, from the
// day after it churned; it becomes aware again (remembering the new source),
// converts as in step 4, and appears again in the referral trace.
//
// Every draw is a word of a counter-based stream keyed by (master seed,
// replicate, purpose) at an index made of the day, the channel and the node
// or arc, so a replicate's outcome does not depend on the order of visits or
// on the thread that runs it:
//   membership    Purpose::kMembership, replicate 0, word v
//   posting       Purpose::kPost, word (3d + c) n + u (c: 0 forum, 1 microblog,
//                 2 repost)
//   conversion, promotion, churn   their purposes, word d n + v
//   exposures     each owns two words 2i and 2i+1 of its channel's stream:
//                 word 2i decides who sees it (or, for a follower, whether),
//                 word 2i+1 whether it persuades (word < trust x 2^32):
//     forum reader j of u's post on day d: Purpose::kAudience,
//       i = (d n + u) 2^20 + j, the member CounterStream::below(2i, members)
//     repost reader j: Purpose::kRepostAudience, same i, below(2i, n)
//     follower at arc a: Purpose::kFollowerReach, i = d m + a, sees it when
//       word 2i < follower_reach x 2^32
//     impression j of day d: Purpose::kAdsAudience, i = d k + j (k
//       impressions a day), below(2i, n)
// Picks are unbiased (CounterStream::below: multiply-and-reject, its retries
// in the stream's retry lanes).

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "koubei/graph/graph.hpp"
#include "koubei/model/product.hpp"
#include "koubei/state/step_context.hpp"
#include "koubei/model/word_of_mouth_config.hpp"
#include "koubei/random/stream.hpp"

namespace koubei {

/// Exposures per channel and money spent during one day.
struct DayChannels {
  std::array<std::uint64_t, 4> exposures{};  // referral, forum, microblog, ads
  double cost = 0;
  /// Adoptions by the channel that persuaded each adopter (indexed by
  /// Channel: seed, referral, forum, microblog, ads).
  std::array<std::uint64_t, 5> adoptions{};
  bool operator==(const DayChannels&) const = default;
};

/// Shared by all threads: the configuration bound to a graph.
class WordOfMouth {
 public:
  /// Throws InputError for a community name the graph does not have.
  WordOfMouth(const Graph& graph, const WordOfMouthConfig& config, std::uint64_t master_seed);

  const Graph& graph() const { return graph_; }
  const WordOfMouthConfig& config() const { return config_; }
  /// The factor on the trust of arcs across communities on day 0, before
  /// anyone adopted (1 when the graph has no communities): what seed
  /// selection assumes.
  double first_day_cross_factor() const;
  std::span<const NodeId> forum_members() const { return forum_members_; }

 private:
  const Graph& graph_;
  const WordOfMouthConfig config_;  // a copy: workers point into it
  std::vector<NodeId> forum_members_;
};

/// Per thread: the model's state during one replicate.
class WordOfMouthWorker final : public Persuasion {
 public:
  /// `churned_return`: churned users can be persuaded again (rule `sis`).
  explicit WordOfMouthWorker(const WordOfMouth& model, bool churned_return = false);

  void begin(std::uint64_t master_seed, std::uint32_t replicate);
  /// A seed user: an adopter from the start, persuaded with trust 1.
  void add_seed(NodeId v);
  /// Step 1 of the day; sets the barrier on `context`.
  void start_day(StepContext& context);
  /// Steps 3 to 6 of the day.
  void end_day(StepContext& context, std::uint64_t referral_exposures);
  /// A user was persuaded (step 2 or 3).
  void persuade(StepContext& context, NodeId v, NodeId source, float trust,
                Channel channel) override;

  const ProductTimeline& product() const { return product_; }
  const DayChannels& today() const { return today_; }

 private:
  bool draw(Purpose purpose, std::uint64_t index, double p) const;
  /// Word offset + v of `purpose`'s stream for every v of `nodes`, as
  /// draw() reads it, computed many blocks at a time (philox_blocks): a
  /// day's posting, conversion, promotion and churn draws are one pass.
  void words_of(Purpose purpose, std::uint64_t offset, std::span<const NodeId> nodes,
                std::vector<std::uint32_t>& out);
  bool can_persuade(const Population& population, NodeId v) const;
  /// An exposure of v that persuades when word `word` of the channel's
  /// stream < trust x 2^32. A channel draws its audience and trust words
  /// in pairs (2i, 2i + 1) along consecutive i: through a WordCache, one
  /// Philox block serves two exposures.
  void expose(StepContext& context, NodeId v, NodeId source, Channel channel, double trust,
              WordCache& words, std::uint64_t word);
  void run_channels(StepContext& context);
  void convert(StepContext& context);
  void promote_and_churn(StepContext& context, std::size_t adopted_before);
  bool started(const Trigger& trigger, std::uint32_t day) const;

  const WordOfMouth& model_;
  const WordOfMouthConfig& config_;
  const Graph& graph_;
  const bool churned_return_;
  ProductTimeline product_;
  std::uint64_t seed_ = 0;
  std::uint32_t replicate_ = 0;
  std::uint64_t adopters_yesterday_ = 0;
  std::array<std::int64_t, 3> channel_start_{};  // forum, microblog, ads: day started or -1
  DayChannels today_;
  // Per node, valid while the node is aware or an adopter.
  std::vector<float> source_trust_;
  std::vector<NodeId> source_;
  std::vector<Channel> channel_;
  std::vector<NodeId> aware_;       // the aware, in the order they became aware
  std::vector<NodeId> adopters_;    // adopters and promoters, in the order they adopted
  std::vector<NodeId> posters_;     // scratch: today's promoters
  std::vector<NodeId> left_today_;  // under sis: churned by the rule today (source_trust_ -1)
  // Scratch of words_of().
  std::vector<std::uint64_t> block_indices_;
  std::vector<Block> blocks_;
  std::vector<std::uint32_t> words_, more_words_;
};

}  // namespace koubei
