//! `/static/{name}` and `/favicon.ico`: the embedded files of `assets`, immutable, with their
//! fingerprint as a strong ETag (so a revalidation is a 304).

use actix_web::{HttpRequest, HttpResponse, web};

use crate::web::assets::{self, Asset};
use crate::web::error::AppError;
use crate::web::respond::{self, CachePolicy, Validated};

pub(crate) async fn serve_asset(
    name: web::Path<String>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (asset, etag) = assets::find(&name).ok_or(AppError::NotFound)?;
    Ok(asset_response(asset, etag, &request))
}

/// Browsers ask for /favicon.ico on their own, whatever the page links.
pub(crate) async fn serve_favicon(request: HttpRequest) -> Result<HttpResponse, AppError> {
    serve_asset(web::Path::from("favicon.ico".to_owned()), request).await
}

fn asset_response(
    asset: &Asset,
    etag: &actix_web::http::header::HeaderValue,
    request: &HttpRequest,
) -> HttpResponse {
    let Validated {
        fresh,
        mut response,
    } = respond::validated(request, CachePolicy::Immutable, etag);
    if fresh {
        response.finish()
    } else {
        response.content_type(asset.content_type).body(asset.bytes)
    }
}
