//! The optional CV upload, judged as a whole by the upload check (`domain::upload`), never by its
//! name or the browser's content type: a renamed .exe, a web page, or a PDF with a page appended
//! is refused. The name the uploader's device gave the file is dropped: the CV is stored and
//! offered as `LM-XXXXXXXX-cv.<kind>`.

use actix_web::web::Bytes;

use crate::domain::ApplicationReference;
use crate::domain::upload::{self, FileKind};

pub(crate) const MAX_CV_BYTES: usize = 10 * 1024 * 1024;
/// Smaller than any real CV; catches empty and truncated files.
pub(crate) const MIN_CV_BYTES: usize = 1024;

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

/// What a CV may be: PDF, Word (97-2003 and DOCX), OpenDocument text or RTF.
pub const CV_KINDS: &[FileKind] = &[
    FileKind::Pdf,
    FileKind::Doc,
    FileKind::Docx,
    FileKind::Odt,
    FileKind::Rtf,
];

/// A CV whose content is one of the accepted formats and whose size is sane.
#[derive(Debug, Clone)]
pub(crate) struct CvFile {
    kind: FileKind,
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
        let bytes = match upload {
            CvUpload::None => return Ok(None),
            CvUpload::TooLarge => return Err(CvError::TooLarge),
            CvUpload::File { bytes, .. } => bytes,
        };
        if bytes.len() > MAX_CV_BYTES {
            return Err(CvError::TooLarge);
        }
        if bytes.len() < MIN_CV_BYTES {
            return Err(CvError::TooSmall);
        }
        let kind = upload::detect(&bytes, CV_KINDS).ok_or(CvError::UnsupportedType)?;
        Ok(Some(Self { kind, bytes }))
    }

    pub(crate) fn kind(&self) -> FileKind {
        self.kind
    }

    /// The name the CV is stored and offered under, from the application's reference and the
    /// detected kind: `LM-7KQ2M9XD-cv.pdf`.
    pub(crate) fn stored_name(&self, reference: &ApplicationReference) -> String {
        upload::stored_name(reference, "cv", self.kind)
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub(crate) fn size(&self) -> usize {
        self.bytes.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn upload(name: &str, bytes: Vec<u8>) -> CvUpload {
        CvUpload::File {
            file_name: name.to_owned(),
            bytes: Bytes::from(bytes),
        }
    }

    fn pdf() -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
        pdf.resize(2000, b' ');
        pdf.extend_from_slice(b"\nstartxref\n9\n%%EOF\n");
        pdf
    }

    #[test]
    fn a_cv_is_named_from_its_reference_and_kind_never_from_the_upload() {
        let reference = ApplicationReference::parse("LM-7KQ2M9XD").unwrap();
        for name in [
            "cv.html",
            "cv.hta",
            "cv.bat",
            "cv.svg",
            "cv.exe",
            "../../x.pdf",
        ] {
            let cv = CvFile::parse(upload(name, pdf())).unwrap().unwrap();
            assert_eq!(cv.kind(), FileKind::Pdf);
            assert_eq!(cv.stored_name(&reference), "LM-7KQ2M9XD-cv.pdf");
        }
    }

    #[test]
    fn renamed_programs_web_pages_and_images_are_refused() {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.resize(2048, 0);
        for bytes in [
            [b"MZ\x90\0".as_slice(), &[0; 2000]].concat(),
            [b"<html><script>alert(1)</script>".as_slice(), &[b' '; 2000]].concat(),
            [pdf().as_slice(), b"<html><script>alert(1)</script></html>"].concat(),
            png,
        ] {
            assert_eq!(
                CvFile::parse(upload("cv.pdf", bytes)).map(|_| ()),
                Err(CvError::UnsupportedType)
            );
        }
        assert_eq!(
            CvFile::parse(upload("cv.pdf", b"%PDF-1.4".to_vec())).map(|_| ()),
            Err(CvError::TooSmall)
        );
        assert_eq!(
            CvFile::parse(CvUpload::TooLarge).map(|_| ()),
            Err(CvError::TooLarge)
        );
        assert!(CvFile::parse(CvUpload::None).unwrap().is_none());
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..3000), name in ".*") {
            let _ = CvFile::parse(upload(&name, bytes));
        }
    }
}
