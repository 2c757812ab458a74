//! The pages of `GET /2/tweets/search/stream/rules` as a `Stream`.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::types::{RulesQuery, RulesResponse};
use crate::client::shared::StreamingClient;
use crate::error::Error;

/// A `Stream` of rules pages, following `next_token`; see
/// [`StreamingClient::rules_pages`]. It ends after the last page, or right after an error.
///
/// ```
/// # use futures_util::StreamExt as _;
/// # use tweetstream::emulator::Emulator;
/// # use tweetstream::rules::{RulePages, RulesQuery};
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::start().await.unwrap();
/// let client = em.client_builder().build().unwrap();
/// // A bad token: the error is yielded, then the stream ends.
/// let mut pages: RulePages = client.rules_pages(RulesQuery::new().pagination_token("nope"));
/// assert!(pages.next().await.unwrap().unwrap_err().kind() == tweetstream::ErrorKind::BadRequest);
/// assert!(pages.next().await.is_none());
/// # }
/// ```
pub struct RulePages {
    inner: Pin<Box<dyn Stream<Item = Result<RulesResponse, Error>> + Send>>,
}

impl std::fmt::Debug for RulePages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RulePages").finish_non_exhaustive()
    }
}

impl RulePages {
    pub(crate) fn new(client: StreamingClient, mut query: RulesQuery) -> Self {
        let inner = async_stream::stream! {
            loop {
                match client.get_rules_page(&query).await {
                    Err(e) => {
                        yield Err(e);
                        return;
                    }
                    Ok(page) => {
                        let next = page.meta.next_token.clone();
                        let repeated = next.is_some() && next == query.pagination_token;
                        yield Ok(page);
                        if repeated {
                            yield Err(Error::decode("the server sent the same next_token twice", None));
                            return;
                        }
                        match next {
                            Some(token) => query.pagination_token = Some(token),
                            None => return,
                        }
                    }
                }
            }
        };
        RulePages {
            inner: Box::pin(inner),
        }
    }
}

impl Stream for RulePages {
    type Item = Result<RulesResponse, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}
