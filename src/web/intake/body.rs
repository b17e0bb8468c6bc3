//! Reads the POST body of the form: multipart/form-data (with the CV) streamed under hard caps, or
//! application/x-www-form-urlencoded (no CV). Chunked bodies have no Content-Length for the global
//! middleware to check, so every byte is counted here.

use actix_multipart::{Multipart, MultipartError};
use actix_web::HttpRequest;
use actix_web::error::PayloadError;
use actix_web::http::header;
use actix_web::web::{self, Bytes, BytesMut};
use futures_util::StreamExt;

use crate::domain::cv::MAX_CV_BYTES;
use crate::domain::intake_form::FILE_FIELD;
use crate::domain::text::is_storable;
use crate::domain::{CvUpload, IntakeForm};
use crate::web::error::AppError;
use crate::web::middleware::MAX_APPLY_BYTES;

/// Largest answer in one text part (the message is at most 2000 characters, 8000 UTF-8 bytes).
const MAX_TEXT_PART_BYTES: usize = 16 * 1024;
/// All text answers together, and the largest urlencoded body.
const MAX_TEXT_BYTES: usize = 256 * 1024;
/// More parts than the form has fields (with repeats) is not a browser.
const MAX_PARTS: usize = 200;

/// What the person posted, before any validation.
pub(crate) struct Posted {
    pub(crate) form: IntakeForm,
    pub(crate) cv: CvUpload,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum BodyError {
    #[error("the body is larger than we accept")]
    TooLarge,
    #[error("the body is not a well-formed form")]
    Malformed,
    #[error("the body is not a form encoding")]
    UnsupportedMediaType,
    #[error("a text part holds a character the database cannot store")]
    Unstorable,
}

impl From<BodyError> for AppError {
    fn from(error: BodyError) -> Self {
        match error {
            BodyError::TooLarge => AppError::PayloadTooLarge,
            BodyError::Malformed => AppError::BadRequest,
            BodyError::UnsupportedMediaType => AppError::UnsupportedMediaType,
            BodyError::Unstorable => AppError::UnstorableInput,
        }
    }
}

pub(crate) async fn read(
    request: &HttpRequest,
    payload: web::Payload,
) -> Result<Posted, BodyError> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "multipart/form-data" => read_multipart(request, payload).await,
        "application/x-www-form-urlencoded" => {
            let body = read_capped(payload, MAX_TEXT_BYTES).await?;
            let pairs = parse_urlencoded(&body).ok_or(BodyError::Malformed)?;
            Ok(Posted {
                form: IntakeForm::from_pairs(pairs),
                cv: CvUpload::None,
            })
        }
        _ => Err(BodyError::UnsupportedMediaType),
    }
}

async fn read_capped(mut payload: web::Payload, cap: usize) -> Result<Bytes, BodyError> {
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| BodyError::Malformed)?;
        if body.len() + chunk.len() > cap {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// A multipart reader over a body that stops with `PayloadError::Overflow` (read as
/// `BodyError::TooLarge` by `classify`) once more than `MAX_APPLY_BYTES` have arrived, whatever the
/// parts claim. The intake form and the document uploads both read through it.
pub(crate) fn capped_multipart(request: &HttpRequest, payload: web::Payload) -> Multipart {
    let cap = usize::try_from(MAX_APPLY_BYTES).unwrap_or(usize::MAX);
    let mut seen = 0usize;
    let counted = payload.map(move |chunk| {
        let chunk = chunk?;
        seen += chunk.len();
        if seen > cap {
            Err(PayloadError::Overflow)
        } else {
            Ok(chunk)
        }
    });
    Multipart::new(request.headers(), counted)
}

async fn read_multipart(request: &HttpRequest, payload: web::Payload) -> Result<Posted, BodyError> {
    let mut multipart = capped_multipart(request, payload);
    let mut posted = Posted {
        form: IntakeForm::default(),
        cv: CvUpload::None,
    };
    let (mut parts, mut text_bytes) = (0usize, 0usize);
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(classify)?;
        parts += 1;
        if parts > MAX_PARTS {
            return Err(BodyError::Malformed);
        }
        let name = field.name().unwrap_or_default().to_owned();
        if name == FILE_FIELD {
            posted.cv = read_file(&mut field).await?;
            continue;
        }
        let value = read_part(&mut field, MAX_TEXT_PART_BYTES).await?;
        text_bytes += value.len();
        if text_bytes > MAX_TEXT_BYTES {
            return Err(BodyError::TooLarge);
        }
        let value = String::from_utf8(value.to_vec()).map_err(|_| BodyError::Malformed)?;
        // The rule `web::input` applies to every other body, here for the text parts only.
        if !is_storable(&value) || !is_storable(&name) {
            return Err(BodyError::Unstorable);
        }
        posted.form.set(&name, value);
    }
    Ok(posted)
}

pub(crate) async fn read_part(
    field: &mut actix_multipart::Field,
    cap: usize,
) -> Result<Bytes, BodyError> {
    let mut value = BytesMut::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(classify)?;
        if value.len() + chunk.len() > cap {
            return Err(BodyError::TooLarge);
        }
        value.extend_from_slice(&chunk);
    }
    Ok(value.freeze())
}

/// A file over the CV limit is drained (so the other answers still arrive) and reported as too
/// large, which the form shows beside the field instead of losing everything to a 413.
async fn read_file(field: &mut actix_multipart::Field) -> Result<CvUpload, BodyError> {
    Ok(match read_file_part(field, MAX_CV_BYTES).await? {
        FilePart::TooLarge => CvUpload::TooLarge,
        FilePart::Empty => CvUpload::None,
        FilePart::File { file_name, bytes } => CvUpload::File { file_name, bytes },
    })
}

/// What a file part held, read under a cap.
pub(crate) enum FilePart {
    /// The browser's "no file chosen" part.
    Empty,
    File {
        file_name: String,
        bytes: Bytes,
    },
    /// Over the cap: the bytes were drained, not kept.
    TooLarge,
}

/// Reads a file part, keeping at most `cap` bytes; a larger file is drained to its end so the
/// parts after it still arrive (the CV here, the documents' uploads in `web::upload_body`).
pub(crate) async fn read_file_part(
    field: &mut actix_multipart::Field,
    cap: usize,
) -> Result<FilePart, BodyError> {
    let file_name = field
        .content_disposition()
        .and_then(|d| d.get_filename())
        .unwrap_or_default()
        .to_owned();
    let mut bytes = BytesMut::new();
    let mut too_large = false;
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(classify)?;
        if too_large || bytes.len() + chunk.len() > cap {
            too_large = true;
            bytes = BytesMut::new();
        } else {
            bytes.extend_from_slice(&chunk);
        }
    }
    Ok(if too_large {
        FilePart::TooLarge
    } else if bytes.is_empty() && file_name.is_empty() {
        FilePart::Empty
    } else {
        FilePart::File {
            file_name,
            bytes: bytes.freeze(),
        }
    })
}

pub(crate) fn classify(error: MultipartError) -> BodyError {
    match error {
        MultipartError::Payload(PayloadError::Overflow) => BodyError::TooLarge,
        _ => BodyError::Malformed,
    }
}

/// Parses `a=1&b=x+y%21` strictly: a value that is not UTF-8 after decoding is an error (the
/// `url` crate would silently replace it, storing text the person never typed).
pub(crate) fn parse_urlencoded(body: &[u8]) -> Option<Vec<(String, String)>> {
    body.split(|b| *b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let mut halves = pair.splitn(2, |b| *b == b'=');
            let name = decode_component(halves.next().unwrap_or_default())?;
            let value = decode_component(halves.next().unwrap_or_default())?;
            Some((name, value))
        })
        .collect()
}

fn decode_component(raw: &[u8]) -> Option<String> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = raw.get(i + 1..i + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn urlencoded_bodies_decode_strictly() {
        assert_eq!(
            parse_urlencoded(b"given_name=Mar%C3%ADa+Jos%C3%A9&citizenship=PH&citizenship=CA"),
            Some(vec![
                ("given_name".into(), "María José".into()),
                ("citizenship".into(), "PH".into()),
                ("citizenship".into(), "CA".into()),
            ])
        );
        assert_eq!(parse_urlencoded(b"given_name=%FF%FE"), None);
        assert_eq!(parse_urlencoded(b"given_name=%G1"), None);
        assert_eq!(parse_urlencoded(b"given_name=%4"), None);
        assert_eq!(
            parse_urlencoded(b"a&b="),
            Some(vec![("a".into(), "".into()), ("b".into(), "".into())])
        );
    }

    proptest! {
        #[test]
        fn arbitrary_bodies_never_panic(body in proptest::collection::vec(any::<u8>(), 0..500)) {
            let _ = parse_urlencoded(&body);
        }
    }
}
