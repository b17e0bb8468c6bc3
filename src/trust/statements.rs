//! The operator's statements about the agency's own business (fees after placement, contracts),
//! from the TOML file `AGENCY_STATEMENTS_FILE` names. The site cannot check any of them, so
//! none has a default: without the file the trust page says only what the site itself
//! guarantees. The page shows them as the agency's own words, with the date it confirmed them.
//!
//! ```toml
//! confirmed = "2026-12-01"
//!
//! [[statement]]
//! heading = "Fees"
//! text = "We never charge candidates a fee, before or after placement."
//! ```

use serde::Deserialize;

use crate::guide::ReviewDate;

const MAX_STATEMENTS: usize = 20;
const MAX_HEADING_CHARS: usize = 120;
const MAX_TEXT_CHARS: usize = 2000;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyStatements {
    /// When the operator last confirmed that every statement is true.
    pub confirmed: ReviewDate,
    #[serde(rename = "statement")]
    pub statements: Vec<Statement>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub heading: String,
    pub text: String,
}

impl AgencyStatements {
    /// Reads and checks the file; the error is one line, for the configuration error.
    pub fn load(path: &std::path::Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("could not be read ({}: {e})", path.display()))?;
        Self::parse(&text).map_err(|e| format!("is not a valid statements file ({e})"))
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        let statements: AgencyStatements = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|span| text[..span.start.min(text.len())].lines().count().max(1));
            let message = e.message().replace('\n', " ");
            match line {
                Some(line) => format!("line {line}: {}", message.trim()),
                None => message.trim().to_owned(),
            }
        })?;
        statements.check()?;
        Ok(statements)
    }

    fn check(&self) -> Result<(), String> {
        if self.statements.is_empty() || self.statements.len() > MAX_STATEMENTS {
            return Err(format!(
                "it must hold 1 to {MAX_STATEMENTS} [[statement]] entries"
            ));
        }
        for (i, s) in self.statements.iter().enumerate() {
            let n = i + 1;
            check_text(&s.heading, MAX_HEADING_CHARS, false)
                .map_err(|e| format!("statement {n}'s heading {e}"))?;
            check_text(&s.text, MAX_TEXT_CHARS, true)
                .map_err(|e| format!("statement {n}'s text {e}"))?;
        }
        Ok(())
    }
}

fn check_text(value: &str, max: usize, lines: bool) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err("is empty".to_owned());
    }
    if value.chars().count() > max {
        return Err(format!("is longer than {max} characters"));
    }
    if value
        .chars()
        .any(|c| c.is_control() && !(lines && c == '\n'))
    {
        return Err("holds a control character".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_file_in_the_repository_parses() {
        let example = include_str!("../../docs/agency-statements.example.toml");
        let parsed = AgencyStatements::parse(example).unwrap();
        assert!(!parsed.statements.is_empty());
    }

    #[test]
    fn mistakes_are_named_on_one_line() {
        for (text, expected) in [
            ("confirmed = \"2026-12-01\"\n", "missing field `statement`"),
            (
                "confirmed = \"yesterday\"\n[[statement]]\nheading = \"a\"\ntext = \"b\"\n",
                "line 1",
            ),
            (
                "confirmed = \"2026-12-01\"\n[[statement]]\nheading = \"\"\ntext = \"b\"\n",
                "statement 1's heading is empty",
            ),
            (
                "confirmed = \"2026-12-01\"\n[[statement]]\nheading = \"a\"\ntext = \"b\"\nfee = 0\n",
                "unknown field `fee`",
            ),
        ] {
            let error = AgencyStatements::parse(text).unwrap_err();
            assert!(error.contains(expected), "{error}");
            assert!(!error.contains('\n'), "{error}");
        }
    }
}
