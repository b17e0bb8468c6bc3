//! Property tests of the parsers that had none beside their code (the domain types, the intake
//! body, the form token's never-panics and the advisor's answers have theirs in src/): the
//! configuration, the Origin rule, the dashboard's filters, the CSV cell guard, and the form
//! token's round trip. Arbitrary input never panics; accepted values round-trip.

use std::collections::HashMap;

use actix_web::http::header::{self, HeaderMap, HeaderValue};
use labminds::config::{Settings, VARIABLES};
use labminds::intake::token::FormToken;
use labminds::web::admin::export::neutralise;
use labminds::web::admin::filters::{CandidateFilterForm, MAX_PAGE};
use labminds::web::origin::{SentOrigin, own_origins, sent_origin};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_configuration_is_parsed_or_refused_naming_a_documented_variable(
        values in proptest::collection::vec(proptest::option::of(".{0,40}"), VARIABLES.len())
    ) {
        // Every variable of the operator contract, from its one table.
        let vars: HashMap<&str, String> = VARIABLES
            .iter()
            .zip(values)
            .filter_map(|(var, value)| value.map(|v| (var.name, v)))
            .collect();
        match Settings::from_lookup(|name| vars.get(name).cloned()) {
            Ok(settings) => prop_assert!(settings.database_max_connections >= 1),
            Err(error) => {
                let documented = VARIABLES.iter().any(|var| var.name == error.var);
                prop_assert!(documented, "{} is not documented", error.var);
            }
        }
    }

    #[test]
    fn a_valid_public_url_is_kept_as_its_origin(host in "[a-z]{1,20}\\.(com|org|example)", port in 1u16..) {
        let url = format!("https://{host}:{port}");
        let settings = Settings::from_lookup(|name| match name {
            "DATABASE_URL" => Some("postgres://localhost/x".to_owned()),
            "PUBLIC_URL" => Some(url.clone()),
            // Required with https (issue 18).
            "SECRET_KEY" => Some("k".repeat(32)),
            _ => None,
        });
        let settings = settings.expect("a plain https origin is accepted");
        let expected = if port == 443 { format!("https://{host}") } else { url.clone() };
        prop_assert_eq!(settings.public_origin(), expected);
    }

    #[test]
    fn any_origin_or_referer_is_own_only_when_it_is_exactly_ours(
        origin in proptest::option::of(".{0,60}"), referer in proptest::option::of(".{0,80}")
    ) {
        let own = own_origins(&url::Url::parse("https://labmindsstaffing.com").unwrap());
        let mut headers = HeaderMap::new();
        if let Some(Ok(value)) = origin.as_deref().map(HeaderValue::from_str) {
            headers.insert(header::ORIGIN, value);
        }
        if let Some(Ok(value)) = referer.as_deref().map(HeaderValue::from_str) {
            headers.insert(header::REFERER, value);
        }
        let verdict = sent_origin(&headers, &own);
        if let Some(sent) = headers.get(header::ORIGIN) {
            let exactly_ours = sent.to_str().ok() == Some("https://labmindsstaffing.com");
            prop_assert_eq!(verdict == SentOrigin::Own, exactly_ours);
        } else if headers.get(header::REFERER).is_none() {
            prop_assert_eq!(verdict, SentOrigin::Absent);
        }
    }

    #[test]
    fn any_filter_query_parses_to_bounded_values_and_pager_links_round_trip(query in ".{0,200}") {
        let Ok(form) = actix_web::web::Query::<CandidateFilterForm>::from_query(&query) else {
            return Ok(());
        };
        let filter = form.parse();
        prop_assert!((1..=MAX_PAGE).contains(&filter.page));
        if let Some(pattern) = &filter.search_pattern {
            prop_assert!(pattern.starts_with('%') && pattern.ends_with('%'));
        }
        // The pager's link for page 2 parses back to the same filter on page 2.
        let again = actix_web::web::Query::<CandidateFilterForm>::from_query(&form.with_page(2));
        let again = again.expect("our own pager link parses").parse();
        prop_assert_eq!(again.page, 2);
        prop_assert_eq!(again.search_pattern, filter.search_pattern);
        prop_assert_eq!(again.stage, filter.stage);
        prop_assert_eq!(again.sort, filter.sort);
    }

    #[test]
    fn no_csv_cell_can_start_a_formula_and_safe_cells_are_unchanged(cell in ".{0,50}") {
        let safe = neutralise(&cell);
        prop_assert!(!safe.starts_with(['=', '+', '-', '@', '\t', '\r']));
        if !cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            prop_assert_eq!(safe, cell);
        } else {
            prop_assert_eq!(safe, format!("'{cell}"));
        }
    }

    #[test]
    fn every_issued_form_token_verifies_with_its_key_only(at in 0i64..4_000_000_000, key in "[ -~]{32,64}") {
        let token = FormToken::issue(at);
        let encoded = token.encode(key.as_bytes());
        prop_assert_eq!(FormToken::verify(&encoded, key.as_bytes()), Ok(token));
        let other = format!("{key}x");
        prop_assert!(FormToken::verify(&encoded, other.as_bytes()).is_err());
    }
}
