//! The guide pages. The guide's registry (`guide::PAGES`: paths, titles, menu order) is the one
//! list of them: `configure` registers a route for each, the sitemap lists them, and `TEMPLATES`
//! says which askama struct renders each (a unit test holds the two together). Text lives in the
//! templates, changing facts in `guide::facts` (read through `f`). Every page is served from the
//! page cache.

use actix_web::{HttpRequest, HttpResponse, web};
use anyhow::anyhow;
use askama::Template;

use crate::guide::facts::{Facts, Licence, Payer, StateInfo};
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

/// Renders one page of the registry.
type Renderer = fn(&AppState, &'static GuidePage) -> Result<String, AppError>;

/// The template of each page in the guide's registry, in its order.
const TEMPLATES: &[(&GuidePage, Renderer)] = &[
    (&guide::GUIDE, GuideIndexPage::html),
    (&guide::WHY_THE_US, WhyTheUsPage::html),
    (&guide::CERTIFICATION, CertificationPage::html),
    (&guide::ELIGIBILITY, EligibilityPage::html),
    (&guide::LICENSURE, LicensurePage::html),
    (&guide::VISAS, VisasPage::html),
    (&guide::COSTS, CostsPage::html),
    (&guide::ROADMAP, RoadmapPage::html),
    (&guide::FAQ, FaqPage::html),
    (&guide::ABOUT, AboutPage::html),
    (&guide::PRIVACY, PrivacyPage::html),
];

/// A route for every page of the registry (fixed paths; the state pages' pattern is
/// `configure_states`, registered after every fixed path of the site: see `server::routes`).
pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    for page in guide::PAGES.iter().copied() {
        cfg.route(
            page.path,
            web::get().to(
                move |state: web::Data<AppState>, request: HttpRequest| async move {
                    show_page(&state, &request, page)
                },
            ),
        );
    }
}

/// The state pages' route.
pub(crate) fn configure_states(cfg: &mut web::ServiceConfig) {
    cfg.route(STATE_ROUTE, web::get().to(show_state));
}

/// The pattern of the state pages (`/licensure/california`, ...).
const STATE_ROUTE: &str = "/licensure/{state}";

/// The path patterns `configure` registers, for the server's list of every route.
pub(crate) fn route_patterns() -> impl Iterator<Item = String> {
    guide::PAGES
        .iter()
        .map(|page| page.path.to_owned())
        .chain(std::iter::once(STATE_ROUTE.to_owned()))
}

fn render(state: &AppState, page: &'static GuidePage) -> Result<String, AppError> {
    let (_, render) = TEMPLATES
        .iter()
        .find(|(p, _)| p.id == page.id)
        .ok_or_else(|| AppError::unexpected(anyhow!("no template for guide page {}", page.id)))?;
    render(state, page)
}

/// The same for every visitor: served from the page cache.
fn show_page(
    state: &AppState,
    request: &HttpRequest,
    page: &'static GuidePage,
) -> Result<HttpResponse, AppError> {
    state
        .pages
        .respond(request, page.path, || render(state, page))
}

/// Renders the guide page at `path` afresh; `None` when there is no such page. The handlers serve
/// the same HTML from the page cache; tests and benchmarks compare with this.
pub fn render_fresh(state: &AppState, path: &str) -> Result<Option<String>, AppError> {
    if let Some(page) = guide::PAGES.iter().copied().find(|p| p.path == path) {
        return render(state, page).map(Some);
    }
    match path
        .strip_prefix("/licensure/")
        .and_then(|slug| facts().state(slug))
    {
        Some(info) => StatePage::html(state, info).map(Some),
        None => Ok(None),
    }
}

/// Declares the struct of a page that needs nothing but the common fields.
macro_rules! simple_page {
    ($name:ident, $template:literal) => {
        #[derive(Template)]
        #[template(path = $template)]
        pub(crate) struct $name {
            pub(crate) meta: PageMeta,
            pub(crate) article: Article,
            pub(crate) f: &'static Facts,
        }

        impl $name {
            fn html(state: &AppState, page: &'static GuidePage) -> Result<String, AppError> {
                Ok($name {
                    meta: meta(state, page),
                    article: Article::for_page(page),
                    f: facts(),
                }
                .render()?)
            }
        }
    };
}

simple_page!(GuideIndexPage, "guide/index.html");
simple_page!(WhyTheUsPage, "guide/why_the_us.html");
simple_page!(CertificationPage, "guide/certification.html");
simple_page!(EligibilityPage, "guide/eligibility.html");
simple_page!(LicensurePage, "guide/licensure.html");
simple_page!(VisasPage, "guide/visas.html");
simple_page!(CostsPage, "guide/costs.html");
simple_page!(RoadmapPage, "guide/roadmap.html");
simple_page!(AboutPage, "guide/about.html");

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
    fn html(state: &AppState, page: &'static GuidePage) -> Result<String, AppError> {
        Ok(PrivacyPage {
            meta: meta(state, page),
            article: Article::for_page(page),
            f: facts(),
            version: guide::PRIVACY_POLICY_VERSION,
            retention_months: state.settings.retention_months,
        }
        .render()?)
    }
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
    fn html(state: &AppState, page: &'static GuidePage) -> Result<String, AppError> {
        let items = faq::items(facts());
        let json_ld = faq::json_ld(&items);
        Ok(FaqPage {
            meta: meta(state, page),
            article: Article::for_page(page),
            f: facts(),
            items,
            json_ld,
        }
        .render()?)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_of_the_registry_has_its_template_in_the_same_order() {
        let registry: Vec<&str> = guide::PAGES.iter().map(|p| p.id).collect();
        let templates: Vec<&str> = TEMPLATES.iter().map(|(p, _)| p.id).collect();
        assert_eq!(registry, templates);
    }
}
