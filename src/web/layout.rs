//! What every page's layout needs: title, description, canonical URL, and which navigation entry
//! is current. Built by `AppState::page_meta` so canonical URLs always use `PUBLIC_URL`.

use crate::web::assets;

pub(crate) struct PageMeta {
    /// The full `<title>`, unique per page.
    pub(crate) title: String,
    pub(crate) description: String,
    /// The canonical path, e.g. `/certification`.
    pub(crate) path: String,
    /// `PUBLIC_URL` + path; `None` on pages that must not be indexed (errors, forms' results).
    pub(crate) canonical: Option<String>,
    /// `website` or `article`, for Open Graph.
    pub(crate) og_type: &'static str,
    /// Ask search engines not to index (confirmation pages, errors, admin).
    pub(crate) noindex: bool,
}

pub(crate) const SITE_NAME: &str = "LabMinds Staffing";

impl PageMeta {
    pub(crate) fn new(origin: &str, path: &str, title: &str, description: &str) -> Self {
        let title = if path == "/" {
            title.to_owned()
        } else {
            format!("{title} | {SITE_NAME}")
        };
        PageMeta {
            title,
            description: description.to_owned(),
            path: path.to_owned(),
            canonical: Some(format!("{origin}{path}")),
            og_type: "website",
            noindex: false,
        }
    }

    /// For pages with no canonical URL: errors, confirmations.
    pub(crate) fn unindexed(path: &str, title: &str, description: &str) -> Self {
        PageMeta {
            title: format!("{title} | {SITE_NAME}"),
            description: description.to_owned(),
            path: path.to_owned(),
            canonical: None,
            og_type: "website",
            noindex: true,
        }
    }

    pub(crate) fn error(heading: &str) -> Self {
        Self::unindexed("", heading, heading)
    }

    pub(crate) fn article(mut self) -> Self {
        self.og_type = "article";
        self
    }

    /// For `aria-current` in the navigation: the section this page belongs to.
    pub(crate) fn is_in(&self, section: &str) -> bool {
        if section == "/" {
            self.path == "/"
        } else {
            self.path == section || self.path.starts_with(&format!("{section}/"))
        }
    }

    pub(crate) fn stylesheet_href(&self) -> &'static str {
        assets::href("style.css")
    }

    pub(crate) fn favicon_href(&self) -> &'static str {
        assets::href("favicon.svg")
    }
}
