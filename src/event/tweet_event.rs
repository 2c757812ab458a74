//! Shortcuts on the tweet event: what nearly every program wants from a [`Delivered<Tweet>`],
//! without walking through `tweet.line().decoded()`.

use crate::event::stream_event::Delivered;
use crate::model::tweet::ReferencedTweet;
use crate::model::{Includes, MatchingRule, Media, RuleId, Tweet, User};

/// The helpers read the line the tweet came in, so they see its `includes` and
/// `matching_rules`; each costs a lookup, never a copy.
impl Delivered<Tweet> {
    /// The author, when the stream asked for the `author_id` expansion.
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// fn byline(tweet: &Delivered<Tweet>) -> String {
    ///     match tweet.author() {
    ///         Some(user) => format!("@{}", user.username),
    ///         None => format!("author {:?}", tweet.author_id),
    ///     }
    /// }
    /// ```
    pub fn author(&self) -> Option<&User> {
        self.line().decoded().author()
    }

    /// The tags of the rules the tweet matched (filtered stream; rules without a tag skipped).
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// fn is_about_cats(tweet: &Delivered<Tweet>) -> bool {
    ///     tweet.rule_tags().any(|tag| tag == "cats")
    /// }
    /// ```
    pub fn rule_tags(&self) -> impl Iterator<Item = &str> + '_ {
        self.line().decoded().rule_tags()
    }

    /// The ids of the rules the tweet matched.
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// fn first_rule(tweet: &Delivered<Tweet>) -> Option<tweetstream::model::RuleId> {
    ///     tweet.rule_ids().next()
    /// }
    /// ```
    pub fn rule_ids(&self) -> impl Iterator<Item = RuleId> + '_ {
        self.line().decoded().rule_ids()
    }

    /// The rules the tweet matched (empty on the sample stream).
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// fn rules(tweet: &Delivered<Tweet>) -> usize {
    ///     tweet.matching_rules().len()
    /// }
    /// ```
    pub fn matching_rules(&self) -> &[MatchingRule] {
        self.line().matching_rules()
    }

    /// The objects the requested expansions pulled in, when any.
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// fn users_included(tweet: &Delivered<Tweet>) -> usize {
    ///     tweet.includes().map_or(0, |inc| inc.users().len())
    /// }
    /// ```
    pub fn includes(&self) -> Option<&Includes> {
        self.line().includes()
    }

    /// The tweets this one quotes, retweets or replies to, each with the expanded tweet when
    /// the stream asked for `referenced_tweets.id`.
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// fn quoted_texts(tweet: &Delivered<Tweet>) -> Vec<&str> {
    ///     tweet.referenced().filter_map(|(_, t)| t.map(|t| t.text.as_str())).collect()
    /// }
    /// ```
    pub fn referenced(&self) -> impl Iterator<Item = (&ReferencedTweet, Option<&Tweet>)> + '_ {
        self.line().decoded().referenced()
    }

    /// The attached media, in attachment order (needs `attachments.media_keys`).
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// fn image_urls(tweet: &Delivered<Tweet>) -> Vec<&str> {
    ///     tweet.media().filter_map(|m| m.url.as_deref()).collect()
    /// }
    /// ```
    pub fn media(&self) -> impl Iterator<Item = &Media> + '_ {
        self.line().decoded().media()
    }
}
