//! Web origins as the browser reports them, and the rules for accepting them.
//!
//! The extension sets a request's origin from the browser's `sender`
//! information; a page never chooses it. The host validates it again.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use ts_rs::TS;

use crate::limits::MAX_ORIGIN_LEN;

/// A validated origin: `scheme://host[:port]` with nothing after it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(transparent)]
pub struct Origin(String);

/// Which origins are acceptable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OriginPolicy {
    /// Accept `http://localhost[:port]` and `http://127.0.0.1[:port]`
    /// (development only; off by default).
    pub allow_dev_http: bool,
    /// Additional exact development origins allowed over plain http.
    pub dev_origins: Vec<String>,
}

/// Why an origin was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OriginError {
    /// Empty or longer than 255 characters.
    #[error("origin length must be 1..={MAX_ORIGIN_LEN} characters")]
    Length,
    /// Not of the form `scheme://host[:port]`.
    #[error("origin is not of the form scheme://host[:port]")]
    Syntax,
    /// Contains a path, query, fragment or user info.
    #[error("origin must not contain a path, query, fragment or user info")]
    HasPath,
    /// The scheme is not https (or http for an enabled development host).
    #[error("origin scheme {0:?} is not allowed")]
    Scheme(String),
}

impl Origin {
    /// Validates `s` against `policy`.
    ///
    /// Accepted: `https://host[:port]`; `http://localhost|127.0.0.1[:port]`
    /// and configured development origins when the policy enables them;
    /// the extension's own origin (`chrome-extension://ID`,
    /// `moz-extension://UUID`) for its diagnostics pages.
    pub fn parse(s: &str, policy: &OriginPolicy) -> Result<Origin, OriginError> {
        if s.is_empty() || s.len() > MAX_ORIGIN_LEN {
            return Err(OriginError::Length);
        }
        let (scheme, rest) = s.split_once("://").ok_or(OriginError::Syntax)?;
        if rest.is_empty() {
            return Err(OriginError::Syntax);
        }
        if rest.contains(['/', '?', '#', '@', '\\']) {
            return Err(OriginError::HasPath);
        }
        if !rest.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']')) {
            return Err(OriginError::Syntax);
        }
        let (host, port) = split_port(rest)?;
        if host.is_empty() {
            return Err(OriginError::Syntax);
        }
        match scheme {
            "https" => {}
            "chrome-extension" | "moz-extension" if port.is_none() => {}
            "http" if policy.allow_dev_http && matches!(host, "localhost" | "127.0.0.1" | "[::1]") => {}
            "http" if policy.dev_origins.iter().any(|o| o == s) => {}
            other => return Err(OriginError::Scheme(other.to_string())),
        }
        Ok(Origin(s.to_string()))
    }

    /// The origin text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for the extension's own pages (popup, options, dialogs).
    pub fn is_extension(&self) -> bool {
        self.0.starts_with("chrome-extension://") || self.0.starts_with("moz-extension://")
    }
}

fn split_port(rest: &str) -> Result<(&str, Option<u16>), OriginError> {
    let colon = if rest.starts_with('[') {
        let end = rest.find(']').ok_or(OriginError::Syntax)?;
        rest[end..].find(':').map(|i| i + end)
    } else {
        rest.rfind(':')
    };
    match colon {
        None => Ok((rest, None)),
        Some(i) => {
            let port = &rest[i + 1..];
            if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
                return Err(OriginError::Syntax);
            }
            let port: u16 = port.parse().map_err(|_| OriginError::Syntax)?;
            Ok((&rest[..i], Some(port)))
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strict() -> OriginPolicy {
        OriginPolicy::default()
    }

    #[test]
    fn accepts_https_and_extension_origins() {
        for ok in ["https://kontur.ru", "https://lk.nalog.ru:8443", "https://[::1]:443",
                   "chrome-extension://abcdefghijklmnopabcdefghijklmnop", "moz-extension://1b2c-3d"] {
            assert!(Origin::parse(ok, &strict()).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_paths_queries_and_plain_http() {
        let bad = [
            ("", OriginError::Length),
            ("https://a.ru/", OriginError::HasPath),
            ("https://a.ru?x", OriginError::HasPath),
            ("https://a.ru#x", OriginError::HasPath),
            ("https://u@a.ru", OriginError::HasPath),
            ("https://", OriginError::Syntax),
            ("https://a.ru:", OriginError::Syntax),
            ("https://a.ru:99999", OriginError::Syntax),
            ("https://a ru", OriginError::Syntax),
            ("http://localhost:8080", OriginError::Scheme("http".into())),
            ("file://x", OriginError::Scheme("file".into())),
            ("javascript://a", OriginError::Scheme("javascript".into())),
        ];
        for (s, e) in bad {
            assert_eq!(Origin::parse(s, &strict()), Err(e), "{s}");
        }
        let long = format!("https://{}.ru", "a".repeat(250));
        assert_eq!(Origin::parse(&long, &strict()), Err(OriginError::Length));
    }

    #[test]
    fn dev_http_only_when_enabled_and_only_loopback() {
        let dev = OriginPolicy { allow_dev_http: true, dev_origins: vec!["http://cabinet.test:8000".into()] };
        assert!(Origin::parse("http://localhost:8080", &dev).is_ok());
        assert!(Origin::parse("http://127.0.0.1:3000", &dev).is_ok());
        assert!(Origin::parse("http://cabinet.test:8000", &dev).is_ok());
        assert!(Origin::parse("http://evil.test", &dev).is_err());
        assert!(Origin::parse("http://localhost.evil.test", &dev).is_err());
    }
}
