//! The response headers of every route, scored by the MDN HTTP Observatory's published rules, must
//! earn an A+ (100 or more). The rules are those of the Observatory's grader: the SCORE_TABLE in
//! mdn/mdn-http-observatory `src/grader/charts.js` and its tests in `src/analyzer/tests/*.js`,
//! published at https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring.
//!
//! Two tests cannot be scored from one loopback response and are left at their best-case 0, which
//! adds nothing: "redirection" (http to https is the load balancer's job; the app only ever
//! serves behind TLS) and "hsts-preloaded" (+5 only for domains on the browsers' preload list).

use reqwest::header::HeaderMap;

/// Penalties apply first; bonuses only when the result is 90 (A) or more (the grader's
/// MINIMUM_SCORE_FOR_EXTRA_CREDIT). Returns the score and the modifiers that made it.
pub fn observatory_score(
    headers: &HeaderMap,
    https: bool,
    html: Option<&str>,
) -> (i32, Vec<String>) {
    let mut modifiers: Vec<(&str, i32)> = Vec::new();
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };

    // Content-Security-Policy (csp.js): unsafe script sources -20, http: sources -20,
    // 'unsafe-eval' -10, none -25; otherwise +10 for default-src 'none' alone, else +5.
    let csp = get("content-security-policy").map(|policy| parse_csp(&policy));
    let broad = ["*", "http:", "https:", "ftp:", "http://*", "https://*"];
    match &csp {
        None => modifiers.push(("csp-not-implemented", -25)),
        Some(csp) => {
            let of = |name: &str| {
                csp.get(name)
                    .or_else(|| csp.get("default-src"))
                    .cloned()
                    .unwrap_or_else(|| vec!["*".to_owned()])
            };
            let (script, object, style) = (of("script-src"), of("object-src"), of("style-src"));
            let all: Vec<&String> = csp.values().flatten().collect();
            if script
                .iter()
                .any(|s| broad.contains(&s.as_str()) || s == "'unsafe-inline'" || s == "data:")
                || object.iter().any(|s| broad.contains(&s.as_str()))
            {
                modifiers.push(("csp-implemented-with-unsafe-inline", -20));
            } else if https && all.iter().any(|s| s.starts_with("http:")) {
                modifiers.push(("csp-implemented-with-insecure-scheme", -20));
            } else if script.iter().chain(&style).any(|s| s == "'unsafe-eval'") {
                modifiers.push(("csp-implemented-with-unsafe-eval", -10));
            } else if style
                .iter()
                .any(|s| broad.contains(&s.as_str()) || s == "'unsafe-inline'")
            {
                modifiers.push(("csp-implemented-with-unsafe-inline-in-style-src-only", 0));
            } else if csp.get("default-src").is_some_and(|d| d == &["'none'"]) {
                modifiers.push(("csp-implemented-with-no-unsafe-default-src-none", 10));
            } else {
                modifiers.push(("csp-implemented-with-no-unsafe", 5));
            }
        }
    }

    // Cookies (cookies.js): every cookie Secure, session cookies HttpOnly, SameSite Strict/Lax.
    let cookies: Vec<String> = headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_ascii_lowercase))
        .collect();
    let hsts = get("strict-transport-security");
    if cookies.is_empty() {
        modifiers.push(("cookies-not-found", 0));
    } else {
        let flag = |c: &String, f: &str| c.split(';').any(|p| p.trim().starts_with(f));
        let secure = cookies.iter().all(|c| flag(c, "secure") && https);
        let http_only = cookies.iter().all(|c| flag(c, "httponly"));
        let same_site = cookies
            .iter()
            .all(|c| flag(c, "samesite=strict") || flag(c, "samesite=lax"));
        let bad_same_site = cookies.iter().any(|c| {
            flag(c, "samesite=") && !flag(c, "samesite=strict") && !flag(c, "samesite=lax")
        });
        // Every cookie this site sets is a session cookie, so the session rules apply to all.
        if !secure {
            modifiers.push(if hsts.is_some() {
                (
                    "cookies-session-without-secure-flag-but-protected-by-hsts",
                    -10,
                )
            } else {
                ("cookies-session-without-secure-flag", -40)
            });
        } else if !http_only {
            modifiers.push(("cookies-session-without-httponly-flag", -30));
        } else if bad_same_site {
            modifiers.push(("cookies-samesite-flag-invalid", -20));
        } else if same_site {
            modifiers.push(("cookies-secure-with-httponly-sessions-and-samesite", 5));
        } else {
            modifiers.push(("cookies-secure-with-httponly-sessions", 0));
        }
    }

    // CORS (cors.js): credentials allowed to any origin -50.
    let credentials =
        get("access-control-allow-credentials").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    if get("access-control-allow-origin").is_some() && credentials {
        modifiers.push((
            "cross-origin-resource-sharing-implemented-with-universal-access",
            -50,
        ));
    }

    // Referrer-Policy (referrer-policy.js): the last recognised value of the list counts.
    let private = [
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
    ];
    let unsafe_ = [
        "origin",
        "origin-when-cross-origin",
        "unsafe-url",
        "no-referrer-when-downgrade",
    ];
    match get("referrer-policy") {
        None => modifiers.push(("referrer-policy-not-implemented", 0)),
        Some(value) => {
            let last = value
                .split(',')
                .map(|v| v.trim().to_ascii_lowercase())
                .rfind(|v| private.contains(&v.as_str()) || unsafe_.contains(&v.as_str()));
            modifiers.push(match last {
                Some(v) if private.contains(&v.as_str()) => ("referrer-policy-private", 5),
                Some(_) => ("referrer-policy-unsafe", -5),
                None => ("referrer-policy-header-invalid", -5),
            });
        }
    }

    // HSTS (strict-transport-security.js): at least six months (15768000 s), else -10; none -20.
    let max_age = hsts.as_deref().and_then(|v| {
        v.split(';')
            .find_map(|p| {
                p.trim()
                    .to_ascii_lowercase()
                    .strip_prefix("max-age=")
                    .map(str::to_owned)
            })
            .and_then(|n| n.trim_matches('"').parse::<u64>().ok())
    });
    modifiers.push(match (hsts.is_some(), max_age) {
        (false, _) => ("hsts-not-implemented", -20),
        (true, None) => ("hsts-header-invalid", -20),
        (true, Some(age)) if age < 15_768_000 => {
            ("hsts-implemented-max-age-less-than-six-months", -10)
        }
        (true, Some(_)) => ("hsts-implemented-max-age-at-least-six-months", 0),
    });

    // Subresource Integrity (subresource-integrity.js): scripts from elsewhere need integrity.
    if let Some(html) = html {
        let page = scraper::Html::parse_document(html);
        let selector = scraper::Selector::parse("script[src]").unwrap();
        for script in page.select(&selector) {
            let src = script.value().attr("src").unwrap_or_default();
            let external = src.starts_with("//") || src.contains("://");
            if external && script.value().attr("integrity").is_none() {
                modifiers.push(if src.starts_with("https://") {
                    (
                        "sri-not-implemented-but-external-scripts-loaded-securely",
                        -5,
                    )
                } else {
                    (
                        "sri-not-implemented-and-external-scripts-not-loaded-securely",
                        -50,
                    )
                });
            }
        }
    }

    // X-Content-Type-Options (x-content-type-options.js): nosniff, else -5.
    if !get("x-content-type-options").is_some_and(|v| v.trim().eq_ignore_ascii_case("nosniff")) {
        modifiers.push(("x-content-type-options-not-implemented", -5));
    }

    // X-Frame-Options (x-frame-options.js): +5 via CSP frame-ancestors, 0 for DENY/SAMEORIGIN.
    let frame_ancestors = csp.as_ref().and_then(|c| c.get("frame-ancestors").cloned());
    if frame_ancestors.is_some_and(|f| !f.iter().any(|s| broad.contains(&s.as_str()))) {
        modifiers.push(("x-frame-options-implemented-via-csp", 5));
    } else {
        match get("x-frame-options").map(|v| v.trim().to_ascii_uppercase()) {
            Some(v) if v == "DENY" || v == "SAMEORIGIN" => {
                modifiers.push(("x-frame-options-sameorigin-or-deny", 0))
            }
            Some(_) => modifiers.push(("x-frame-options-header-invalid", -20)),
            None => modifiers.push(("x-frame-options-not-implemented", -20)),
        }
    }

    // Cross-Origin-Resource-Policy (cross-origin-resource-policy.js): same-origin/same-site +10.
    match get("cross-origin-resource-policy").map(|v| v.trim().to_ascii_lowercase()) {
        Some(v) if v == "same-origin" || v == "same-site" => modifiers.push((
            "cross-origin-resource-policy-implemented-with-same-origin",
            10,
        )),
        Some(v) if v == "cross-origin" => modifiers.push((
            "cross-origin-resource-policy-implemented-with-cross-origin",
            0,
        )),
        Some(_) => modifiers.push(("cross-origin-resource-policy-header-invalid", -5)),
        None => modifiers.push(("cross-origin-resource-policy-not-implemented", 0)),
    }

    let penalties: i32 = modifiers.iter().map(|(_, m)| *m).filter(|m| *m < 0).sum();
    let bonuses: i32 = modifiers.iter().map(|(_, m)| *m).filter(|m| *m > 0).sum();
    let base = (100 + penalties).max(0);
    let score = if base >= 90 { base + bonuses } else { base };
    (
        score,
        modifiers
            .into_iter()
            .map(|(name, m)| format!("{name} ({m:+})"))
            .collect(),
    )
}

/// Directives of a policy, each with its sources (lower-cased, as the Observatory's parser does).
fn parse_csp(policy: &str) -> std::collections::HashMap<String, Vec<String>> {
    policy
        .split(';')
        .filter_map(|directive| {
            let mut parts = directive.split_whitespace().map(str::to_ascii_lowercase);
            let name = parts.next()?;
            Some((name, parts.collect()))
        })
        .collect()
}

#[test]
fn the_scorer_fails_a_response_without_security_headers_and_rewards_a_strict_one() {
    let bare = HeaderMap::new();
    assert_eq!(
        observatory_score(&bare, true, Some("<p>hi</p>")).0,
        100 - 25 - 20 - 5 - 20
    );
    let mut strict = HeaderMap::new();
    for (name, value) in [
        (
            "content-security-policy",
            "default-src 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
        ("strict-transport-security", "max-age=63072000"),
        ("referrer-policy", "no-referrer"),
        ("x-content-type-options", "nosniff"),
        ("cross-origin-resource-policy", "same-origin"),
        ("set-cookie", "s=1; Secure; HttpOnly; SameSite=Lax"),
    ] {
        strict.insert(name, value.parse().unwrap());
    }
    assert_eq!(observatory_score(&strict, true, None).0, 135);
    strict.insert(
        "content-security-policy",
        "script-src 'unsafe-inline'".parse().unwrap(),
    );
    strict.insert("referrer-policy", "unsafe-url".parse().unwrap());
    // 100 - 20 (unsafe inline) - 5 (referrer) - 20 (no XFO) = 55: no bonuses below 90.
    assert_eq!(observatory_score(&strict, true, None).0, 55);
}
