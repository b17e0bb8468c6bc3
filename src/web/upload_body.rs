//! The body of a document upload (issue 14): multipart/form-data with a few text fields and one
//! file, streamed under the same hard caps as the intake form (`web::intake::body`). These two
//! paths are the only ones besides `/apply` whose body may reach 10 MB (`is_upload_path`, read by
//! `web::middleware::limit_body_size`). The dashboard's guard does not read these bodies (it
//! cannot without buffering the file): the handler checks the CSRF token of the body it reads,
//! `csrf_token`, which the forms send first, before anything is stored.

use actix_web::HttpRequest;
use actix_web::http::header;
use actix_web::web;
use futures_util::StreamExt;

use crate::domain::document_upload::{FILE_FIELD, MAX_DOCUMENT_BYTES, PostedFile};
use crate::domain::text::is_storable;
use crate::web::intake::body::{
    BodyError, FilePart, capped_multipart, classify, read_file_part, read_part,
};

/// The candidate's upload on My application.
pub(crate) const PORTAL_UPLOAD_PATH: &str = "/my-application/documents";

/// Largest text part (a date, a type key, the CSRF token).
const MAX_TEXT_PART_BYTES: usize = 1024;
/// More parts than the form has is not a browser.
const MAX_PARTS: usize = 20;

/// The paths whose body is an upload: My application's and the candidate page's
/// (`/admin/candidates/{id}/documents`).
pub(crate) fn is_upload_path(path: &str) -> bool {
    if path == PORTAL_UPLOAD_PATH {
        return true;
    }
    path.strip_prefix("/admin/candidates/")
        .and_then(|rest| rest.strip_suffix("/documents"))
        .is_some_and(|id| !id.is_empty() && !id.contains('/'))
}

/// What an upload form posted, before any validation.
#[derive(Debug, Default)]
pub(crate) struct PostedUpload {
    pub(crate) fields: Vec<(String, String)>,
    pub(crate) file: PostedFile,
}

impl PostedUpload {
    pub(crate) fn field(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

pub(crate) async fn read(
    request: &HttpRequest,
    payload: web::Payload,
) -> Result<PostedUpload, BodyError> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !content_type.starts_with("multipart/form-data") {
        return Err(BodyError::UnsupportedMediaType);
    }
    let mut multipart = capped_multipart(request, payload);
    let mut posted = PostedUpload::default();
    let mut parts = 0usize;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(classify)?;
        parts += 1;
        if parts > MAX_PARTS {
            return Err(BodyError::Malformed);
        }
        let name = field.name().unwrap_or_default().to_owned();
        if name == FILE_FIELD {
            posted.file = read_file(&mut field).await?;
            continue;
        }
        let value = read_part(&mut field, MAX_TEXT_PART_BYTES).await?;
        let value = String::from_utf8(value.to_vec()).map_err(|_| BodyError::Malformed)?;
        if !is_storable(&value) || !is_storable(&name) {
            return Err(BodyError::Unstorable);
        }
        posted.fields.push((name, value));
    }
    Ok(posted)
}

/// A file over the limit is drained (so the other fields still arrive) and reported as too large,
/// which the form shows beside the field instead of a bare 413.
async fn read_file(field: &mut actix_multipart::Field) -> Result<PostedFile, BodyError> {
    Ok(match read_file_part(field, MAX_DOCUMENT_BYTES).await? {
        FilePart::TooLarge => PostedFile::TooLarge,
        FilePart::Empty => PostedFile::None,
        FilePart::File { file_name, bytes } => PostedFile::File { file_name, bytes },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_two_upload_paths_may_carry_a_document() {
        assert!(is_upload_path("/my-application/documents"));
        assert!(is_upload_path(
            "/admin/candidates/0191c1d0-0000-7000-8000-000000000000/documents"
        ));
        assert!(!is_upload_path("/admin/candidates//documents"));
        assert!(!is_upload_path("/admin/candidates/a/b/documents"));
        assert!(!is_upload_path("/admin/candidates/a/notes"));
        assert!(!is_upload_path("/my-application/details"));
    }
}
