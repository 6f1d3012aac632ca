//! The facade the host calls: [`TokenService`].

use std::collections::HashMap;
use std::sync::mpsc::Receiver;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::object::ObjectHandle;
use cryptoki::session::{Session, SessionState, UserType};
use podpis_protocol::{
    AuthToken, CertificateFilter, CertificateInfo, Event, ModuleStatus, SignFormat, SignResult, TokenInfo, TokenRef,
};

use crate::algorithms::{self, Algorithm, RawOptions};
use crate::certificates::{self, russian_attributes::owner_name, TokenCertificate};
use crate::hotplug::Hotplug;
use crate::module::{self, Module};
use crate::pin::cache::PinCache;
use crate::pin::prompt::wrong_pin_error;
use crate::pin::{PinEntry, PromptContext, Purpose};
use crate::slots::{present_tokens, token_info, PresentToken};
use crate::{auth, AuthJob, CancelToken, Payload, SignJob, TokenConfig, TokenError};

/// The token layer. `Send + Sync`: share it in an `Arc`.
pub struct TokenService {
    modules: Vec<Arc<Module>>,
    status: Vec<ModuleStatus>,
    pin: PinEntry,
    cache: PinCache,
    hotplug: Arc<Hotplug>,
}

fn now_unix() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// Per-token operation locks, process-wide: the PKCS#11 login state is
/// per process and token, so every service in the process must take
/// turns on a token (one operation logs in, signs and logs out).
fn token_locks() -> &'static Mutex<HashMap<TokenRef, Arc<AtomicBool>>> {
    static LOCKS: std::sync::OnceLock<Mutex<HashMap<TokenRef, Arc<AtomicBool>>>> = std::sync::OnceLock::new();
    LOCKS.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Who asks and why: the PIN prompt's context.
struct Request<'a> {
    purpose: Purpose,
    origin: &'a str,
    document: Option<&'a str>,
}

impl TokenService {
    /// Loads the configured modules (each once per process); a module that
    /// fails to load is reported by [`TokenService::module_status`].
    pub fn new(cfg: TokenConfig) -> TokenService {
        let (modules, status) = module::load_all(&cfg.modules);
        TokenService {
            modules,
            status,
            pin: PinEntry::new(cfg.pinentry.as_deref(), cfg.pin_timeout_seconds),
            cache: PinCache::new(cfg.pin_cache_seconds.map(Duration::from_secs)),
            hotplug: Arc::new(Hotplug::default()),
        }
    }

    /// Load state of every configured module.
    pub fn module_status(&self) -> Vec<ModuleStatus> {
        self.status.clone()
    }

    /// Tokens present in all loaded modules.
    pub fn list_tokens(&self) -> Result<Vec<TokenInfo>, TokenError> {
        Ok(present_tokens(&self.modules).into_iter().map(|t| t.info).collect())
    }

    /// Certificates with a private key on all tokens, filtered.
    pub fn list_certificates(&self, f: &CertificateFilter) -> Result<Vec<CertificateInfo>, TokenError> {
        let now = now_unix();
        let mut out = Vec::new();
        for t in present_tokens(&self.modules) {
            let certs = match self.token_certificates(&t) {
                Ok(c) => c,
                Err(TokenError::TokenRemoved) => continue,
                Err(e) => return Err(e),
            };
            for c in certs {
                let info = c.cert.to_info(&t.info, &c.id, now);
                if certificates::matches(&info, f) {
                    out.push(info);
                }
            }
        }
        Ok(out)
    }

    /// Signs (blocking: may prompt for the PIN).
    pub fn sign(&self, job: &SignJob, cancel: &CancelToken) -> Result<SignResult, TokenError> {
        let alg = job.payload.alg();
        let (digest, content) = match &job.payload {
            Payload::Digest { digest, .. } => {
                if digest.len() != alg.output_len() {
                    return Err(TokenError::BadInput(format!(
                        "{} digest must be {} bytes, got {}",
                        alg.as_str(),
                        alg.output_len(),
                        digest.len()
                    )));
                }
                if job.format == SignFormat::CmsAttached {
                    return Err(TokenError::UnsupportedFormat("cms-attached needs the data, not a digest".into()));
                }
                (digest.clone(), None)
            }
            Payload::Data { data, .. } => (podpis_digest::digest(alg, data), Some(data.as_slice())),
        };
        let req = Request { purpose: Purpose::Sign, origin: &job.origin, document: job.document_name.as_deref() };
        let opts = RawOptions { scheme: job.signature_scheme, ecdsa: job.ecdsa_encoding };
        let (cert_der, name, signature) = self.with_key(&job.certificate, &req, Some(alg), cancel, |a, session, key, tc| {
            let sig = match job.format {
                SignFormat::Raw => a.sign_digest(session, key, alg, &digest, opts)?,
                SignFormat::CmsDetached | SignFormat::CmsAttached => {
                    let attached = if job.format == SignFormat::CmsAttached { content } else { None };
                    crate::cms::build_signed_data(a, alg, &digest, attached, &tc.cert.der, now_unix().max(0) as u64, &mut |attrs| {
                        a.sign_for_cms(session, key, alg, attrs)
                    })?
                }
            };
            let name = a.name(alg, if job.format == SignFormat::Raw { opts } else { RawOptions::default() });
            Ok((tc.cert.der.clone(), name, sig))
        })?;
        let b64 = base64::engine::general_purpose::STANDARD;
        Ok(SignResult {
            format: job.format,
            signature: b64.encode(signature),
            algorithm: name,
            digest_algorithm: alg,
            digest: b64.encode(&digest),
            certificate: b64.encode(cert_der),
        })
    }

    /// Certificate login (blocking: may prompt for the PIN).
    pub fn authenticate(&self, job: &AuthJob, cancel: &CancelToken) -> Result<AuthToken, TokenError> {
        auth::check_challenge(&job.challenge)?;
        let req = Request { purpose: Purpose::Login, origin: &job.origin, document: None };
        self.with_key(&job.certificate, &req, None, cancel, |a, session, key, tc| {
            let alg = a.natural_digest();
            let msg = auth::message(alg, &job.origin, &job.challenge);
            let opts = RawOptions::default();
            let sig = a.sign_digest(session, key, alg, &msg, opts)?;
            Ok(auth::token(&tc.cert.der, a.name(alg, opts), &sig))
        })
    }

    /// A new subscription to token-inserted / token-removed events.
    pub fn events(&self) -> Receiver<Event> {
        self.hotplug.subscribe(&self.modules)
    }

    fn token_certificates(&self, t: &PresentToken) -> Result<Vec<TokenCertificate>, TokenError> {
        let session = t.module.ctx.open_ro_session(t.slot).map_err(|e| TokenError::pkcs11("C_OpenSession", e))?;
        // Private keys are private objects (invisible before login) on
        // most tokens, so a certificate qualifies when a private or a
        // public key with its CKA_ID is visible. Signing re-checks the
        // private key after login.
        let mut ids = certificates::private_key_ids(&session)?;
        ids.extend(certificates::public_key_ids(&session)?);
        certificates::token_certificates(&session, Some(&ids))
    }

    fn find_certificate(&self, thumbprint: &str) -> Result<(PresentToken, TokenCertificate), TokenError> {
        let want = certificates::normalize_thumbprint(thumbprint);
        let tokens = present_tokens(&self.modules);
        if tokens.is_empty() {
            return Err(TokenError::NoToken);
        }
        for t in tokens {
            let certs = match self.token_certificates(&t) {
                Ok(c) => c,
                Err(TokenError::TokenRemoved) => continue,
                Err(e) => return Err(e),
            };
            if let Some(c) = certs.into_iter().find(|c| c.cert.sha1 == want) {
                return Ok((t, c));
            }
        }
        Err(TokenError::CertificateNotFound(want))
    }

    fn lock_token(&self, token: &TokenRef, cancel: &CancelToken) -> Result<TokenGuard, TokenError> {
        let busy = {
            let mut locks = token_locks().lock().map_err(|_| TokenError::Internal("lock table poisoned".into()))?;
            Arc::clone(locks.entry(token.clone()).or_default())
        };
        // Operations on one token are serialized; waiting observes cancel.
        loop {
            cancel.check()?;
            if busy.compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed).is_ok() {
                return Ok(TokenGuard(busy));
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Finds the certificate, checks the key supports `digest`,
    /// serializes on its token, logs in (PIN flow), finds the private key and runs `f`; logs out afterwards.
    fn with_key<T>(
        &self,
        thumbprint: &str,
        req: &Request<'_>,
        digest: Option<podpis_protocol::DigestAlgorithm>,
        cancel: &CancelToken,
        f: impl FnOnce(&dyn Algorithm, &Session, ObjectHandle, &TokenCertificate) -> Result<T, TokenError>,
    ) -> Result<T, TokenError> {
        cancel.check()?;
        let (t, tc) = self.find_certificate(thumbprint)?;
        let kind = tc
            .cert
            .key_kind
            .clone()
            .ok_or_else(|| TokenError::UnsupportedAlgorithm(format!("key algorithm {}", tc.cert.key.algorithm)))?;
        let a = algorithms::for_key(&kind);
        if let Some(alg) = digest {
            if !a.supports_digest(alg) {
                return Err(TokenError::UnsupportedAlgorithm(format!("{} key with {}", tc.cert.key.algorithm, alg.as_str())));
            }
        }
        let _guard = self.lock_token(&t.info.token, cancel)?;
        let session = t.module.ctx.open_ro_session(t.slot).map_err(|e| TokenError::pkcs11("C_OpenSession", e))?;
        let owner = owner_name(&tc.cert.subject);
        let ctx = PromptContext {
            purpose: req.purpose,
            origin: req.origin,
            owner: &owner,
            token_label: &t.info.label,
            document: req.document,
        };
        let logged_in = self.login(&t, &session, &ctx, cancel)?;
        let result = (|| {
            cancel.check()?;
            let key = certificates::find_private_key(&session, &tc.id)?.ok_or_else(|| TokenError::KeyNotFound(tc.cert.sha1.clone()))?;
            f(a.as_ref(), &session, key, &tc)
        })();
        if logged_in {
            let _ = session.logout();
        }
        result
    }

    /// Logs the user in unless not needed; returns whether we logged in.
    fn login(&self, t: &PresentToken, session: &Session, ctx: &PromptContext<'_>, cancel: &CancelToken) -> Result<bool, TokenError> {
        let info = token_info(&t.module, t.slot)?;
        if !info.flags.login_required {
            return Ok(false);
        }
        if let Ok(si) = session.get_session_info() {
            if matches!(si.session_state(), SessionState::RoUser | SessionState::RwUser) {
                return Ok(false);
            }
        }
        if info.flags.pin_locked {
            return Err(TokenError::PinLocked);
        }
        if info.flags.pin_pad {
            let title = "Podpis: PIN-код на считывателе";
            let _msg = self.pin.show_message(title, &ctx.pin_pad_message(), cancel)?;
            return match session.login(UserType::User, None) {
                Ok(()) => Ok(true),
                Err(e) => Err(login_error(e)),
            };
        }
        if let Some(pin) = self.cache.get(&t.info.token) {
            match session.login(UserType::User, Some(&pin)) {
                Ok(()) => return Ok(true),
                Err(CkError::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => return Ok(false),
                Err(_) => self.cache.forget(&t.info.token),
            }
        }
        let mut error = None;
        loop {
            cancel.check()?;
            let pin = self.pin.get_pin(&ctx.pin_prompt(error.take()), cancel)?;
            match session.login(UserType::User, Some(&pin)) {
                Ok(()) => {
                    self.cache.put(&t.info.token, &pin);
                    return Ok(true);
                }
                Err(CkError::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => return Ok(false),
                Err(CkError::Pkcs11(RvError::PinIncorrect | RvError::PinInvalid | RvError::PinLenRange, _)) => {
                    let flags = token_info(&t.module, t.slot)?.flags;
                    if flags.pin_locked {
                        return Err(TokenError::PinLocked);
                    }
                    tracing::info!(token = %t.info.label, "wrong PIN, asking again");
                    error = Some(wrong_pin_error(&flags));
                }
                Err(e) => return Err(login_error(e)),
            }
        }
    }
}

fn login_error(e: CkError) -> TokenError {
    TokenError::pkcs11("C_Login", e)
}

/// Holds a token's operation lock; releases it on drop.
struct TokenGuard(Arc<AtomicBool>);

impl Drop for TokenGuard {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}
