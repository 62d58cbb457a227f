#pragma once
// Parameters of the word-of-mouth model: the product and its phases, how
// users convert, promote and churn, the barrier between communities, and the
// channels (forum, microblog, ads). Every field is a scenario key (INI
// section.key, or --section.key on the command line); the README's
// reference table lists them with their meaning, default and range.
//
// With `model = none` (the default) none of this applies: a rule's
// adoption decision makes the user an adopter at once, as in the textbook
// rules. With `model = wom` the rule's decision, or a channel's exposure,
// only makes the user aware; see model/word_of_mouth.hpp for the day.

#include <boost/program_options/options_description.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "koubei/model/product.hpp"

namespace koubei {

struct AdoptionConfig {
  double conversion = 0.2;      // daily chance an aware user adopts, times looks
  double promotion = 0.05;      // daily chance an adopter becomes a promoter, times satisfaction
  double participation = 0.5;   // weight of openness (vs speed) in satisfaction
  double churn = 0.005;         // daily chance an adopter leaves, before the factors below
  double retention = 0.8;       // share of churn that a fast product (speed 1) prevents
  double distrust_churn = 2.0;  // churn x (1 + distrust_churn x (1 - trust of the source))
  double promoter_churn = 0.5;  // promoters churn at this fraction of adopters' rate
};

struct CommunityConfig {
  double barrier = 0.1;                // trust factor across communities when openness is 0
  std::string file;                    // node attribute file: `id community` per line
  std::string home;                    // the home community's name (default: the first)
  std::string seed_community = "any";  // any | home | a community's name
};

struct ForumConfig {
  Trigger start = Trigger{Trigger::Kind::kDay, 0};
  double members = 0.05;          // fraction of users who are members
  std::string community = "any";  // members only in this community (any | home | name)
  double post_rate = 0.2;         // daily chance a promoter posts
  std::int64_t reach = 20;        // members who see a post
  double trust = 0.3;             // chance a reader is persuaded
};

struct MicroblogConfig {
  Trigger start;                     // never, by default
  double post_rate = 0.1;            // daily chance a promoter posts
  double follower_reach = 0.5;       // chance a follower (out-neighbour) sees a post
  double repost_probability = 0.05;  // chance a post is reposted beyond the followers
  std::int64_t repost_reach = 100;   // users anywhere who see a repost
  double trust = 0.2;                // chance a reader is persuaded
};

struct AdsConfig {
  double daily_budget = 0;  // money per day; 0 switches ads off
  double cost_per_impression = 0.05;
  double trust = 0.02;  // chance an impression persuades
  Trigger start = Trigger{Trigger::Kind::kDay, 0};
  std::int64_t days = 365;  // how long the campaign runs
};

struct WordOfMouthConfig {
  bool enabled = false;              // model = wom
  bool disable_engine = false;       // product held at its starting levels
  bool disable_accelerator = false;  // no forum, no microblog
  bool disable_chain = false;        // all trust set to chain_off_trust
  double chain_off_trust = 0.001;
  ProductConfig product;
  AdoptionConfig adoption;
  CommunityConfig community;
  ForumConfig forum;
  MicroblogConfig microblog;
  AdsConfig ads;

  /// Registers every key (model, disable, product.*, fast.*, ...). Text keys
  /// (model, disable, *.start) are parsed when the options are notified.
  void add_options(boost::program_options::options_description& options);
  /// Checks every range; throws InputError naming the key and its range.
  void validate() const;
  /// The resolved keys as INI text (sections after the top-level keys).
  std::string to_ini() const;
  /// "engine,chain" and the like; empty when nothing is disabled.
  std::string disabled_sides() const;
};

}  // namespace koubei
