//! `/admin/reports` (issue 15, item 6) over real HTTP: every report's numbers equal counts worked
//! out here from the rows the test stored (not by the report's SQL), the CSV of each report is its
//! table, cells a spreadsheet would run are neutralised, the charts carry their accessible name,
//! and hostile filter values get messages beside their fields, never a 500.

use std::collections::BTreeMap;

use scraper::{Html, Selector};
use time::{Duration, OffsetDateTime};

use super::*;
use crate::support::applications;

const FORMULA: &str = "=cmd|' /C calc'!A0";
const SCRIPT: &str = "<script>alert(1)</script>";

#[derive(Clone, Copy, PartialEq)]
enum Who {
    Nobody,
    Ana,
    Bo,
}

/// One stored application and what happens to its candidate.
struct Case {
    education: &'static str,
    states: &'static [&'static str],
    any_state: bool,
    source: Option<&'static str>,
    campaign: Option<&'static str>,
    age_days: i32,
    owner: Who,
    /// Stage changes made on the dashboard, in order (none: still new).
    path: &'static [&'static str],
    /// Another application of the case at this index (no owner or stage of its own).
    again_of: Option<usize>,
}

const fn case(
    education: &'static str,
    states: &'static [&'static str],
    source: Option<&'static str>,
    campaign: Option<&'static str>,
    age_days: i32,
    owner: Who,
    path: &'static [&'static str],
) -> Case {
    Case {
        education,
        states,
        any_state: states.is_empty(),
        source,
        campaign,
        age_days,
        owner,
        path,
        again_of: None,
    }
}

fn cases() -> Vec<Case> {
    vec![
        case(
            "PH",
            &["CA"],
            Some("facebook_group"),
            Some("spring"),
            3,
            Who::Ana,
            &[],
        ),
        case(
            "PH",
            &["CA", "NY"],
            Some("facebook_group"),
            None,
            10,
            Who::Ana,
            &["contacted"],
        ),
        case(
            "NG",
            &["TX"],
            Some("linkedin"),
            Some("spring"),
            10,
            Who::Bo,
            &["contacted", "screening", "placed"],
        ),
        case(
            "IN",
            &[],
            Some("referral"),
            None,
            40,
            Who::Bo,
            &["contacted", "rejected"],
        ),
        case(
            "IN",
            &["NY"],
            None,
            Some(FORMULA),
            70,
            Who::Nobody,
            &["contacted"],
        ),
        case(
            "KE",
            &["FL"],
            Some("webinar"),
            Some(SCRIPT),
            100,
            Who::Bo,
            &["screening", "credentialing", "placed"],
        ),
        // Before the default 26 weeks: in no report but the stage times (its stays end today).
        case(
            "PH",
            &["CA"],
            Some("search"),
            None,
            400,
            Who::Ana,
            &["placed"],
        ),
        Case {
            again_of: Some(2),
            ..case("PH", &["WA"], Some("other"), None, 1, Who::Nobody, &[])
        },
    ]
}

const IN_RANGE_DAYS: i32 = 26 * 7;

struct Stored {
    candidate_id: uuid::Uuid,
}

async fn store_cases(app: &TestApp, ana: uuid::Uuid, bo: uuid::Uuid) -> Vec<Stored> {
    let mut stored: Vec<Stored> = Vec::new();
    for c in &cases() {
        let earlier = c.again_of.map(|j| stored[j].candidate_id);
        let row = applications::store(&app.pool, earlier, |row| {
            row.country_of_education = c.education;
            row.target_states = c.states.iter().map(|s| s.to_string()).collect();
            row.open_to_any_state = c.any_state;
            row.heard_about = c.source;
            row.utm[2] = c.campaign;
        })
        .await;
        applications::backdate(&app.pool, &row, c.age_days, earlier.is_none()).await;
        let path = format!("/admin/candidates/{}", row.candidate_id);
        let owner = match c.owner {
            Who::Nobody => None,
            Who::Ana => Some(ana.to_string()),
            Who::Bo => Some(bo.to_string()),
        };
        if let Some(owner) = owner {
            let r = post_admin(app, &format!("{path}/owner"), &[("owner", &owner)]).await;
            assert_eq!(r.status(), 303);
        }
        for stage in c.path {
            let r = post_admin(app, &format!("{path}/stage"), &[("stage", stage)]).await;
            assert_eq!(r.status(), 303, "{stage}");
        }
        stored.push(Stored {
            candidate_id: row.candidate_id,
        });
    }
    stored
}

/// The candidate's owner and current stage: those of the case that made the candidate.
fn owner_and_stage(all: &[Case], i: usize) -> (Who, &'static str) {
    let first = all[i].again_of.unwrap_or(i);
    let c = &all[first];
    (c.owner, c.path.last().copied().unwrap_or("new"))
}

/// A report's table: each row's cells (the row header first).
fn table(page: &Html, slug: &str) -> Vec<Vec<String>> {
    let rows = Selector::parse(&format!("#{slug}-table tbody tr")).unwrap();
    let cells = Selector::parse("th, td").unwrap();
    page.select(&rows)
        .map(|tr| {
            tr.select(&cells)
                .map(|c| c.text().collect::<String>().trim().to_owned())
                .collect()
        })
        .collect()
}

fn header(page: &Html, slug: &str) -> Vec<String> {
    crate::helpers::texts(page, &format!("#{slug}-table thead th"))
}

/// Label → (applications, of placed candidates) worked out from the cases.
fn expected_breakdown(
    keys: impl Fn(&Case) -> Vec<String>,
    owner: Option<Who>,
) -> BTreeMap<String, (i64, i64)> {
    let all = cases();
    let mut out: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for (i, c) in all.iter().enumerate() {
        let (who, stage) = owner_and_stage(&all, i);
        if c.age_days >= IN_RANGE_DAYS || owner.is_some_and(|o| o != who) {
            continue;
        }
        for key in keys(c) {
            let entry = out.entry(key).or_default();
            entry.0 += 1;
            entry.1 += i64::from(stage == "placed");
        }
    }
    out
}

fn as_breakdown(rows: &[Vec<String>]) -> BTreeMap<String, (i64, i64)> {
    rows.iter()
        .map(|r| (r[0].clone(), (r[1].parse().unwrap(), r[2].parse().unwrap())))
        .collect()
}

/// The names the dashboard shows for the codes these cases use.
fn name_of(code: &str) -> &'static str {
    match code {
        "PH" => "Philippines",
        "NG" => "Nigeria",
        "IN" => "India",
        "KE" => "Kenya",
        "CA" => "California",
        "NY" => "New York",
        "TX" => "Texas",
        "FL" => "Florida",
        "WA" => "Washington",
        _ => panic!("no name for {code} in this test"),
    }
}

fn source_label(source: Option<&str>) -> String {
    match source {
        None => "Not given".to_owned(),
        Some(v) => labminds::domain::choices::HeardAbout::OPTIONS
            .iter()
            .find(|(value, _)| *value == v)
            .unwrap()
            .1
            .to_owned(),
    }
}

#[tokio::test]
async fn every_report_equals_counts_worked_out_from_the_stored_rows() {
    let (app, ana) = signed_in_app().await;
    let bo = add_recruiter(&app, "bo@labmindsstaffing.com").await;
    store_cases(&app, ana, bo).await;
    let all = cases();

    let (status, page) = app.get_html("/admin/reports").await;
    assert_eq!(status, 200);

    // Applications per week: 26 Mondays, zero weeks listed, each application in its week.
    let weekly = table(&page, "applications-per-week");
    assert_eq!(weekly.len(), 26);
    let today = OffsetDateTime::now_utc().date();
    let mut per_week: BTreeMap<String, i64> = BTreeMap::new();
    for c in all.iter().filter(|c| c.age_days < IN_RANGE_DAYS) {
        let day = today - Duration::days(i64::from(c.age_days));
        let monday = day - Duration::days(i64::from(day.weekday().number_days_from_monday()));
        *per_week.entry(monday.to_string()).or_default() += 1;
    }
    for row in &weekly {
        let want = per_week.get(&row[0]).copied().unwrap_or(0);
        assert_eq!(row[1], want.to_string(), "week of {}", row[0]);
    }
    let total: i64 = weekly.iter().map(|r| r[1].parse::<i64>().unwrap()).sum();
    assert_eq!(total, 7);
    assert!(
        weekly.iter().filter(|r| r[1] == "0").count() >= 20,
        "zero weeks are shown"
    );

    // The funnel: candidates (not applications) of the range by current stage.
    let funnel = table(&page, "funnel");
    let mut now: BTreeMap<&str, i64> = BTreeMap::new();
    for (i, c) in all.iter().enumerate() {
        if c.again_of.is_none() && c.age_days < IN_RANGE_DAYS {
            *now.entry(owner_and_stage(&all, i).1).or_default() += 1;
        }
    }
    let row_of = |label: &str| funnel.iter().find(|r| r[0] == label).unwrap().clone();
    assert_eq!(row_of("New")[1..], ["1", "6"]);
    assert_eq!(row_of("Contacted")[1..], ["2", "4"]);
    assert_eq!(row_of("Screening")[1..], ["0", "2"]);
    assert_eq!(row_of("Placed")[1..], ["2", "2"]);
    assert_eq!(row_of("Rejected")[1..], ["1", ""]);
    assert_eq!(now["placed"], 2);
    let listed: i64 = funnel.iter().map(|r| r[1].parse::<i64>().unwrap()).sum();
    assert_eq!(listed, now.values().sum::<i64>());
    assert_eq!(funnel.len(), labminds::domain::stage::STAGES.len());

    // Breakdowns by source, campaign, country of education and target state.
    let by_source = expected_breakdown(|c| vec![source_label(c.source)], None);
    assert_eq!(as_breakdown(&table(&page, "sources")), by_source);
    let by_campaign = expected_breakdown(
        |c| vec![c.campaign.unwrap_or("No campaign").to_owned()],
        None,
    );
    assert_eq!(as_breakdown(&table(&page, "campaigns")), by_campaign);
    let by_country = expected_breakdown(|c| vec![name_of(c.education).to_owned()], None);
    assert_eq!(
        as_breakdown(&table(&page, "countries-of-education")),
        by_country
    );
    let by_state = expected_breakdown(
        |c| {
            let mut keys: Vec<String> = c.states.iter().map(|s| name_of(s).to_owned()).collect();
            if c.any_state {
                keys.push("Open to any state".to_owned());
            }
            keys
        },
        None,
    );
    assert_eq!(as_breakdown(&table(&page, "target-states")), by_state);
    assert_eq!(
        by_country["Philippines"],
        (3, 1),
        "the placed candidate's second application"
    );

    // Median days per stage, over the stays that ended in the range (all of them today): the
    // `new` stays last as long as each moved candidate's age; the later ones a few seconds.
    let days = table(&page, "days-in-stage");
    let mut new_stays: Vec<f64> = all
        .iter()
        .filter(|c| c.again_of.is_none() && !c.path.is_empty())
        .map(|c| f64::from(c.age_days))
        .collect();
    new_stays.sort_by(f64::total_cmp);
    let n = new_stays.len();
    let median = (new_stays[(n - 1) / 2] + new_stays[n / 2]) / 2.0;
    let new_row = days.iter().find(|r| r[0] == "New").unwrap();
    assert!(
        (new_row[1].parse::<f64>().unwrap() - median).abs() < 0.11,
        "{new_row:?} vs {median}"
    );
    assert_eq!(new_row[2], n.to_string());
    let contacted = days.iter().find(|r| r[0] == "Contacted").unwrap();
    assert_eq!(contacted[1..], ["0.0", "2"]);

    // Each chart is one image with its title and description, a bar per row.
    for slug in [
        "applications-per-week",
        "funnel",
        "sources",
        "days-in-stage",
    ] {
        let labelled = attrs(&page, &format!("#{slug} svg[role=img]"), "aria-labelledby");
        assert_eq!(labelled, [format!("{slug}-svg-title {slug}-svg-desc")]);
        let title = crate::helpers::texts(&page, &format!("#{slug}-svg-title"));
        assert_eq!(title.len(), 1);
        assert!(!crate::helpers::texts(&page, &format!("#{slug}-svg-desc"))[0].is_empty());
        let bars = page
            .select(&Selector::parse(&format!("#{slug} rect.bar")).unwrap())
            .count();
        assert_eq!(bars, table(&page, slug).len(), "{slug}");
    }
}

#[tokio::test]
async fn the_owner_filter_keeps_that_owners_candidates_and_each_csv_is_its_table() {
    let (app, ana) = signed_in_app().await;
    let bo = add_recruiter(&app, "bo@labmindsstaffing.com").await;
    store_cases(&app, ana, bo).await;

    let query = format!("owner={bo}");
    let (status, page) = app.get_html(&format!("/admin/reports?{query}")).await;
    assert_eq!(status, 200);
    let by_source = expected_breakdown(|c| vec![source_label(c.source)], Some(Who::Bo));
    assert_eq!(as_breakdown(&table(&page, "sources")), by_source);
    let weekly: i64 = table(&page, "applications-per-week")
        .iter()
        .map(|r| r[1].parse::<i64>().unwrap())
        .sum();
    // Bo owns cases 3, 4 and 6, and the second application of case 3.
    assert_eq!(weekly, 4);
    let funnel = table(&page, "funnel");
    assert_eq!(
        funnel.iter().find(|r| r[0] == "New").unwrap()[1..],
        ["0", "3"]
    );

    for slug in [
        "applications-per-week",
        "funnel",
        "sources",
        "campaigns",
        "countries-of-education",
        "target-states",
        "days-in-stage",
    ] {
        let links = attrs(&page, &format!("#{slug} a[download]"), "href");
        assert_eq!(links, [format!("/admin/reports/{slug}.csv?{query}")]);
        let response = app.get(&links[0]).await;
        assert_eq!(response.status(), 200, "{slug}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        assert_eq!(response.headers()["cache-control"], "no-store");
        let body = response.bytes().await.unwrap();
        let mut reader = csv::Reader::from_reader(body.as_ref());
        let head: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(head, header(&page, slug), "{slug}");
        let records: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        let shown: Vec<Vec<String>> = table(&page, slug)
            .into_iter()
            .filter(|r| r.len() == head.len())
            .collect();
        assert_eq!(records, shown, "{slug}");
    }
}

#[tokio::test]
async fn campaign_names_are_escaped_on_the_page_and_neutralised_in_the_csv() {
    let (app, ana) = signed_in_app().await;
    let bo = add_recruiter(&app, "bo@labmindsstaffing.com").await;
    store_cases(&app, ana, bo).await;

    let response = app.get("/admin/reports").await;
    let body = response.text().await.unwrap();
    assert!(!body.contains(SCRIPT), "escaped in the table and the chart");
    let page = Html::parse_document(&body);
    let campaigns: Vec<String> = table(&page, "campaigns")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert!(campaigns.contains(&SCRIPT.to_owned()) && campaigns.contains(&FORMULA.to_owned()));
    let labels = crate::helpers::texts(&page, "#campaigns svg text.label");
    assert!(labels.contains(&SCRIPT.to_owned()), "{labels:?}");

    let csv = app
        .get("/admin/reports/campaigns.csv")
        .await
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let first: Vec<String> = reader.records().map(|r| r.unwrap()[0].to_owned()).collect();
    assert!(first.contains(&format!("'{FORMULA}")), "{first:?}");
    assert!(!first.contains(&FORMULA.to_owned()));
}

#[tokio::test]
async fn hostile_filter_values_get_messages_beside_their_fields_and_never_a_500() {
    let (app, _) = signed_in_app().await;
    seed_candidate(&app, &Seed::default()).await;

    let long = "9".repeat(10_000);
    let hostile = [
        "from=%3Cscript%3E&to=2026-02-30&owner=%27%20or%201%3D1%20--".to_owned(),
        "from=2026-12-01&to=2026-01-01".to_owned(),
        format!("from={long}&owner={}", uuid::Uuid::new_v4()),
        "from=%FF%FE&to=0000-01-01&from=2026-01-01".to_owned(),
        "from=1999-01-01".to_owned(),
    ];
    for query in &hostile {
        for path in ["/admin/reports", "/admin/reports/funnel.csv"] {
            let response = app.get(&format!("{path}?{query}")).await;
            assert_eq!(response.status(), 422, "{path}?{query}");
            let body = response.text().await.unwrap();
            assert!(!body.contains("<script>"), "escaped");
            let page = Html::parse_document(&body);
            let messages = crate::helpers::texts(&page, ".field-error");
            assert!(!messages.is_empty(), "{query}");
            assert!(
                crate::helpers::texts(&page, "table.report-table").is_empty(),
                "no numbers"
            );
        }
    }
    let (_, page) = app
        .get_html(&format!("/admin/reports?{}", hostile[0]))
        .await;
    assert_eq!(
        attrs(&page, "#r-from", "aria-describedby"),
        ["r-from-error"]
    );
    assert_eq!(attrs(&page, "#r-from", "value"), ["<script>"]);
    assert_eq!(
        attrs(&page, "#r-owner", "aria-describedby"),
        ["r-owner-error"]
    );
    assert!(crate::helpers::texts(&page, "#r-to-error")[0].contains("date"));

    // Harmless oddities are fine: unknown names, empty values, surrounding spaces.
    let response = app
        .get("/admin/reports?junk=1&owner=&from=%202026-06-01%20")
        .await;
    assert_eq!(response.status(), 200);
    for path in [
        "/admin/reports/no-such.csv",
        "/admin/reports/funnel",
        "/admin/reports/..%2Fetc",
    ] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn reports_are_refused_without_a_session() {
    let app = crate::helpers::spawn_app().await;
    for path in ["/admin/reports", "/admin/reports/funnel.csv?owner=x"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 303, "{path}");
        assert_eq!(response.headers()["location"], "/admin/login");
    }
}
