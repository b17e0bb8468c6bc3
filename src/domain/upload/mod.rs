//! Uploaded files, judged by their whole content, never by the uploader's name or the browser's
//! content type. A file is accepted only when it is, from its first byte to its last, one of the
//! kinds the upload allows: a PDF with an HTML tail, a ZIP with a page in front, or a Word file
//! with bytes appended is none of them. The stored and offered name is derived from the kind
//! (`LM-XXXXXXXX-cv.pdf`), so nothing the uploader chose reaches a recruiter's disk. The CV and
//! the candidates' documents (PDF, JPEG, PNG: `domain::document_upload`) go through it.

mod containers;

use crate::domain::ApplicationReference;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Doc,
    Docx,
    Odt,
    Rtf,
    Jpeg,
    Png,
}

impl FileKind {
    /// The extension of the derived file name, and the stored kind.
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Doc => "doc",
            FileKind::Docx => "docx",
            FileKind::Odt => "odt",
            FileKind::Rtf => "rtf",
            FileKind::Jpeg => "jpg",
            FileKind::Png => "png",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Doc => "application/msword",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Odt => "application/vnd.oasis.opendocument.text",
            FileKind::Rtf => "application/rtf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
        }
    }

    /// True when `bytes` is wholly a file of this kind.
    fn is_whole(self, bytes: &[u8]) -> bool {
        match self {
            FileKind::Pdf => is_pdf(bytes),
            FileKind::Rtf => is_rtf(bytes),
            FileKind::Doc => containers::is_word_97(bytes),
            FileKind::Docx => containers::is_docx(bytes),
            FileKind::Odt => containers::is_odt(bytes),
            FileKind::Jpeg => containers::is_jpeg(bytes),
            FileKind::Png => containers::is_png(bytes),
        }
    }
}

/// The one allowed kind `bytes` wholly is, if any.
pub(crate) fn detect(bytes: &[u8], allowed: &[FileKind]) -> Option<FileKind> {
    let mut matching = allowed.iter().copied().filter(|kind| kind.is_whole(bytes));
    let kind = matching.next()?;
    // A file that passes as two kinds at once is a polyglot: refused.
    matching.next().is_none().then_some(kind)
}

/// The name a file is stored and offered under: the application's reference, what the file is
/// for, and the detected kind's extension, e.g. `LM-7KQ2M9XD-cv.pdf`.
pub(crate) fn stored_name(
    reference: &ApplicationReference,
    purpose: &'static str,
    kind: FileKind,
) -> String {
    format!("{}-{purpose}.{}", reference.as_str(), kind.as_str())
}

/// Markup a browser would take for a page, in the first kilobyte of a text-based format.
fn has_markup_head(bytes: &[u8]) -> bool {
    let head = bytes[..bytes.len().min(1024)].to_ascii_lowercase();
    [
        &b"<html"[..],
        b"<script",
        b"<svg",
        b"<!doctype",
        b"<body",
        b"<iframe",
    ]
    .iter()
    .any(|tag| contains(&head, tag))
}

pub(super) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn is_trailing_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n' | b'\0')
}

/// `%PDF-x.y` at the start, `startxref` and `%%EOF` at the end with nothing after it but white
/// space (ISO 32000-1 7.5.5; readers find the trailer from the end, so a tail is hidden content).
fn is_pdf(bytes: &[u8]) -> bool {
    let header = bytes.len() > 8
        && bytes.starts_with(b"%PDF-")
        && bytes[5].is_ascii_digit()
        && bytes[6] == b'.'
        && bytes[7].is_ascii_digit();
    if !header || has_markup_head(bytes) {
        return false;
    }
    let end = bytes.len()
        - bytes
            .iter()
            .rev()
            .take_while(|b| is_trailing_space(**b))
            .count();
    let body = &bytes[..end];
    let tail = &body[body.len().saturating_sub(1024)..];
    body.ends_with(b"%%EOF") && contains(tail, b"startxref")
}

/// `{\rtf` at the start and one group that closes exactly at the end (escaped braces and
/// `\binN` data skipped), followed by nothing but white space.
fn is_rtf(bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"{\\rtf") || has_markup_head(bytes) {
        return false;
    }
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                if bytes[i + 1..].starts_with(b"bin") {
                    let digits: Vec<u8> = bytes[i + 4..]
                        .iter()
                        .copied()
                        .take_while(u8::is_ascii_digit)
                        .collect();
                    let skip: usize = std::str::from_utf8(&digits)
                        .ok()
                        .and_then(|d| d.parse().ok())
                        .unwrap_or(0);
                    i += 4
                        + digits.len()
                        + usize::from(bytes.get(i + 4 + digits.len()) == Some(&b' '))
                        + skip;
                    continue;
                }
                i += 2;
                continue;
            }
            b'{' => depth += 1,
            b'}' => {
                let Some(less) = depth.checked_sub(1) else {
                    return false;
                };
                depth = less;
                if depth == 0 {
                    return bytes[i + 1..].iter().all(|b| is_trailing_space(*b));
                }
            }
            _ => {}
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests;
