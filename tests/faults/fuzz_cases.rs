//! Hostile HTTP requests, as raw bytes (so they can be anything a socket can carry: invalid UTF-8,
//! bare CR/LF, lying lengths, broken multipart), generated from a seeded random source: request
//! `i` of seed `s` is always the same request, whatever the scheduling.

use fastrand::Rng;

/// One route of the site, with the form fields its handler reads.
#[derive(Clone)]
pub struct Target {
    pub method: &'static str,
    pub path: String,
    pub fields: &'static [&'static str],
    /// A signed-in request: send the session cookie, our Origin and (mostly) the CSRF token.
    pub admin: bool,
}

/// What a signed-in recruiter's browser would send.
#[derive(Clone)]
pub struct Credentials {
    pub cookie: String,
    pub csrf_token: String,
    pub origin: String,
}

/// Every field the intake form posts, from its one list.
pub const INTAKE_FIELDS: &[&str] = labminds::domain::IntakeForm::FIELD_NAMES;

pub const FILTER_FIELDS: &[&str] = &[
    "q",
    "stage",
    "education",
    "certification",
    "certification_status",
    "english",
    "state",
    "work_authorisation",
    "returning",
    "from",
    "to",
    "source",
    "owner",
    "sort",
    "page",
];

/// Values that have broken parsers somewhere: injections, encodings, extremes.
const HOSTILE: &[&str] = &[
    "' OR '1'='1",
    "1; drop table applications; --",
    "1' and sleep(5)--",
    "\" or pg_sleep(5)--",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "=HYPERLINK(\"http://evil\")",
    "../../../../etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd",
    "%00",
    "%ff%fe%fd",
    "%c0%af",
    "%",
    "%zz",
    "a%0d%0aSet-Cookie:%20x=1",
    "\u{202e}evil\u{200b}",
    "𝕬𝖓𝖆 😀 名前",
    "-1",
    "99999999999999999999999999",
    "1e308",
    "NaN",
    "2026-02-30",
    "0000-00-00",
    "00000000-0000-0000-0000-000000000000",
    "LM-AAAAAAAA",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "",
    " ",
];

fn percent(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("%{b:02X}")).collect()
}

fn random_value(rng: &mut Rng) -> String {
    match rng.u8(0..10) {
        0 => "A".repeat(rng.usize(1_000..80_000)),
        1 => percent(
            &(0..rng.usize(1..64))
                .map(|_| rng.u8(..))
                .collect::<Vec<_>>(),
        ),
        2 => (0..rng.usize(1..40)).map(|_| rng.char(..)).collect(),
        _ => HOSTILE[rng.usize(..HOSTILE.len())].to_owned(),
    }
}

/// `name=value&...` with hostile values; names from the route's fields, sometimes made up.
fn urlencoded(rng: &mut Rng, fields: &[&str], csrf: Option<&str>) -> Vec<u8> {
    let mut pairs = Vec::new();
    if let Some(token) = csrf {
        pairs.push(format!("csrf_token={token}"));
    }
    for _ in 0..rng.usize(0..12) {
        let name = if fields.is_empty() || rng.u8(0..8) == 0 {
            random_value(rng)
        } else {
            fields[rng.usize(..fields.len())].to_owned()
        };
        let value = random_value(rng);
        // Mostly encoded as a browser would, so the request reaches the handler; sometimes raw,
        // so the parsers meet bytes no browser sends.
        if rng.u8(0..5) == 0 {
            pairs.push(format!("{name}={value}"));
        } else {
            let encode =
                |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
            pairs.push(format!("{}={}", encode(&name), encode(&value)));
        }
    }
    pairs.join("&").into_bytes()
}

/// A multipart body that is wrong in one of several ways (or right, with hostile values).
fn multipart(rng: &mut Rng, fields: &[&str]) -> (String, Vec<u8>) {
    let boundary = "----fuzzboundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for _ in 0..rng.usize(0..8) {
        let name = fields
            .get(rng.usize(..fields.len().max(1)))
            .copied()
            .unwrap_or("x");
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match rng.u8(0..6) {
            0 => body.extend_from_slice(b"Content-Disposition: form-data\r\n\r\nno name\r\n"),
            1 => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"cv\"; filename=\"{}\"\r\n\
                     Content-Type: application/pdf\r\n\r\n%PDF-1.4\n{}\r\n",
                    random_value(rng).replace('"', ""),
                    "x".repeat(rng.usize(0..5000))
                )
                .as_bytes(),
            ),
            2 => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"\r\nX-Long: {}\r\n\r\nv\r\n",
                    "h".repeat(rng.usize(100..20_000))
                )
                .as_bytes(),
            ),
            3 => body.extend_from_slice(
                &(0..rng.usize(1..300))
                    .map(|_| rng.u8(..))
                    .collect::<Vec<_>>(),
            ),
            _ => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{}\r\n",
                    random_value(rng)
                )
                .as_bytes(),
            ),
        }
    }
    // Sometimes the closing boundary is missing, or another boundary is declared.
    if rng.bool() {
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    }
    let content_type = match rng.u8(0..5) {
        0 => "multipart/form-data".to_owned(),
        1 => "multipart/form-data; boundary=\"other\"".to_owned(),
        2 => format!("multipart/form-data; boundary={}", "b".repeat(200)),
        _ => format!("multipart/form-data; boundary={boundary}"),
    };
    (content_type, body)
}

fn garbage_query(rng: &mut Rng, fields: &[&str]) -> String {
    let body = urlencoded(rng, fields, None);
    String::from_utf8_lossy(&body).replace(' ', "%20")
}

/// The request line's path: the route's own, or a traversal, an encoding trick, raw bytes.
fn path(rng: &mut Rng, target: &Target) -> Vec<u8> {
    let base = target.path.clone();
    // Two in three requests keep the route's path, so most reach its handler.
    match rng.u8(0..24) {
        0 => b"/static/..%2f..%2f..%2fetc%2fpasswd".to_vec(),
        1 => b"/../../../../etc/passwd".to_vec(),
        2 => format!("{base}/..%2f..%2fCargo.toml").into_bytes(),
        3 => format!("/{}", "a/".repeat(rng.usize(1..3000))).into_bytes(),
        4 => {
            let mut p = base.into_bytes();
            p.extend((0..rng.usize(1..20)).map(|_| rng.u8(0x80..=0xff)));
            p
        }
        5 => format!("{base}%00.css").into_bytes(),
        6 => format!("//{}", base.trim_start_matches('/')).into_bytes(),
        7 => format!("{base}?{}", "q=".repeat(rng.usize(1..5000))).into_bytes(),
        _ => {
            let query = garbage_query(rng, target.fields);
            format!("{base}?{query}").into_bytes()
        }
    }
}

/// Request `i`: raw bytes ready for the socket, and a short label for the report.
pub fn request(
    seed: u64,
    i: u64,
    targets: &[Target],
    creds: &Credentials,
    host: &str,
) -> (Vec<u8>, String) {
    let mut rng = Rng::with_seed(seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let target = &targets[rng.usize(..targets.len())];
    let kind = rng.u8(0..10);
    let method = match rng.u8(0..12) {
        0 => "PUT",
        1 => "DELETE",
        2 => "OPTIONS",
        3 => "BREW",
        _ => target.method,
    };
    let mut headers: Vec<(String, Vec<u8>)> = vec![("Host".into(), host.as_bytes().to_vec())];
    let mut content_type = Some("application/x-www-form-urlencoded".to_owned());
    let valid_csrf = target.admin && rng.u8(0..4) != 0;
    if target.admin {
        headers.push(("Cookie".into(), creds.cookie.clone().into_bytes()));
        headers.push(("Origin".into(), creds.origin.clone().into_bytes()));
    }
    let csrf = valid_csrf.then_some(creds.csrf_token.as_str());
    let body: Vec<u8>;
    let label = match kind {
        0 => {
            let (ct, b) = multipart(&mut rng, target.fields);
            (content_type, body) = (Some(ct), b);
            "malformed multipart"
        }
        1 => {
            content_type = Some(
                [
                    "application/json",
                    "text/xml",
                    "text/plain; charset=utf-16",
                    "\u{1}\u{7f}",
                    "",
                ][rng.usize(..5)]
                .to_owned(),
            );
            body = urlencoded(&mut rng, target.fields, csrf);
            "wrong content type"
        }
        2 => {
            let big = "x".repeat(rng.usize(8_000..40_000));
            headers.push(("X-Huge".into(), big.into_bytes()));
            headers.push((
                "Cookie".into(),
                format!("a={}", "c".repeat(rng.usize(100..9000))).into_bytes(),
            ));
            body = urlencoded(&mut rng, target.fields, csrf);
            "huge headers"
        }
        3 => {
            headers.push((
                "X-Bytes".into(),
                (0..rng.usize(1..50)).map(|_| rng.u8(0x80..=0xff)).collect(),
            ));
            headers.push(("Referer".into(), b"http://\xff\xfe/".to_vec()));
            headers.push(("Origin".into(), b"null".to_vec()));
            body = (0..rng.usize(0..2000)).map(|_| rng.u8(..)).collect();
            "invalid UTF-8"
        }
        4 => {
            body = format!("f={}", "A".repeat(rng.usize(60_000..200_000))).into_bytes();
            "overlong body"
        }
        5 => {
            body = urlencoded(&mut rng, target.fields, csrf);
            let value = random_value(&mut rng);
            headers.push(("X-Forwarded-For".into(), value.into_bytes()));
            headers.push(("Accept-Language".into(), b"en\r\n\tx-folded: yes".to_vec()));
            "CR/LF and proxy headers"
        }
        _ => {
            body = urlencoded(&mut rng, target.fields, csrf);
            "hostile fields"
        }
    };
    let mut raw = Vec::new();
    raw.extend_from_slice(method.as_bytes());
    raw.push(b' ');
    raw.extend_from_slice(&path(&mut rng, target));
    raw.extend_from_slice(b" HTTP/1.1\r\n");
    if let Some(ct) = content_type {
        headers.push(("Content-Type".into(), ct.into_bytes()));
    }
    headers.push(("Content-Length".into(), body.len().to_string().into_bytes()));
    headers.push(("Connection".into(), b"close".to_vec()));
    for (name, value) in headers {
        raw.extend_from_slice(name.as_bytes());
        raw.extend_from_slice(b": ");
        raw.extend_from_slice(&value);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"\r\n");
    raw.extend_from_slice(&body);
    (raw, format!("{label}: {method} {}", target.path))
}
