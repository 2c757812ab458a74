//! Shortcuts on the tweet event: what nearly every program wants from a [`Shared<Tweet>`],
//! without walking through `tweet.response().line()`.

use crate::events::Shared;
use crate::model::{Includes, MatchingRule, Media, ReferencedTweet, RuleId, Tweet, User};

/// The helpers read the line the tweet came in, so they see its `includes` and
/// `matching_rules`; each costs a lookup, never a copy.
impl Shared<Tweet> {
    /// The author, when the stream asked for the `author_id` expansion.
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// fn byline(tweet: &Shared<Tweet>) -> String {
    ///     match tweet.author() {
    ///         Some(user) => format!("@{}", user.username),
    ///         None => format!("author {:?}", tweet.author_id),
    ///     }
    /// }
    /// ```
    pub fn author(&self) -> Option<&User> {
        self.response().line().author()
    }

    /// The tags of the rules the tweet matched (filtered stream; rules without a tag skipped).
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// fn is_about_cats(tweet: &Shared<Tweet>) -> bool {
    ///     tweet.rule_tags().any(|tag| tag == "cats")
    /// }
    /// ```
    pub fn rule_tags(&self) -> impl Iterator<Item = &str> + '_ {
        self.response().line().rule_tags()
    }

    /// The ids of the rules the tweet matched.
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// fn first_rule(tweet: &Shared<Tweet>) -> Option<tweetstream::model::RuleId> {
    ///     tweet.rule_ids().next()
    /// }
    /// ```
    pub fn rule_ids(&self) -> impl Iterator<Item = RuleId> + '_ {
        self.response().line().rule_ids()
    }

    /// The rules the tweet matched (empty on the sample stream).
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// fn rules(tweet: &Shared<Tweet>) -> usize {
    ///     tweet.matching_rules().len()
    /// }
    /// ```
    pub fn matching_rules(&self) -> &[MatchingRule] {
        self.response().matching_rules()
    }

    /// The objects the requested expansions pulled in, when any.
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// fn users_included(tweet: &Shared<Tweet>) -> usize {
    ///     tweet.includes().map_or(0, |inc| inc.users().len())
    /// }
    /// ```
    pub fn includes(&self) -> Option<&Includes> {
        self.response().includes()
    }

    /// The tweets this one quotes, retweets or replies to, each with the expanded tweet when
    /// the stream asked for `referenced_tweets.id`.
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// fn quoted_texts(tweet: &Shared<Tweet>) -> Vec<&str> {
    ///     tweet.referenced().filter_map(|(_, t)| t.map(|t| t.text.as_str())).collect()
    /// }
    /// ```
    pub fn referenced(&self) -> impl Iterator<Item = (&ReferencedTweet, Option<&Tweet>)> + '_ {
        self.response().line().referenced()
    }

    /// The attached media, in attachment order (needs `attachments.media_keys`).
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// fn image_urls(tweet: &Shared<Tweet>) -> Vec<&str> {
    ///     tweet.media().filter_map(|m| m.url.as_deref()).collect()
    /// }
    /// ```
    pub fn media(&self) -> impl Iterator<Item = &Media> + '_ {
        self.response().line().media()
    }
}
