//! HTTP routes: the page, its assets and the JSON API.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use podpis_verifier::{now_unix, verify_auth_token_json};
use serde::Deserialize;

use crate::assets;
use crate::challenge::Challenges;
use crate::config::Config;
use crate::person::Person;
use crate::report_form;
use crate::session::{self, Session, Sessions};
use crate::store::{BrowserCheck, Part, Record, ReportStore, StoreError};
use crate::verdict;

/// Largest request body (a report and its signature, base64 in JSON).
const MAX_BODY: usize = 96 * 1024 * 1024;

/// Shared state of the running cabinet.
#[derive(Debug, Clone)]
pub struct AppState(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    config: Config,
    challenges: Challenges,
    sessions: Sessions,
    store: ReportStore,
}

impl AppState {
    /// State for `config` (opens the data directory).
    pub fn new(config: Config) -> std::io::Result<AppState> {
        let store = ReportStore::open(&config.data_dir)?;
        let challenges = Challenges::new(config.challenge_ttl);
        Ok(AppState(Arc::new(Inner { config, challenges, sessions: Sessions::default(), store })))
    }
}

/// A failed API call: HTTP status, stable code, Russian message.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: String,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, code: &str, message: impl Into<String>) -> ApiError {
        ApiError { status, code: code.into(), message: message.into() }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(serde_json::json!({ "code": self.code, "message": self.message }))).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotFound => ApiError::new(StatusCode::NOT_FOUND, "NOT_FOUND", "Отчёт не найден."),
            StoreError::Io(e) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "STORAGE", format!("Ошибка хранилища отчётов: {e}")),
        }
    }
}

/// The router of the cabinet.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(|| async { page(assets::INDEX_HTML, "text/html; charset=utf-8") }))
        .route("/app.js", get(|| async { page(assets::APP_JS, "text/javascript; charset=utf-8") }))
        .route("/style.css", get(|| async { page(assets::STYLE_CSS, "text/css; charset=utf-8") }))
        .route("/api/info", get(info))
        .route("/api/me", get(me))
        .route("/api/login/challenge", post(challenge))
        .route("/api/login", post(login))
        .route("/api/logout", post(logout))
        .route("/api/digest", post(digest))
        .route("/api/reports", get(list_reports).post(upload_report))
        .route("/reports/{id}/{part}", get(download))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}

fn page(body: &'static str, content_type: &'static str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    r
}

/// Rejects state-changing requests from other sites (besides SameSite).
fn same_origin(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(o) if o != state.0.config.origin => {
            Err(ApiError::new(StatusCode::FORBIDDEN, "FOREIGN_ORIGIN", format!("Запрос с чужого сайта ({o}) отклонён.")))
        }
        _ => Ok(()),
    }
}

fn session_id(headers: &HeaderMap) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(session::cookie_value).map(str::to_string)
}

fn current(state: &AppState, headers: &HeaderMap) -> Result<Session, ApiError> {
    session_id(headers)
        .and_then(|id| state.0.sessions.get(&id))
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "NOT_LOGGED_IN", "Войдите по сертификату."))
}

async fn info(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "origin": state.0.config.origin, "trustedRoots": state.0.config.root_names }))
}

async fn me(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<Session>, ApiError> {
    current(&state, &headers).map(Json)
}

/// `_body`: read (and ignored) so the connection stays usable for keep-alive.
async fn challenge(State(state): State<AppState>, headers: HeaderMap, _body: Bytes) -> Result<Json<crate::challenge::Issued>, ApiError> {
    same_origin(&state, &headers)?;
    Ok(Json(state.0.challenges.issue(now_unix())))
}

/// The login the page posts.
#[derive(Debug, Deserialize)]
struct LoginRequest {
    /// Challenge id from `/api/login/challenge`.
    id: String,
    /// The object `podpis.authenticate` resolved.
    token: serde_json::Value,
}

async fn login(State(state): State<AppState>, headers: HeaderMap, Json(req): Json<LoginRequest>) -> Result<Response, ApiError> {
    same_origin(&state, &headers)?;
    let now = now_unix();
    let nonce = state.0.challenges.take(&req.id, now).map_err(|e| ApiError::new(StatusCode::UNAUTHORIZED, e.code(), e.message_ru()))?;
    let c = &state.0.config;
    let identity = verify_auth_token_json(&req.token.to_string(), &c.origin, &nonce, &c.roots, now)
        .map_err(|e| ApiError::new(StatusCode::UNAUTHORIZED, e.code(), format!("Вход не выполнен. {}", verdict::message_ru(&e))))?;
    let algorithm = req.token.get("algorithm").and_then(|a| a.as_str()).unwrap_or_default().to_string();
    let s = Session { person: Person::from(&identity), algorithm, since: now };
    let id = state.0.sessions.start(s.clone());
    let mut r = Json(s).into_response();
    r.headers_mut().insert(header::SET_COOKIE, HeaderValue::from_str(&session::set_cookie(&id)).expect("cookie is ASCII"));
    Ok(r)
}

async fn logout(State(state): State<AppState>, headers: HeaderMap, _body: Bytes) -> Result<Response, ApiError> {
    same_origin(&state, &headers)?;
    if let Some(id) = session_id(&headers) {
        state.0.sessions.end(&id);
    }
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut().insert(header::SET_COOKIE, HeaderValue::from_str(&session::clear_cookie()).expect("cookie is ASCII"));
    Ok(r)
}

#[derive(Debug, Deserialize)]
struct DigestQuery {
    alg: String,
}

/// The digest of the posted bytes: for GOST keys while the extension
/// cannot compute Streebog over a file itself.
async fn digest(State(state): State<AppState>, headers: HeaderMap, Query(q): Query<DigestQuery>, body: Bytes) -> Result<Json<serde_json::Value>, ApiError> {
    same_origin(&state, &headers)?;
    current(&state, &headers)?;
    let alg: podpis_digest::DigestAlgorithm = serde_json::from_value(serde_json::Value::String(q.alg.clone()))
        .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "BAD_ALGORITHM", format!("Неизвестный алгоритм хэширования {}.", q.alg)))?;
    let d = podpis_digest::digest(alg, &body);
    Ok(Json(serde_json::json!({ "digestAlgorithm": alg.as_str(), "digest": base64::engine::general_purpose::STANDARD.encode(d) })))
}

/// A signed report the page uploads.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Upload {
    file_name: String,
    /// The report, base64.
    report: String,
    /// Detached CMS, base64 DER.
    signature: String,
    browser_check: Option<BrowserCheck>,
}

async fn upload_report(State(state): State<AppState>, headers: HeaderMap, Json(up): Json<Upload>) -> Result<(StatusCode, Json<Record>), ApiError> {
    same_origin(&state, &headers)?;
    let s = current(&state, &headers)?;
    let b64 = base64::engine::general_purpose::STANDARD;
    let bad = |what: &str| ApiError::new(StatusCode::BAD_REQUEST, "BAD_UPLOAD", format!("Не удалось прочитать {what}."));
    let report = b64.decode(up.report.as_bytes()).map_err(|_| bad("отчёт"))?;
    let signature = b64.decode(up.signature.as_bytes()).map_err(|_| bad("подпись"))?;
    let file_name: String = up.file_name.chars().filter(|c| !c.is_control() && *c != '/' && *c != '\\').take(200).collect();
    if file_name.is_empty() || report.is_empty() {
        return Err(bad("отчёт"));
    }
    let now = now_unix();
    let verdict = verdict::verify(&report, &signature, &state.0.config.roots, now);
    let record = Record {
        id: 0,
        file_name,
        size: report.len() as u64,
        form: report_form::detect(&report),
        uploaded_at: now,
        uploaded_by: s.person.thumbprint.clone(),
        browser_check: up.browser_check,
        verdict,
    };
    let st = state.clone();
    let saved = tokio::task::spawn_blocking(move || st.0.store.save(&report, &signature, record))
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "STORAGE", format!("Ошибка хранилища отчётов: {e}")))??;
    Ok((StatusCode::CREATED, Json(saved)))
}

async fn list_reports(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<Vec<Record>>, ApiError> {
    let s = current(&state, &headers)?;
    Ok(Json(state.0.store.list(&s.person.thumbprint)?))
}

async fn download(State(state): State<AppState>, headers: HeaderMap, Path((id, part)): Path<(u32, String)>) -> Result<Response, ApiError> {
    let s = current(&state, &headers)?;
    let record = state.0.store.get(id)?;
    if record.uploaded_by != s.person.thumbprint {
        return Err(StoreError::NotFound.into());
    }
    let (part, name, ctype) = match part.as_str() {
        "report" => (Part::Report, record.file_name.clone(), "application/xml"),
        "signature" => (Part::Signature, format!("{}.sig", record.file_name), "application/pkcs7-signature"),
        _ => return Err(StoreError::NotFound.into()),
    };
    let bytes = state.0.store.read(id, part)?;
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    let disposition = format!("attachment; filename=\"report-{id}\"; filename*=UTF-8''{}", percent_encode(&name));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).expect("ASCII after percent-encoding"));
    Ok(r)
}

/// RFC 5987 value encoding.
fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}
