//! The guide over HTTP: every page of the registry (state pages included) renders with the parts a
//! reader relies on, and the sitemap and robots.txt describe the same set of pages.

use std::collections::BTreeSet;

use labminds::guide::{self, all_guide_paths, facts};
use time::macros::format_description;

use crate::helpers::{attrs, spawn_app, spawn_app_with, texts};

/// The `PUBLIC_URL` origin `spawn_app` configures.
const ORIGIN: &str = "http://localhost:8080";

/// Articles list sources; the about and privacy pages do not.
fn is_article(path: &str) -> bool {
    guide::PAGES
        .iter()
        .find(|p| p.path == path)
        .is_none_or(|p| p.is_article)
}

/// Headings never skip a level going down (h1 → h3 without an h2).
fn assert_headings_in_order(html: &scraper::Html, path: &str) {
    let selector = scraper::Selector::parse("h1, h2, h3, h4, h5, h6").unwrap();
    let mut previous = 0;
    for heading in html.select(&selector) {
        let level: u32 = heading.value().name()[1..].parse().unwrap();
        assert!(
            level <= previous + 1,
            "{path}: <h{level}> follows <h{previous}>"
        );
        previous = level;
    }
}

/// Every table has a caption and every header cell a scope.
fn assert_tables_accessible(html: &scraper::Html, path: &str) {
    let tables = texts(html, "main table").len();
    assert_eq!(
        texts(html, "main table > caption").len(),
        tables,
        "{path}: a caption per table"
    );
    let headers = texts(html, "main th").len();
    assert_eq!(
        attrs(html, "main th", "scope").len(),
        headers,
        "{path}: th without scope"
    );
    assert_eq!(
        texts(html, "main .table-scroll > table").len(),
        tables,
        "{path}: tables scroll in their own box on small screens"
    );
}

#[tokio::test]
async fn every_guide_page_has_one_h1_a_unique_title_a_description_sources_and_a_review_date() {
    let app = spawn_app().await;
    let paths = all_guide_paths();
    assert!(paths.len() >= 20, "fixed pages plus state pages: {paths:?}");
    let mut titles = BTreeSet::new();
    for path in &paths {
        let (status, html) = app.get_html(path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(texts(&html, "h1").len(), 1, "{path}: exactly one h1");

        let title = texts(&html, "head > title").join("");
        assert!(!title.is_empty(), "{path}: empty title");
        assert!(
            titles.insert(title.clone()),
            "{path}: title {title:?} used twice"
        );
        let description = attrs(&html, "meta[name=description]", "content");
        assert!(
            description.len() == 1 && description[0].len() > 40,
            "{path}: description"
        );
        assert_eq!(
            attrs(&html, "link[rel=canonical]", "href"),
            vec![format!("{ORIGIN}{path}")]
        );

        let reviewed = attrs(&html, "main .last-reviewed time", "datetime");
        assert_eq!(reviewed.len(), 1, "{path}: one last-reviewed date");
        assert!(
            time::Date::parse(&reviewed[0], format_description!("[year]-[month]-[day]")).is_ok(),
            "{path}: bad date {:?}",
            reviewed[0]
        );
        assert!(texts(&html, "main .last-reviewed")[0].starts_with("Last reviewed"));
        assert!(
            !texts(&html, "main .summary").is_empty(),
            "{path}: summary box at the top"
        );

        if is_article(path) {
            assert_eq!(
                texts(&html, "section.sources > h2"),
                vec!["Sources"],
                "{path}"
            );
            let links = attrs(&html, "section.sources a", "href");
            assert!(
                links.iter().any(|l| l.starts_with("https://")),
                "{path}: no https source"
            );
            assert!(
                links.iter().all(|l| l.starts_with("https://")),
                "{path}: {links:?}"
            );
        }
        assert_headings_in_order(&html, path);
        assert_tables_accessible(&html, path);
        assert!(
            attrs(&html, "[style]", "style").is_empty(),
            "{path}: no inline styles (CSP)"
        );
    }
}

#[tokio::test]
async fn state_pages_exist_for_every_licensure_state_and_unknown_states_are_404() {
    let app = spawn_app().await;
    for slug in [
        "california",
        "new-york",
        "puerto-rico",
        "georgia",
        "rhode-island",
    ] {
        let (status, html) = app.get_html(&format!("/licensure/{slug}")).await;
        assert_eq!(status, 200, "{slug}");
        assert!(texts(&html, "h1")[0].contains(&facts().state(slug).unwrap().name));
    }
    for missing in [
        "/licensure/atlantis",
        "/licensure/California",
        "/licensure/texas",
    ] {
        assert_eq!(app.get(missing).await.status(), 404, "{missing}");
    }
    // The overview links every state page.
    let (_, html) = app.get_html("/licensure").await;
    let links = attrs(&html, "main a", "href");
    for state in &facts().states {
        assert!(
            links.contains(&state.path()),
            "/licensure does not link {}",
            state.path()
        );
    }
}

#[tokio::test]
async fn sitemap_lists_every_guide_page_with_its_review_date_plus_home_and_apply() {
    let app = spawn_app().await;
    let response = app.get("/sitemap.xml").await;
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("application/xml"),
        "{content_type}"
    );
    let xml = scraper::Html::parse_document(&response.text().await.unwrap());
    let url = scraper::Selector::parse("url").unwrap();
    let loc = scraper::Selector::parse("loc").unwrap();
    let lastmod = scraper::Selector::parse("lastmod").unwrap();
    let mut listed = std::collections::BTreeMap::new();
    for entry in xml.select(&url) {
        let location: String = entry.select(&loc).flat_map(|e| e.text()).collect();
        let date: Option<String> = entry.select(&lastmod).next().map(|e| e.text().collect());
        assert!(
            listed.insert(location.clone(), date).is_none(),
            "{location} listed twice"
        );
    }
    for path in all_guide_paths() {
        let date = listed.get(&format!("{ORIGIN}{path}"));
        let date = date.unwrap_or_else(|| panic!("{path} missing from the sitemap"));
        assert!(
            date.as_deref().is_some_and(|d| d.len() == 10),
            "{path}: lastmod {date:?}"
        );
    }
    assert!(listed.contains_key(&format!("{ORIGIN}/")));
    assert!(listed.contains_key(&format!("{ORIGIN}/apply")));
    assert!(listed.contains_key(&format!("{ORIGIN}/trust")));
    let ca = &listed[&format!("{ORIGIN}/licensure/california")];
    assert_eq!(
        ca.as_deref(),
        Some(facts().state("california").unwrap().reviewed.iso().as_str())
    );
}

#[tokio::test]
async fn robots_txt_allows_all_but_admin_and_points_to_the_sitemap() {
    let app = spawn_app().await;
    let response = app.get("/robots.txt").await;
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    let lines: Vec<&str> = body.lines().map(str::trim).collect();
    assert!(lines.contains(&"User-agent: *"));
    assert!(lines.contains(&"Disallow: /admin"));
    assert!(
        lines.contains(&format!("Sitemap: {ORIGIN}/sitemap.xml").as_str()),
        "{body}"
    );
    assert_eq!(
        app.get("/sitemap.xml").await.status(),
        200,
        "the sitemap it names exists"
    );
}

#[tokio::test]
async fn faq_carries_faqpage_structured_data_matching_its_questions() {
    let app = spawn_app().await;
    let (status, html) = app.get_html("/faq").await;
    assert_eq!(status, 200);
    let scripts = texts(&html, r#"script[type="application/ld+json"]"#);
    assert_eq!(scripts.len(), 1);
    let data: serde_json::Value = serde_json::from_str(&scripts[0]).expect("valid JSON-LD");
    assert_eq!(data["@type"], "FAQPage");
    let questions: Vec<String> = data["mainEntity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap().to_owned())
        .collect();
    let headings = texts(&html, "main section.faq-item > h2");
    assert_eq!(
        questions, headings,
        "the structured data and the page ask the same questions"
    );
}

#[tokio::test]
async fn privacy_notice_states_the_retention_period_the_purge_applies_and_the_contact_address() {
    // The notice must say what the purge really does: the operator's RETENTION_MONTHS.
    let app = spawn_app_with(&[("RETENTION_MONTHS", "18")]).await;
    let (status, html) = app.get_html("/privacy").await;
    assert_eq!(status, 200);
    let summary = texts(&html, "main .summary").join(" ");
    assert!(
        summary.contains("18 months after you last applied"),
        "{summary}"
    );
    assert!(
        attrs(&html, "main a", "href").contains(&"mailto:support@labmindsstaffing.com".to_owned())
    );
    assert!(
        texts(&html, "main")
            .join(" ")
            .contains(guide::PRIVACY_POLICY_VERSION)
    );
}

#[tokio::test]
async fn privacy_notice_names_each_regulator_with_its_official_page_and_our_deadline() {
    // Issue 13, item 6: how to complain in each country we recruit from, and by when we answer.
    let app = spawn_app().await;
    let (status, html) = app.get_html("/privacy").await;
    assert_eq!(status, 200);
    let regulators = texts(&html, "main dl.regulators dt").join(" | ");
    for name in [
        "National Privacy Commission",
        "Nigeria Data Protection Commission",
        "Data Protection Board of India",
        "data protection authority",
        "Information Commissioner's Office",
    ] {
        assert!(regulators.contains(name), "{name} missing: {regulators}");
    }
    let links = attrs(&html, "main dl.regulators a", "href");
    for official in [
        "https://privacy.gov.ph/file-a-complaint-2/",
        "https://ndpc.gov.ng/",
        "https://www.meity.gov.in/data-protection-framework",
        "https://www.edpb.europa.eu/about-edpb/about-edpb/members_en",
        "https://ico.org.uk/make-a-complaint/data-protection-complaints/",
    ] {
        assert!(
            links.contains(&official.to_owned()),
            "{official}: {links:?}"
        );
    }
    let text = texts(&html, "main").join(" ");
    assert!(text.contains("within 30 days of receiving it"), "{text}");
    assert!(text.contains("Article 12(3)") && text.contains("15 calendar days"));
    // What we could not confirm from the official text says so.
    assert!(text.contains("we have not confirmed"), "{text}");
}

#[tokio::test]
async fn pages_do_not_repeat_the_old_blog_posts_errors() {
    let app = spawn_app().await;
    for path in [
        "/why-the-us",
        "/visas",
        "/certification",
        "/faq",
        "/licensure",
    ] {
        let (_, html) = app.get_html(path).await;
        let text = texts(&html, "main").join(" ");
        assert!(
            !text.contains("98,700"),
            "{path}: unsourced shortage figure"
        );
        assert!(!text.contains("under NAFTA"), "{path}: TN is under USMCA");
    }
    let (_, html) = app.get_html("/visas").await;
    let text = texts(&html, "main").join(" ");
    for must in [
        "85,000",
        "$100,000",
        "USMCA",
        "not on Schedule A",
        "not legal advice",
    ] {
        assert!(text.contains(must), "/visas should say {must:?}");
    }
}

#[tokio::test]
async fn the_visas_page_lists_the_2026_restrictions_the_payment_s_sunset_and_no_route_for_anyone() {
    let app = spawn_app().await;
    let (status, html) = app.get_html("/visas").await;
    assert_eq!(status, 200);
    let text = texts(&html, "main").join(" ");
    let f = facts();
    // Every country of every list, by the names the advisor's country list uses.
    for list in [
        &f.restrictions.travel_ban.full,
        &f.restrictions.travel_ban.partial,
        &f.restrictions.travel_ban.immigrant_only,
        &f.restrictions.iv_pause.countries,
    ] {
        for name in list.names() {
            assert!(text.contains(name), "/visas should name {name}");
        }
    }
    for must in [
        "Full suspension (19)",
        "Partial suspension (19)",
        "Countries under the pause (75)",
        "Palestinian Authority",
        "Turkmenistan",
        "Kosovo",
        "Lists checked on 1 December 2026",
        "21 September 2026",
        "we could not confirm whether it was extended",
        "pay.gov",
        "Chamber of Commerce v. DHS",
        "Do not travel until the petition is approved",
        "affiliation agreement",
        "fundamental activity",
        "FY2028",
        "country of birth",
        "1 August 2023",
    ] {
        assert!(text.contains(must), "/visas should say {must:?}");
    }
    let links = attrs(&html, "main a", "href");
    for href in [
        "https://travel.state.gov/content/travel/en/us-visas.html",
        "https://travel.state.gov/content/travel/en/legal/visa-law0/visa-bulletin.html",
        "/costs",
    ] {
        assert!(links.iter().any(|l| l == href), "/visas links {href}");
    }
    let table = texts(&html, "main table td").join(" ");
    assert!(!table.contains("Anyone"), "the route table: {table}");
    let sources = texts(&html, "section.sources li").join(" ");
    for firm in [
        "Shipman & Goodwin",
        "Fredrikson",
        "Potomac Law",
        "Bernstein Shur",
    ] {
        assert!(sources.contains(firm), "sources name {firm}");
    }
}

#[tokio::test]
async fn the_costs_page_shows_each_step_with_who_pays_dated_and_sourced() {
    let app = spawn_app().await;
    let (status, html) = app.get_html("/costs").await;
    assert_eq!(status, 200);
    assert_eq!(
        texts(&html, "main table caption"),
        ["Paid by: You (the candidate)", "Paid by: The employer"]
    );
    let f = facts();
    let rows = texts(&html, "main table tbody th").join(" | ");
    for c in &f.costs {
        assert!(rows.contains(&c.step), "/costs lists {}", c.step);
    }
    let text = texts(&html, "main").join(" ");
    for must in [
        "$95 to $545",
        "Not retrieved",
        "as of",
        "About 16 to 17 months",
        "about 3 years behind",
        "about 12 years behind",
        "150 days",
        "not promises",
    ] {
        assert!(text.contains(must), "/costs should say {must:?}");
    }
    let sources = attrs(&html, "section.sources a", "href");
    assert!(sources.len() >= 10 && sources.iter().all(|s| s.starts_with("https://")));
    // In the guide menu and the sitemap like every guide page.
    assert!(attrs(&html, ".guide-menu a", "href").contains(&"/costs".to_owned()));
}

#[tokio::test]
async fn the_jobs_page_takes_its_year_and_edition_from_the_data() {
    let app = spawn_app().await;
    let (_, html) = app.get_html("/why-the-us").await;
    let table = texts(&html, "main table").join(" ");
    let f = facts();
    assert!(table.contains(&format!("Jobs in {}", f.bls.employment_year)));
    assert!(table.contains(&f.bls.employment.grouped()));
    assert!(table.contains(&format!("{}%", f.bls.growth_percent.value)));
    assert!(!table.contains("Jobs in 2022") && !table.contains("faster than average,"));
    assert!(table.contains("(older edition)"));
}

#[tokio::test]
async fn faq_answers_match_their_structured_data_and_carry_the_corrections() {
    let app = spawn_app().await;
    let (_, html) = app.get_html("/faq").await;
    let scripts = texts(&html, r#"script[type="application/ld+json"]"#);
    let data: serde_json::Value = serde_json::from_str(&scripts[0]).unwrap();
    let answers: Vec<String> = data["mainEntity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["acceptedAnswer"]["text"].as_str().unwrap().to_owned())
        .collect();
    let page = texts(&html, "main section.faq-item").join(" ");
    for answer in &answers {
        assert!(page.contains(answer.as_str()), "the page shows {answer:?}");
    }
    let all = answers.join(" ");
    for must in [
        "21 September 2026",
        "we could not confirm whether it was extended",
        "country of birth",
        "Does my nationality matter?",
    ] {
        assert!(
            all.contains(must) || texts(&html, "main h2").join(" ").contains(must),
            "the FAQ should say {must:?}"
        );
    }
}
