//! `labminds facts review [--as-of YYYY-MM-DD]`: what in `facts.toml` needs a look on that date
//! (reviews older than 12 months, rules past their expiry), one line each; exit status 1 when
//! anything is listed, so a scheduled check or a release script can stop on it. Needs no database
//! and no configuration: it reads the facts compiled into this binary.

use std::process::ExitCode;

use clap::Subcommand;

use super::AsOf;
use crate::guide::review::{self, REVIEW_MONTHS};

#[derive(Subcommand, Debug, Clone, PartialEq, Eq)]
pub enum FactsCommand {
    /// List every fact, page and state entry whose review date (reviewed, as_of) is more than 12
    /// months before the date, or whose expiry date has come; exit status 1 when any is listed.
    Review(AsOf),
}

pub fn run(command: &FactsCommand) -> ExitCode {
    match command {
        FactsCommand::Review(as_of) => {
            let (text, any) = report(as_of.date());
            print!("{text}");
            if any {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// The report for a date, and whether it lists anything.
fn report(as_of: time::Date) -> (String, bool) {
    let due = review::due_on(as_of);
    let mut text = String::new();
    for entry in &due {
        text.push_str(&format!("{entry}\n"));
    }
    if due.is_empty() {
        text.push_str(&format!(
            "as of {as_of}: every review is less than {REVIEW_MONTHS} months old and nothing has expired\n"
        ));
    } else {
        text.push_str(&format!(
            "as of {as_of}: {} entr{} of src/guide/facts.toml to review\n",
            due.len(),
            if due.len() == 1 { "y" } else { "ies" }
        ));
    }
    (text, !due.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_report_names_the_expired_payment_rule_and_counts() {
        let (text, any) = report(date!(2026 - 12 - 01));
        assert!(any);
        // The $100,000 proclamation's sunset, wherever the fact lives.
        assert!(
            text.contains(": expires 2026-09-21; check whether"),
            "{text}"
        );
        assert!(text.trim_end().ends_with("to review"), "{text}");
        // Before every date the file holds, nothing can be due.
        let (text, any) = report(date!(2000 - 01 - 01));
        assert!(!any, "{text}");
        assert!(text.contains("nothing has expired"), "{text}");
    }
}
