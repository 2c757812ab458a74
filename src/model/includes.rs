//! `includes`: the objects expansions pulled in, with lookups by id.

use super::lossless::lossless_object;

use super::id::{MediaKey, PlaceId, PollId, TopicId, TweetId, UserId};
use super::objects::{Media, Place, Poll, Topic};
use super::tweet::{ReferencedTweet, Tweet};
use super::user::User;

lossless_object! {
    /// The `includes` object. Lists are `Option` so that an empty list X sent
    /// re-encodes as sent; the slice accessors (`users()`, ...) hide that.
    /// `posts` (the newest spec's name) is accepted for `tweets`.
    ///
    /// Lookups are linear scans: `includes` holds a handful of objects per line,
    /// for which a scan beats building a map.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Includes {
        /// Expanded posts (referenced, pinned, media sources).
        opt tweets: Vec<Tweet> = "tweets" | "posts";
        /// Expanded users (authors, mentions, reply targets).
        opt users: Vec<User> = "users";
        /// Expanded media.
        opt media: Vec<Media> = "media";
        /// Expanded polls.
        opt polls: Vec<Poll> = "polls";
        /// Expanded places.
        opt places: Vec<Place> = "places";
        /// Expanded topics.
        opt topics: Vec<Topic> = "topics";
    }
}

impl Includes {
    /// The expanded posts (empty when none).
    pub fn tweets(&self) -> &[Tweet] {
        self.tweets.as_deref().unwrap_or(&[])
    }

    /// The expanded users (empty when none).
    pub fn users(&self) -> &[User] {
        self.users.as_deref().unwrap_or(&[])
    }

    /// The expanded media (empty when none).
    pub fn media_list(&self) -> &[Media] {
        self.media.as_deref().unwrap_or(&[])
    }

    /// The expanded polls (empty when none).
    pub fn polls(&self) -> &[Poll] {
        self.polls.as_deref().unwrap_or(&[])
    }

    /// The expanded places (empty when none).
    pub fn places(&self) -> &[Place] {
        self.places.as_deref().unwrap_or(&[])
    }

    /// The expanded topics (empty when none).
    pub fn topics(&self) -> &[Topic] {
        self.topics.as_deref().unwrap_or(&[])
    }

    /// The user with this id.
    pub fn user(&self, id: impl Into<UserId>) -> Option<&User> {
        let id = id.into();
        self.users().iter().find(|u| u.id == id)
    }

    /// The user with this handle (case-insensitive, as handles are).
    pub fn user_by_username(&self, username: &str) -> Option<&User> {
        self.users()
            .iter()
            .find(|u| u.username.eq_ignore_ascii_case(username))
    }

    /// The post with this id.
    pub fn tweet(&self, id: impl Into<TweetId>) -> Option<&Tweet> {
        let id = id.into();
        self.tweets().iter().find(|t| t.id == id)
    }

    /// The media with this key.
    pub fn media(&self, key: &str) -> Option<&Media> {
        self.media_list()
            .iter()
            .find(|m| m.media_key.as_str() == key)
    }

    /// The poll with this id.
    pub fn poll(&self, id: impl Into<PollId>) -> Option<&Poll> {
        let id = id.into();
        self.polls().iter().find(|p| p.id == id)
    }

    /// The place with this id.
    pub fn place(&self, id: &str) -> Option<&Place> {
        self.places().iter().find(|p| p.id.as_str() == id)
    }

    /// The topic with this id.
    pub fn topic(&self, id: impl Into<TopicId>) -> Option<&Topic> {
        let id = id.into();
        self.topics().iter().find(|t| t.id == id)
    }

    /// The author of a post (needs the `author_id` expansion, or
    /// `referenced_tweets.id.author_id` for referenced posts).
    pub fn author_of(&self, tweet: &Tweet) -> Option<&User> {
        self.user(tweet.author_id?)
    }

    /// The media attached to a post, in attachment order, skipping keys not
    /// in `includes`.
    pub fn media_of<'a>(&'a self, tweet: &'a Tweet) -> impl Iterator<Item = &'a Media> + 'a {
        tweet
            .media_keys()
            .iter()
            .filter_map(move |k: &MediaKey| self.media(k.as_str()))
    }

    /// The polls attached to a post.
    pub fn polls_of<'a>(&'a self, tweet: &'a Tweet) -> impl Iterator<Item = &'a Poll> + 'a {
        tweet.poll_ids().iter().filter_map(move |id| self.poll(*id))
    }

    /// The place tagged on a post.
    pub fn place_of(&self, tweet: &Tweet) -> Option<&Place> {
        let id: &PlaceId = tweet.geo.as_ref()?.place_id.as_ref()?;
        self.place(id.as_str())
    }

    /// The posts a post references, each with the expanded post when
    /// `includes` has it (needs `referenced_tweets.id`).
    pub fn referenced_by<'a>(
        &'a self,
        tweet: &'a Tweet,
    ) -> impl Iterator<Item = (&'a ReferencedTweet, Option<&'a Tweet>)> + 'a {
        tweet
            .referenced_tweets()
            .iter()
            .map(move |r| (r, self.tweet(r.id)))
    }

    /// Whether every list is absent or empty.
    pub fn is_empty(&self) -> bool {
        self.tweets().is_empty()
            && self.users().is_empty()
            && self.media_list().is_empty()
            && self.polls().is_empty()
            && self.places().is_empty()
            && self.topics().is_empty()
    }
}
