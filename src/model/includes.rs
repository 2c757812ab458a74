//! `includes`: the objects expansions pulled in, with lookups by id.

use crate::model::codec::lossless::lossless_object;

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
    ///
    /// ```
    /// use tweetstream::model::{StreamLine, Tweet};
    /// let line: StreamLine = serde_json::from_str(r#"{
    ///   "data": {"id": "1578408589215076358", "text": "He’s just learned about Schrödinger", "author_id": "2244994945"},
    ///   "includes": {"users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"}], "media": []}
    /// }"#).unwrap();
    /// let (tweet, inc): (&Tweet, _) = (line.data.as_ref().unwrap(), line.includes.as_ref().unwrap());
    /// assert_eq!(inc.author_of(tweet).unwrap().username, "XDevelopers");
    /// assert!(inc.media_list().is_empty());
    /// assert_eq!(inc.media, Some(vec![])); // the empty list X sent, kept for re-encoding
    /// ```
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
    ///
    /// ```
    /// # use tweetstream::model::{Includes, Tweet};
    /// # let inc: Includes = serde_json::from_str(r#"{
    /// #   "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"},
    /// #             {"id": "783214", "name": "X", "username": "X"}],
    /// #   "media": [{"media_key": "3_1578408579454832640", "type": "photo", "width": 1200, "height": 800},
    /// #             {"media_key": "7_1578408579454832641", "type": "video"}],
    /// #   "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "“C Sharp”", "votes": 795}]}],
    /// #   "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #   "topics": [{"id": "848920371311001600", "name": "Technology"}],
    /// #   "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?", "author_id": "783214"}]
    /// # }"#).unwrap();
    /// # let tweet: Tweet = serde_json::from_str(r#"{"id": "1578408589215076358", "text": "He’s just learned about Schrödinger",
    /// #   "author_id": "2244994945", "geo": {"place_id": "01a9a39529b27f36"},
    /// #   "attachments": {"media_keys": ["7_1578408579454832641", "3_0", "3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #   "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}]}"#).unwrap();
    /// assert_eq!(inc.tweets()[0].id.get(), 1578374373316431872);
    /// assert!(Includes::default().tweets().is_empty());
    /// ```
    pub fn tweets(&self) -> &[Tweet] {
        self.tweets.as_deref().unwrap_or(&[])
    }

    /// The expanded users (empty when none).
    ///
    /// ```
    /// # use tweetstream::model::{Includes, Tweet};
    /// # let inc: Includes = serde_json::from_str(r#"{
    /// #   "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"},
    /// #             {"id": "783214", "name": "X", "username": "X"}],
    /// #   "media": [{"media_key": "3_1578408579454832640", "type": "photo", "width": 1200, "height": 800},
    /// #             {"media_key": "7_1578408579454832641", "type": "video"}],
    /// #   "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "“C Sharp”", "votes": 795}]}],
    /// #   "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #   "topics": [{"id": "848920371311001600", "name": "Technology"}],
    /// #   "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?", "author_id": "783214"}]
    /// # }"#).unwrap();
    /// # let tweet: Tweet = serde_json::from_str(r#"{"id": "1578408589215076358", "text": "He’s just learned about Schrödinger",
    /// #   "author_id": "2244994945", "geo": {"place_id": "01a9a39529b27f36"},
    /// #   "attachments": {"media_keys": ["7_1578408579454832641", "3_0", "3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #   "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}]}"#).unwrap();
    /// let handles: Vec<&str> = inc.users().iter().map(|u| u.username.as_str()).collect();
    /// assert_eq!(handles, ["XDevelopers", "X"]);
    /// ```
    pub fn users(&self) -> &[User] {
        self.users.as_deref().unwrap_or(&[])
    }

    /// The expanded media (empty when none).
    ///
    /// ```
    /// # use tweetstream::model::{Includes, Tweet};
    /// # let inc: Includes = serde_json::from_str(r#"{
    /// #   "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"},
    /// #             {"id": "783214", "name": "X", "username": "X"}],
    /// #   "media": [{"media_key": "3_1578408579454832640", "type": "photo", "width": 1200, "height": 800},
    /// #             {"media_key": "7_1578408579454832641", "type": "video"}],
    /// #   "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "“C Sharp”", "votes": 795}]}],
    /// #   "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #   "topics": [{"id": "848920371311001600", "name": "Technology"}],
    /// #   "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?", "author_id": "783214"}]
    /// # }"#).unwrap();
    /// # let tweet: Tweet = serde_json::from_str(r#"{"id": "1578408589215076358", "text": "He’s just learned about Schrödinger",
    /// #   "author_id": "2244994945", "geo": {"place_id": "01a9a39529b27f36"},
    /// #   "attachments": {"media_keys": ["7_1578408579454832641", "3_0", "3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #   "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}]}"#).unwrap();
    /// assert_eq!(inc.media_list().len(), 2);
    /// ```
    pub fn media_list(&self) -> &[Media] {
        self.media.as_deref().unwrap_or(&[])
    }

    /// The expanded polls (empty when none).
    ///
    /// ```
    /// # use tweetstream::model::{Includes, Tweet};
    /// # let inc: Includes = serde_json::from_str(r#"{
    /// #   "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"},
    /// #             {"id": "783214", "name": "X", "username": "X"}],
    /// #   "media": [{"media_key": "3_1578408579454832640", "type": "photo", "width": 1200, "height": 800},
    /// #             {"media_key": "7_1578408579454832641", "type": "video"}],
    /// #   "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "“C Sharp”", "votes": 795}]}],
    /// #   "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #   "topics": [{"id": "848920371311001600", "name": "Technology"}],
    /// #   "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?", "author_id": "783214"}]
    /// # }"#).unwrap();
    /// # let tweet: Tweet = serde_json::from_str(r#"{"id": "1578408589215076358", "text": "He’s just learned about Schrödinger",
    /// #   "author_id": "2244994945", "geo": {"place_id": "01a9a39529b27f36"},
    /// #   "attachments": {"media_keys": ["7_1578408579454832641", "3_0", "3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #   "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}]}"#).unwrap();
    /// assert_eq!(inc.polls()[0].options[0].votes, 795);
    /// ```
    pub fn polls(&self) -> &[Poll] {
        self.polls.as_deref().unwrap_or(&[])
    }

    /// The expanded places (empty when none).
    ///
    /// ```
    /// # use tweetstream::model::{Includes, Tweet};
    /// # let inc: Includes = serde_json::from_str(r#"{
    /// #   "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"},
    /// #             {"id": "783214", "name": "X", "username": "X"}],
    /// #   "media": [{"media_key": "3_1578408579454832640", "type": "photo", "width": 1200, "height": 800},
    /// #             {"media_key": "7_1578408579454832641", "type": "video"}],
    /// #   "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "“C Sharp”", "votes": 795}]}],
    /// #   "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #   "topics": [{"id": "848920371311001600", "name": "Technology"}],
    /// #   "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?", "author_id": "783214"}]
    /// # }"#).unwrap();
    /// # let tweet: Tweet = serde_json::from_str(r#"{"id": "1578408589215076358", "text": "He’s just learned about Schrödinger",
    /// #   "author_id": "2244994945", "geo": {"place_id": "01a9a39529b27f36"},
    /// #   "attachments": {"media_keys": ["7_1578408579454832641", "3_0", "3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #   "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}]}"#).unwrap();
    /// assert_eq!(inc.places()[0].full_name, "Manhattan, NY");
    /// ```
    pub fn places(&self) -> &[Place] {
        self.places.as_deref().unwrap_or(&[])
    }

    /// The expanded topics (empty when none).
    ///
    /// ```
    /// # use tweetstream::model::{Includes, Tweet};
    /// # let inc: Includes = serde_json::from_str(r#"{
    /// #   "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"},
    /// #             {"id": "783214", "name": "X", "username": "X"}],
    /// #   "media": [{"media_key": "3_1578408579454832640", "type": "photo", "width": 1200, "height": 800},
    /// #             {"media_key": "7_1578408579454832641", "type": "video"}],
    /// #   "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "“C Sharp”", "votes": 795}]}],
    /// #   "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #   "topics": [{"id": "848920371311001600", "name": "Technology"}],
    /// #   "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?", "author_id": "783214"}]
    /// # }"#).unwrap();
    /// # let tweet: Tweet = serde_json::from_str(r#"{"id": "1578408589215076358", "text": "He’s just learned about Schrödinger",
    /// #   "author_id": "2244994945", "geo": {"place_id": "01a9a39529b27f36"},
    /// #   "attachments": {"media_keys": ["7_1578408579454832641", "3_0", "3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #   "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}]}"#).unwrap();
    /// assert_eq!(inc.topics()[0].name, "Technology");
    /// ```
    pub fn topics(&self) -> &[Topic] {
        self.topics.as_deref().unwrap_or(&[])
    }

    /// The user with this id.
    ///
    /// ```
    /// # use tweetstream::model::{Includes, Tweet};
    /// # let inc: Includes = serde_json::from_str(r#"{
    /// #   "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"},
    /// #             {"id": "783214", "name": "X", "username": "X"}],
    /// #   "media": [{"media_key": "3_1578408579454832640", "type": "photo", "width": 1200, "height": 800},
    /// #             {"media_key": "7_1578408579454832641", "type": "video"}],
    /// #   "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "“C Sharp”", "votes": 795}]}],
    /// #   "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #   "topics": [{"id": "848920371311001600", "name": "Technology"}],
    /// #   "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?", "author_id": "783214"}]
    /// # }"#).unwrap();
    /// # let tweet: Tweet = serde_json::from_str(r#"{"id": "1578408589215076358", "text": "He’s just learned about Schrödinger",
    /// #   "author_id": "2244994945", "geo": {"place_id": "01a9a39529b27f36"},
    /// #   "attachments": {"media_keys": ["7_1578408579454832641", "3_0", "3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #   "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}]}"#).unwrap();
    /// assert_eq!(inc.user(783214).unwrap().username, "X");
    /// assert!(inc.user(1).is_none());
    /// ```
    pub fn user(&self, id: impl Into<UserId>) -> Option<&User> {
        let id = id.into();
        self.users().iter().find(|u| u.id == id)
    }

    /// The user with this handle (case-insensitive, as handles are).
    ///
    /// ```
    /// # use tweetstream::model::{Includes, Tweet};
    /// # let inc: Includes = serde_json::from_str(r#"{
    /// #   "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"},
    /// #             {"id": "783214", "name": "X", "username": "X"}],
    /// #   "media": [{"media_key": "3_1578408579454832640", "type": "photo", "width": 1200, "height": 800},
    /// #             {"media_key": "7_1578408579454832641", "type": "video"}],
    /// #   "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "“C Sharp”", "votes": 795}]}],
    /// #   "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #   "topics": [{"id": "848920371311001600", "name": "Technology"}],
    /// #   "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?", "author_id": "783214"}]
    /// # }"#).unwrap();
    /// # let tweet: Tweet = serde_json::from_str(r#"{"id": "1578408589215076358", "text": "He’s just learned about Schrödinger",
    /// #   "author_id": "2244994945", "geo": {"place_id": "01a9a39529b27f36"},
    /// #   "attachments": {"media_keys": ["7_1578408579454832641", "3_0", "3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #   "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}]}"#).unwrap();
    /// assert_eq!(inc.user_by_username("xdevelopers").unwrap().id.get(), 2244994945);
    /// ```
    pub fn user_by_username(&self, username: &str) -> Option<&User> {
        self.users()
            .iter()
            .find(|u| u.username.eq_ignore_ascii_case(username))
    }

    /// The post with this id.
    ///
    /// ```
    /// # use tweetstream::model::{Includes, Tweet};
    /// # let inc: Includes = serde_json::from_str(r#"{
    /// #   "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"},
    /// #             {"id": "783214", "name": "X", "username": "X"}],
    /// #   "media": [{"media_key": "3_1578408579454832640", "type": "photo", "width": 1200, "height": 800},
    /// #             {"media_key": "7_1578408579454832641", "type": "video"}],
    /// #   "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "“C Sharp”", "votes": 795}]}],
    /// #   "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #   "topics": [{"id": "848920371311001600", "name": "Technology"}],
    /// #   "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?", "author_id": "783214"}]
    /// # }"#).unwrap();
    /// # let tweet: Tweet = serde_json::from_str(r#"{"id": "1578408589215076358", "text": "He’s just learned about Schrödinger",
    /// #   "author_id": "2244994945", "geo": {"place_id": "01a9a39529b27f36"},
    /// #   "attachments": {"media_keys": ["7_1578408579454832641", "3_0", "3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #   "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}]}"#).unwrap();
    /// assert!(inc.tweet(1578374373316431872).unwrap().text.contains("Darwin"));
    /// ```
    pub fn tweet(&self, id: impl Into<TweetId>) -> Option<&Tweet> {
        let id = id.into();
        self.tweets().iter().find(|t| t.id == id)
    }

    /// The media with this key.
    ///
    /// ```
    /// # use tweetstream::model::{Includes, Tweet};
    /// # let inc: Includes = serde_json::from_str(r#"{
    /// #   "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"},
    /// #             {"id": "783214", "name": "X", "username": "X"}],
    /// #   "media": [{"media_key": "3_1578408579454832640", "type": "photo", "width": 1200, "height": 800},
    /// #             {"media_key": "7_1578408579454832641", "type": "video"}],
    /// #   "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "“C Sharp”", "votes": 795}]}],
    /// #   "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #   "topics": [{"id": "848920371311001600", "name": "Technology"}],
    /// #   "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?", "author_id": "783214"}]
    /// # }"#).unwrap();
    /// # let tweet: Tweet = serde_json::from_str(r#"{"id": "1578408589215076358", "text": "He’s just learned about Schrödinger",
    /// #   "author_id": "2244994945", "geo": {"place_id": "01a9a39529b27f36"},
    /// #   "attachments": {"media_keys": ["7_1578408579454832641", "3_0", "3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #   "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}]}"#).unwrap();
    /// assert_eq!(inc.media("3_1578408579454832640").unwrap().width, Some(1200));
    /// assert!(inc.media("3_0").is_none());
    /// ```
    pub fn media(&self, key: &str) -> Option<&Media> {
        self.media_list()
            .iter()
            .find(|m| m.media_key.as_str() == key)
    }

    /// The poll with this id.
    ///
    /// ```
    /// # use tweetstream::model::{Includes, Tweet};
    /// # let inc: Includes = serde_json::from_str(r#"{
    /// #   "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"},
    /// #             {"id": "783214", "name": "X", "username": "X"}],
    /// #   "media": [{"media_key": "3_1578408579454832640", "type": "photo", "width": 1200, "height": 800},
    /// #             {"media_key": "7_1578408579454832641", "type": "video"}],
    /// #   "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "“C Sharp”", "votes": 795}]}],
    /// #   "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #   "topics": [{"id": "848920371311001600", "name": "Technology"}],
    /// #   "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?", "author_id": "783214"}]
    /// # }"#).unwrap();
    /// # let tweet: Tweet = serde_json::from_str(r#"{"id": "1578408589215076358", "text": "He’s just learned about Schrödinger",
    /// #   "author_id": "2244994945", "geo": {"place_id": "01a9a39529b27f36"},
    /// #   "attachments": {"media_keys": ["7_1578408579454832641", "3_0", "3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #   "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}]}"#).unwrap();
    /// assert_eq!(inc.poll(1199786642468413448).unwrap().options.len(), 1);
    /// ```
    pub fn poll(&self, id: impl Into<PollId>) -> Option<&Poll> {
        let id = id.into();
        self.polls().iter().find(|p| p.id == id)
    }

    /// The place with this id.
    ///
    /// ```
    /// # use tweetstream::model::{Includes, Tweet};
    /// # let inc: Includes = serde_json::from_str(r#"{
    /// #   "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"},
    /// #             {"id": "783214", "name": "X", "username": "X"}],
    /// #   "media": [{"media_key": "3_1578408579454832640", "type": "photo", "width": 1200, "height": 800},
    /// #             {"media_key": "7_1578408579454832641", "type": "video"}],
    /// #   "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "“C Sharp”", "votes": 795}]}],
    /// #   "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #   "topics": [{"id": "848920371311001600", "name": "Technology"}],
    /// #   "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?", "author_id": "783214"}]
    /// # }"#).unwrap();
    /// # let tweet: Tweet = serde_json::from_str(r#"{"id": "1578408589215076358", "text": "He’s just learned about Schrödinger",
    /// #   "author_id": "2244994945", "geo": {"place_id": "01a9a39529b27f36"},
    /// #   "attachments": {"media_keys": ["7_1578408579454832641", "3_0", "3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #   "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}]}"#).unwrap();
    /// assert_eq!(inc.place("01a9a39529b27f36").unwrap().full_name, "Manhattan, NY");
    /// ```
    pub fn place(&self, id: &str) -> Option<&Place> {
        self.places().iter().find(|p| p.id.as_str() == id)
    }

    /// The topic with this id.
    ///
    /// ```
    /// # use tweetstream::model::{Includes, Tweet};
    /// # let inc: Includes = serde_json::from_str(r#"{
    /// #   "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"},
    /// #             {"id": "783214", "name": "X", "username": "X"}],
    /// #   "media": [{"media_key": "3_1578408579454832640", "type": "photo", "width": 1200, "height": 800},
    /// #             {"media_key": "7_1578408579454832641", "type": "video"}],
    /// #   "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "“C Sharp”", "votes": 795}]}],
    /// #   "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #   "topics": [{"id": "848920371311001600", "name": "Technology"}],
    /// #   "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?", "author_id": "783214"}]
    /// # }"#).unwrap();
    /// # let tweet: Tweet = serde_json::from_str(r#"{"id": "1578408589215076358", "text": "He’s just learned about Schrödinger",
    /// #   "author_id": "2244994945", "geo": {"place_id": "01a9a39529b27f36"},
    /// #   "attachments": {"media_keys": ["7_1578408579454832641", "3_0", "3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #   "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}]}"#).unwrap();
    /// assert_eq!(inc.topic(848920371311001600).unwrap().name, "Technology");
    /// ```
    pub fn topic(&self, id: impl Into<TopicId>) -> Option<&Topic> {
        let id = id.into();
        self.topics().iter().find(|t| t.id == id)
    }

    /// The author of a post (needs the `author_id` expansion, or
    /// `referenced_tweets.id.author_id` for referenced posts).
    ///
    /// ```
    /// # use tweetstream::model::{Includes, Tweet};
    /// # let inc: Includes = serde_json::from_str(r#"{
    /// #   "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"},
    /// #             {"id": "783214", "name": "X", "username": "X"}],
    /// #   "media": [{"media_key": "3_1578408579454832640", "type": "photo", "width": 1200, "height": 800},
    /// #             {"media_key": "7_1578408579454832641", "type": "video"}],
    /// #   "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "“C Sharp”", "votes": 795}]}],
    /// #   "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #   "topics": [{"id": "848920371311001600", "name": "Technology"}],
    /// #   "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?", "author_id": "783214"}]
    /// # }"#).unwrap();
    /// # let tweet: Tweet = serde_json::from_str(r#"{"id": "1578408589215076358", "text": "He’s just learned about Schrödinger",
    /// #   "author_id": "2244994945", "geo": {"place_id": "01a9a39529b27f36"},
    /// #   "attachments": {"media_keys": ["7_1578408579454832641", "3_0", "3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #   "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}]}"#).unwrap();
    /// assert_eq!(inc.author_of(&tweet).unwrap().username, "XDevelopers");
    /// // The quoted post's author, through `referenced_tweets.id.author_id`:
    /// let quoted = inc.tweet(1578374373316431872).unwrap();
    /// assert_eq!(inc.author_of(quoted).unwrap().username, "X");
    /// ```
    pub fn author_of(&self, tweet: &Tweet) -> Option<&User> {
        self.user(tweet.author_id?)
    }

    /// The media attached to a post, in attachment order, skipping keys not
    /// in `includes`.
    ///
    /// ```
    /// # use tweetstream::model::{Includes, Tweet};
    /// # let inc: Includes = serde_json::from_str(r#"{
    /// #   "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"},
    /// #             {"id": "783214", "name": "X", "username": "X"}],
    /// #   "media": [{"media_key": "3_1578408579454832640", "type": "photo", "width": 1200, "height": 800},
    /// #             {"media_key": "7_1578408579454832641", "type": "video"}],
    /// #   "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "“C Sharp”", "votes": 795}]}],
    /// #   "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #   "topics": [{"id": "848920371311001600", "name": "Technology"}],
    /// #   "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?", "author_id": "783214"}]
    /// # }"#).unwrap();
    /// # let tweet: Tweet = serde_json::from_str(r#"{"id": "1578408589215076358", "text": "He’s just learned about Schrödinger",
    /// #   "author_id": "2244994945", "geo": {"place_id": "01a9a39529b27f36"},
    /// #   "attachments": {"media_keys": ["7_1578408579454832641", "3_0", "3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #   "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}]}"#).unwrap();
    /// // Attachment order, and `3_0` (not in `includes`) skipped:
    /// let keys: Vec<&str> = inc.media_of(&tweet).map(|m| m.media_key.as_str()).collect();
    /// assert_eq!(keys, ["7_1578408579454832641", "3_1578408579454832640"]);
    /// ```
    pub fn media_of<'a>(&'a self, tweet: &'a Tweet) -> impl Iterator<Item = &'a Media> + 'a {
        tweet
            .media_keys()
            .iter()
            .filter_map(move |k: &MediaKey| self.media(k.as_str()))
    }

    /// The polls attached to a post.
    ///
    /// ```
    /// # use tweetstream::model::{Includes, Tweet};
    /// # let inc: Includes = serde_json::from_str(r#"{
    /// #   "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"},
    /// #             {"id": "783214", "name": "X", "username": "X"}],
    /// #   "media": [{"media_key": "3_1578408579454832640", "type": "photo", "width": 1200, "height": 800},
    /// #             {"media_key": "7_1578408579454832641", "type": "video"}],
    /// #   "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "“C Sharp”", "votes": 795}]}],
    /// #   "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #   "topics": [{"id": "848920371311001600", "name": "Technology"}],
    /// #   "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?", "author_id": "783214"}]
    /// # }"#).unwrap();
    /// # let tweet: Tweet = serde_json::from_str(r#"{"id": "1578408589215076358", "text": "He’s just learned about Schrödinger",
    /// #   "author_id": "2244994945", "geo": {"place_id": "01a9a39529b27f36"},
    /// #   "attachments": {"media_keys": ["7_1578408579454832641", "3_0", "3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #   "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}]}"#).unwrap();
    /// assert_eq!(inc.polls_of(&tweet).count(), 1);
    /// ```
    pub fn polls_of<'a>(&'a self, tweet: &'a Tweet) -> impl Iterator<Item = &'a Poll> + 'a {
        tweet.poll_ids().iter().filter_map(move |id| self.poll(*id))
    }

    /// The place tagged on a post.
    ///
    /// ```
    /// # use tweetstream::model::{Includes, Tweet};
    /// # let inc: Includes = serde_json::from_str(r#"{
    /// #   "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"},
    /// #             {"id": "783214", "name": "X", "username": "X"}],
    /// #   "media": [{"media_key": "3_1578408579454832640", "type": "photo", "width": 1200, "height": 800},
    /// #             {"media_key": "7_1578408579454832641", "type": "video"}],
    /// #   "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "“C Sharp”", "votes": 795}]}],
    /// #   "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #   "topics": [{"id": "848920371311001600", "name": "Technology"}],
    /// #   "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?", "author_id": "783214"}]
    /// # }"#).unwrap();
    /// # let tweet: Tweet = serde_json::from_str(r#"{"id": "1578408589215076358", "text": "He’s just learned about Schrödinger",
    /// #   "author_id": "2244994945", "geo": {"place_id": "01a9a39529b27f36"},
    /// #   "attachments": {"media_keys": ["7_1578408579454832641", "3_0", "3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #   "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}]}"#).unwrap();
    /// assert_eq!(inc.place_of(&tweet).unwrap().id, "01a9a39529b27f36");
    /// ```
    pub fn place_of(&self, tweet: &Tweet) -> Option<&Place> {
        let id: &PlaceId = tweet.geo.as_ref()?.place_id.as_ref()?;
        self.place(id.as_str())
    }

    /// The posts a post references, each with the expanded post when
    /// `includes` has it (needs `referenced_tweets.id`).
    ///
    /// ```
    /// # use tweetstream::model::{Includes, Tweet};
    /// # let inc: Includes = serde_json::from_str(r#"{
    /// #   "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"},
    /// #             {"id": "783214", "name": "X", "username": "X"}],
    /// #   "media": [{"media_key": "3_1578408579454832640", "type": "photo", "width": 1200, "height": 800},
    /// #             {"media_key": "7_1578408579454832641", "type": "video"}],
    /// #   "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "“C Sharp”", "votes": 795}]}],
    /// #   "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #   "topics": [{"id": "848920371311001600", "name": "Technology"}],
    /// #   "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?", "author_id": "783214"}]
    /// # }"#).unwrap();
    /// # let tweet: Tweet = serde_json::from_str(r#"{"id": "1578408589215076358", "text": "He’s just learned about Schrödinger",
    /// #   "author_id": "2244994945", "geo": {"place_id": "01a9a39529b27f36"},
    /// #   "attachments": {"media_keys": ["7_1578408579454832641", "3_0", "3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #   "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}]}"#).unwrap();
    /// let (r, expanded) = inc.referenced_by(&tweet).next().unwrap();
    /// assert_eq!(r.kind, tweetstream::model::enums::ReferenceType::Quoted);
    /// assert!(expanded.unwrap().text.contains("Charles Darwin"));
    /// ```
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
    ///
    /// ```
    /// # use tweetstream::model::{Includes, Tweet};
    /// # let inc: Includes = serde_json::from_str(r#"{
    /// #   "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"},
    /// #             {"id": "783214", "name": "X", "username": "X"}],
    /// #   "media": [{"media_key": "3_1578408579454832640", "type": "photo", "width": 1200, "height": 800},
    /// #             {"media_key": "7_1578408579454832641", "type": "video"}],
    /// #   "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "“C Sharp”", "votes": 795}]}],
    /// #   "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #   "topics": [{"id": "848920371311001600", "name": "Technology"}],
    /// #   "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?", "author_id": "783214"}]
    /// # }"#).unwrap();
    /// # let tweet: Tweet = serde_json::from_str(r#"{"id": "1578408589215076358", "text": "He’s just learned about Schrödinger",
    /// #   "author_id": "2244994945", "geo": {"place_id": "01a9a39529b27f36"},
    /// #   "attachments": {"media_keys": ["7_1578408579454832641", "3_0", "3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #   "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}]}"#).unwrap();
    /// assert!(!inc.is_empty());
    /// let empty: Includes = serde_json::from_str(r#"{"users":[],"media":[]}"#).unwrap();
    /// assert!(empty.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.tweets().is_empty()
            && self.users().is_empty()
            && self.media_list().is_empty()
            && self.polls().is_empty()
            && self.places().is_empty()
            && self.topics().is_empty()
    }
}
