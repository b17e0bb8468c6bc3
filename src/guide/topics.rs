//! The topic sections of the facts file (BLS figures, fees, the exam, credential maintenance,
//! certifications, visas, evaluators): typed so templates and the pathway advisor get compile-time
//! checked field names. Re-exported from `facts`, which owns parsing and the shared types.

use serde::Deserialize;

use super::fact::{Confidence, Fact, group_thousands};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bls {
    pub occupation: String,
    pub soc_code: String,
    pub wage_period: String,
    pub projection_period: String,
    /// The year `employment` counts jobs in (the edition's base year).
    pub employment_year: u16,
    pub newer_edition: Fact<String>,
    pub median_pay_year: Fact<u32>,
    pub median_pay_hour: Fact<String>,
    pub employment: Fact<u32>,
    /// Percent, as BLS writes it ("1.7").
    pub growth_percent: Fact<String>,
    /// BLS's own word for the growth rate, or why we do not have it.
    pub growth_descriptor: Fact<String>,
    /// The edition `employment_change` and `openings_per_year` come from, where the newer one
    /// was not retrieved.
    pub old_edition_period: String,
    pub employment_change: Fact<u32>,
    pub openings_per_year: Fact<u32>,
    /// The ASCLS workforce figure (not BLS's current projection), quoted instead of unsourced ones.
    pub ascls_2016: Fact<String>,
    pub entry_education: Fact<String>,
}

/// An amount in US dollars and the year (or page) it belongs to.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    /// Set on fees inside a state entry, where the TOML path is not a stable id.
    #[serde(default)]
    pub id: Option<String>,
    pub label: String,
    pub value: u32,
    pub as_of: String,
    pub confidence: Confidence,
    pub sources: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

impl Fee {
    /// `$100,000`
    pub fn usd(&self) -> String {
        format!("${}", group_thousands(self.value))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fees {
    pub mls_ascpi_application: Fee,
    pub mls_ascpi_reduced: Fee,
    pub mls_ascpi_third_party: Fee,
    pub mls_ascp_application: Fee,
    pub cmp_increase_2026: Fee,
    pub cmp_application_before_2026: Fee,
    pub amt_annual_renewal: Fee,
    pub h1b_registration: Fee,
    pub h1b_proclamation_payment: Fee,
}

impl Fees {
    /// The certification fees, in the order the certification page's fee table shows them.
    pub fn certification(&self) -> [&Fee; 7] {
        [
            &self.mls_ascpi_application,
            &self.mls_ascpi_reduced,
            &self.mls_ascpi_third_party,
            &self.mls_ascp_application,
            &self.cmp_increase_2026,
            &self.cmp_application_before_2026,
            &self.amt_annual_renewal,
        ]
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exam {
    pub mls_questions: Fact<u32>,
    pub mls_minutes: Fact<u32>,
    pub same_exam_ascp_ascpi: Fact<String>,
    pub adaptive: Fact<String>,
    pub score_scale: Fact<String>,
    pub test_centres: Fact<String>,
    pub mlt_format: Fact<String>,
    pub amt_format: Fact<String>,
    pub areas: Vec<ExamArea>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamArea {
    pub name: String,
    pub share: String,
    pub confidence: Confidence,
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Maintenance {
    pub cmp: Cmp,
    pub ccp: Ccp,
}

/// ASCP's Credential Maintenance Program.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cmp {
    pub cycle_years: Fact<u32>,
    pub points: Fact<u32>,
    pub expiry: Fact<String>,
    pub own_cycle: Fact<String>,
    pub point_hour: Fact<String>,
    pub split: Fact<String>,
    pub ascpi_booklet: Fact<String>,
    pub badge: Fact<String>,
}

/// AMT's Certification Continuation Program.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ccp {
    pub cycle_years: Fact<u32>,
    pub points: Fact<u32>,
    pub who: Fact<String>,
    pub rules: Fact<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certifications {
    pub mls_ascpi: Certification,
    pub mls_ascp: Certification,
    pub mls_amt: Certification,
    pub mlt: Certification,
}

impl Certifications {
    /// In the order the comparison table shows them.
    pub fn all(&self) -> [&Certification; 4] {
        [&self.mls_ascpi, &self.mls_ascp, &self.mls_amt, &self.mlt]
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certification {
    pub name: String,
    pub full_name: String,
    pub body: String,
    pub level: String,
    pub for_whom: Fact<String>,
    pub routes: Vec<Fact<String>>,
    pub routes_note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Visas {
    pub h1b: H1b,
    pub tn: Tn,
    pub green_card: GreenCard,
    pub healthcare_certificate: HealthcareCertificate,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct H1b {
    pub cap_regular: Fact<u32>,
    pub cap_masters: Fact<u32>,
    pub cap_wording: Fact<String>,
    pub cap_exempt: Fact<String>,
    pub university_hospital: Fact<String>,
    pub rule_2025: Fact<String>,
    pub cap_exempt_later: Fact<String>,
    pub weighted_lottery: Fact<String>,
    pub wage_levels: Fact<String>,
    pub weighted_rule: Fact<String>,
    pub registration_window: Fact<String>,
    pub cap_calendar: Fact<String>,
    /// Carries `expires`: the proclamation's sunset.
    pub payment_rule: Fact<String>,
    pub payment_status: Fact<String>,
    pub payment_who_pays: Fact<String>,
    pub payment_triggers: Fact<String>,
    pub payment_exempt: Fact<String>,
    pub payment_cap_exempt: Fact<String>,
    pub payment_litigation: Fact<String>,
    pub licence_memo: Fact<String>,
}

impl H1b {
    /// The regular cap plus the master's cap (85,000 at the last review).
    pub fn cap_total(&self) -> String {
        group_thousands(self.cap_regular.value + self.cap_masters.value)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tn {
    pub usmca: Fact<String>,
    pub citizens_only: Fact<String>,
    pub profession: Fact<String>,
    pub scope: Fact<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GreenCard {
    pub eb3: Fact<String>,
    pub schedule_a: Fact<String>,
    pub eb2: Fact<String>,
    pub priority_date: Fact<String>,
    pub chargeability: Fact<String>,
    pub tn_intent: Fact<String>,
}

/// INA 212(a)(5)(C) health-care worker certificate (CGFNS VisaScreen).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthcareCertificate {
    pub covered: Fact<String>,
    pub who_needs: Fact<String>,
    pub generalists_only: Fact<String>,
    pub visascreen: Fact<String>,
    pub components: Fact<String>,
    pub english_exempt: Fact<String>,
    pub english_tests: Fact<String>,
    /// 8 CFR 212.15(g) minimums for occupations that need a bachelor's degree (technologists).
    pub english_scientist: Fact<String>,
    /// The minimums below bachelor's level (technicians).
    pub english_technician: Fact<String>,
    pub english_other_scores: Fact<String>,
    pub english_at_home: Fact<String>,
    pub valid_years: Fact<u32>,
    pub renewal: Fact<String>,
    pub issuer_name: Fact<String>,
    pub when_shown: Fact<String>,
}

/// Which credential evaluators a board accepts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    pub board: String,
    pub rule: Fact<String>,
}

/// Degree and accreditation rules of the certifying bodies (the advisor's verdicts rest on them).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    pub degree_equivalence: Fact<String>,
    pub ascpi_accreditation: Fact<String>,
}
