//! Whole-file checks of the binary formats: ZIP (DOCX, ODT), the Compound File of Word 97-2003,
//! JPEG and PNG. Each walks the file's own structure from the first byte to the last and refuses
//! anything left over (a tail, a prefix, a gap between entries).

use super::contains;

fn u16_at(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 2)?;
    Some(usize::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 4)?;
    usize::try_from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])).ok()
}

/// One entry of a ZIP's central directory.
struct ZipEntry {
    name: Vec<u8>,
    method: usize,
    uses_descriptor: bool,
    compressed: usize,
    local_offset: usize,
}

/// The entries of a ZIP that is nothing but its entries and its directory: the end record closes
/// the file exactly, the directory ends where the end record starts, and the local entries tile
/// the bytes from offset 0 to the directory. No ZIP64 (no CV needs 4 GiB).
fn zip_entries(bytes: &[u8]) -> Option<Vec<ZipEntry>> {
    const END: &[u8] = b"PK\x05\x06";
    let search_from = bytes.len().saturating_sub(22 + 0xFFFF);
    let end = (search_from..=bytes.len().checked_sub(22)?)
        .rev()
        .find(|&at| bytes[at..].starts_with(END))?;
    if end + 22 + u16_at(bytes, end + 20)? != bytes.len() {
        return None;
    }
    let count = u16_at(bytes, end + 10)?;
    let (dir_size, dir_offset) = (u32_at(bytes, end + 12)?, u32_at(bytes, end + 16)?);
    if dir_offset.checked_add(dir_size)? != end || count == 0 {
        return None;
    }
    let mut entries = Vec::with_capacity(count);
    let mut at = dir_offset;
    for _ in 0..count {
        if !bytes.get(at..)?.starts_with(b"PK\x01\x02") {
            return None;
        }
        let name_len = u16_at(bytes, at + 28)?;
        let variable = name_len + u16_at(bytes, at + 30)? + u16_at(bytes, at + 32)?;
        entries.push(ZipEntry {
            name: bytes.get(at + 46..at + 46 + name_len)?.to_vec(),
            method: u16_at(bytes, at + 10)?,
            uses_descriptor: u16_at(bytes, at + 8)? & 0x8 != 0,
            compressed: u32_at(bytes, at + 20)?,
            local_offset: u32_at(bytes, at + 42)?,
        });
        at += 46 + variable;
    }
    (at == end && locals_tile(bytes, &entries, dir_offset)).then_some(entries)
}

/// Each local entry starts where the previous one ended (its header, name, extra field, data and
/// optional data descriptor), the first at 0 and the last ending at the directory.
fn locals_tile(bytes: &[u8], entries: &[ZipEntry], dir_offset: usize) -> bool {
    let mut offsets: Vec<&ZipEntry> = entries.iter().collect();
    offsets.sort_by_key(|e| e.local_offset);
    let mut expected = 0usize;
    for entry in offsets {
        let at = entry.local_offset;
        let header_ok = bytes
            .get(at..)
            .is_some_and(|b| b.starts_with(b"PK\x03\x04"));
        let (Some(name_len), Some(extra_len)) = (u16_at(bytes, at + 26), u16_at(bytes, at + 28))
        else {
            return false;
        };
        if !header_ok || at != expected {
            return false;
        }
        let mut next = at + 30 + name_len + extra_len + entry.compressed;
        if entry.uses_descriptor {
            // 12 bytes (crc, sizes), or 16 with the optional signature.
            next += if bytes
                .get(next..)
                .is_some_and(|b| b.starts_with(b"PK\x07\x08"))
            {
                16
            } else {
                12
            };
        }
        expected = next;
    }
    expected == dir_offset
}

/// An Office Open XML word-processing document: a whole ZIP with the content-types part and the
/// main document part.
pub(super) fn is_docx(bytes: &[u8]) -> bool {
    zip_entries(bytes).is_some_and(|entries| {
        let has = |name: &[u8]| entries.iter().any(|e| e.name == name);
        has(b"[Content_Types].xml") && has(b"word/document.xml")
    })
}

/// An OpenDocument text: a whole ZIP whose first entry is the uncompressed `mimetype` naming it.
pub(super) fn is_odt(bytes: &[u8]) -> bool {
    const MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.text";
    let Some(entries) = zip_entries(bytes) else {
        return false;
    };
    let Some(first) = entries.iter().min_by_key(|e| e.local_offset) else {
        return false;
    };
    first.name == b"mimetype"
        && first.method == 0
        && first.compressed == MIMETYPE.len()
        && bytes.get(30..38) == Some(b"mimetype")
        && bytes
            .get(38 + u16_at(bytes, 28).unwrap_or(0)..)
            .is_some_and(|b| b.starts_with(MIMETYPE))
}

/// A Word 97-2003 file: a Compound File (MS-CFB) whose size is its header plus whole sectors,
/// covered by its allocation table, holding a `WordDocument` stream.
pub(super) fn is_word_97(bytes: &[u8]) -> bool {
    const MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    const WORD_STREAM: &[u8] = b"W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0";
    if !bytes.starts_with(MAGIC) || bytes.get(28..30) != Some(&[0xFE, 0xFF]) {
        return false;
    }
    let sector = match u16_at(bytes, 30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return false,
    };
    let Some(fat_sectors) = u32_at(bytes, 44) else {
        return false;
    };
    let after_header = bytes.len().saturating_sub(sector);
    let covered = fat_sectors
        .saturating_mul(sector / 4)
        .saturating_mul(sector);
    bytes.len() > sector
        && after_header % sector == 0
        && after_header <= covered
        && last_sector_in_use(bytes, sector, after_header / sector)
        && contains(bytes, WORD_STREAM)
}

/// The file's last sector is allocated in the table: whole sectors appended to a Compound File
/// are free there (0xFFFFFFFF). Files past the header's 109 table sectors (over 7 MB with
/// 512-byte sectors) are not looked up that far.
fn last_sector_in_use(bytes: &[u8], sector: usize, sectors: usize) -> bool {
    const FREE: usize = 0xFFFF_FFFF;
    let Some(last) = sectors.checked_sub(1) else {
        return false;
    };
    let per_table_sector = sector / 4;
    let table_index = last / per_table_sector;
    if table_index >= 109 {
        return true;
    }
    let Some(table_sector) = u32_at(bytes, 76 + 4 * table_index) else {
        return false;
    };
    let entry_at = (table_sector + 1) * sector + (last % per_table_sector) * 4;
    u32_at(bytes, entry_at).is_some_and(|entry| entry != FREE)
}

/// A JPEG: SOI, marker segments of the lengths they declare up to the start of scan, then the
/// image data and EOI as the very last bytes.
pub(super) fn is_jpeg(bytes: &[u8]) -> bool {
    if !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) || !bytes.ends_with(&[0xFF, 0xD9]) {
        return false;
    }
    let mut at = 2;
    loop {
        let (Some(&0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            return false;
        };
        let Some(length) = bytes
            .get(at + 2..at + 4)
            .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
        else {
            return false;
        };
        if length < 2 {
            return false;
        }
        at += 2 + length;
        if marker == 0xDA {
            // Start of scan: the entropy-coded data runs to EOI, which must end the file.
            return at < bytes.len();
        }
    }
}

/// A PNG: the signature, then chunks of the lengths they declare, IHDR first and IEND ending the
/// file exactly.
pub(super) fn is_png(bytes: &[u8]) -> bool {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(SIGNATURE) || bytes.get(12..16) != Some(b"IHDR") {
        return false;
    }
    let mut at = SIGNATURE.len();
    while let Some(length) = bytes
        .get(at..at + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    {
        let Ok(length) = usize::try_from(length) else {
            return false;
        };
        let kind = bytes.get(at + 4..at + 8);
        at += 12 + length;
        if kind == Some(b"IEND") {
            return at == bytes.len();
        }
    }
    false
}
