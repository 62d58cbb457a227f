#include "koubei/model/word_of_mouth_config.hpp"

#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <algorithm>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "koubei/core/error.hpp"
#include "koubei/core/options.hpp"

namespace koubei {
namespace po = boost::program_options;
namespace {

// The range of every numeric key, used both when a value is read and by
// validate(), with the field it bounds; a phase's keys are listed under
// "phase" (validate() reads the three phases' fields itself).
struct KeyRange {
  std::string_view key;
  double lo, hi;
  double (*value)(const WordOfMouthConfig&);
};
constexpr KeyRange kRanges[] = {
    {"phase.ramp_days", 0, 1e9, nullptr},
    {"phase.from", 0, 1, nullptr},
    {"phase.to", 0, 1, nullptr},
    {"chain_off_trust", 0, 1,
     [](const WordOfMouthConfig& c) { return c.chain_off_trust; }},
    {"product.speed", 0, 1,
     [](const WordOfMouthConfig& c) { return c.product.speed; }},
    {"product.looks", 0, 1,
     [](const WordOfMouthConfig& c) { return c.product.looks; }},
    {"product.openness", 0, 1,
     [](const WordOfMouthConfig& c) { return c.product.openness; }},
    {"adoption.conversion", 0, 1,
     [](const WordOfMouthConfig& c) { return c.adoption.conversion; }},
    {"adoption.promotion", 0, 1,
     [](const WordOfMouthConfig& c) { return c.adoption.promotion; }},
    {"adoption.participation", 0, 1,
     [](const WordOfMouthConfig& c) { return c.adoption.participation; }},
    {"adoption.churn", 0, 1,
     [](const WordOfMouthConfig& c) { return c.adoption.churn; }},
    {"adoption.retention", 0, 1,
     [](const WordOfMouthConfig& c) { return c.adoption.retention; }},
    {"adoption.distrust_churn", 0, 1e6,
     [](const WordOfMouthConfig& c) { return c.adoption.distrust_churn; }},
    {"adoption.promoter_churn", 0, 1e6,
     [](const WordOfMouthConfig& c) { return c.adoption.promoter_churn; }},
    {"community.barrier", 0, 1,
     [](const WordOfMouthConfig& c) { return c.community.barrier; }},
    {"forum.members", 0, 1,
     [](const WordOfMouthConfig& c) { return c.forum.members; }},
    {"forum.post_rate", 0, 1,
     [](const WordOfMouthConfig& c) { return c.forum.post_rate; }},
    {"forum.reach", 0, 1 << 20,
     [](const WordOfMouthConfig& c) { return static_cast<double>(c.forum.reach); }},
    {"forum.trust", 0, 1,
     [](const WordOfMouthConfig& c) { return c.forum.trust; }},
    {"microblog.post_rate", 0, 1,
     [](const WordOfMouthConfig& c) { return c.microblog.post_rate; }},
    {"microblog.follower_reach", 0, 1,
     [](const WordOfMouthConfig& c) { return c.microblog.follower_reach; }},
    {"microblog.repost_probability", 0, 1,
     [](const WordOfMouthConfig& c) { return c.microblog.repost_probability; }},
    {"microblog.repost_reach", 0, 1 << 20,
     [](const WordOfMouthConfig& c) { return static_cast<double>(c.microblog.repost_reach); }},
    {"microblog.trust", 0, 1,
     [](const WordOfMouthConfig& c) { return c.microblog.trust; }},
    {"ads.daily_budget", 0, 1e15,
     [](const WordOfMouthConfig& c) { return c.ads.daily_budget; }},
    {"ads.trust", 0, 1,
     [](const WordOfMouthConfig& c) { return c.ads.trust; }},
    {"ads.days", 0, 1e9,
     [](const WordOfMouthConfig& c) { return static_cast<double>(c.ads.days); }},
};

const KeyRange& range_of(std::string_view key) {
  const bool phase = std::any_of(kPhaseNames.begin(), kPhaseNames.end(), [key](const char* name) {
    return key.starts_with(name) && key.substr(std::string_view(name).size()).starts_with('.');
  });
  const std::string lookup =
      phase ? "phase" + std::string(key.substr(key.find('.'))) : std::string(key);
  for (const KeyRange& r : kRanges)
    if (r.key == lookup) return r;
  throw std::logic_error(fmt::format("no range for key {}", key));
}

void check_range(const std::string& key, double value) {
  const KeyRange& r = range_of(key);
  if (!(value >= r.lo && value <= r.hi))
    throw InputError(fmt::format("{} = {} is outside [{}, {}]", key, value, r.lo, r.hi));
}

// A numeric key bound to `field`, checked against its range when read.
template <typename T>
po::typed_value<T>* ranged(T* field, const std::string& key) {
  const KeyRange& r = range_of(key);
  return within(field, key, r.lo, r.hi);
}

void check_cost(double cost) {
  if (!(cost > 0))
    throw InputError(fmt::format("ads.cost_per_impression = {} must be positive", cost));
}

// A text key parsed into `target` when the options are notified.
po::typed_value<std::string>* trigger_value(Trigger* target, std::string key) {
  return checked_text(target->to_string(),
                      [key](const std::string& text) { Trigger::parse(text, key); })
      ->notifier([target, key](const std::string& text) { *target = Trigger::parse(text, key); });
}

void set_disabled(WordOfMouthConfig& config, const std::vector<std::string>& lists) {
  config.disable_engine = config.disable_accelerator = config.disable_chain = false;
  for (const std::string& list : lists) {
    std::size_t start = 0;
    while (start <= list.size()) {
      const std::size_t end = std::min(list.find(',', start), list.size());
      const std::string side = list.substr(start, end - start);
      if (side == "engine") {
        config.disable_engine = true;
      } else if (side == "accelerator") {
        config.disable_accelerator = true;
      } else if (side == "chain") {
        config.disable_chain = true;
      } else if (!side.empty()) {
        throw InputError(
            fmt::format("disable = '{}': expected engine, accelerator or chain", side));
      }
      start = end + 1;
    }
  }
}

}  // namespace

void WordOfMouthConfig::add_options(po::options_description& options) {
  auto& o = options;
  // clang-format off
  o.add_options()
    ("model", checked_text(enabled ? "wom" : "none", [](const std::string& text) {
         if (text != "none" && text != "wom")
           throw InputError(fmt::format("model = '{}': expected none or wom", text));
       })->notifier([this](const std::string& text) { enabled = text == "wom"; }),
     "none: the rule alone; wom: the word-of-mouth model (product, phases, channels, churn)")
    ("disable", (new CheckedValue<std::vector<std::string>>(nullptr,
         [](const std::vector<std::string>& lists) {
           WordOfMouthConfig probe;
           set_disabled(probe, lists);
         }))->composing()->notifier([this](const std::vector<std::string>& lists) {
           set_disabled(*this, lists);
         }),
     "switch off sides of the triangle: engine, accelerator, chain (comma-separated or repeated)")
    ("chain_off_trust", ranged(&chain_off_trust, "chain_off_trust"),
     "trust of every arc when the chain is disabled")
    ("product.speed", ranged(&product.speed, "product.speed"), "starting speed")
    ("product.looks", ranged(&product.looks, "product.looks"), "starting looks")
    ("product.openness", ranged(&product.openness, "product.openness"),
     "starting openness");
  for (int p = 0; p < 3; ++p) {
    const std::string name = kPhaseNames[p];
    PhaseConfig& phase = product.phases[p];
    o.add_options()
      ((name + ".start").c_str(), trigger_value(&phase.start, name + ".start"),
       "never, day:N or adopters:N")
      ((name + ".from").c_str(), ranged(&phase.from, name + ".from"),
       "attribute level when the phase starts")
      ((name + ".to").c_str(), ranged(&phase.to, name + ".to"),
       "attribute level at the end of the ramp")
      ((name + ".ramp_days").c_str(), ranged(&phase.ramp_days, name + ".ramp_days"),
       "days the ramp takes");
  }
  AdoptionConfig& a = adoption;
  o.add_options()
    ("adoption.conversion", ranged(&a.conversion, "adoption.conversion"),
     "daily chance an aware user adopts, times looks")
    ("adoption.promotion", ranged(&a.promotion, "adoption.promotion"),
     "daily chance an adopter becomes a promoter, times satisfaction")
    ("adoption.participation", ranged(&a.participation, "adoption.participation"),
     "weight of openness (against speed) in satisfaction")
    ("adoption.churn", ranged(&a.churn, "adoption.churn"),
     "daily chance an adopter leaves, before speed and trust")
    ("adoption.retention", ranged(&a.retention, "adoption.retention"),
     "share of churn a fast product prevents")
    ("adoption.distrust_churn", ranged(&a.distrust_churn, "adoption.distrust_churn"),
     "extra churn for users won with low trust")
    ("adoption.promoter_churn", ranged(&a.promoter_churn, "adoption.promoter_churn"),
     "promoters' churn as a fraction of adopters'")
    ("community.barrier", ranged(&community.barrier, "community.barrier"),
     "trust factor across communities when openness is 0")
    ("community.file", po::value(&community.file), "node attribute file: `id community` per line")
    ("community.home", po::value(&community.home), "the home community (default: the first)")
    ("community.seed_community",
     with_default(&community.seed_community),
     "draw random seeds in: any, home, or a community's name")
    ("forum.start", trigger_value(&forum.start, "forum.start"), "never, day:N or adopters:N")
    ("forum.members", ranged(&forum.members, "forum.members"),
     "fraction of users who are members")
    ("forum.community", with_default(&forum.community),
     "members only in: any, home, or a community's name")
    ("forum.post_rate", ranged(&forum.post_rate, "forum.post_rate"),
     "daily chance a promoter posts")
    ("forum.reach", ranged(&forum.reach, "forum.reach"), "members who see a post")
    ("forum.trust", ranged(&forum.trust, "forum.trust"),
     "chance a reader is persuaded")
    ("microblog.start", trigger_value(&microblog.start, "microblog.start"),
     "never, day:N or adopters:N")
    ("microblog.post_rate", ranged(&microblog.post_rate, "microblog.post_rate"),
     "daily chance a promoter posts")
    ("microblog.follower_reach", ranged(&microblog.follower_reach, "microblog.follower_reach"),
     "chance a follower sees a post")
    ("microblog.repost_probability",
     ranged(&microblog.repost_probability, "microblog.repost_probability"),
     "chance a post is reposted to users anywhere")
    ("microblog.repost_reach", ranged(&microblog.repost_reach, "microblog.repost_reach"),
     "users anywhere who see a repost")
    ("microblog.trust", ranged(&microblog.trust, "microblog.trust"),
     "chance a reader is persuaded")
    ("ads.daily_budget", ranged(&ads.daily_budget, "ads.daily_budget"),
     "money spent on ads per day; 0: no ads")
    ("ads.cost_per_impression",
     checked<double>(&ads.cost_per_impression, check_cost),
     "price of one impression")
    ("ads.trust", ranged(&ads.trust, "ads.trust"),
     "chance an impression persuades")
    ("ads.start", trigger_value(&ads.start, "ads.start"), "never, day:N or adopters:N")
    ("ads.days", ranged(&ads.days, "ads.days"), "days the campaign runs");
  // clang-format on
}

void WordOfMouthConfig::validate() const {
  for (int p = 0; p < 3; ++p) {
    const std::string name = kPhaseNames[p];
    check_range(name + ".ramp_days", static_cast<double>(product.phases[p].ramp_days));
    check_range(name + ".from", product.phases[p].from);
    check_range(name + ".to", product.phases[p].to);
  }
  for (const KeyRange& r : kRanges)
    if (r.value) check_range(std::string(r.key), r.value(*this));
  check_cost(ads.cost_per_impression);
  if (ads.daily_budget / ads.cost_per_impression > 1e9)
    throw InputError("ads.daily_budget / ads.cost_per_impression is over 1e9 impressions a day");
}

std::string WordOfMouthConfig::disabled_sides() const {
  std::string sides;
  auto add = [&sides](bool on, const char* side) {
    if (on) sides += sides.empty() ? std::string(side) : fmt::format(",{}", side);
  };
  add(disable_engine, "engine");
  add(disable_accelerator, "accelerator");
  add(disable_chain, "chain");
  return sides;
}

std::string WordOfMouthConfig::to_ini() const {
  std::string t = fmt::format("model = {}\n", enabled ? "wom" : "none");
  if (const std::string sides = disabled_sides(); !sides.empty())
    t += fmt::format("disable = {}\n", sides);
  t += fmt::format("chain_off_trust = {}\n", chain_off_trust);
  t += fmt::format("\n[product]\nspeed = {}\nlooks = {}\nopenness = {}\n", product.speed,
                   product.looks, product.openness);
  for (int p = 0; p < 3; ++p) {
    const PhaseConfig& phase = product.phases[p];
    t += fmt::format("\n[{}]\nstart = {}\nfrom = {}\nto = {}\nramp_days = {}\n", kPhaseNames[p],
                     phase.start.to_string(), phase.from, phase.to, phase.ramp_days);
  }
  const AdoptionConfig& a = adoption;
  t += fmt::format(
      "\n[adoption]\nconversion = {}\npromotion = {}\nparticipation = {}\nchurn = {}\n"
      "retention = {}\ndistrust_churn = {}\npromoter_churn = {}\n",
      a.conversion, a.promotion, a.participation, a.churn, a.retention, a.distrust_churn,
      a.promoter_churn);
  t += fmt::format("\n[community]\nbarrier = {}\n", community.barrier);
  if (!community.file.empty()) t += fmt::format("file = {}\n", community.file);
  if (!community.home.empty()) t += fmt::format("home = {}\n", community.home);
  t += fmt::format("seed_community = {}\n", community.seed_community);
  t += fmt::format(
      "\n[forum]\nstart = {}\nmembers = {}\ncommunity = {}\npost_rate = {}\nreach = {}\n"
      "trust = {}\n",
      forum.start.to_string(), forum.members, forum.community, forum.post_rate, forum.reach,
      forum.trust);
  t += fmt::format(
      "\n[microblog]\nstart = {}\npost_rate = {}\nfollower_reach = {}\nrepost_probability = {}\n"
      "repost_reach = {}\ntrust = {}\n",
      microblog.start.to_string(), microblog.post_rate, microblog.follower_reach,
      microblog.repost_probability, microblog.repost_reach, microblog.trust);
  t += fmt::format(
      "\n[ads]\ndaily_budget = {}\ncost_per_impression = {}\ntrust = {}\nstart = {}\ndays = {}\n",
      ads.daily_budget, ads.cost_per_impression, ads.trust, ads.start.to_string(), ads.days);
  return t;
}

}  // namespace koubei
