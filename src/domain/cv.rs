//! The optional CV upload, recognised by its content (magic bytes), never by its name or the
//! browser's content type: a renamed .exe or web page is refused.

use actix_web::web::Bytes;

pub(crate) const MAX_CV_BYTES: usize = 10 * 1024 * 1024;
/// Smaller than any real CV; catches empty and truncated files.
pub(crate) const MIN_CV_BYTES: usize = 1024;
const MAX_FILE_NAME_CHARS: usize = 200;

/// What the form received in its `cv` field, before inspection.
#[derive(Debug, Clone, Default)]
pub enum CvUpload {
    /// No file chosen.
    #[default]
    None,
    File {
        file_name: String,
        bytes: Bytes,
    },
    /// Over `MAX_CV_BYTES`: the reader stopped keeping the bytes.
    TooLarge,
}

crate::domain::choices::stored_list!(
    /// What a CV is, by its content; `application_files_kind_check` holds the same list.
    CvKind {
        Pdf => "pdf",
        Doc => "doc",
        Docx => "docx",
        Odt => "odt",
        Rtf => "rtf",
    }
);

impl CvKind {
    pub fn content_type(self) -> &'static str {
        match self {
            CvKind::Pdf => "application/pdf",
            CvKind::Doc => "application/msword",
            CvKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            CvKind::Odt => "application/vnd.oasis.opendocument.text",
            CvKind::Rtf => "application/rtf",
        }
    }

    /// Recognises the five formats from their first bytes (and, for the zip-based ones, the
    /// names of the parts inside).
    pub(crate) fn sniff(bytes: &[u8]) -> Option<Self> {
        const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        const ZIP: &[u8] = b"PK\x03\x04";
        const ODT_MIMETYPE: &[u8] = b"mimetypeapplication/vnd.oasis.opendocument.text";
        // The "WordDocument" stream name in UTF-16LE: tells a Word file from other OLE files
        // (Excel, installers) that share the same header.
        const WORD_STREAM: &[u8] = b"W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0";
        if bytes.starts_with(b"%PDF-") {
            Some(CvKind::Pdf)
        } else if bytes.starts_with(b"{\\rtf") {
            Some(CvKind::Rtf)
        } else if bytes.starts_with(OLE) && contains(bytes, WORD_STREAM) {
            Some(CvKind::Doc)
        } else if bytes.starts_with(ZIP) {
            // An ODT's first entry is an uncompressed `mimetype` file, right after its header.
            let head = &bytes[..bytes.len().min(128)];
            if contains(head, ODT_MIMETYPE) {
                Some(CvKind::Odt)
            } else if contains(bytes, b"word/") && contains(bytes, b"[Content_Types].xml") {
                Some(CvKind::Docx)
            } else {
                None
            }
        } else {
            None
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A CV whose content is one of the accepted formats and whose size is sane.
#[derive(Debug, Clone)]
pub(crate) struct CvFile {
    kind: CvKind,
    file_name: String,
    bytes: Bytes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum CvError {
    #[error("the file is larger than 10 MB")]
    TooLarge,
    #[error("the file is empty or too small to be a CV")]
    TooSmall,
    #[error("the file is not a PDF, Word, OpenDocument or RTF document")]
    UnsupportedType,
}

impl CvFile {
    /// `Ok(None)` when no file was chosen.
    pub(crate) fn parse(upload: CvUpload) -> Result<Option<Self>, CvError> {
        let (file_name, bytes) = match upload {
            CvUpload::None => return Ok(None),
            CvUpload::TooLarge => return Err(CvError::TooLarge),
            CvUpload::File { file_name, bytes } => (file_name, bytes),
        };
        if bytes.len() > MAX_CV_BYTES {
            return Err(CvError::TooLarge);
        }
        if bytes.len() < MIN_CV_BYTES {
            return Err(CvError::TooSmall);
        }
        let kind = CvKind::sniff(&bytes).ok_or(CvError::UnsupportedType)?;
        Ok(Some(Self {
            file_name: clean_file_name(&file_name, kind),
            kind,
            bytes,
        }))
    }

    pub(crate) fn kind(&self) -> CvKind {
        self.kind
    }

    /// The name the person's device gave the file, without any path or control characters.
    pub(crate) fn file_name(&self) -> &str {
        &self.file_name
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub(crate) fn size(&self) -> usize {
        self.bytes.len()
    }
}

/// Keeps the last path segment (old browsers send `C:\Users\…\cv.pdf`), drops control characters,
/// caps the length, and falls back to `cv.<ext>`.
fn clean_file_name(raw: &str, kind: CvKind) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_FILE_NAME_CHARS)
        .collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() || cleaned.chars().all(|c| c == '.') {
        format!("cv.{}", kind.as_str())
    } else {
        cleaned.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn padded(head: &[u8]) -> Bytes {
        let mut bytes = head.to_vec();
        bytes.resize(2048, b' ');
        Bytes::from(bytes)
    }

    fn upload(name: &str, bytes: Bytes) -> CvUpload {
        CvUpload::File {
            file_name: name.to_owned(),
            bytes,
        }
    }

    #[test]
    fn each_format_is_recognised_by_its_content() {
        let docx = [
            b"PK\x03\x04".as_slice(),
            b"[Content_Types].xml..word/document.xml",
        ]
        .concat();
        let odt = [
            b"PK\x03\x04".as_slice(),
            &[0; 26],
            b"mimetypeapplication/vnd.oasis.opendocument.text",
        ]
        .concat();
        let doc = [
            [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1].as_slice(),
            b"W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0",
        ]
        .concat();
        for (head, kind) in [
            (b"%PDF-1.7".to_vec(), CvKind::Pdf),
            (b"{\\rtf1\\ansi".to_vec(), CvKind::Rtf),
            (docx, CvKind::Docx),
            (odt, CvKind::Odt),
            (doc, CvKind::Doc),
        ] {
            let cv = CvFile::parse(upload("cv", padded(&head))).unwrap().unwrap();
            assert_eq!(cv.kind(), kind);
        }
    }

    #[test]
    fn renamed_programs_and_web_pages_are_refused() {
        for head in [
            b"MZ\x90\0".as_slice(),
            b"<html><script>alert(1)</script>",
            b"PK\x03\x04just a zip",
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
        ] {
            assert_eq!(
                CvFile::parse(upload("cv.pdf", padded(head))).map(|_| ()),
                Err(CvError::UnsupportedType)
            );
        }
        assert_eq!(
            CvFile::parse(upload("cv.pdf", Bytes::from_static(b"%PDF-1.4"))).map(|_| ()),
            Err(CvError::TooSmall)
        );
        assert_eq!(
            CvFile::parse(CvUpload::TooLarge).map(|_| ()),
            Err(CvError::TooLarge)
        );
        assert!(CvFile::parse(CvUpload::None).unwrap().is_none());
    }

    #[test]
    fn file_names_lose_paths_and_control_characters() {
        assert_eq!(
            clean_file_name("C:\\Users\\ana\\My CV.pdf", CvKind::Pdf),
            "My CV.pdf"
        );
        assert_eq!(clean_file_name("../../etc\r\n", CvKind::Pdf), "etc");
        assert_eq!(clean_file_name("..", CvKind::Docx), "cv.docx");
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..3000), name in ".*") {
            let _ = CvFile::parse(upload(&name, Bytes::from(bytes)));
        }
    }
}
