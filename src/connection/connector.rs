//! The connector: what every request to X shares (base URL, authorization, user agent,
//! transport, timeouts, line limit, content coding), used by the client's REST calls and by
//! each stream connection alike.

use std::time::Duration;

use bytes::Bytes;
use http::HeaderValue;
use http_body_util::Full;

use crate::connection::proxy::Proxy;
use crate::connection::transport::Transport;
use crate::error::Error;

pub(crate) struct Connector {
    pub(crate) base_url: String,
    pub(crate) authorization: HeaderValue,
    pub(crate) user_agent: HeaderValue,
    pub(crate) transport: Transport,
    pub(crate) proxy: Option<Proxy>,
    pub(crate) stall_timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) max_line_bytes: usize,
    /// Ask streams for gzip (`Accept-Encoding: gzip`).
    pub(crate) gzip: bool,
}

impl Connector {
    /// A request for `path_and_query` under the base URL, with the bearer token and user
    /// agent (and a JSON content type when there is a body).
    pub(crate) fn request(
        &self,
        method: http::Method,
        path_and_query: &str,
        body: Option<Bytes>,
    ) -> Result<http::Request<Full<Bytes>>, Error> {
        let uri = format!("{}{path_and_query}", self.base_url);
        let mut builder = http::Request::builder()
            .method(method)
            .uri(uri)
            .header(http::header::AUTHORIZATION, self.authorization.clone())
            .header(http::header::USER_AGENT, self.user_agent.clone());
        if body.is_some() {
            builder = builder.header(http::header::CONTENT_TYPE, "application/json");
        }
        builder
            .body(Full::new(body.unwrap_or_default()))
            .map_err(|_| Error::parameter("path", "does not make a valid request"))
    }

    /// A stream request: as [`request`](Self::request), asking for gzip when set.
    pub(crate) fn stream_request(
        &self,
        path_and_query: &str,
    ) -> Result<http::Request<Full<Bytes>>, Error> {
        let mut request = self.request(http::Method::GET, path_and_query, None)?;
        if self.gzip {
            request.headers_mut().insert(
                http::header::ACCEPT_ENCODING,
                HeaderValue::from_static("gzip"),
            );
        }
        Ok(request)
    }
}
