#include "koubei/model/word_of_mouth.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "koubei/core/error.hpp"
#include "koubei/random/philox_batch.hpp"
#include "koubei/random/stream.hpp"

namespace koubei {
namespace {

constexpr std::uint64_t kAudienceBits = 20;  // up to 2^20 readers per post

std::optional<std::uint32_t> community_by_name(const Graph& graph, const std::string& name,
                                               const std::string& home, const char* key) {
  if (name == "any") return std::nullopt;
  const std::string& wanted = name == "home" ? home : name;
  if (!graph.has_communities())
    throw InputError(fmt::format("{} = {}: the graph has no communities", key, name));
  if (wanted.empty()) return 0;  // home defaults to the first community
  auto c = graph.find_community(wanted);
  if (!c) throw InputError(fmt::format("{} = {}: no community of that name", key, wanted));
  return c;
}

void check_community_name(const Graph& graph, const std::string& home) {
  if (home.empty()) return;
  if (!graph.has_communities())
    throw InputError(fmt::format("community.home = {}: the graph has no communities", home));
  if (!graph.find_community(home))
    throw InputError(fmt::format("community.home = {}: no community of that name", home));
}

/// stream.below(i, n), reading word i through `words` (the cached block);
/// the rare rejected word goes to below() itself, which redraws it alike.
std::uint32_t below(WordCache& words, const CounterStream& stream, std::uint64_t i, std::uint64_t n) {
  const std::uint64_t m = std::uint64_t{words.word(i)} * n;
  if (static_cast<std::uint32_t>(m) < n) return stream.below(i, n);
  return static_cast<std::uint32_t>(m >> 32);
}

}  // namespace

WordOfMouth::WordOfMouth(const Graph& graph, const WordOfMouthConfig& config,
                         std::uint64_t master_seed)
    : graph_(graph), config_(config) {
  check_community_name(graph, config.community.home);
  auto only =
      community_by_name(graph, config.forum.community, config.community.home, "forum.community");
  CounterStream membership(master_seed, 0, Purpose::kMembership);
  const std::uint64_t threshold = word_threshold(config.forum.members);
  for (NodeId v = 0; v < graph.num_nodes(); ++v) {
    if (only && graph.community(v) != *only) continue;
    if (membership.word(v) < threshold) forum_members_.push_back(v);
  }
}

WordOfMouthWorker::WordOfMouthWorker(const WordOfMouth& model, bool churned_return)
    : model_(model),
      config_(model.config()),
      graph_(model.graph()),
      churned_return_(churned_return),
      product_(model.config().product, model.config().disable_engine),
      source_trust_(model.graph().num_nodes(), 0.0f),
      source_(model.graph().num_nodes(), 0),
      channel_(model.graph().num_nodes(), Channel::kSeed) {}

double WordOfMouth::first_day_cross_factor() const {
  if (!graph_.has_communities()) return 1.0;
  ProductTimeline product(config_.product, config_.disable_engine);
  product.advance(0, 0);
  const double barrier = config_.community.barrier;
  return barrier + (1 - barrier) * product.level(Attribute::kOpenness);
}

void WordOfMouthWorker::begin(std::uint64_t master_seed, std::uint32_t replicate) {
  seed_ = master_seed;
  replicate_ = replicate;
  product_.reset();
  channel_start_.fill(-1);
  adopters_yesterday_ = 0;
  today_ = DayChannels{};
  aware_.clear();
  adopters_.clear();
  for (NodeId v : left_today_) source_trust_[v] = 0;
  left_today_.clear();
}

bool WordOfMouthWorker::draw(Purpose purpose, std::uint64_t index, double p) const {
  return CounterStream(seed_, replicate_, purpose).word(index) < word_threshold(p);
}

void WordOfMouthWorker::words_of(Purpose purpose, std::uint64_t offset, std::span<const NodeId> nodes,
                                 std::vector<std::uint32_t>& out) {
  block_indices_.resize(nodes.size());
  for (std::size_t k = 0; k < nodes.size(); ++k) block_indices_[k] = (offset + nodes[k]) >> 2;
  blocks_.resize(nodes.size());
  philox_blocks(CounterStream(seed_, replicate_, purpose), block_indices_.data(), nodes.size(),
                blocks_.data());
  out.resize(nodes.size());
  for (std::size_t k = 0; k < nodes.size(); ++k) out[k] = blocks_[k].v[(offset + nodes[k]) & 3];
}

bool WordOfMouthWorker::can_persuade(const Population& population, NodeId v) const {
  switch (population.state(v)) {
    case AgentState::kUnaware:
    case AgentState::kAware:
    case AgentState::kAwareAgain:
      return true;
    case AgentState::kChurned:
      return churned_return_ && source_trust_[v] >= 0;  // -1: left today
    default:
      return false;
  }
}

bool WordOfMouthWorker::started(const Trigger& trigger, std::uint32_t day) const {
  return (trigger.kind == Trigger::Kind::kDay && day >= trigger.at) ||
         (trigger.kind == Trigger::Kind::kAdopters && adopters_yesterday_ >= trigger.at);
}

void WordOfMouthWorker::add_seed(NodeId v) {
  source_trust_[v] = 1.0f;
  source_[v] = v;
  channel_[v] = Channel::kSeed;
  adopters_.push_back(v);
}

void WordOfMouthWorker::start_day(StepContext& context) {
  const std::uint32_t day = context.step();
  adopters_yesterday_ = context.population().counts().adopters;
  today_ = DayChannels{};
  for (NodeId v : left_today_) source_trust_[v] = 0;  // yesterday's leavers may come back
  left_today_.clear();
  product_.advance(day, adopters_yesterday_);
  const Trigger* triggers[3] = {&config_.forum.start, &config_.microblog.start, &config_.ads.start};
  for (int c = 0; c < 3; ++c)
    if (channel_start_[c] < 0 && started(*triggers[c], day)) channel_start_[c] = day;
  if (graph_.has_communities()) {
    const double barrier = config_.community.barrier;
    const double open = product_.level(Attribute::kOpenness);
    context.set_barrier(graph_.communities().data(),
                        static_cast<float>(barrier + (1 - barrier) * open));
  }
}

void WordOfMouthWorker::persuade(StepContext& context, NodeId v, NodeId source, float trust,
                                 Channel channel) {
  Population& population = context.population();
  if (population.make_aware(v) || (population.state(v) == AgentState::kChurned &&
                                   can_persuade(population, v) && population.make_aware_again(v))) {
    aware_.push_back(v);
  } else if (!population.is_aware(v) || trust <= source_trust_[v]) {
    return;
  }
  source_trust_[v] = trust;
  source_[v] = source;
  channel_[v] = channel;
}

void WordOfMouthWorker::expose(StepContext& context, NodeId v, NodeId source, Channel channel,
                               double trust, WordCache& words, std::uint64_t word) {
  ++today_.exposures[static_cast<int>(channel) - 1];
  if (!can_persuade(context.population(), v)) return;
  if (words.word(word) < word_threshold(trust))
    persuade(context, v, source, static_cast<float>(trust), channel);
}

void WordOfMouthWorker::run_channels(StepContext& context) {
  const std::uint64_t day = context.step();
  const std::uint64_t n = graph_.num_nodes();
  const Population& population = context.population();
  posters_.clear();
  std::size_t keep = 0;
  for (NodeId v : adopters_) {
    if (!population.is_adopter(v)) {
      // The rule churned v today (the model's churn drops its own leavers):
      // under sis, v may be persuaded again from tomorrow on.
      if (churned_return_) {
        source_trust_[v] = -1;
        left_today_.push_back(v);
      }
      continue;
    }
    adopters_[keep++] = v;
    if (population.state(v) == AgentState::kPromoter) posters_.push_back(v);
  }
  adopters_.resize(keep);

  const bool social = !config_.disable_accelerator;
  const auto members = model_.forum_members();
  if (social && channel_start_[0] >= 0 && !members.empty()) {
    const ForumConfig& forum = config_.forum;
    const CounterStream audience(seed_, replicate_, Purpose::kAudience);
    WordCache words(audience);
    words_of(Purpose::kPost, (day * 3 + 0) * n, posters_, words_);
    const std::uint64_t posts = word_threshold(forum.post_rate);
    for (std::size_t k = 0; k < posters_.size(); ++k) {
      if (words_[k] >= posts) continue;
      const NodeId u = posters_[k];
      const std::uint64_t base = (day * n + u) << kAudienceBits;
      for (std::uint64_t j = 0; j < static_cast<std::uint64_t>(forum.reach); ++j) {
        const std::uint64_t i = base + j;
        expose(context, members[below(words, audience, 2 * i, members.size())], u, Channel::kForum,
               forum.trust, words, 2 * i + 1);
      }
    }
  }
  if (social && channel_start_[1] >= 0) {
    const MicroblogConfig& blog = config_.microblog;
    const std::uint64_t m = graph_.num_arcs();
    const CounterStream followers(seed_, replicate_, Purpose::kFollowerReach);
    const CounterStream reposts(seed_, replicate_, Purpose::kRepostAudience);
    WordCache follower_words(followers), repost_words(reposts);
    const std::uint64_t reach = word_threshold(blog.follower_reach);
    const auto targets = graph_.targets();
    words_of(Purpose::kPost, (day * 3 + 1) * n, posters_, words_);
    const std::uint64_t posts = word_threshold(blog.post_rate);
    for (std::size_t k = 0; k < posters_.size(); ++k) {
      if (words_[k] >= posts) continue;
      const NodeId u = posters_[k];
      for (ArcId a = graph_.first_arc(u); a < graph_.end_arc(u); ++a) {
        const std::uint64_t i = day * m + a;
        if (follower_words.word(2 * i) < reach)
          expose(context, targets[a], u, Channel::kMicroblog, blog.trust, follower_words, 2 * i + 1);
      }
      if (!draw(Purpose::kPost, (day * 3 + 2) * n + u, blog.repost_probability)) continue;
      const std::uint64_t base = (day * n + u) << kAudienceBits;
      for (std::uint64_t j = 0; j < static_cast<std::uint64_t>(blog.repost_reach); ++j) {
        const std::uint64_t i = base + j;
        expose(context, below(repost_words, reposts, 2 * i, n), u, Channel::kMicroblog, blog.trust,
               repost_words, 2 * i + 1);
      }
    }
  }
  const AdsConfig& ads = config_.ads;
  // Day 0 only places the seeds, so a campaign from day 0 runs from day 1.
  const auto first_ad_day =
      static_cast<std::uint64_t>(std::max<std::int64_t>(channel_start_[2], 1));
  if (ads.daily_budget > 0 && channel_start_[2] >= 0 &&
      day < first_ad_day + static_cast<std::uint64_t>(ads.days)) {
    const auto impressions =
        static_cast<std::uint64_t>(std::floor(ads.daily_budget / ads.cost_per_impression));
    today_.cost += static_cast<double>(impressions) * ads.cost_per_impression;
    const CounterStream audience(seed_, replicate_, Purpose::kAdsAudience);
    WordCache words(audience);
    for (std::uint64_t j = 0; j < impressions; ++j) {
      const std::uint64_t i = day * impressions + j;
      const NodeId v = below(words, audience, 2 * i, n);
      expose(context, v, v, Channel::kAds, ads.trust, words, 2 * i + 1);
    }
  }
}

void WordOfMouthWorker::convert(StepContext& context) {
  Population& population = context.population();
  const std::uint64_t day = context.step();
  const std::uint64_t n = graph_.num_nodes();
  const double p = config_.adoption.conversion * product_.level(Attribute::kLooks);
  const std::uint64_t converts = word_threshold(p);
  words_of(Purpose::kConversion, day * n, aware_, words_);
  std::size_t keep = 0;
  for (std::size_t k = 0; k < aware_.size(); ++k) {
    const NodeId v = aware_[k];
    if (!population.is_aware(v)) continue;
    if (words_[k] < converts) {
      if (population.adopt(v)) ++today_.adoptions[static_cast<std::size_t>(channel_[v])];
      adopters_.push_back(v);
      if (auto* trace = context.trace())
        trace->push_back({context.step(), source_[v], v, channel_[v]});
    } else {
      aware_[keep++] = v;
    }
  }
  aware_.resize(keep);
}

void WordOfMouthWorker::promote_and_churn(StepContext& context, std::size_t adopted_before) {
  Population& population = context.population();
  const AdoptionConfig& a = config_.adoption;
  const std::uint64_t day = context.step();
  const std::uint64_t n = graph_.num_nodes();
  const double speed = product_.level(Attribute::kSpeed);
  const double open = product_.level(Attribute::kOpenness);
  const double promote_p = a.promotion * ((1 - a.participation) * speed + a.participation * open);
  const double churn_base = a.churn * (1 - a.retention * speed);
  const std::uint64_t promotes = word_threshold(promote_p);
  words_of(Purpose::kPromotion, day * n, adopters_, words_);
  words_of(Purpose::kModelChurn, day * n, std::span<const NodeId>(adopters_).first(adopted_before),
           more_words_);
  std::size_t keep = 0;
  for (std::size_t i = 0; i < adopters_.size(); ++i) {
    const NodeId v = adopters_[i];
    if (!population.is_adopter(v)) continue;  // a rule with its own churn took it
    if (population.state(v) == AgentState::kAdopter && words_[i] < promotes) population.promote(v);
    if (i < adopted_before) {
      double p = churn_base * (1 + a.distrust_churn * (1 - source_trust_[v]));
      if (population.state(v) == AgentState::kPromoter) p *= a.promoter_churn;
      if (more_words_[i] < word_threshold(std::min(1.0, p))) {
        population.churn(v);
        continue;
      }
    }
    adopters_[keep++] = v;
  }
  adopters_.resize(keep);
}

void WordOfMouthWorker::end_day(StepContext& context, std::uint64_t referral_exposures) {
  today_.exposures[0] = referral_exposures;
  run_channels(context);
  const std::size_t adopted_before = adopters_.size();
  convert(context);
  promote_and_churn(context, adopted_before);
}

}  // namespace koubei
