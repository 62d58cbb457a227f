#include "koubei/model/word_of_mouth_config.hpp"

#include <fmt/format.h>

#include <boost/program_options.hpp>

#include "koubei/core/error.hpp"
#include "koubei/core/options.hpp"

namespace koubei {
namespace po = boost::program_options;
namespace {

void check_range(const char* key, double value, double lo, double hi) {
  if (!(value >= lo && value <= hi))
    throw InputError(fmt::format("{} = {} is outside [{}, {}]", key, value, lo, hi));
}

// A text key parsed into `target` when the options are notified.
po::typed_value<std::string>* trigger_value(Trigger* target, std::string key) {
  return po::value<std::string>()
      ->default_value(target->to_string())
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
    ("model", po::value<std::string>()->default_value(enabled ? "wom" : "none")
       ->notifier([this](const std::string& text) {
         if (text != "none" && text != "wom")
           throw InputError(fmt::format("model = '{}': expected none or wom", text));
         enabled = text == "wom";
       }),
     "none: the rule alone; wom: the word-of-mouth model (product, phases, channels, churn)")
    ("disable", po::value<std::vector<std::string>>()->composing()
       ->notifier([this](const std::vector<std::string>& lists) { set_disabled(*this, lists); }),
     "switch off sides of the triangle: engine, accelerator, chain (comma-separated or repeated)")
    ("chain_off_trust", with_default(&chain_off_trust),
     "trust of every arc when the chain is disabled")
    ("product.speed", with_default(&product.speed), "starting speed")
    ("product.looks", with_default(&product.looks), "starting looks")
    ("product.openness", with_default(&product.openness),
     "starting openness");
  for (int p = 0; p < 3; ++p) {
    const std::string name = kPhaseNames[p];
    PhaseConfig& phase = product.phases[p];
    o.add_options()
      ((name + ".start").c_str(), trigger_value(&phase.start, name + ".start"),
       "never, day:N or adopters:N")
      ((name + ".from").c_str(), with_default(&phase.from),
       "attribute level when the phase starts")
      ((name + ".to").c_str(), with_default(&phase.to),
       "attribute level at the end of the ramp")
      ((name + ".ramp_days").c_str(), with_default(&phase.ramp_days),
       "days the ramp takes");
  }
  AdoptionConfig& a = adoption;
  o.add_options()
    ("adoption.conversion", with_default(&a.conversion),
     "daily chance an aware user adopts, times looks")
    ("adoption.promotion", with_default(&a.promotion),
     "daily chance an adopter becomes a promoter, times satisfaction")
    ("adoption.participation", with_default(&a.participation),
     "weight of openness (against speed) in satisfaction")
    ("adoption.churn", with_default(&a.churn),
     "daily chance an adopter leaves, before speed and trust")
    ("adoption.retention", with_default(&a.retention),
     "share of churn a fast product prevents")
    ("adoption.distrust_churn", with_default(&a.distrust_churn),
     "extra churn for users won with low trust")
    ("adoption.promoter_churn", with_default(&a.promoter_churn),
     "promoters' churn as a fraction of adopters'")
    ("community.barrier", with_default(&community.barrier),
     "trust factor across communities when openness is 0")
    ("community.file", po::value(&community.file), "node attribute file: `id community` per line")
    ("community.home", po::value(&community.home), "the home community (default: the first)")
    ("community.seed_community",
     with_default(&community.seed_community),
     "draw random seeds in: any, home, or a community's name")
    ("forum.start", trigger_value(&forum.start, "forum.start"), "never, day:N or adopters:N")
    ("forum.members", with_default(&forum.members),
     "fraction of users who are members")
    ("forum.community", with_default(&forum.community),
     "members only in: any, home, or a community's name")
    ("forum.post_rate", with_default(&forum.post_rate),
     "daily chance a promoter posts")
    ("forum.reach", with_default(&forum.reach), "members who see a post")
    ("forum.trust", with_default(&forum.trust),
     "chance a reader is persuaded")
    ("microblog.start", trigger_value(&microblog.start, "microblog.start"),
     "never, day:N or adopters:N")
    ("microblog.post_rate", with_default(&microblog.post_rate),
     "daily chance a promoter posts")
    ("microblog.follower_reach",
     with_default(&microblog.follower_reach),
     "chance a follower sees a post")
    ("microblog.repost_probability",
     with_default(&microblog.repost_probability),
     "chance a post is reposted to users anywhere")
    ("microblog.repost_reach",
     with_default(&microblog.repost_reach),
     "users anywhere who see a repost")
    ("microblog.trust", with_default(&microblog.trust),
     "chance a reader is persuaded")
    ("ads.daily_budget", with_default(&ads.daily_budget),
     "money spent on ads per day; 0: no ads")
    ("ads.cost_per_impression",
     with_default(&ads.cost_per_impression),
     "price of one impression")
    ("ads.trust", with_default(&ads.trust),
     "chance an impression persuades")
    ("ads.start", trigger_value(&ads.start, "ads.start"), "never, day:N or adopters:N")
    ("ads.days", with_default(&ads.days), "days the campaign runs");
  // clang-format on
}

void WordOfMouthConfig::validate() const {
  for (int p = 0; p < 3; ++p) {
    const std::string name = kPhaseNames[p];
    check_range((name + ".ramp_days").c_str(), static_cast<double>(product.phases[p].ramp_days), 0,
                1e9);
    check_range((name + ".from").c_str(), product.phases[p].from, 0, 1);
    check_range((name + ".to").c_str(), product.phases[p].to, 0, 1);
  }
  const struct {
    const char* key;
    double value;
    double hi;
  } ranges[] = {
      {"chain_off_trust", chain_off_trust, 1},
      {"product.speed", product.speed, 1},
      {"product.looks", product.looks, 1},
      {"product.openness", product.openness, 1},
      {"adoption.conversion", adoption.conversion, 1},
      {"adoption.promotion", adoption.promotion, 1},
      {"adoption.participation", adoption.participation, 1},
      {"adoption.churn", adoption.churn, 1},
      {"adoption.retention", adoption.retention, 1},
      {"adoption.distrust_churn", adoption.distrust_churn, 1e6},
      {"adoption.promoter_churn", adoption.promoter_churn, 1e6},
      {"community.barrier", community.barrier, 1},
      {"forum.members", forum.members, 1},
      {"forum.post_rate", forum.post_rate, 1},
      {"forum.reach", static_cast<double>(forum.reach), 1 << 20},
      {"forum.trust", forum.trust, 1},
      {"microblog.post_rate", microblog.post_rate, 1},
      {"microblog.follower_reach", microblog.follower_reach, 1},
      {"microblog.repost_probability", microblog.repost_probability, 1},
      {"microblog.repost_reach", static_cast<double>(microblog.repost_reach), 1 << 20},
      {"microblog.trust", microblog.trust, 1},
      {"ads.daily_budget", ads.daily_budget, 1e15},
      {"ads.trust", ads.trust, 1},
      {"ads.days", static_cast<double>(ads.days), 1e9},
  };
  for (const auto& r : ranges) check_range(r.key, r.value, 0, r.hi);
  if (!(ads.cost_per_impression > 0))
    throw InputError(
        fmt::format("ads.cost_per_impression = {} must be positive", ads.cost_per_impression));
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
