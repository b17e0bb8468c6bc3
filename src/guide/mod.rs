//! The guide for internationally trained MT/MLS: the page registry (paths, titles, descriptions),
//! the facts data behind the pages, and the FAQ. The web layer (`web::guide`) renders these; the
//! sitemap, the link checks and the browser tests enumerate pages from `all_guide_paths`.

mod costs;
mod fact;
pub mod facts;
pub mod faq;
mod restrictions;
pub mod review;
mod topics;

#[cfg(test)]
mod tests;

pub use facts::{Facts, ReviewDate, Source, facts};

/// The privacy notice version the intake form stores with each consent. Change it (to the date of
/// the change) whenever the privacy notice changes in substance.
pub const PRIVACY_POLICY_VERSION: &str = "2026-12-01";

/// One page of the guide. `id` keys its review date and source list in `facts.toml`.
#[derive(Debug)]
pub struct GuidePage {
    pub id: &'static str,
    pub path: &'static str,
    /// The `<title>` (the site name is appended) and the link text in guide menus.
    pub title: &'static str,
    pub description: &'static str,
    /// Articles list their sources; the about and privacy pages have none.
    pub is_article: bool,
}

pub const GUIDE: GuidePage = GuidePage {
    id: "guide",
    path: "/guide",
    title: "Guide for internationally trained lab professionals",
    description: "All our guide pages for medical technologists and medical laboratory scientists trained outside the US: certification, licences, visas and a step-by-step plan.",
    is_article: true,
};

pub const WHY_THE_US: GuidePage = GuidePage {
    id: "why_the_us",
    path: "/why-the-us",
    title: "Jobs and pay for lab scientists in the US",
    description: "What the US Bureau of Labor Statistics says about jobs, openings and pay for clinical laboratory technologists and technicians, explained in plain words.",
    is_article: true,
};

pub const CERTIFICATION: GuidePage = GuidePage {
    id: "certification",
    path: "/certification",
    title: "US certification: MLS(ASCP), MLS(ASCPi), MLS(AMT) and MLT compared",
    description: "Compare the US lab certifications side by side: who each is for, routes, the exam, fees, keeping the credential, which states accept it, and which to choose.",
    is_article: true,
};

pub const ELIGIBILITY: GuidePage = GuidePage {
    id: "eligibility",
    path: "/eligibility",
    title: "Eligibility: degree, experience, transcript evaluation and English",
    description: "What the boards ask of foreign-trained lab professionals: degrees, clinical experience, accredited labs, credential evaluation agencies and English tests.",
    is_article: true,
};

pub const LICENSURE: GuidePage = GuidePage {
    id: "licensure",
    path: "/licensure",
    title: "Which US states need a lab licence",
    description: "The US states and territories that license clinical laboratory staff, what changed in Georgia and Rhode Island, and what applies in all other states.",
    is_article: true,
};

pub const VISAS: GuidePage = GuidePage {
    id: "visas",
    path: "/visas",
    title: "Visas for lab scientists: H-1B, TN and green cards",
    description: "H-1B cap, lottery and the $100,000 payment (its expiry and court cases), the 2026 nationality restrictions, TN under USMCA, EB-3 with PERM and waiting times, and VisaScreen, in plain words. Not legal advice.",
    is_article: true,
};

pub const COSTS: GuidePage = GuidePage {
    id: "costs",
    path: "/costs",
    title: "Costs and timelines: what each step costs, who pays, how long it takes",
    description: "What each step to a US lab job costs and who pays it (you or the employer), and how long the H-1B, PERM, green-card and licence steps usually take. Dated and sourced, never a promise.",
    is_article: true,
};

pub const ROADMAP: GuidePage = GuidePage {
    id: "roadmap",
    path: "/roadmap",
    title: "Roadmap: from credential evaluation to arrival in the US",
    description: "A step-by-step checklist for internationally trained lab professionals: the usual order of the steps, and which ones can run at the same time.",
    is_article: true,
};

pub const FAQ: GuidePage = GuidePage {
    id: "faq",
    path: "/faq",
    title: "Frequently asked questions",
    description: "Short answers to common questions from foreign-trained medical technologists about US certification, licences, visas and pay.",
    is_article: true,
};

pub const ABOUT: GuidePage = GuidePage {
    id: "about",
    path: "/about",
    title: "About LabMinds Staffing",
    description: "Who we are, what this site does, and how to contact LabMinds Staffing.",
    is_article: false,
};

pub const PRIVACY: GuidePage = GuidePage {
    id: "privacy",
    path: "/privacy",
    title: "Privacy notice",
    description: "What LabMinds Staffing collects when you apply, why, who sees it, how long we keep it, and how to get a copy or ask us to delete it.",
    is_article: false,
};

/// Every fixed guide page, in menu order. State pages come from `facts().states`.
pub const PAGES: &[&GuidePage] = &[
    &GUIDE,
    &WHY_THE_US,
    &CERTIFICATION,
    &ELIGIBILITY,
    &LICENSURE,
    &VISAS,
    &COSTS,
    &ROADMAP,
    &FAQ,
    &ABOUT,
    &PRIVACY,
];

/// Every guide URL path, including one page per state under `/licensure/{slug}`.
pub fn all_guide_paths() -> Vec<String> {
    PAGES
        .iter()
        .map(|p| p.path.to_owned())
        .chain(facts().states.iter().map(|s| s.path()))
        .collect()
}

/// The review date a page shows; falls back to the file-wide date (a unit test requires one per page).
pub fn reviewed(page: &GuidePage) -> &'static ReviewDate {
    let f = facts();
    f.pages
        .get(page.id)
        .map_or(&f.meta.last_reviewed, |p| &p.reviewed)
}

/// The sources a page lists, in order.
pub fn sources(page: &GuidePage) -> Vec<&'static Source> {
    let f = facts();
    f.pages
        .get(page.id)
        .map(|p| f.sources_for(&p.sources))
        .unwrap_or_default()
}

/// One `<url>` of the sitemap: a path and, for guide pages, the last-reviewed date.
#[derive(Debug)]
pub struct SitemapEntry {
    pub path: String,
    pub lastmod: Option<&'static ReviewDate>,
}

/// The home page, the pathway advisor, the application form, and every guide page (state pages
/// included).
pub fn sitemap_entries() -> Vec<SitemapEntry> {
    let fixed = ["/", "/advisor", "/apply", "/trust"]
        .into_iter()
        .map(|path| SitemapEntry {
            path: path.to_owned(),
            lastmod: None,
        });
    let pages = PAGES.iter().map(|p| SitemapEntry {
        path: p.path.to_owned(),
        lastmod: Some(reviewed(p)),
    });
    let states = facts().states.iter().map(|s| SitemapEntry {
        path: s.path(),
        lastmod: Some(&s.reviewed),
    });
    fixed.chain(pages).chain(states).collect()
}
