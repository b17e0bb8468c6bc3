//! Crawls every page reachable from `/` and fails on any internal link that does not answer 200.

use std::collections::{BTreeSet, VecDeque};

use crate::helpers::{attrs, spawn_app};

#[tokio::test]
async fn every_internal_link_reachable_from_home_answers_200() {
    let app = spawn_app().await;
    let mut seen: BTreeSet<String> = BTreeSet::from(["/".to_owned()]);
    let mut queue = VecDeque::from(["/".to_owned()]);
    let mut broken = Vec::new();
    while let Some(path) = queue.pop_front() {
        let response = app.get(&path).await;
        if response.status() != 200 {
            broken.push(format!("{path} -> {}", response.status()));
            continue;
        }
        let is_html = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html");
        if !is_html {
            continue;
        }
        let html = scraper::Html::parse_document(&response.text().await.unwrap());
        let links = [
            ("a[href]", "href"),
            ("link[href]", "href"),
            ("img[src]", "src"),
            ("script[src]", "src"),
        ]
        .iter()
        .flat_map(|(selector, attr)| attrs(&html, selector, attr));
        for link in links {
            // Internal links only: absolute paths, without their fragment.
            if !link.starts_with('/') || link.starts_with("//") {
                continue;
            }
            let link = link.split('#').next().unwrap_or_default().to_owned();
            if !link.is_empty() && seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
        assert!(seen.len() < 2000, "the crawl is running away");
    }
    assert!(broken.is_empty(), "broken internal links: {broken:#?}");
    assert!(
        seen.len() >= 5,
        "the crawl should find the site's pages, found {seen:?}"
    );
}
