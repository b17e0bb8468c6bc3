//! A document upload as posted (`DocumentForm`: the type, the dates as typed, the file), parsed
//! once into `NewUpload` or per-field messages. The file is judged by its whole content
//! (`domain::upload`) against the kinds its type allows; the uploader's file name is only checked
//! for hostility (path parts, control or markup characters) and then dropped: the stored name is
//! derived (`LM-XXXXXXXX-passport.pdf`). Dates: an issue date cannot lie in the future, an expiry
//! date cannot come before the issue date; without a printed expiry, the type's validity gives
//! one. Nothing here touches the database, so a refused upload stores nothing.

use actix_web::web::Bytes;
use time::Date;

use crate::documents::types::{DocumentType, DocumentTypes};
use crate::domain::FormErrors;
use crate::domain::upload::{self, FileKind};
use crate::jobs::parse_as_of;

/// The largest document accepted (the column's check agrees).
pub(crate) const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;
/// Smaller than any real scan or photo: catches empty and truncated files.
pub(crate) const MIN_DOCUMENT_BYTES: usize = 64;
/// The longest file name a device gives that we look at.
const MAX_NAME_CHARS: usize = 255;

/// The multipart field of the file.
pub(crate) const FILE_FIELD: &str = "file";

/// What the file part held.
#[derive(Debug, Clone, Default)]
pub(crate) enum PostedFile {
    #[default]
    None,
    File {
        file_name: String,
        bytes: Bytes,
    },
    /// Over `MAX_DOCUMENT_BYTES`: the reader stopped keeping the bytes.
    TooLarge,
}

/// The text fields as typed (kept for the form shown again).
#[derive(Debug, Clone, Default)]
pub(crate) struct DocumentForm {
    pub(crate) type_key: String,
    pub(crate) issued_on: String,
    pub(crate) expires_on: String,
}

impl DocumentForm {
    pub(crate) fn set(&mut self, name: &str, value: String) {
        match name {
            "type" => self.type_key = value,
            "issued_on" => self.issued_on = value,
            "expires_on" => self.expires_on = value,
            _ => {}
        }
    }
}

/// An upload that passed every check.
#[derive(Debug, Clone)]
pub(crate) struct NewUpload {
    pub(crate) document_type: &'static DocumentType,
    pub(crate) kind: FileKind,
    pub(crate) bytes: Bytes,
    pub(crate) issued_on: Option<Date>,
    /// As printed, or computed from the type's validity and the issue date.
    pub(crate) expires_on: Option<Date>,
}

impl NewUpload {
    pub(crate) fn parse(
        form: &DocumentForm,
        file: &PostedFile,
        types: &'static DocumentTypes,
        today: Date,
    ) -> Result<NewUpload, FormErrors> {
        let mut errors = FormErrors::default();
        let document_type = types.get(form.type_key.trim());
        if document_type.is_none() {
            errors.add("type", "Choose which document this is from the list.");
        }
        let issued_on = optional_date(&form.issued_on, "issued_on", &mut errors);
        if issued_on.is_some_and(|d| d > today) {
            errors.add(
                "issued_on",
                "The issue date cannot be in the future: check the date on the document.",
            );
        }
        let printed = optional_date(&form.expires_on, "expires_on", &mut errors);
        if let (Some(issued), Some(expires)) = (issued_on, printed)
            && expires < issued
        {
            errors.add(
                "expires_on",
                "The expiry date cannot be before the issue date.",
            );
        }
        let kind = match document_type {
            Some(t) => check_file(file, t, &mut errors),
            None => None,
        };
        match (document_type, kind, file) {
            (Some(document_type), Some(kind), PostedFile::File { bytes, .. })
                if errors.is_empty() =>
            {
                Ok(NewUpload {
                    document_type,
                    kind,
                    bytes: bytes.clone(),
                    issued_on,
                    expires_on: document_type.validity.expires_on(issued_on, printed),
                })
            }
            _ => Err(errors),
        }
    }
}

fn optional_date(raw: &str, field: &'static str, errors: &mut FormErrors) -> Option<Date> {
    if raw.trim().is_empty() {
        return None;
    }
    match parse_as_of(raw) {
        Ok(date) => Some(date),
        Err(_) => {
            errors.add(
                field,
                "Enter the date as on a calendar, for example 2026-03-15.",
            );
            None
        }
    }
}

fn check_file(
    file: &PostedFile,
    document_type: &DocumentType,
    errors: &mut FormErrors,
) -> Option<FileKind> {
    let formats = document_type.files.label();
    let (name, bytes) = match file {
        PostedFile::None => {
            errors.add(
                FILE_FIELD,
                format!("Choose the file to upload ({formats})."),
            );
            return None;
        }
        PostedFile::TooLarge => {
            errors.add(
                FILE_FIELD,
                "The file is larger than 10 MB: scan it at a lower resolution, or as a PDF.",
            );
            return None;
        }
        PostedFile::File { file_name, bytes } => (file_name, bytes),
    };
    if is_hostile_name(name) {
        errors.add(
            FILE_FIELD,
            "The file's name holds characters we do not accept (folders, control characters or < > \" \\). Rename the file and choose it again.",
        );
        return None;
    }
    if bytes.len() < MIN_DOCUMENT_BYTES {
        errors.add(
            FILE_FIELD,
            "The file is empty or too small to be a document: choose it again.",
        );
        return None;
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        errors.add(FILE_FIELD, "The file is larger than 10 MB.");
        return None;
    }
    let kind = upload::detect(bytes, document_type.files.kinds());
    if kind.is_none() {
        errors.add(
            FILE_FIELD,
            format!("The file is not a {formats} file (we check what it holds, not its name)."),
        );
    }
    kind
}

/// A name no device gives an ordinary file: folder parts, control characters, markup or quote
/// characters, a reserved dot name, or one longer than file systems allow.
pub(crate) fn is_hostile_name(name: &str) -> bool {
    let trimmed = name.trim();
    trimmed.chars().count() > MAX_NAME_CHARS
        || trimmed == "."
        || trimmed == ".."
        || trimmed
            .chars()
            .any(|c| c.is_control() || matches!(c, '/' | '\\' | '<' | '>' | '"' | '\u{202e}'))
}

/// The name a document is stored and offered under: `LM-7KQ2M9XD-passport.pdf`.
pub(crate) fn stored_name(reference: &str, type_key: &str, kind: FileKind) -> String {
    format!(
        "{reference}-{}.{}",
        type_key.replace('_', "-"),
        kind.as_str()
    )
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::documents::document_types;

    const TODAY: Date = date!(2026 - 12 - 01);

    fn pdf() -> Bytes {
        let mut pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
        pdf.resize(2000, b' ');
        pdf.extend_from_slice(b"\nstartxref\n9\n%%EOF\n");
        Bytes::from(pdf)
    }

    fn form(type_key: &str, issued: &str, expires: &str) -> DocumentForm {
        DocumentForm {
            type_key: type_key.into(),
            issued_on: issued.into(),
            expires_on: expires.into(),
        }
    }

    fn file(name: &str, bytes: Bytes) -> PostedFile {
        PostedFile::File {
            file_name: name.into(),
            bytes,
        }
    }

    fn fields(result: Result<NewUpload, FormErrors>) -> Vec<&'static str> {
        result.unwrap_err().iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_pdf_with_an_issue_date_gets_the_computed_expiry() {
        let upload = NewUpload::parse(
            &form("english_test", "2025-03-10", ""),
            &file("IELTS.pdf", pdf()),
            document_types(),
            TODAY,
        )
        .expect("accepted");
        assert_eq!(upload.kind, FileKind::Pdf);
        assert_eq!(upload.expires_on, Some(date!(2027 - 03 - 09)));
        let printed = NewUpload::parse(
            &form("passport", "2020-01-05", "2030-01-04"),
            &file("passport.pdf", pdf()),
            document_types(),
            TODAY,
        )
        .expect("accepted");
        assert_eq!(printed.expires_on, Some(date!(2030 - 01 - 04)));
    }

    #[test]
    fn bad_dates_and_unknown_types_get_messages_beside_their_fields() {
        let t = document_types();
        let future = NewUpload::parse(
            &form("passport", "2026-12-02", ""),
            &file("p.pdf", pdf()),
            t,
            TODAY,
        );
        assert_eq!(fields(future), ["issued_on"]);
        let backwards = NewUpload::parse(
            &form("passport", "2026-01-10", "2026-01-09"),
            &file("p.pdf", pdf()),
            t,
            TODAY,
        );
        assert_eq!(fields(backwards), ["expires_on"]);
        let unknown = NewUpload::parse(
            &form("diploma_of_magic", "", ""),
            &file("p.pdf", pdf()),
            t,
            TODAY,
        );
        assert_eq!(fields(unknown), ["type"]);
        let garbled = NewUpload::parse(
            &form("passport", "10/03/2025", "soon"),
            &file("p.pdf", pdf()),
            t,
            TODAY,
        );
        assert_eq!(fields(garbled), ["issued_on", "expires_on"]);
    }

    #[test]
    fn files_that_are_not_what_they_claim_too_large_empty_or_hostile_are_refused() {
        let t = document_types();
        let cases = [
            file(
                "scan.pdf",
                Bytes::from_static(b"MZ\x90\0not a pdf at all, a program renamed to .pdf ...."),
            ),
            file("scan.pdf", Bytes::new()),
            PostedFile::TooLarge,
            PostedFile::None,
            file("../../etc/passport.pdf", pdf()),
            file("passport<script>.pdf", pdf()),
            file("pass\u{0}port.pdf", pdf()),
        ];
        for case in cases {
            let result = NewUpload::parse(&form("passport", "", ""), &case, t, TODAY);
            assert_eq!(fields(result), [FILE_FIELD], "{case:?}");
        }
    }

    #[test]
    fn a_cv_may_be_a_word_file_but_a_passport_may_not() {
        assert!(DocumentForm::default().type_key.is_empty());
        let t = document_types();
        let passport = t.get("passport").expect("passport");
        let cv = t.get("cv").expect("cv");
        assert!(!passport.files.kinds().contains(&FileKind::Docx));
        assert!(cv.files.kinds().contains(&FileKind::Docx));
        assert!(!cv.files.kinds().contains(&FileKind::Png));
    }

    #[test]
    fn stored_names_come_from_the_reference_and_type() {
        assert_eq!(
            stored_name("LM-7KQ2M9XD", "english_test", FileKind::Png),
            "LM-7KQ2M9XD-english-test.png"
        );
    }
}
