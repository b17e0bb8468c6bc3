//! Input the database cannot store is refused at the door, for every route: a NUL byte (raw or
//! `%00`) in the path, the query string or an urlencoded form body gets a 400 page before any
//! handler, extractor or SQL sees it. New routes and forms get the rule without doing anything.
//! Multipart bodies (the intake form with its CV) are checked part by part by their reader, with
//! the same rule (`domain::text::is_storable`), since a file may hold any byte.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError, web};

use crate::domain::text::encoded_is_storable;
use crate::web::error::AppError;

pub(crate) async fn refuse_unstorable_input(
    mut request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let uri = request.uri();
    let query = uri.query().unwrap_or_default();
    if !encoded_is_storable(uri.path().as_bytes()) || !encoded_is_storable(query.as_bytes()) {
        return Ok(refuse(request, AppError::UnstorableInput));
    }
    if is_urlencoded(&request) {
        let body = match read_body(&mut request).await {
            Ok(body) => body,
            Err(error) => return Ok(refuse(request, error)),
        };
        if !encoded_is_storable(&body) {
            return Ok(refuse(request, AppError::UnstorableInput));
        }
        // The body is handed on decoded: the handler's extractor must not inflate it again.
        request.headers_mut().remove(header::CONTENT_ENCODING);
        request.set_payload(Payload::from(body));
    }
    Ok(next.call(request).await?.map_into_left_body())
}

fn refuse<B>(request: ServiceRequest, error: AppError) -> ServiceResponse<EitherBody<B>> {
    request
        .into_response(error.error_response())
        .map_into_right_body()
}

fn is_urlencoded(request: &ServiceRequest) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| {
            essence
                .trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// The whole body, inflated when it is compressed, within the extractor's limit (256 KiB, above
/// every form's; the route's own lower limit was checked from Content-Length before). A body that
/// inflates past it is a 413, logged at warn: it is the client's doing, not ours.
async fn read_body(request: &mut ServiceRequest) -> Result<web::Bytes, AppError> {
    request
        .extract::<web::Bytes>()
        .await
        .map_err(|error| body_error(&error))
}

/// What a failed body read means for the client.
pub(crate) fn body_error(error: &Error) -> AppError {
    match error.as_error::<PayloadError>() {
        Some(PayloadError::Overflow) => {
            tracing::warn!("request body over the limit, answering 413");
            AppError::PayloadTooLarge
        }
        _ => AppError::BadRequest,
    }
}
