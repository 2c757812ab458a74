//! Fixtures written from X's documented example payloads: every line must
//! decode, re-encode to the same JSON, and expose the values users match on.

use tweetstream::model::roundtrip::check_line;
use tweetstream::model::*;
use tweetstream::model::{enums::*, tweet::*};

fn lines(name: &str) -> Vec<String> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

fn decode_all(name: &str) -> Vec<StreamLine> {
    lines(name)
        .iter()
        .enumerate()
        .map(|(i, l)| check_line(l).unwrap_or_else(|e| panic!("{name}:{}: {e}", i + 1)))
        .collect()
}

#[test]
fn every_fixture_line_round_trips() {
    for name in [
        "tweet.jsonl",
        "user.jsonl",
        "media.jsonl",
        "objects.jsonl",
        "problems.jsonl",
    ] {
        let n = decode_all(name).len();
        assert!(n > 0, "{name} is empty");
    }
}

#[test]
fn default_fields_tweet() {
    let line = &decode_all("tweet.jsonl")[0];
    let t = line.data.as_ref().unwrap();
    assert_eq!(t.id, TweetId(1212092628029698048));
    assert!(t.text.starts_with("We believe the best future version"));
    assert_eq!(
        t.edit_history_tweet_ids.as_deref(),
        Some(&[TweetId(1212092628029698048)][..])
    );
    assert_eq!(line.matching_rules[0].id, RuleId(1166916266197536768));
    assert_eq!(line.matching_rules[0].tag.as_deref(), Some("api"));
    assert!(line.includes.is_none());
    assert!(line.errors.is_empty());
}

#[test]
fn expanded_tweet_and_lookups() {
    let line = &decode_all("tweet.jsonl")[1];
    let t = line.data.as_ref().unwrap();
    assert_eq!(t.author_id, Some(UserId(2244994945)));
    assert_eq!(t.lang.as_deref(), Some("en"));
    assert_eq!(t.reply_settings, Some(ReplySettings::Everyone));
    let created = t.created_at.as_ref().unwrap().get().unwrap();
    assert_eq!(
        (created.year(), created.hour(), created.second()),
        (2019, 19, 16)
    );
    assert_eq!(t.context_annotations.as_ref().unwrap().len(), 5);
    let ann = &t.entities.as_ref().unwrap().annotations.as_ref().unwrap()[0];
    assert_eq!(ann.kind, Some(AnnotationType::Product));
    assert_eq!(ann.probability, Some(0.626));
    let pm = t.public_metrics.as_ref().unwrap();
    assert_eq!((pm.retweet_count, pm.like_count), (Some(8), Some(40)));

    // Response-level lookups.
    assert_eq!(line.author().unwrap().username, "TwitterDev");
    let media: Vec<_> = line.media().collect();
    assert_eq!(media.len(), 1);
    assert_eq!(media[0].kind, MediaType::AnimatedGif);
    let refs: Vec<_> = line.referenced().collect();
    assert_eq!(refs.len(), 1);
    assert_eq!(refs[0].0.kind, ReferenceType::Quoted);
    let quoted = refs[0].1.expect("quoted post is in includes");
    assert!(quoted.text.contains("新年快乐"));
    assert_eq!(line.rule_tags().collect::<Vec<_>>(), ["api"]);

    // Includes lookups by id.
    let inc = line.includes.as_ref().unwrap();
    assert!(inc.user(2244994945).is_some());
    assert!(inc.user(1).is_none());
    assert!(inc.tweet(1211797914437259264).is_some());
    assert!(inc.media("16_1211797899316740096").is_some());
    assert!(inc.media("3_0").is_none());
}

#[test]
fn every_tweet_field() {
    let line = &decode_all("tweet.jsonl")[2];
    let t = line.data.as_ref().unwrap();
    assert_eq!(t.card_uri.as_deref(), Some("card://1445880531397750786"));
    assert_eq!(t.community_id, Some(CommunityId(1471580197908586507)));
    assert_eq!(t.display_text_range, Some([12, 72]));
    assert_eq!(t.edit_history_tweet_ids.as_ref().unwrap().len(), 2);
    let ec = t.edit_controls.as_ref().unwrap();
    assert_eq!(ec.edits_remaining, Some(4));
    assert!(ec.editable_until.as_ref().unwrap().is_valid());
    let e = t.entities.as_ref().unwrap();
    assert_eq!(e.mentions.as_ref().unwrap()[0].id, Some(UserId(2244994945)));
    assert_eq!(e.hashtags.as_ref().unwrap()[0].tag, "devs");
    assert_eq!(e.cashtags.as_ref().unwrap()[0].tag, "TWTR");
    let url = &e.urls.as_ref().unwrap()[0];
    assert_eq!(url.status, Some(200));
    assert_eq!(url.images.as_ref().unwrap().len(), 2);
    let (lon, lat) = t
        .geo
        .as_ref()
        .unwrap()
        .coordinates
        .as_ref()
        .unwrap()
        .lon_lat()
        .unwrap();
    assert!((lon + 73.99596).abs() < 1e-9 && (lat - 40.74118).abs() < 1e-9);
    assert_eq!(t.in_reply_to_user_id, Some(UserId(2244994945)));
    assert_eq!(
        t.matched_media_notes.as_ref().unwrap()[0]
            .match_status
            .as_deref(),
        Some("matched")
    );
    assert_eq!(
        t.media_metadata.as_ref().unwrap()[0].title.as_deref(),
        Some("Endpoints")
    );
    assert_eq!(
        t.non_public_metrics.as_ref().unwrap().url_link_clicks,
        Some(3)
    );
    assert_eq!(t.organic_metrics.as_ref().unwrap().like_count, Some(10));
    assert_eq!(
        t.promoted_metrics.as_ref().unwrap().impression_count,
        Some(0)
    );
    assert_eq!(t.note_request_suggestions.as_ref().unwrap().len(), 1);
    let note = t.note_tweet.as_ref().unwrap();
    assert!(t.full_text().ends_with("👩‍💻"));
    // An empty array X sent stays an empty array.
    assert_eq!(
        note.entities.as_ref().unwrap().urls.as_deref(),
        Some(&[][..])
    );
    assert_eq!(t.paid_partnership, Some(false));
    assert_eq!(
        t.referenced_id(&ReferenceType::RepliedTo),
        Some(TweetId(1445880548472328190))
    );
    assert_eq!(t.reply_settings, Some(ReplySettings::MentionedUsers));
    assert_eq!(t.scopes.as_ref().unwrap().followers, Some(false));
    assert_eq!(t.source.as_deref(), Some("Twitter for iPhone"));
    assert_eq!(
        t.suggested_source_links.as_ref().unwrap()[0],
        SourceLink::Url("https://example.com/a".into())
    );
    assert_eq!(
        t.suggested_source_links_with_counts.as_ref().unwrap()[0].count,
        Some(3)
    );
    let w = t.withheld.as_ref().unwrap();
    assert_eq!(w.scope, Some(WithheldScope::Tweet));
    assert_eq!(w.country_codes.as_ref().unwrap(), &["DE", "FR"]);
    let article: serde_json::Value = t.article.as_ref().unwrap().parse().unwrap();
    assert_eq!(article["title"], "Building on the X API");

    let rule = &line.matching_rules[0];
    assert_eq!(rule.embedding_similarity, Some(0.8731));
    assert_eq!(rule.embedding_threshold, Some(0.75));
    let place = line.place().unwrap();
    assert_eq!(place.place_type, Some(PlaceType::City));
    assert_eq!(place.contained_within.as_deref(), Some(&[][..]));
}

#[test]
fn retweet_with_poll() {
    let line = &decode_all("tweet.jsonl")[3];
    let t = line.data.as_ref().unwrap();
    assert!(t.is_retweet());
    assert_eq!(t.reply_settings, Some(ReplySettings::Subscribers));
    assert_eq!(
        t.attachments
            .as_ref()
            .unwrap()
            .media_source_tweet_id
            .as_deref(),
        Some(&[TweetId(1460323727342366720)][..])
    );
    let polls: Vec<_> = line.polls().collect();
    assert_eq!(polls.len(), 1);
    assert_eq!(polls[0].voting_status, Some(VotingStatus::Closed));
    assert_eq!(polls[0].options[1].label, "“C Hashtag”");
    // The referenced post is not in includes: reported as missing, not dropped.
    assert_eq!(
        line.referenced()
            .map(|(_, t)| t.is_none())
            .collect::<Vec<_>>(),
        [true]
    );
}

#[test]
fn every_user_field() {
    let line = &decode_all("user.jsonl")[0];
    let u = line.author().unwrap();
    assert_eq!(
        (u.name.as_str(), u.username.as_str()),
        ("Twitter Dev", "TwitterDev")
    );
    assert_eq!(u.created_at.as_ref().unwrap().get().unwrap().year(), 2013);
    assert!(u.description.as_ref().unwrap().contains("#DevRel"));
    let ent = u.entities.as_ref().unwrap();
    assert_eq!(ent.url.as_ref().unwrap().urls.as_ref().unwrap().len(), 1);
    assert_eq!(
        ent.description.as_ref().unwrap().hashtags.as_ref().unwrap()[1].tag,
        "BlackLivesMatter"
    );
    assert_eq!(u.location.as_deref(), Some("127.0.0.1"));
    assert_eq!(u.pinned_tweet_id, Some(TweetId(1293593516040269825)));
    assert_eq!(u.most_recent_tweet_id, Some(TweetId(1460323737035677698)));
    assert!(u.profile_image_url.is_some() && u.profile_banner_url.is_some());
    assert_eq!(u.protected, Some(false));
    let pm = u.public_metrics.as_ref().unwrap();
    assert_eq!(
        (
            pm.followers_count,
            pm.following_count,
            pm.tweet_count,
            pm.listed_count,
            pm.like_count,
            pm.media_count
        ),
        (
            Some(513958),
            Some(2039),
            Some(3635),
            Some(1672),
            Some(2345),
            Some(120)
        )
    );
    assert_eq!(u.verified, Some(true));
    assert_eq!(u.verified_type, Some(VerifiedType::Business));
    assert_eq!(u.verified_followers_count.map(|c| c.value), Some(1200));
    assert_eq!(
        u.affiliation.as_ref().unwrap().user_id.as_deref(),
        Some(&[UserId(783214)][..])
    );
    assert_eq!(u.confirmed_email.as_deref(), Some("devs@example.com"));
    assert_eq!(
        u.connection_status.as_deref(),
        Some(&[ConnectionStatus::Following, ConnectionStatus::FollowedBy][..])
    );
    assert_eq!(u.is_identity_verified, Some(true));
    assert_eq!(u.parody, Some(false));
    assert_eq!(u.receives_your_dm, Some(true));
    assert_eq!(u.subscribes_to_you, Some(false));
    assert_eq!(
        u.subscription.as_ref().unwrap().subscribes_to_you,
        Some(false)
    );
    assert_eq!(u.subscription_type, Some(SubscriptionType::PremiumPlus));
    assert_eq!(
        u.withheld.as_ref().unwrap().scope,
        Some(WithheldScope::User)
    );
    let x = line
        .includes
        .as_ref()
        .unwrap()
        .user_by_username("x")
        .unwrap();
    assert_eq!(x.verified_type, Some(VerifiedType::Government));
    assert_eq!(x.subscription_type, Some(SubscriptionType::None));
}

#[test]
fn every_media_field() {
    let line = &decode_all("media.jsonl")[0];
    let media: Vec<_> = line.media().collect();
    assert_eq!(
        media.iter().map(|m| m.kind.clone()).collect::<Vec<_>>(),
        [MediaType::Video, MediaType::Photo, MediaType::AnimatedGif]
    );
    let v = media[0];
    assert_eq!(
        (v.duration_ms, v.width, v.height),
        (Some(46947), Some(1920), Some(1080))
    );
    assert_eq!(v.public_metrics.as_ref().unwrap().view_count, Some(6909260));
    assert_eq!(
        v.non_public_metrics.as_ref().unwrap().playback_100_count,
        Some(116)
    );
    assert_eq!(v.organic_metrics.as_ref().unwrap().view_count, Some(629));
    assert_eq!(
        v.promoted_metrics.as_ref().unwrap().playback_0_count,
        Some(259)
    );
    let variants = v.variants.as_ref().unwrap();
    assert_eq!(variants[0].bit_rate, Some(632000));
    assert_eq!(variants[1].bit_rate, None);
    assert_eq!(media[1].alt_text.as_deref(), Some("Une photo — 写真"));
    assert!(media[1].url.is_some());
}

#[test]
fn polls_places_topics() {
    let line = &decode_all("objects.jsonl")[0];
    let inc = line.includes.as_ref().unwrap();
    let poll = inc.poll(1199786642468413448).unwrap();
    assert_eq!(poll.duration_minutes, Some(1440));
    assert_eq!(poll.voting_status, Some(VotingStatus::Open));
    assert_eq!(poll.options.iter().map(|o| o.votes).sum::<u64>(), 951);
    assert_eq!(
        poll.end_datetime.as_ref().unwrap().as_text(),
        "2019-11-28T20:26:41.000Z"
    );
    let place = line.place().unwrap();
    assert_eq!(place.full_name, "Manhattan, NY");
    assert_eq!(place.country_code.as_deref(), Some("US"));
    assert_eq!(place.name.as_deref(), Some("Manhattan"));
    let bbox = place.geo.as_ref().unwrap().bbox_f64().unwrap();
    assert_eq!(bbox, [-74.026675, 40.683935, -73.910408, 40.877483]);
    // Integer coordinates stay integers on re-encoding (checked by the round trip).
    assert_eq!(
        inc.place("09f6a7707f18e0b1")
            .unwrap()
            .geo
            .as_ref()
            .unwrap()
            .bbox_f64(),
        Some([2.0, 48.0, 3.0, 49.0])
    );
    assert_eq!(inc.topic(848920371311001600).unwrap().name, "Technology");
    assert_eq!(inc.topic(852262932607926273).unwrap().description, None);
}

#[test]
fn stream_problems() {
    let lines = decode_all("problems.jsonl");
    let p = &lines[0].errors[0];
    assert_eq!(p.kind.kind(), ProblemKind::OperationalDisconnect);
    assert_eq!(
        p.disconnect_type,
        Some(DisconnectType::UpstreamOperationalDisconnect)
    );
    assert_eq!(
        p.to_string(),
        "operational-disconnect: This stream has been disconnected upstream for operational reasons."
    );
    let e: &dyn std::error::Error = p;
    assert!(e.source().is_none());

    let p = &lines[1].errors[0];
    assert_eq!(p.kind.kind(), ProblemKind::StreamingConnection);
    assert_eq!(
        p.connection_issue,
        Some(ConnectionIssue::TooManyConnections)
    );

    let p = &lines[2].errors[0];
    assert_eq!(p.kind.kind(), ProblemKind::UsageCapped);
    assert_eq!(
        (p.period.clone(), p.scope.clone(), p.status),
        (
            Some(UsagePeriod::Monthly),
            Some(UsageScope::Product),
            Some(429)
        )
    );

    let p = &lines[3].errors[0];
    assert_eq!(p.kind.kind(), ProblemKind::ClientForbidden);
    assert_eq!(p.reason, Some(ForbiddenReason::ClientNotEnrolled));
    assert!(p.registration_url.is_some());

    let line = &lines[4];
    assert!(line.data.is_some());
    let [nf, na, nf2] = &line.errors[..] else {
        panic!("three problems")
    };
    assert_eq!(nf.kind.kind(), ProblemKind::ResourceNotFound);
    assert_eq!(nf.resource_type, Some(ResourceType::Tweet));
    assert_eq!(nf.parameter.as_deref(), Some("referenced_tweets.id"));
    assert_eq!(nf.value.as_deref(), Some("1211797914437259264"));
    assert_eq!(na.kind.kind(), ProblemKind::NotAuthorizedForResource);
    assert_eq!(na.section, Some(Section::Includes));
    // api.x.com URIs classify too, and re-encode with their own host.
    assert_eq!(nf2.kind.kind(), ProblemKind::NotAuthorizedForField);
    assert_eq!(
        nf2.kind.as_str(),
        "https://api.x.com/2/problems/not-authorized-for-field"
    );
    assert_eq!(nf2.field.as_deref(), Some("non_public_metrics"));

    let [inv, dup, generic] = &lines[5].errors[..] else {
        panic!("three problems")
    };
    assert_eq!(inv.kind.kind(), ProblemKind::InvalidRequest);
    let errs = inv.errors.as_ref().unwrap();
    assert_eq!(
        errs[0].parameters.as_ref().unwrap()["tweet.fields"],
        ["bogus"]
    );
    assert_eq!(dup.kind.kind(), ProblemKind::DuplicateRules);
    assert_eq!(dup.id.as_deref(), Some("1166916266197536768"));
    assert_eq!(generic.kind.kind(), ProblemKind::Generic);
    assert_eq!(generic.to_string(), "Generic: Service Unavailable");
}

#[test]
fn post_era_names_are_aliases() {
    let line: StreamLine = serde_json::from_str(&lines("post_era.jsonl")[0]).unwrap();
    let t = line.data.as_ref().unwrap();
    assert_eq!(
        t.edit_history_tweet_ids.as_deref(),
        Some(&[TweetId(1212092628029698048)][..])
    );
    assert_eq!(
        t.note_tweet.as_ref().unwrap().text,
        "Post-era names, long form"
    );
    assert_eq!(t.referenced_tweets()[0].id, TweetId(1211797914437259264));
    assert_eq!(t.public_metrics.as_ref().unwrap().retweet_count, Some(8));
    assert_eq!(line.referenced().next().unwrap().1.unwrap().text, "quoted");
    let u = &line.includes.as_ref().unwrap().users()[0];
    assert_eq!(u.pinned_tweet_id, Some(TweetId(1293593516040269825)));
    assert_eq!(u.most_recent_tweet_id, Some(TweetId(1460323737035677698)));
    assert_eq!(u.public_metrics.as_ref().unwrap().tweet_count, Some(3));

    // Re-encoding uses the names the API sends on the wire today.
    let out = serde_json::to_value(&line).unwrap();
    assert!(out["data"]["edit_history_tweet_ids"].is_array());
    assert!(out["data"]["note_tweet"].is_object());
    assert!(out["data"]["referenced_tweets"].is_array());
    assert_eq!(out["data"]["public_metrics"]["retweet_count"], 8);
    assert!(out["includes"]["tweets"].is_array());
    assert!(out["includes"].get("posts").is_none());
    // ... and that re-encoding round-trips exactly.
    check_line(&out.to_string()).unwrap();
}
