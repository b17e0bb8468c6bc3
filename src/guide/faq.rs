//! The FAQ: questions and plain-text answers built from the facts data, so the page and its
//! FAQPage structured data (JSON-LD) always say the same thing and follow the yearly review.

use serde_json::json;

use super::facts::Facts;

pub struct FaqItem {
    /// Fragment id, stable so other pages and search results can link to one answer.
    pub id: &'static str,
    pub question: &'static str,
    /// Plain text (escaped by the template).
    pub answer: String,
    /// The guide page with the full story, and its link text.
    pub more_path: &'static str,
    pub more_label: &'static str,
}

pub fn items(f: &Facts) -> Vec<FaqItem> {
    let h1b = &f.visas.h1b;
    vec![
        FaqItem {
            id: "certification-required",
            question: "Do I need ASCP or AMT certification to work in a US lab?",
            answer: "No US federal law requires it. In states with a lab licence, the legal requirement is the state licence, and most of those states ask for a certification from an accepted body. In other states, most employers ask for certification when they hire.".to_owned(),
            more_path: "/certification",
            more_label: "Compare the US certifications",
        },
        FaqItem {
            id: "which-certification",
            question: "I trained outside the US. Which certification is made for me?",
            answer: format!(
                "{} from the ASCP Board of Certification. It is for people whose education and clinical training were all done outside the US and Canada. It uses the same exam as {}.",
                f.certifications.mls_ascpi.name, f.certifications.mls_ascp.name
            ),
            more_path: "/certification",
            more_label: "Which certification should I choose?",
        },
        FaqItem {
            id: "ascpi-states",
            question: "Do California and New York accept MLS(ASCPi)?",
            answer: "Yes. California has approved it for licensure since 1 June 2007, and New York has accepted the ASCPi MLS exam since 1 January 2015. Both states still check your education and training against their own rules.".to_owned(),
            more_path: "/licensure",
            more_label: "State licence rules",
        },
        FaqItem {
            id: "licence-states",
            question: "Which states need a lab licence?",
            answer: format!(
                "{}, and Puerto Rico, according to the American Society for Clinical Laboratory Science (ASCLS). Georgia repealed its licence law in 2025; we could not confirm the date the repeal took effect. Rhode Island law requires people who perform lab tests to have passed a national certification exam; whether it still issues personnel licences we could not confirm.",
                f.licensing_state_names()
            ),
            more_path: "/licensure",
            more_label: "Which US states need a lab licence",
        },
        FaqItem {
            id: "openings",
            question: "How many lab jobs open each year?",
            answer: format!(
                "In its {} edition, the US Bureau of Labor Statistics (BLS) expected about {} openings a year. This number covers technologists and technicians together, and most openings replace people who leave; the net growth was {} jobs over the ten years. The newer {} edition expects growth of {}%, as reported by sites that cite BLS; we could not retrieve its openings figure.",
                f.bls.old_edition_period,
                f.bls.openings_per_year.grouped(),
                f.bls.employment_change.grouped(),
                f.bls.projection_period,
                f.bls.growth_percent.value
            ),
            more_path: "/why-the-us",
            more_label: "Jobs and pay in the US",
        },
        FaqItem {
            id: "h1b",
            question: "Can an employer sponsor me for an H-1B visa?",
            answer: format!(
                "Yes, but most employers must win a lottery first. The yearly cap is {} new H-1B petitions, and from fiscal year 2027 the lottery favours higher wage levels; the next registration is expected in March 2027. Universities and some related nonprofits are cap-exempt. New petitions for workers outside the US, filed from 21 September 2025, need a one-time {} payment, paid by the employer before it files. The proclamation was set to lapse on {} unless extended; we could not confirm whether it was extended. Nationals of some countries also face 2026 visa restrictions.",
                h1b.cap_total(),
                f.fees.h1b_proclamation_payment.usd(),
                h1b.payment_rule
                    .expires
                    .map_or_else(String::new, |d| d.human())
            ),
            more_path: "/visas",
            more_label: "Visa routes for lab scientists",
        },
        FaqItem {
            id: "nationality",
            question: "Does my nationality matter?",
            answer: format!(
                "Yes, since 2026. A proclamation in force from 1 January 2026 fully suspends visas for nationals of {} countries and partly suspends them (immigrant visas and some temporary visas) for {} more. Since 21 January 2026 immigrant visas are also paused for nationals of {} countries, Nigeria among them. We checked these lists on {} and could not confirm whether they are still in force; check the State Department's pages.",
                f.restrictions.travel_ban.full.count(),
                f.restrictions.travel_ban.partial.count()
                    + f.restrictions.travel_ban.immigrant_only.count(),
                f.restrictions.iv_pause.countries.count(),
                f.restrictions.checked.human()
            ),
            more_path: "/visas#restrictions",
            more_label: "The nationality restrictions, in full",
        },
        FaqItem {
            id: "tn",
            question: "Can I use the TN visa?",
            answer: "Only if you are a citizen of Canada or Mexico. TN now falls under USMCA (the United States–Mexico–Canada Agreement), which replaced NAFTA on 1 July 2020.".to_owned(),
            more_path: "/visas",
            more_label: "TN status under USMCA",
        },
        FaqItem {
            id: "green-card",
            question: "Is there a fast green card route like the one for nurses?",
            answer: format!(
                "No. Nurses are on Schedule A, but medical technologists are not. Your employer needs a full labor certification (PERM) before the EB-3 or EB-2 petition: the prevailing wage and PERM steps alone took about {} to {} months in 2026. Then you wait for your priority date, and that wait depends on your country of birth: read the State Department's visa bulletin.",
                f.perm_months().0,
                f.perm_months().1
            ),
            more_path: "/visas",
            more_label: "Green cards: EB-3, EB-2 and PERM",
        },
        FaqItem {
            id: "visascreen",
            question: "Do I need VisaScreen?",
            answer: format!(
                "Most likely yes, if you work as a generalist medical technologist or technician. US law asks for a health-care worker certificate for a visa, and CGFNS VisaScreen provides it. It is valid for {} years. Specialists in one area (for example microbiology) are outside the requirement.",
                f.visas.healthcare_certificate.valid_years.value
            ),
            more_path: "/visas",
            more_label: "The health-care worker certificate",
        },
        FaqItem {
            id: "keep-certification",
            question: "How do I keep my certification?",
            answer: format!(
                "ASCP: {} points every {} years in its Credential Maintenance Program (CMP). AMT: {} points every {} years in its Certification Continuation Program (CCP), plus a yearly fee.",
                f.maintenance.cmp.points.value,
                f.maintenance.cmp.cycle_years.value,
                f.maintenance.ccp.points.value,
                f.maintenance.ccp.cycle_years.value
            ),
            more_path: "/certification",
            more_label: "Keeping your certification",
        },
    ]
}

/// FAQPage structured data for search engines. `<` is escaped so the JSON can never close the
/// `<script>` element it is placed in.
pub fn json_ld(items: &[FaqItem]) -> String {
    let entities: Vec<_> = items
        .iter()
        .map(|item| {
            json!({
                "@type": "Question",
                "name": item.question,
                "acceptedAnswer": { "@type": "Answer", "text": item.answer },
            })
        })
        .collect();
    let data = json!({
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": entities,
    });
    data.to_string().replace('<', "\\u003c")
}
