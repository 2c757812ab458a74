//! An HTTP CONNECT proxy setting: `http://[user:pass@]host:port`, with the credentials kept
//! out of every Debug, Display and log line.

use std::fmt;

use http::{HeaderValue, Uri};

use crate::error::Error;
use crate::request::percent::percent_decode;

/// A parsed proxy URL.
#[derive(Clone)]
pub(crate) struct Proxy {
    /// `http://host:port`, without credentials.
    uri: Uri,
    /// `Basic …` built from the URL's `user:pass@`, marked sensitive.
    authorization: Option<HeaderValue>,
}

impl Proxy {
    pub(crate) fn parse(url: &str) -> Result<Proxy, Error> {
        let refuse = |why: &str| Error::builder("proxy", why);
        let uri: Uri = url
            .parse()
            .map_err(|_| refuse("not a URL (expected http://[user:pass@]host:port)"))?;
        match uri.scheme_str() {
            Some("http") => {}
            Some(_) => return Err(refuse("only http:// proxies (HTTP CONNECT) are supported")),
            None => return Err(refuse("missing scheme (expected http://host:port)")),
        }
        let authority = uri.authority().ok_or_else(|| refuse("missing host"))?;
        let host = authority.host();
        if host.is_empty() {
            return Err(refuse("missing host"));
        }
        // `Authority::port_u16` is `None` for an out-of-range port such as 99999 too: read the
        // port text ourselves so a bad port is refused rather than replaced by 80.
        let host_port = authority
            .as_str()
            .rsplit_once('@')
            .map_or(authority.as_str(), |(_, h)| h);
        let port = match host_port.rsplit_once(':') {
            Some((_, port)) if !host_port.ends_with(']') && !port.is_empty() => {
                port.parse::<u16>().map_err(|_| refuse("invalid port"))?
            }
            _ => 80,
        };
        let authorization = match authority.as_str().rsplit_once('@') {
            None => None,
            Some((userinfo, _)) => {
                let (user, pass) = userinfo.split_once(':').unwrap_or((userinfo, ""));
                let credentials = format!(
                    "{}:{}",
                    percent_decode(user, false),
                    percent_decode(pass, false)
                );
                let mut value =
                    HeaderValue::try_from(format!("Basic {}", base64(credentials.as_bytes())))
                        .map_err(|_| refuse("credentials are not valid in a header"))?;
                value.set_sensitive(true);
                Some(value)
            }
        };
        let host = if host.contains(':') && !host.starts_with('[') {
            format!("[{host}]")
        } else {
            host.to_owned()
        };
        let uri = format!("http://{host}:{port}")
            .parse()
            .map_err(|_| refuse("invalid host"))?;
        Ok(Proxy { uri, authorization })
    }

    pub(crate) fn uri(&self) -> &Uri {
        &self.uri
    }

    pub(crate) fn authorization(&self) -> Option<&HeaderValue> {
        self.authorization.as_ref()
    }
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Proxy")
            .field("uri", &self.uri)
            .field(
                "credentials",
                &self.authorization.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (input, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), want);
        }
    }

    #[test]
    fn credentials_become_basic_auth_and_leave_the_uri() {
        let p = Proxy::parse("http://al%40ice:s3cret@127.0.0.1:3128").unwrap();
        assert_eq!(p.uri().to_string(), "http://127.0.0.1:3128/");
        let auth = p.authorization().unwrap();
        assert_eq!(
            auth.to_str().unwrap(),
            format!("Basic {}", base64(b"al@ice:s3cret"))
        );
        assert!(auth.is_sensitive());
        let debug = format!("{p:?}");
        assert!(
            !debug.contains("s3cret") && !debug.contains("ice"),
            "{debug}"
        );
    }

    #[test]
    fn bad_proxies_are_refused_naming_the_setting() {
        for bad in [
            "",
            "127.0.0.1:3128",
            "socks5://h:1",
            "https://h:1",
            "http://",
        ] {
            let e = Proxy::parse(bad).unwrap_err();
            assert_eq!(e.parameter_name(), Some("proxy"), "{bad}");
        }
        for bad_port in ["http://h:99999", "http://u:p@h:65536", "http://h:8o"] {
            let e = Proxy::parse(bad_port).unwrap_err();
            assert_eq!(e.parameter_name(), Some("proxy"), "{bad_port}");
        }
        assert_eq!(
            Proxy::parse("http://[::1]:3128").unwrap().uri().port_u16(),
            Some(3128)
        );
        assert_eq!(
            Proxy::parse("http://[::1]").unwrap().uri().port_u16(),
            Some(80)
        );
        let p = Proxy::parse("http://proxy.example").unwrap();
        assert_eq!(p.uri().port_u16(), Some(80));
        assert!(p.authorization().is_none());
    }
}
