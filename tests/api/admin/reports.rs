//! `/admin/reports` (issue 15, item 6) over real HTTP: every report's numbers equal counts worked
//! out here from the rows the test stored (not by the report's SQL), once the figures are rebuilt
//! (`report-figures`, the job `serve` runs every 10 minutes) and not before; the CSV of each
//! report is its table, cells a spreadsheet would run are neutralised, the charts carry their
//! accessible name, and hostile filter values get messages beside their fields, never a 500.

use std::collections::BTreeMap;

use labminds::jobs::{Job, RunFor, RunOutcome, run_for};
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

/// Rebuilds the reports' figures as the scheduler does (the job, under its lock), and says how
/// the run ended.
pub async fn rebuild_figures(app: &TestApp) -> RunOutcome {
    let settings = crate::helpers::test_settings(&app.db, &app.mail_dir, &[]);
    let now = OffsetDateTime::now_utc();
    let job = Job::ReportFigures;
    run_for(
        &app.pool,
        &settings,
        job,
        RunFor::Tick(now),
        &job.run_key(now),
    )
    .await
    .expect("the figures are rebuilt")
}

/// `rebuild_figures`, which must have done the work (nothing else holds the lock).
pub async fn rebuilt(app: &TestApp) {
    assert!(matches!(rebuild_figures(app).await, RunOutcome::Done(_)));
}

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
    rebuilt(&app).await;
    let all = cases();

    let (status, page) = app.get_html("/admin/reports").await;
    assert_eq!(status, 200);
    let about = crate::helpers::texts(&page, "#report-range");
    assert!(
        about[0].contains("Figures as of ")
            && about[0].contains(" UTC (refreshed every 10 minutes)")
            && about[0].contains("first application was in the range"),
        "{about:?}"
    );

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

    // Median days per stage, over the stays that ended in the range (all of them today), in
    // whole days: the `new` stays last each moved candidate's age and a few seconds; the later
    // ones a few seconds (0 days). Of an even number of stays, the shorter middle one.
    let days = table(&page, "days-in-stage");
    let mut new_stays: Vec<i32> = all
        .iter()
        .filter(|c| c.again_of.is_none() && !c.path.is_empty())
        .map(|c| c.age_days)
        .collect();
    new_stays.sort_unstable();
    let n = new_stays.len();
    let median = new_stays[(n - 1) / 2];
    let new_row = days.iter().find(|r| r[0] == "New").unwrap();
    assert_eq!(new_row[1..], [median.to_string(), n.to_string()]);
    let contacted = days.iter().find(|r| r[0] == "Contacted").unwrap();
    assert_eq!(contacted[1..], ["0", "2"]);
    let desc = crate::helpers::texts(&page, "#days-in-stage-svg-desc");
    assert!(desc[0].contains("whole days"), "{desc:?}");

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
    rebuilt(&app).await;

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
    rebuilt(&app).await;

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
    // Before the first rebuild of the figures, and after it: the filter is judged the same.
    for round in ["before", "after"] {
        if round == "after" {
            rebuilt(&app).await;
        }
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

/// The numbers of the page as the tests below read them: applications in the 26 weeks, candidates
/// placed now in the funnel, and applications of placed candidates by source.
async fn headline(app: &TestApp, query: &str) -> (i64, String, i64) {
    let (status, page) = app.get_html(&format!("/admin/reports?{query}")).await;
    assert_eq!(status, 200, "{query}");
    let weekly: i64 = table(&page, "applications-per-week")
        .iter()
        .map(|r| r[1].parse::<i64>().unwrap())
        .sum();
    let funnel = table(&page, "funnel");
    let placed = funnel.iter().find(|r| r[0] == "Placed").unwrap()[1].clone();
    // An empty table has one row, "Nothing in this range.", across the columns.
    let of_placed: i64 = table(&page, "sources")
        .iter()
        .filter(|r| r.len() == 3)
        .map(|r| r[2].parse::<i64>().unwrap())
        .sum();
    (weekly, placed, of_placed)
}

#[tokio::test]
async fn before_the_first_rebuild_the_page_says_the_figures_are_being_computed() {
    let (app, _) = signed_in_app().await;
    seed_candidate(&app, &Seed::default()).await;

    let (status, page) = app.get_html("/admin/reports").await;
    assert_eq!(status, 200);
    let note = crate::helpers::texts(&page, "#report-computing");
    assert!(note[0].contains("being computed"), "{note:?}");
    assert!(crate::helpers::texts(&page, "table.report-table").is_empty());
    assert!(
        crate::helpers::texts(&page, "svg").is_empty(),
        "no charts of zeros"
    );
    // A CSV cannot be given yet: the page with the note, and when to try again.
    let response = app.get("/admin/reports/funnel.csv").await;
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("retry-after"));
    assert!(response.text().await.unwrap().contains("being computed"));

    rebuilt(&app).await;
    let (status, page) = app.get_html("/admin/reports").await;
    assert_eq!(status, 200);
    assert!(crate::helpers::texts(&page, "#report-computing").is_empty());
    assert_eq!(
        table(&page, "funnel")
            .iter()
            .find(|r| r[0] == "New")
            .unwrap()[1..],
        ["1", "1"]
    );
    assert_eq!(app.get("/admin/reports/funnel.csv").await.status(), 200);
}

#[tokio::test]
async fn a_change_shows_after_the_next_rebuild_and_not_before() {
    let (app, _) = signed_in_app().await;
    let bo = add_recruiter(&app, "bo@labmindsstaffing.com").await;
    let first = seed_candidate(
        &app,
        &Seed {
            age_days: 3,
            ..Seed::default()
        },
    )
    .await;
    // Applied 400 days ago, inside a five-year range; erased by a 12-month retention purge.
    let old = seed_candidate(
        &app,
        &Seed {
            email: "old@example.com",
            age_days: 400,
            ..Seed::default()
        },
    )
    .await;
    rebuilt(&app).await;
    let owned_by_bo = format!("owner={bo}");
    let since = (OffsetDateTime::now_utc().date() - Duration::days(4 * 365)).to_string();
    let long_range = format!("from={since}");
    let facebook = source_label(Some("facebook_group"));
    assert_eq!(headline(&app, "").await, (1, "0".to_owned(), 0));
    assert_eq!(headline(&app, &owned_by_bo).await, (0, "0".to_owned(), 0));
    let (_, page) = app.get_html(&format!("/admin/reports?{long_range}")).await;
    assert_eq!(as_breakdown(&table(&page, "sources"))[&facebook].0, 2);

    // A new application, a placement and an owner change, and an erasure by the purge.
    seed_candidate(
        &app,
        &Seed {
            email: "new@example.com",
            ..Seed::default()
        },
    )
    .await;
    let path = format!("/admin/candidates/{}", first.candidate_id);
    let r = post_admin(
        &app,
        &format!("{path}/owner"),
        &[("owner", &bo.to_string())],
    )
    .await;
    assert_eq!(r.status(), 303);
    let r = post_admin(&app, &format!("{path}/stage"), &[("stage", "placed")]).await;
    assert_eq!(r.status(), 303);
    let today = OffsetDateTime::now_utc().date();
    let erased = labminds::retention::purge(&app.pool, 12, today)
        .await
        .unwrap();
    assert_eq!(erased, 1);
    assert_eq!(
        rows_with(&app, "candidates", "id", old.candidate_id).await,
        0
    );

    // Not before the next rebuild: the page shows the figures it says it shows.
    assert_eq!(headline(&app, "").await, (1, "0".to_owned(), 0));
    assert_eq!(headline(&app, &owned_by_bo).await, (0, "0".to_owned(), 0));
    let (_, page) = app.get_html(&format!("/admin/reports?{long_range}")).await;
    assert_eq!(as_breakdown(&table(&page, "sources"))[&facebook].0, 2);

    rebuilt(&app).await;
    assert_eq!(headline(&app, "").await, (2, "1".to_owned(), 1));
    assert_eq!(headline(&app, &owned_by_bo).await, (1, "1".to_owned(), 1));
    let (_, page) = app.get_html(&format!("/admin/reports?{long_range}")).await;
    assert_eq!(
        as_breakdown(&table(&page, "sources"))[&facebook],
        (2, 1),
        "the erased candidate's application is gone, the new one counts"
    );
    // The placed candidate left `new` today, after 3 days there.
    let days = table(&page, "days-in-stage");
    assert_eq!(
        days,
        [vec!["New".to_owned(), "3".to_owned(), "1".to_owned()]]
    );
}

#[tokio::test]
async fn two_rebuilds_at_once_never_fail_and_a_held_lock_makes_a_run_skip() {
    let (app, _) = signed_in_app().await;
    seed_candidate(&app, &Seed::default()).await;

    // While another instance holds the job's lock, a run does nothing and says so.
    let held = labminds::db::jobs::try_lock(&app.pool, Job::ReportFigures.name())
        .await
        .unwrap()
        .expect("free");
    assert_eq!(rebuild_figures(&app).await, RunOutcome::Busy);
    let (_, page) = app.get_html("/admin/reports").await;
    assert!(!crate::helpers::texts(&page, "#report-computing").is_empty());
    held.release().await;

    // Two at once: each either rebuilds or skips, neither fails, and the figures are whole.
    let (a, b) = tokio::join!(rebuild_figures(&app), rebuild_figures(&app));
    let done = [&a, &b]
        .iter()
        .filter(|o| matches!(o, RunOutcome::Done(_)))
        .count();
    assert!(done >= 1, "{a:?} {b:?}");
    assert_eq!(headline(&app, "").await, (1, "0".to_owned(), 0));
    let snapshots: i64 = sqlx::query_scalar("select count(*) from report_snapshots")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(snapshots, 1);
}

#[tokio::test]
async fn labminds_report_figures_rebuilds_them_from_the_command_line() {
    let (app, _) = signed_in_app().await;
    seed_candidate(&app, &Seed::default()).await;
    let before = Job::ReportFigures.run_key(OffsetDateTime::now_utc());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_labminds"))
        .arg("report-figures")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &app.db.url)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("report figures rebuilt"), "{said}");
    assert_eq!(headline(&app, "").await, (1, "0".to_owned(), 0));
    // Recorded as the scheduler's run for those ten minutes (which may have ended meanwhile).
    let after = Job::ReportFigures.run_key(OffsetDateTime::now_utc());
    let keys: Vec<String> =
        sqlx::query_scalar("select run_key from job_runs where job = 'report-figures'")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(keys.len(), 1);
    assert!(keys[0] == before || keys[0] == after, "{keys:?}");
}
