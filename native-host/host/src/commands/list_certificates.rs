//! `list-certificates {filter?}`: certificates with private keys, marked
//! `untrusted-issuer` when roots are configured and the chain does not
//! reach one (see [`crate::trust`]).

use podpis_protocol::{CertificateInfo, ListCertificatesArgs};

use crate::backend::{BackendError, TokenBackend};
use crate::config::Config;
use crate::trust::{mark_untrusted, now_unix};

/// Lists certificates (blocking).
pub fn run(backend: &dyn TokenBackend, args: &ListCertificatesArgs, config: &Config) -> Result<Vec<CertificateInfo>, BackendError> {
    let mut certificates = backend.list_certificates(&args.filter.clone().unwrap_or_default())?;
    mark_untrusted(&config.trusted_roots, &mut certificates, now_unix());
    Ok(certificates)
}
