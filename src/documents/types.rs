//! The document types (`types.toml`), embedded and parsed once like the guide's facts. The state
//! licences are one template in the file, expanded here into one type per licensing state of the
//! facts (`state_licence_ca`, …), so a state added to the facts gets its licence type too.

use std::sync::LazyLock;

use serde::Deserialize;

use super::validity::Validity;
use crate::domain::cv::CV_KINDS;
use crate::domain::upload::FileKind;
use crate::guide::facts::{Facts, facts};

/// What a document may be: identity papers and certificates are scans or photos.
pub(crate) const DOCUMENT_KINDS: &[FileKind] = &[FileKind::Pdf, FileKind::Jpeg, FileKind::Png];

/// The prefix of the per-state licence keys: `state_licence_` + the state's code in lower case.
pub(crate) const STATE_LICENCE_PREFIX: &str = "state_licence_";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Files {
    /// PDF, JPEG or PNG.
    Documents,
    /// The CV's formats (the intake form's).
    Cv,
}

impl Files {
    pub(crate) fn kinds(self) -> &'static [FileKind] {
        match self {
            Files::Documents => DOCUMENT_KINDS,
            Files::Cv => CV_KINDS,
        }
    }

    /// The formats, as the upload field's hint says them.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Files::Documents => "PDF, JPEG or PNG",
            Files::Cv => "PDF, Word, OpenDocument or RTF",
        }
    }
}

/// One document type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DocumentType {
    /// Stable id, stored in `document_checklist_items.type_key`.
    pub(crate) key: String,
    pub(crate) name: String,
    /// What the document proves, in the candidate's words.
    pub(crate) proves: String,
    pub(crate) issuer: String,
    pub(crate) validity: Validity,
    /// Days before the expiry date from which the item is "expiring" (and reminders go out).
    pub(crate) warn_days: u16,
    pub(crate) files: Files,
    /// Said beside the validity where the period is not confirmed by a source.
    #[serde(default)]
    pub(crate) validity_note: Option<String>,
    /// Fact ids in `src/guide/facts.toml` (checked to exist by a unit test): the yearly review
    /// of a fact finds the types resting on it here.
    #[cfg_attr(not(test), expect(dead_code, reason = "read by the unit tests only"))]
    pub(crate) facts: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateLicence {
    proves: String,
    issuer: String,
    validity: Validity,
    warn_days: u16,
    files: Files,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TypesFile {
    types: Vec<DocumentType>,
    state_licence: StateLicence,
}

/// Every document type, the fixed ones in file order and then one licence per licensing state.
#[derive(Debug)]
pub(crate) struct DocumentTypes {
    types: Vec<DocumentType>,
}

impl DocumentTypes {
    pub(crate) fn parse(text: &str, f: &Facts) -> Result<DocumentTypes, toml::de::Error> {
        let file: TypesFile = toml::from_str(text)?;
        let template = file.state_licence;
        let mut types = file.types;
        for state in f.licensure_states() {
            let title = state.licence_title.as_deref().unwrap_or("licence");
            types.push(DocumentType {
                key: format!("{STATE_LICENCE_PREFIX}{}", state.code.to_ascii_lowercase()),
                name: format!("{} {title}", state.name),
                proves: template.proves.clone(),
                issuer: state
                    .board_name
                    .clone()
                    .unwrap_or_else(|| template.issuer.clone()),
                validity: template.validity,
                warn_days: template.warn_days,
                files: template.files,
                validity_note: None,
                facts: vec![format!("states.{}.licence", state.slug)],
            });
        }
        Ok(DocumentTypes { types })
    }

    pub(crate) fn get(&self, key: &str) -> Option<&DocumentType> {
        self.types.iter().find(|t| t.key == key)
    }

    pub(crate) fn all(&self) -> &[DocumentType] {
        &self.types
    }

    /// The licence type of a state (`CA` → `state_licence_ca`), if the state licenses lab staff.
    pub(crate) fn state_licence(&self, code: &str) -> Option<&DocumentType> {
        self.get(&format!(
            "{STATE_LICENCE_PREFIX}{}",
            code.to_ascii_lowercase()
        ))
    }
}

static TYPES: LazyLock<DocumentTypes> = LazyLock::new(|| {
    // Fixed at compile time; `tests::types_file_parses_and_cites_existing_facts` proves it parses.
    DocumentTypes::parse(include_str!("types.toml"), facts())
        .expect("src/documents/types.toml parses (see the documents unit tests)")
});

/// The parsed types, shared by the whole process.
pub(crate) fn document_types() -> &'static DocumentTypes {
    &TYPES
}
