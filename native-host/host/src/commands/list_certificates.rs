//! `list-certificates {filter?}`: certificates with private keys.

use podpis_protocol::{CertificateInfo, ListCertificatesArgs};

use crate::backend::{BackendError, TokenBackend};

/// Lists certificates (blocking).
pub fn run(backend: &dyn TokenBackend, args: &ListCertificatesArgs) -> Result<Vec<CertificateInfo>, BackendError> {
    backend.list_certificates(&args.filter.clone().unwrap_or_default())
}
