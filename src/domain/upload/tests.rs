use super::*;
use proptest::prelude::*;

const ALL: &[FileKind] = &[
    FileKind::Pdf,
    FileKind::Doc,
    FileKind::Docx,
    FileKind::Odt,
    FileKind::Rtf,
    FileKind::Jpeg,
    FileKind::Png,
];

/// A ZIP of stored (uncompressed) entries, as a word processor would write one.
pub(crate) fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        let size = data.len() as u32;
        let mut local = b"PK\x03\x04".to_vec();
        local.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        local.extend_from_slice(&size.to_le_bytes());
        local.extend_from_slice(&size.to_le_bytes());
        local.extend_from_slice(&(name.len() as u16).to_le_bytes());
        local.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&local);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        let mut central = b"PK\x01\x02".to_vec();
        central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
        directory.extend_from_slice(&central);
    }
    let dir_offset = out.len() as u32;
    out.extend_from_slice(&directory);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    let count = (entries.len() as u16).to_le_bytes();
    out.extend_from_slice(&count);
    out.extend_from_slice(&count);
    out.extend_from_slice(&(directory.len() as u32).to_le_bytes());
    out.extend_from_slice(&dir_offset.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}

pub(crate) fn docx() -> Vec<u8> {
    zip(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", &[b'x'; 1500]),
    ])
}

pub(crate) fn odt() -> Vec<u8> {
    zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", &[b'x'; 1500]),
    ])
}

/// A Compound File of 512-byte sectors with one allocation-table sector and a Word stream name.
pub(crate) fn doc() -> Vec<u8> {
    let mut bytes = vec![0u8; 512 * 4];
    bytes[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    bytes[28..30].copy_from_slice(&[0xFE, 0xFF]);
    bytes[30..32].copy_from_slice(&9u16.to_le_bytes());
    bytes[44..48].copy_from_slice(&1u32.to_le_bytes());
    // The allocation table in sector 0: itself, then two one-sector chains, the rest free.
    for (i, entry) in [0xFFFF_FFFDu32, 0xFFFF_FFFE, 0xFFFF_FFFE]
        .iter()
        .enumerate()
    {
        bytes[512 + 4 * i..516 + 4 * i].copy_from_slice(&entry.to_le_bytes());
    }
    for i in 3..128 {
        bytes[512 + 4 * i..516 + 4 * i].copy_from_slice(&u32::MAX.to_le_bytes());
    }
    let name = b"W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0";
    bytes[1024..1024 + name.len()].copy_from_slice(name);
    bytes
}

pub(crate) fn pdf() -> Vec<u8> {
    let mut pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    pdf.resize(2000, b' ');
    pdf.extend_from_slice(b"\nxref\n0 1\ntrailer << >>\nstartxref\n9\n%%EOF\n");
    pdf
}

fn rtf() -> Vec<u8> {
    let mut rtf = b"{\\rtf1\\ansi {\\b Ana} \\{literal\\} {\\*\\pict\\bin3 }}}".to_vec();
    rtf.extend_from_slice(&[b' '; 1200]);
    rtf.extend_from_slice(b"text}}\r\n");
    rtf
}

fn jpeg() -> Vec<u8> {
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
    jpeg.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    jpeg.extend_from_slice(&[0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0]);
    jpeg.extend_from_slice(&[0x55; 1500]);
    jpeg.extend_from_slice(&[0xFF, 0xD9]);
    jpeg
}

fn png() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let chunk = |png: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        png.extend_from_slice(&[0; 4]);
    };
    chunk(&mut png, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
    chunk(&mut png, b"IDAT", &[0x78; 1500]);
    chunk(&mut png, b"IEND", &[]);
    png
}

fn all_kinds() -> Vec<(FileKind, Vec<u8>)> {
    vec![
        (FileKind::Pdf, pdf()),
        (FileKind::Doc, doc()),
        (FileKind::Docx, docx()),
        (FileKind::Odt, odt()),
        (FileKind::Rtf, rtf()),
        (FileKind::Jpeg, jpeg()),
        (FileKind::Png, png()),
    ]
}

#[test]
fn each_kind_is_recognised_as_itself_only() {
    for (kind, bytes) in all_kinds() {
        assert_eq!(detect(&bytes, ALL), Some(kind), "{kind:?}");
        let others: Vec<FileKind> = ALL.iter().copied().filter(|k| *k != kind).collect();
        assert_eq!(detect(&bytes, &others), None, "{kind:?}");
    }
}

#[test]
fn a_valid_file_with_anything_appended_or_prepended_is_refused() {
    for (kind, bytes) in all_kinds() {
        for extra in [
            &b"<html><script>alert(1)</script></html>"[..],
            b"MZ\x90\0",
            b"x",
        ] {
            let tail = [bytes.as_slice(), extra].concat();
            assert_eq!(detect(&tail, ALL), None, "{kind:?} with a tail {extra:?}");
            let head = [extra, bytes.as_slice()].concat();
            assert_eq!(detect(&head, ALL), None, "{kind:?} with a head {extra:?}");
        }
    }
}

#[test]
fn a_word_file_with_whole_sectors_appended_is_refused() {
    let mut tail = b"<html><script>alert(1)</script></html>".to_vec();
    tail.resize(512, b' ');
    assert_eq!(detect(&[doc(), tail].concat(), ALL), None);
}

#[test]
fn a_pdf_that_is_also_a_web_page_is_refused() {
    let mut page = b"%PDF-1.4\n<html><script>alert(document.domain)</script>\n".to_vec();
    page.extend_from_slice(&pdf()[9..]);
    assert_eq!(detect(&page, ALL), None);
    // Trailing white space after %%EOF is normal.
    assert_eq!(
        detect(&[pdf(), b"\r\n\n".to_vec()].concat(), ALL),
        Some(FileKind::Pdf)
    );
}

#[test]
fn truncated_and_look_alike_files_are_refused() {
    for (kind, bytes) in all_kinds() {
        let cut = &bytes[..bytes.len() - 3];
        assert_eq!(detect(cut, ALL), None, "{kind:?} cut short");
    }
    assert_eq!(detect(b"PK\x03\x04just a zip", ALL), None);
    assert_eq!(detect(&zip(&[("a.txt", b"hello")]), ALL), None);
}

#[test]
fn the_stored_name_comes_from_the_reference_and_the_kind() {
    let reference = ApplicationReference::parse("LM-7KQ2M9XD").unwrap();
    assert_eq!(
        stored_name(&reference, "cv", FileKind::Pdf),
        "LM-7KQ2M9XD-cv.pdf"
    );
    assert_eq!(
        stored_name(&reference, "cv", FileKind::Docx),
        "LM-7KQ2M9XD-cv.docx"
    );
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..3000)) {
        let _ = detect(&bytes, ALL);
    }

    #[test]
    fn arbitrary_tails_of_a_zip_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..200)) {
        let bytes = [docx(), tail].concat();
        let _ = detect(&bytes, ALL);
    }
}
