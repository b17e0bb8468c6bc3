//! The recruiters' pipeline stages, in the agency's working order, then the parking and closing
//! stages: a closed list like the intake's choices. The stored values match
//! `candidate_pipelines_stage_check`.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stage {
    pub value: &'static str,
    pub(crate) label: &'static str,
    /// Parking or closing stages (not eligible yet, on hold, withdrawn, rejected).
    pub(crate) closing: bool,
}

const fn stage(value: &'static str, label: &'static str, closing: bool) -> Stage {
    Stage {
        value,
        label,
        closing,
    }
}

pub const STAGES: &[Stage] = &[
    stage("new", "New", false),
    stage("contacted", "Contacted", false),
    stage("screening", "Screening", false),
    stage("credentialing", "Credentialing", false),
    stage("ready_to_present", "Ready to present", false),
    stage("submitted_to_client", "Submitted to client", false),
    stage("client_interview", "Client interview", false),
    stage("offer", "Offer", false),
    stage("immigration_processing", "Immigration processing", false),
    stage("placed", "Placed", false),
    stage("not_eligible_yet", "Not eligible yet", true),
    stage("on_hold", "On hold", true),
    stage("withdrawn", "Withdrawn", true),
    stage("rejected", "Rejected", true),
];

pub(crate) fn find(value: &str) -> Option<&'static Stage> {
    STAGES.iter().find(|s| s.value == value)
}

/// The label of a stored value; an unknown value (a newer binary's stage) is shown as stored.
pub(crate) fn label(value: &str) -> &str {
    find(value).map_or(value, |s| s.label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stage_is_found_by_its_value_and_new_comes_first() {
        assert_eq!(STAGES[0].value, "new");
        for s in STAGES {
            assert_eq!(find(s.value), Some(s));
        }
        assert_eq!(find("hired"), None);
        assert_eq!(label("on_hold"), "On hold");
    }

    #[test]
    fn the_migration_allows_exactly_these_stages() {
        let sql = include_str!("../../migrations/20261122170100_create_candidate_pipeline.sql");
        for s in STAGES {
            assert!(
                sql.contains(&format!("'{}'", s.value)),
                "{} missing",
                s.value
            );
        }
    }
}
