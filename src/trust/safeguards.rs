//! The WHO Health Workforce Support and Safeguards List 2023: the 55 countries whose health
//! workforce WHO judges too thin to lose staff to recruitment from abroad. Under the WHO Global
//! Code of Practice we do not actively recruit there (no adverts, approaches or referral bonuses
//! aimed at them); people from these countries who apply on their own are welcome.
//!
//! The one place the list lives; the trust page names the countries from it.
//!
//! Source of the names: NHS Employers' "Code of Practice red and amber list of countries"
//! (23 March 2023), which is based on the WHO list and shows 54 of its countries as "red". The
//! 55th is Nepal: the UK's code puts it on its amber list instead, because of a
//! government-to-government agreement. That Nepal is the 55th follows from WHO's own count by
//! region (3 in South-East Asia: Bangladesh, Nepal, Timor-Leste; 37 in Africa, 8 in the Western
//! Pacific, 6 in the Eastern Mediterranean, 1 in the Americas), and from the UK's amber list.

use crate::domain::countries::{COUNTRIES, Country};
use crate::guide::ReviewDate;

/// ISO 3166-1 alpha-2 codes of the 55 countries of the 2023 list.
pub(crate) const SAFEGUARDS_LIST_2023: &[&str] = &[
    "AF", "AO", "BD", "BJ", "BF", "BI", "CM", "CF", "TD", "KM", "CG", "CD", "CI", "DJ", "GQ", "ER",
    "ET", "GA", "GM", "GH", "GN", "GW", "HT", "KI", "LA", "LS", "LR", "MG", "MW", "ML", "MR", "FM",
    "MZ", "NP", "NE", "NG", "PK", "PG", "RW", "WS", "SN", "SL", "SB", "SO", "SS", "SD", "TL", "TG",
    "TV", "TZ", "UG", "VU", "YE", "ZM", "ZW",
];

/// When the list above was last compared with its sources.
pub(crate) const CHECKED: &str = "2026-12-01";

/// A page the reader can open to check the list.
pub struct ListSource {
    pub title: &'static str,
    pub publisher: &'static str,
    pub url: &'static str,
}

pub(crate) const SOURCES: &[ListSource] = &[
    ListSource {
        title: "WHO health workforce support and safeguards list (questions and answers)",
        publisher: "World Health Organization",
        url: "https://www.who.int/news-room/questions-and-answers/item/who-health-workforce-support-and-safeguards-list",
    },
    ListSource {
        title: "Code of Practice red and amber list of countries",
        publisher: "NHS Employers",
        url: "https://www.nhsemployers.org/your-workforce/recruit/employer-led-recruitment/international-recruitment/uk-code-of-practice-for-international-recruitment/list-of-developing-countries",
    },
];

/// The countries of the list, by name as the site writes them.
pub(crate) fn countries() -> Vec<&'static Country> {
    let mut countries: Vec<&Country> = COUNTRIES
        .iter()
        .filter(|c| SAFEGUARDS_LIST_2023.contains(&c.code))
        .collect();
    countries.sort_by_key(|c| c.name);
    countries
}

/// `CHECKED` as a date.
pub(crate) fn checked() -> ReviewDate {
    let date = crate::jobs::parse_as_of(CHECKED).unwrap_or_else(|_| crate::jobs::today());
    ReviewDate(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_has_55_distinct_known_countries() {
        let mut codes = SAFEGUARDS_LIST_2023.to_vec();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 55, "the 2023 list has 55 countries");
        assert_eq!(countries().len(), 55, "every code is in domain::countries");
        for named in ["Nigeria", "Ghana", "Nepal", "Pakistan", "Zimbabwe"] {
            assert!(countries().iter().any(|c| c.name == named), "{named}");
        }
        for absent in ["PH", "IN", "KE", "LK"] {
            assert!(!SAFEGUARDS_LIST_2023.contains(&absent), "{absent}");
        }
        assert_eq!(checked().iso(), CHECKED);
    }
}
