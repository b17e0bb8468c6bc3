//! Where a form post comes from: the Origin header (or, failing that, the Referer's origin),
//! compared with the site's own origin. One rule for every form (intake and dashboard).

use actix_web::http::header::{self, HeaderMap};
use url::Url;

/// What a state-changing request says about its origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentOrigin {
    Own,
    Foreign,
    /// Neither Origin nor Referer was sent (old browsers, privacy tools).
    Absent,
}

/// The origins that count as the site itself: `PUBLIC_URL`'s, and, for a development address on
/// the loopback interface, the other spellings of the same port (a developer opening
/// http://127.0.0.1:8080 while PUBLIC_URL says http://localhost:8080 is still on our site).
pub fn own_origins(public_url: &Url) -> Vec<String> {
    let origin = public_url.origin().ascii_serialization();
    let loopback = ["localhost", "127.0.0.1", "[::1]"];
    let host = public_url.host_str().unwrap_or_default();
    if !loopback.contains(&host) {
        return vec![origin];
    }
    let port = public_url
        .port()
        .map(|p| format!(":{p}"))
        .unwrap_or_default();
    loopback
        .iter()
        .map(|h| format!("{}://{h}{port}", public_url.scheme()))
        .collect()
}

pub fn sent_origin(headers: &HeaderMap, own: &[String]) -> SentOrigin {
    let is_own = |origin: &str| own.iter().any(|o| o == origin);
    if let Some(value) = headers.get(header::ORIGIN) {
        return match value.to_str() {
            Ok(origin) if is_own(origin) => SentOrigin::Own,
            _ => SentOrigin::Foreign,
        };
    }
    match headers
        .get(header::REFERER)
        .map(|v| v.to_str().ok().and_then(|v| Url::parse(v).ok()))
    {
        None => SentOrigin::Absent,
        Some(Some(url)) if is_own(&url.origin().ascii_serialization()) => SentOrigin::Own,
        Some(_) => SentOrigin::Foreign,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(name.clone(), HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn a_production_origin_has_exactly_one_spelling() {
        let own = own_origins(&Url::parse("https://labmindsstaffing.com").unwrap());
        assert_eq!(own, vec!["https://labmindsstaffing.com"]);
        let sent = headers(&[(header::ORIGIN, "https://labmindsstaffing.com.evil.example")]);
        assert_eq!(sent_origin(&sent, &own), SentOrigin::Foreign);
    }

    #[test]
    fn loopback_spellings_of_the_same_port_are_the_same_site() {
        let own = own_origins(&Url::parse("http://localhost:8080").unwrap());
        for origin in [
            "http://localhost:8080",
            "http://127.0.0.1:8080",
            "http://[::1]:8080",
        ] {
            assert_eq!(
                sent_origin(&headers(&[(header::ORIGIN, origin)]), &own),
                SentOrigin::Own,
                "{origin}"
            );
        }
        assert_eq!(
            sent_origin(&headers(&[(header::ORIGIN, "http://127.0.0.1:9999")]), &own),
            SentOrigin::Foreign
        );
    }

    #[test]
    fn referer_is_the_fallback_and_null_or_garbage_is_foreign() {
        let own = own_origins(&Url::parse("https://labmindsstaffing.com").unwrap());
        let referer = headers(&[(header::REFERER, "https://labmindsstaffing.com/apply?x=1")]);
        assert_eq!(sent_origin(&referer, &own), SentOrigin::Own);
        assert_eq!(
            sent_origin(&headers(&[(header::ORIGIN, "null")]), &own),
            SentOrigin::Foreign
        );
        assert_eq!(
            sent_origin(&headers(&[(header::REFERER, "not a url")]), &own),
            SentOrigin::Foreign
        );
        assert_eq!(sent_origin(&HeaderMap::new(), &own), SentOrigin::Absent);
    }
}
