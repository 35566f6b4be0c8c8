//! The endpoints of `aisync serve`, and what every request passes first: no body, and the
//! bearer token when one is set (`/healthz` excepted). Each answer is read from the database in
//! a blocking task of its own, so a sync writing never stalls the server, and answers with the
//! JSON the CLI command prints.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::clock::Clock;
use super::params::{self, BadQuery};
use super::readiness;
use crate::commands::changes::ChangesArgs;
use crate::commands::cost::CostArgs;
use crate::commands::models::info::InfoArgs;
use crate::commands::models::list::{self, ListArgs};
use crate::config::Config;
use crate::error::Error;
use crate::secret::Secret;
use crate::store::Store;

/// What every handler shares.
pub struct App {
    pub config: Config,
    pub clock: Clock,
    /// The providers that take part in a sync (enabled, with credentials), for `/readyz`.
    pub taking_part: Vec<String>,
    pub token: Option<Secret>,
    /// How long one answer may take.
    pub timeout: Duration,
}

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/v1/models", get(models))
        .route("/v1/models/{provider}/{*id}", get(model))
        .route("/v1/changes", get(changes))
        .route("/v1/cost", get(cost))
        .route("/openapi.json", get(openapi))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// Why a request was not answered.
#[derive(Debug)]
pub enum Failure {
    BadRequest(String),
    NotFound(String),
    /// Logged in full; the client is told only that it failed.
    Internal(String),
}

impl From<BadQuery> for Failure {
    fn from(e: BadQuery) -> Self {
        Self::BadRequest(e.0)
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        use crate::query::{FindError, PickError};
        match e {
            Error::Find(FindError::Pick(PickError::Unknown { .. })) => {
                Self::NotFound(e.to_string())
            }
            e if e.exit_code() == crate::error::code::USAGE => Self::BadRequest(e.to_string()),
            e => Self::Internal(e.to_string()),
        }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            Self::BadRequest(m) => (StatusCode::BAD_REQUEST, m),
            Self::NotFound(m) => (StatusCode::NOT_FOUND, m),
            Self::Internal(m) => {
                tracing::error!(error = %m, "a request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the catalog could not be read; the server's log says why".to_owned(),
                )
            }
        };
        error(status, &message)
    }
}

/// `{"error": {"status", "type", "message"}}`.
pub fn error(status: StatusCode, message: &str) -> Response {
    let kind = match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "body_not_accepted",
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
        _ => "internal",
    };
    let body = serde_json::json!({
        "error": {"status": status.as_u16(), "type": kind, "message": message}
    });
    json(status, format!("{body}\n"))
}

fn json(status: StatusCode, body: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// Answers from the database off the async threads, within the time an answer may take, with
/// the clock read as the request arrives.
async fn blocking<F>(app: &Arc<App>, work: F) -> Response
where
    F: FnOnce(&Config) -> Result<Response, Failure> + Send + 'static,
{
    let shared = Arc::clone(app);
    let task = tokio::task::spawn_blocking(move || {
        let mut config = shared.config.clone();
        config.now = shared.clock.now();
        work(&config)
    });
    match tokio::time::timeout(app.timeout, task).await {
        Ok(Ok(Ok(response))) => response,
        Ok(Ok(Err(failure))) => failure.into_response(),
        Ok(Err(panicked)) => Failure::Internal(panicked.to_string()).into_response(),
        Err(_) => error(
            StatusCode::SERVICE_UNAVAILABLE,
            "the answer took too long; try again",
        ),
    }
}

/// Every request: refused with a body, or without the token when one is set.
async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    // A write method is the router's to refuse (405); a read with a body is refused here.
    let reads = matches!(*request.method(), Method::GET | Method::HEAD);
    let has_body = headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .is_some_and(|v| v.as_bytes() != b"0");
    if reads && has_body {
        return error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request bodies are not accepted: every endpoint is a GET with query parameters",
        );
    }
    if let Some(token) = &app.token
        && request.uri().path() != "/healthz"
    {
        // The scheme's name is case-insensitive (RFC 9110); the token is not.
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim());
        if !given.is_some_and(|g| same(g.as_bytes(), token.expose().as_bytes())) {
            let mut response = error(
                StatusCode::UNAUTHORIZED,
                "send the token of AISYNC_SERVE_TOKEN as `Authorization: Bearer TOKEN`",
            );
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            return response;
        }
    }
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    tracing::debug!(%method, path, status = response.status().as_u16(), "request");
    response
}

/// Equal, in a time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn healthz() -> Response {
    json(StatusCode::OK, "{\"status\":\"ok\"}\n".to_owned())
}

async fn readyz(State(app): State<Arc<App>>) -> Response {
    let taking_part = app.taking_part.clone();
    blocking(&app, move |config| {
        let health = Store::open_read_only(&config.database)
            .and_then(|s| s.health())
            .map_err(|e| Failure::Internal(e.to_string()))?;
        let readiness = readiness::decide(&taking_part, &health, config.now);
        let status = if readiness.is_ready() {
            StatusCode::OK
        } else {
            StatusCode::SERVICE_UNAVAILABLE
        };
        let body = serde_json::to_string(&readiness).unwrap_or_default();
        Ok(json(status, body + "\n"))
    })
    .await
}

async fn metrics(State(app): State<Arc<App>>) -> Response {
    blocking(&app, |config| {
        let text = match Store::open_read_only(&config.database).and_then(|s| s.figures()) {
            Ok(figures) => crate::output::metrics::text(&figures),
            Err(e) => {
                tracing::error!(error = %e, "cannot read the metrics' figures");
                crate::output::metrics::down()
            }
        };
        Ok((
            StatusCode::OK,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
            )],
            text,
        )
            .into_response())
    })
    .await
}

async fn models(State(app): State<Arc<App>>, RawQuery(query): RawQuery) -> Response {
    blocking(&app, move |config| {
        let mut pairs = params::pairs(query.as_deref());
        let openai = match params::take_one(&mut pairs, "format")?.as_deref() {
            None | Some("json") => false,
            Some("openai") => true,
            Some(other) => {
                return Err(Failure::BadRequest(format!(
                    "format={other:?}: expected json (the default) or openai"
                )));
            }
        };
        let args: ListArgs = params::parse(&[], &pairs)?;
        let views = list::select(config, &args)?;
        if openai {
            return Ok(json(
                StatusCode::OK,
                crate::output::openai::list_json(&views),
            ));
        }
        let mut body = Vec::new();
        crate::output::models::write_list_json(&mut body, &views)
            .map_err(|e| Failure::Internal(e.to_string()))?;
        Ok(json(
            StatusCode::OK,
            String::from_utf8(body).map_err(|e| Failure::Internal(e.to_string()))?,
        ))
    })
    .await
}

async fn model(
    State(app): State<Arc<App>>,
    Path((provider, id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    blocking(&app, move |config| {
        let pairs = params::pairs(query.as_deref());
        let args: InfoArgs = params::parse(&[id, provider], &pairs)?;
        crate::commands::models::info::answer(config, &args, true)
            .map(|body| json(StatusCode::OK, body))
            .map_err(|e| match e {
                // A provider that is not known has no models: not found, like an unknown id.
                Error::UnknownProvider(e) => Failure::NotFound(e.to_string()),
                e => e.into(),
            })
    })
    .await
}

async fn changes(State(app): State<Arc<App>>, RawQuery(query): RawQuery) -> Response {
    blocking(&app, move |config| {
        let args: ChangesArgs = params::parse(&[], &params::pairs(query.as_deref()))?;
        let entries = crate::commands::changes::select(config, &args)?;
        Ok(json(StatusCode::OK, crate::output::changes::json(&entries)))
    })
    .await
}

async fn cost(State(app): State<Arc<App>>, RawQuery(query): RawQuery) -> Response {
    blocking(&app, move |config| {
        let mut pairs = params::pairs(query.as_deref());
        // `model` (and with it `provider`) are the command's positionals; without a model,
        // `provider` filters the ranking as `--provider` does.
        let mut positionals = Vec::new();
        if let Some(model) = params::take_one(&mut pairs, "model")? {
            positionals.push(model);
            if let Some(provider) = params::take_one(&mut pairs, "provider")? {
                positionals.push(provider);
            }
        }
        let args: CostArgs = params::parse(&positionals, &pairs)?;
        let body = crate::commands::cost::answer(config, &args, true)?;
        Ok(json(StatusCode::OK, body))
    })
    .await
}

async fn openapi() -> Response {
    json(StatusCode::OK, include_str!("openapi.json").to_owned())
}

async fn not_found(request: Request<Body>) -> Response {
    error(
        StatusCode::NOT_FOUND,
        &format!(
            "no endpoint {}; /openapi.json lists them",
            request.uri().path()
        ),
    )
}

async fn method_not_allowed(method: Method) -> Response {
    let mut response = error(
        StatusCode::METHOD_NOT_ALLOWED,
        &format!("{method} is not allowed: every endpoint is read with GET"),
    );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
    response
}
