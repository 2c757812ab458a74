//! A useful subset of X's filtered-stream rule language: parser and matcher.
//!
//! Supported: keywords (tokenized, case-insensitive), `"quoted phrases"`, `#hashtags`,
//! `@mentions`, `$cashtags`, `from:`, `to:`, `retweets_of:`, `url:`, `lang:`, `has:media`,
//! `has:links`, `has:images`, `has:hashtags`, `has:mentions`, `has:cashtags`, `has:geo`,
//! `has:video_link`, `is:retweet`, `is:reply`, `is:quote`, `is:verified`, negation with `-`,
//! `OR`, and parentheses. As in X's language, juxtaposition (implicit AND) binds tighter than
//! `OR`: `a OR b c` is `a OR (b c)`. Conjunction-required operators (`is:`, `has:`, `lang:`)
//! cannot stand alone, and a rule needs at least one positive stand-alone clause.

use std::fmt;

/// Where to find the list of operators, as X's error messages say.
const OPERATOR_LIST_URL: &str = "https://developer.twitter.com/en/docs/twitter-api/tweets/filtered-stream/integrate/build-a-rule";

/// A parse error: a message and the 1-based character position it refers to.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = tweetstream::emulator::Emulator::start().await.unwrap();
/// let err = em.add_rule("cats (dogs", None).unwrap_err();
/// assert_eq!(err.position, 6); // the unclosed parenthesis
/// assert!(err.to_string().ends_with("(at position 6)"));
/// assert!(em.rules().is_empty());
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// 1-based character position in the rule value.
    pub position: usize,
    /// What is wrong, without the position suffix.
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at position {})", self.message, self.position)
    }
}

/// `has:` operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Has {
    Media,
    Links,
    Images,
    Hashtags,
    Mentions,
    Cashtags,
    Geo,
    VideoLink,
}

/// `is:` operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Is {
    Retweet,
    Reply,
    Quote,
    Verified,
}

/// One clause of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Term {
    Keyword(String),
    Phrase(String),
    Hashtag(String),
    Mention(String),
    Cashtag(String),
    From(String),
    To(String),
    RetweetsOf(String),
    Url(String),
    Lang(String),
    Has(Has),
    Is(Is),
}

impl Term {
    fn standalone(&self) -> bool {
        !matches!(self, Term::Lang(_) | Term::Has(_) | Term::Is(_))
    }
}

/// A parsed rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Expr {
    Term(Term),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

/// What a rule is matched against (built by the generator from a post).
#[derive(Debug, Clone, Default)]
pub(crate) struct Post {
    /// The post text, lowercased.
    pub text: String,
    /// Tokens of the text, lowercased.
    pub tokens: Vec<String>,
    pub hashtags: Vec<String>,
    pub mentions: Vec<String>,
    pub cashtags: Vec<String>,
    pub author_username: String,
    pub author_id: String,
    pub author_verified: bool,
    pub in_reply_to_username: Option<String>,
    pub retweet_of_username: Option<String>,
    pub urls: Vec<String>,
    pub lang: String,
    pub has_media: bool,
    pub has_images: bool,
    pub has_video: bool,
    pub has_geo: bool,
    pub is_retweet: bool,
    pub is_reply: bool,
    pub is_quote: bool,
}

/// Splits text into lowercased tokens on everything but letters, digits and `_`.
pub(crate) fn tokenize(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .map(|t| t.to_lowercase())
        .collect()
}

fn contains_seq(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

impl Expr {
    /// Does the post match this rule?
    pub(crate) fn matches(&self, p: &Post) -> bool {
        match self {
            Expr::Term(t) => term_matches(t, p),
            Expr::Not(e) => !e.matches(p),
            Expr::And(v) => v.iter().all(|e| e.matches(p)),
            Expr::Or(v) => v.iter().any(|e| e.matches(p)),
        }
    }

    /// Has this (sub)expression a positive stand-alone clause in every alternative?
    fn standalone(&self) -> bool {
        match self {
            Expr::Term(t) => t.standalone(),
            Expr::Not(_) => false,
            Expr::And(v) => v.iter().any(Expr::standalone),
            Expr::Or(v) => v.iter().all(Expr::standalone),
        }
    }
}

fn term_matches(t: &Term, p: &Post) -> bool {
    let eq = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    match t {
        Term::Keyword(k) => {
            if k.chars().all(|c| c.is_alphanumeric() || c == '_') {
                p.tokens.iter().any(|t| t == k)
            } else {
                p.text.contains(k.as_str())
            }
        }
        Term::Phrase(ph) => {
            let toks = tokenize(ph);
            if toks.is_empty() {
                p.text.contains(ph.as_str())
            } else {
                contains_seq(&p.tokens, &toks)
            }
        }
        Term::Hashtag(h) => p.hashtags.iter().any(|x| eq(x, h)),
        Term::Mention(m) => p.mentions.iter().any(|x| eq(x, m)),
        Term::Cashtag(c) => p.cashtags.iter().any(|x| eq(x, c)),
        Term::From(u) => eq(&p.author_username, u) || p.author_id == *u,
        Term::To(u) => p.in_reply_to_username.as_deref().is_some_and(|x| eq(x, u)),
        Term::RetweetsOf(u) => p.retweet_of_username.as_deref().is_some_and(|x| eq(x, u)),
        Term::Url(u) => p.urls.iter().any(|x| x.to_lowercase().contains(u.as_str())),
        Term::Lang(l) => eq(&p.lang, l),
        Term::Has(h) => match h {
            Has::Media => p.has_media,
            Has::Links => !p.urls.is_empty() || p.has_media,
            Has::Images => p.has_images,
            Has::Hashtags => !p.hashtags.is_empty(),
            Has::Mentions => !p.mentions.is_empty(),
            Has::Cashtags => !p.cashtags.is_empty(),
            Has::Geo => p.has_geo,
            Has::VideoLink => p.has_video,
        },
        Term::Is(i) => match i {
            Is::Retweet => p.is_retweet,
            Is::Reply => p.is_reply,
            Is::Quote => p.is_quote,
            Is::Verified => p.author_verified,
        },
    }
}

/// Parses a rule value, as the rules endpoint does at add time.
pub(crate) fn parse(rule: &str) -> Result<Expr, RuleError> {
    let chars: Vec<char> = rule.chars().collect();
    let mut p = Parser { chars, pos: 0 };
    p.skip_ws();
    if p.at_end() {
        return Err(RuleError {
            position: 1,
            message: "Rules must contain at least one positive, stand-alone clause".into(),
        });
    }
    let expr = p.parse_or(0)?;
    p.skip_ws();
    if !p.at_end() {
        // Only a stray closing parenthesis stops parse_or at depth 0.
        return Err(RuleError {
            position: p.pos + 1,
            message: "Unbalanced parentheses: unexpected ')'".into(),
        });
    }
    if !expr.standalone() {
        return Err(RuleError {
            position: 1,
            message: "Rules must contain at least one positive, stand-alone clause; \
                      negated clauses and is:, has: and lang: cannot stand alone"
                .into(),
        });
    }
    Ok(expr)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    /// Is the upcoming token the `OR` keyword (a standalone word)?
    fn at_or(&self) -> bool {
        self.chars.get(self.pos) == Some(&'O')
            && self.chars.get(self.pos + 1) == Some(&'R')
            && self
                .chars
                .get(self.pos + 2)
                .is_none_or(|c| c.is_whitespace() || *c == '(' || *c == ')')
    }

    fn ambiguous_or(&self) -> RuleError {
        RuleError {
            position: self.pos + 1,
            message:
                "Ambiguous use of or as a keyword. Use a space to logically join two clauses, \
                      or \"or\" to find that keyword"
                    .into(),
        }
    }

    fn parse_or(&mut self, depth: usize) -> Result<Expr, RuleError> {
        let mut alts = vec![self.parse_and(depth)?];
        loop {
            self.skip_ws();
            if self.at_or() {
                let or_pos = self.pos;
                self.pos += 2;
                self.skip_ws();
                if self.at_end() || self.peek() == Some(')') || self.at_or() {
                    self.pos = or_pos;
                    return Err(self.ambiguous_or());
                }
                alts.push(self.parse_and(depth)?);
            } else {
                break;
            }
        }
        Ok(if alts.len() == 1 {
            alts.pop().expect("one alternative")
        } else {
            Expr::Or(alts)
        })
    }

    fn parse_and(&mut self, depth: usize) -> Result<Expr, RuleError> {
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None => break,
                Some(')') => {
                    if depth == 0 {
                        return Err(RuleError {
                            position: self.pos + 1,
                            message: "Unbalanced parentheses: unexpected ')'".into(),
                        });
                    }
                    break;
                }
                _ if self.at_or() => {
                    if items.is_empty() {
                        return Err(self.ambiguous_or());
                    }
                    break;
                }
                _ => items.push(self.parse_unary(depth)?),
            }
        }
        if items.is_empty() {
            return Err(RuleError {
                position: self.pos + 1,
                message: "Empty group: a clause is expected here".into(),
            });
        }
        Ok(if items.len() == 1 {
            items.pop().expect("one item")
        } else {
            Expr::And(items)
        })
    }

    fn parse_unary(&mut self, depth: usize) -> Result<Expr, RuleError> {
        if self.peek() == Some('-') {
            let start = self.pos;
            self.pos += 1;
            match self.peek() {
                None => {
                    return Err(RuleError {
                        position: start + 1,
                        message: "A negation '-' must be followed by a clause".into(),
                    });
                }
                Some(c) if c.is_whitespace() => {
                    return Err(RuleError {
                        position: start + 1,
                        message:
                            "A negation '-' must be directly followed by a clause, without a space"
                                .into(),
                    });
                }
                _ => {}
            }
            let inner = self.parse_primary(depth)?;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.parse_primary(depth)
    }

    fn parse_primary(&mut self, depth: usize) -> Result<Expr, RuleError> {
        let start = self.pos;
        match self.peek() {
            Some('(') => {
                self.pos += 1;
                self.skip_ws();
                if self.peek() == Some(')') {
                    return Err(RuleError {
                        position: start + 1,
                        message: "Empty parentheses".into(),
                    });
                }
                if self.at_end() {
                    return Err(RuleError {
                        position: start + 1,
                        message: "Unbalanced parentheses: missing ')'".into(),
                    });
                }
                let inner = self.parse_or(depth + 1)?;
                self.skip_ws();
                if self.peek() != Some(')') {
                    return Err(RuleError {
                        position: start + 1,
                        message: "Unbalanced parentheses: missing ')'".into(),
                    });
                }
                self.pos += 1;
                Ok(inner)
            }
            Some('"') => {
                self.pos += 1;
                let from = self.pos;
                while self.peek().is_some_and(|c| c != '"') {
                    self.pos += 1;
                }
                if self.at_end() {
                    return Err(RuleError {
                        position: start + 1,
                        message: "Unterminated quoted phrase".into(),
                    });
                }
                let phrase: String = self.chars[from..self.pos].iter().collect();
                self.pos += 1;
                if phrase.trim().is_empty() {
                    return Err(RuleError {
                        position: start + 1,
                        message: "Empty quoted phrase".into(),
                    });
                }
                Ok(Expr::Term(Term::Phrase(phrase.to_lowercase())))
            }
            _ => {
                while self
                    .peek()
                    .is_some_and(|c| !c.is_whitespace() && c != '(' && c != ')' && c != '"')
                {
                    self.pos += 1;
                }
                let word: String = self.chars[start..self.pos].iter().collect();
                word_term(&word, start + 1).map(Expr::Term)
            }
        }
    }
}

fn word_term(word: &str, position: usize) -> Result<Term, RuleError> {
    let empty = |what: &str| RuleError {
        position,
        message: format!("Operator '{what}' requires a value"),
    };
    if let Some(tag) = word.strip_prefix('#') {
        return if tag.is_empty() {
            Err(empty("#"))
        } else {
            Ok(Term::Hashtag(tag.to_owned()))
        };
    }
    if let Some(user) = word.strip_prefix('@') {
        return if user.is_empty() {
            Err(empty("@"))
        } else {
            Ok(Term::Mention(user.to_owned()))
        };
    }
    if let Some(tag) = word.strip_prefix('$') {
        if !tag.is_empty() && tag.chars().next().is_some_and(char::is_alphabetic) {
            return Ok(Term::Cashtag(tag.to_owned()));
        }
    }
    if let Some((op, value)) = word.split_once(':') {
        // A URL-like keyword ("https://...") is not an operator reference.
        if !op.is_empty()
            && op.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !value.starts_with("//")
        {
            let invalid = || RuleError {
                position,
                message: format!(
                    "Reference to invalid operator '{word}'. Operator is not available in current product or \
                     product packaging. Please refer to complete available operator list at {OPERATOR_LIST_URL}."
                ),
            };
            if value.is_empty() {
                return match op {
                    "from" | "to" | "retweets_of" | "url" | "lang" | "has" | "is" => Err(empty(op)),
                    _ => Err(invalid()),
                };
            }
            let value_owned = value.trim_start_matches('@').to_owned();
            return match op {
                "from" => Ok(Term::From(value_owned)),
                "to" => Ok(Term::To(value_owned)),
                "retweets_of" => Ok(Term::RetweetsOf(value_owned)),
                "url" => Ok(Term::Url(value.to_lowercase())),
                "lang" => Ok(Term::Lang(value.to_owned())),
                "has" => Ok(Term::Has(match value {
                    "media" => Has::Media,
                    "links" => Has::Links,
                    "images" => Has::Images,
                    "hashtags" => Has::Hashtags,
                    "mentions" => Has::Mentions,
                    "cashtags" => Has::Cashtags,
                    "geo" => Has::Geo,
                    "video_link" | "videos" => Has::VideoLink,
                    _ => return Err(invalid()),
                })),
                "is" => Ok(Term::Is(match value {
                    "retweet" => Is::Retweet,
                    "reply" => Is::Reply,
                    "quote" => Is::Quote,
                    "verified" => Is::Verified,
                    _ => return Err(invalid()),
                })),
                _ => Err(invalid()),
            };
        }
    }
    Ok(Term::Keyword(word.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post() -> Post {
        let text = "Loving the new #RustLang release with @alice ☕ https://t.co/abc $TSLA";
        Post {
            text: text.to_lowercase(),
            tokens: tokenize(text),
            hashtags: vec!["RustLang".into()],
            mentions: vec!["alice".into()],
            cashtags: vec!["TSLA".into()],
            author_username: "BobDev".into(),
            author_id: "42".into(),
            author_verified: true,
            in_reply_to_username: Some("carol".into()),
            retweet_of_username: None,
            urls: vec!["https://example.com/rust".into()],
            lang: "en".into(),
            has_media: true,
            has_images: true,
            has_video: false,
            has_geo: false,
            is_retweet: false,
            is_reply: true,
            is_quote: false,
        }
    }

    fn m(rule: &str) -> bool {
        parse(rule)
            .unwrap_or_else(|e| panic!("{rule}: {e}"))
            .matches(&post())
    }

    fn err(rule: &str) -> RuleError {
        parse(rule).expect_err(rule)
    }

    #[test]
    fn keywords_are_tokenized_and_case_insensitive() {
        assert!(m("LOVING"));
        assert!(m("release"));
        assert!(!m("releases"));
        assert!(!m("lov"));
        assert!(m("☕"));
    }

    #[test]
    fn phrases_match_token_sequences() {
        assert!(m("\"the new\""));
        assert!(m("\"NEW rustlang\""));
        assert!(!m("\"new the\""));
    }

    #[test]
    fn hashtags_mentions_cashtags_are_exact() {
        assert!(m("#rustlang"));
        assert!(!m("#rust"));
        assert!(m("@Alice"));
        assert!(!m("@alic"));
        assert!(m("$tsla"));
    }

    #[test]
    fn user_operators() {
        assert!(m("from:bobdev"));
        assert!(m("from:42"));
        assert!(!m("from:alice"));
        assert!(m("to:carol"));
        assert!(!m("retweets_of:carol"));
        assert!(m("url:example.com"));
    }

    #[test]
    fn conjunction_required_operators() {
        assert!(m("release lang:en"));
        assert!(!m("release lang:ja"));
        assert!(m("release has:media"));
        assert!(m("release has:images"));
        assert!(m("release has:links"));
        assert!(m("release is:reply"));
        assert!(!m("release is:retweet"));
        assert!(m("release is:verified"));
        assert!(!m("release has:geo"));
    }

    #[test]
    fn negation() {
        assert!(m("release -is:retweet"));
        assert!(!m("release -has:media"));
        assert!(!m("release -(#rustlang OR cats)"));
    }

    #[test]
    fn or_and_precedence() {
        // a OR (b c): true because of `release`
        assert!(m("dogs OR release loving"));
        // (dogs OR release) cats would be false; this is dogs OR (release cats) also false.
        assert!(!m("dogs OR release cats"));
        assert!(m("(dogs OR release) loving"));
        assert!(!m("(dogs OR release) cats"));
        assert_eq!(
            parse("a OR b c").unwrap(),
            Expr::Or(vec![
                Expr::Term(Term::Keyword("a".into())),
                Expr::And(vec![
                    Expr::Term(Term::Keyword("b".into())),
                    Expr::Term(Term::Keyword("c".into()))
                ])
            ])
        );
    }

    #[test]
    fn lowercase_or_is_a_keyword() {
        assert!(!m("dogs or cats"));
    }

    #[test]
    fn errors_name_the_position() {
        assert_eq!(err("cats (dogs").position, 6);
        assert_eq!(err("cats dogs)").position, 10);
        assert_eq!(err("OR cats").position, 1);
        assert_eq!(err("cats OR").position, 6);
        assert_eq!(err("cats \"dogs").position, 6);
        let e = err("cats foo:bar");
        assert_eq!(e.position, 6);
        assert!(
            e.to_string()
                .contains("Reference to invalid operator 'foo:bar'"),
            "{e}"
        );
        assert!(e.to_string().ends_with("(at position 6)"));
        assert_eq!(err("cats from:").position, 6);
        assert_eq!(err("cats ()").position, 6);
        assert_eq!(err("cats - dogs").position, 6);
    }

    #[test]
    fn standalone_requirements() {
        assert!(parse("is:retweet").is_err());
        assert!(parse("-cats").is_err());
        assert!(parse("has:media lang:en").is_err());
        assert!(parse("cats OR is:retweet").is_err());
        assert!(parse("cats -is:retweet").is_ok());
        assert!(parse("").is_err());
        assert!(parse("   ").is_err());
    }

    #[test]
    fn urls_are_keywords_not_operators() {
        assert!(parse("https://example.com").is_ok());
    }
}
