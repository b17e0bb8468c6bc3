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
                "{}, and Puerto Rico, according to the American Society for Clinical Laboratory Science (ASCLS). Georgia repealed its licence law in 2025. For Rhode Island we could not confirm the current rule.",
                f.licensing_state_names()
            ),
            more_path: "/licensure",
            more_label: "Which US states need a lab licence",
        },
        FaqItem {
            id: "openings",
            question: "How many lab jobs open each year?",
            answer: format!(
                "The US Bureau of Labor Statistics (BLS) expects about {} openings a year ({}). This number covers technologists and technicians together, and most openings replace people who leave. The net growth is {} jobs ({}%) over the whole ten years.",
                f.bls.openings_per_year.grouped(),
                f.bls.projection_period,
                f.bls.employment_change.grouped(),
                f.bls.growth_percent.value
            ),
            more_path: "/why-the-us",
            more_label: "Jobs and pay in the US",
        },
        FaqItem {
            id: "h1b",
            question: "Can an employer sponsor me for an H-1B visa?",
            answer: format!(
                "Yes, but most employers must win a lottery first. The yearly cap is {} new H-1B visas, and from fiscal year 2027 the lottery favours higher wage levels. Universities and some related nonprofits are cap-exempt. New petitions for workers outside the US, filed from 21 September 2025, need a {} payment.",
                h1b.cap_total(),
                f.fees.h1b_proclamation_payment.usd()
            ),
            more_path: "/visas",
            more_label: "Visa routes for lab scientists",
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
            answer: "No. Nurses are on Schedule A, but medical technologists are not. Your employer needs a full labor certification (PERM) before the EB-3 or EB-2 petition.".to_owned(),
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
