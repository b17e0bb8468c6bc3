//! The guide pages: one askama struct and one thin handler per page. Text lives in the templates,
//! changing facts in `guide::facts` (read through `f`), titles and paths in the `guide` registry.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::guide::facts::{Facts, Licence, StateInfo};
use crate::guide::faq::{self, FaqItem};
use crate::guide::{self, GuidePage, ReviewDate, Source, facts};
use crate::web::AppState;
use crate::web::error::AppError;
use crate::web::layout::PageMeta;

/// What every guide page shows besides its own text: the review date, the sources list and the
/// guide menu.
pub(crate) struct Article {
    pub(crate) reviewed: &'static ReviewDate,
    pub(crate) sources: Vec<&'static Source>,
    /// The path of this page, to mark it in the guide menu.
    pub(crate) path: String,
    pub(crate) pages: &'static [&'static GuidePage],
}

impl Article {
    fn for_page(page: &GuidePage) -> Self {
        Article {
            reviewed: guide::reviewed(page),
            sources: guide::sources(page),
            path: page.path.to_owned(),
            pages: guide::PAGES,
        }
    }

    pub(crate) fn is_current(&self, path: &str) -> bool {
        self.path == path
    }
}

fn meta(state: &AppState, page: &GuidePage) -> PageMeta {
    let meta = state.page_meta(page.path, page.title, page.description);
    if page.is_article {
        meta.article()
    } else {
        meta
    }
}

/// Declares a page struct with the common fields and a constructor, for pages that need nothing
/// else; the handler then only renders it.
macro_rules! simple_page {
    ($name:ident, $template:literal, $page:path, $handler:ident) => {
        #[derive(Template)]
        #[template(path = $template)]
        pub(crate) struct $name {
            pub(crate) meta: PageMeta,
            pub(crate) article: Article,
            pub(crate) f: &'static Facts,
        }

        impl $name {
            pub(crate) fn html(state: &AppState) -> Result<String, AppError> {
                Ok($name {
                    meta: meta(state, &$page),
                    article: Article::for_page(&$page),
                    f: facts(),
                }
                .render()?)
            }
        }

        pub(crate) async fn $handler(
            state: web::Data<AppState>,
            request: HttpRequest,
        ) -> Result<HttpResponse, AppError> {
            state
                .pages
                .respond(&request, $page.path, || $name::html(&state))
        }
    };
}

/// Renders the guide page at `path` afresh; `None` when there is no such page. The handlers serve
/// the same HTML from the page cache; tests and benchmarks compare with this.
pub fn render_fresh(state: &AppState, path: &str) -> Result<Option<String>, AppError> {
    let html = match path {
        p if p == guide::GUIDE.path => GuideIndexPage::html(state)?,
        p if p == guide::WHY_THE_US.path => WhyTheUsPage::html(state)?,
        p if p == guide::CERTIFICATION.path => CertificationPage::html(state)?,
        p if p == guide::ELIGIBILITY.path => EligibilityPage::html(state)?,
        p if p == guide::LICENSURE.path => LicensurePage::html(state)?,
        p if p == guide::VISAS.path => VisasPage::html(state)?,
        p if p == guide::ROADMAP.path => RoadmapPage::html(state)?,
        p if p == guide::ABOUT.path => AboutPage::html(state)?,
        p if p == guide::PRIVACY.path => PrivacyPage::html(state)?,
        p if p == guide::FAQ.path => FaqPage::html(state)?,
        p => match p.strip_prefix("/licensure/") {
            Some(slug) => match facts().state(slug) {
                Some(info) => StatePage::html(state, info)?,
                None => return Ok(None),
            },
            None => return Ok(None),
        },
    };
    Ok(Some(html))
}

simple_page!(
    GuideIndexPage,
    "guide/index.html",
    guide::GUIDE,
    show_guide_index
);
simple_page!(
    WhyTheUsPage,
    "guide/why_the_us.html",
    guide::WHY_THE_US,
    show_why_the_us
);
simple_page!(
    CertificationPage,
    "guide/certification.html",
    guide::CERTIFICATION,
    show_certification
);
simple_page!(
    EligibilityPage,
    "guide/eligibility.html",
    guide::ELIGIBILITY,
    show_eligibility
);
simple_page!(
    LicensurePage,
    "guide/licensure.html",
    guide::LICENSURE,
    show_licensure
);
simple_page!(VisasPage, "guide/visas.html", guide::VISAS, show_visas);
simple_page!(
    RoadmapPage,
    "guide/roadmap.html",
    guide::ROADMAP,
    show_roadmap
);
simple_page!(AboutPage, "guide/about.html", guide::ABOUT, show_about);

#[derive(Template)]
#[template(path = "guide/privacy.html")]
pub(crate) struct PrivacyPage {
    pub(crate) meta: PageMeta,
    pub(crate) article: Article,
    pub(crate) f: &'static Facts,
    pub(crate) version: &'static str,
    /// The operator's `RETENTION_MONTHS`, the period the purge really applies.
    pub(crate) retention_months: u32,
}

impl PrivacyPage {
    pub(crate) fn html(state: &AppState) -> Result<String, AppError> {
        Ok(PrivacyPage {
            meta: meta(state, &guide::PRIVACY),
            article: Article::for_page(&guide::PRIVACY),
            f: facts(),
            version: guide::PRIVACY_POLICY_VERSION,
            retention_months: state.settings.retention_months,
        }
        .render()?)
    }
}

pub(crate) async fn show_privacy(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    state
        .pages
        .respond(&request, guide::PRIVACY.path, || PrivacyPage::html(&state))
}

#[derive(Template)]
#[template(path = "guide/faq.html")]
pub(crate) struct FaqPage {
    pub(crate) meta: PageMeta,
    pub(crate) article: Article,
    pub(crate) f: &'static Facts,
    pub(crate) items: Vec<FaqItem>,
    /// FAQPage JSON-LD, built with serde_json and `<`-escaped: trusted, so rendered with `|safe`.
    pub(crate) json_ld: String,
}

impl FaqPage {
    pub(crate) fn html(state: &AppState) -> Result<String, AppError> {
        let items = faq::items(facts());
        let json_ld = faq::json_ld(&items);
        Ok(FaqPage {
            meta: meta(state, &guide::FAQ),
            article: Article::for_page(&guide::FAQ),
            f: facts(),
            items,
            json_ld,
        }
        .render()?)
    }
}

pub(crate) async fn show_faq(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    state
        .pages
        .respond(&request, guide::FAQ.path, || FaqPage::html(&state))
}

#[derive(Template)]
#[template(path = "guide/state.html")]
pub(crate) struct StatePage {
    pub(crate) meta: PageMeta,
    pub(crate) article: Article,
    pub(crate) state: &'static StateInfo,
}

pub(crate) async fn show_state(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    // Only known states reach the cache, so it holds one entry per jurisdiction at most.
    let info = facts().state(&slug).ok_or(AppError::NotFound)?;
    state
        .pages
        .respond(&request, &info.path(), || StatePage::html(&state, info))
}

impl StatePage {
    pub(crate) fn html(state: &AppState, info: &'static StateInfo) -> Result<String, AppError> {
        let f = facts();
        let path = info.path();
        let title = format!(
            "{}: lab licence for internationally trained staff",
            info.name
        );
        let description = format!(
            "What we know about working in a clinical lab in {} with foreign training: licence, board, accepted certifications, credential evaluation, and what to check with the board.",
            info.name
        );
        Ok(StatePage {
            meta: state.page_meta(&path, &title, &description).article(),
            article: Article {
                reviewed: &info.reviewed,
                sources: f.sources_for(&info.sources),
                path,
                pages: guide::PAGES,
            },
            state: info,
        }
        .render()?)
    }
}
