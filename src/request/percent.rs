//! `%XX` decoding, shared by the proxy's `user:pass@` and the emulator's query strings.

/// Decodes `%XX` escapes (a malformed escape stays as it is); with `plus_as_space`, `+`
/// becomes a space too, as in query strings (not in URL userinfo).
pub(crate) fn percent_decode(s: &str, plus_as_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    out.push(b);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b'+' if plus_as_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn decodes_escapes_and_keeps_malformed_ones() {
        assert_eq!(percent_decode("al%40ice%3A", false), "al@ice:");
        assert_eq!(percent_decode("a+b%20c%", true), "a b c%");
        assert_eq!(percent_decode("a+b%zz%4", false), "a+b%zz%4");
    }
}
