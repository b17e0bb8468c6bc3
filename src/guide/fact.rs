//! One fact of the guide and how sure we are of it: the types every section of `facts.toml`
//! (`facts` and `topics`) is built from.

use serde::Deserialize;

/// How sure we are of a fact: pages state `Uncertain` facts only with a caution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Verified,
    Likely,
    Uncertain,
}

impl Confidence {
    pub fn label(&self) -> &'static str {
        match self {
            Confidence::Verified => "Confirmed by an official source",
            Confidence::Likely => "Likely (secondary or possibly dated source)",
            Confidence::Uncertain => "Not confirmed",
        }
    }

    pub fn short_label(&self) -> &'static str {
        match self {
            Confidence::Verified => "Confirmed",
            Confidence::Likely => "Likely",
            Confidence::Uncertain => "Not confirmed",
        }
    }

    pub fn is_uncertain(&self) -> bool {
        *self == Confidence::Uncertain
    }
}

/// One fact: a value, how sure we are, and the ids of the sources behind it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact<T> {
    pub value: T,
    pub confidence: Confidence,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// The date the value was true (a figure from a dated edition, a fee schedule); `labminds facts review` lists it once older than 12 months.
    #[serde(default)]
    pub as_of: Option<super::facts::ReviewDate>,
    /// The date a rule lapses unless renewed (the $100,000 proclamation's sunset); `labminds facts review` lists it once passed.
    #[serde(default)]
    pub expires: Option<super::facts::ReviewDate>,
}

impl Fact<u32> {
    /// The value with thousands separators, e.g. `342,900`.
    pub fn grouped(&self) -> String {
        group_thousands(self.value)
    }
}

/// `1234567` → `1,234,567` (US style, as on the official pages we link).
pub fn group_thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
