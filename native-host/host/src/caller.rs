//! Who launched the host: the browser's command line.
//!
//! Chrome-family browsers pass the caller origin
//! (`chrome-extension://ID/`) as the first argument (and on Windows
//! `--parent-window=N`); Firefox passes the manifest path and then the
//! extension id. The host refuses callers whose extension id is not in
//! the configured allowed list.

/// The extension that started the host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// A Chrome-family extension with this id.
    Chrome(String),
    /// A Firefox extension with this id (gecko id).
    Firefox(String),
    /// Started without recognisable browser arguments (e.g. by hand or
    /// by a test harness).
    Unknown,
}

impl Caller {
    /// Parses the arguments after the program name.
    pub fn from_args<S: AsRef<str>>(args: &[S]) -> Caller {
        let args: Vec<&str> = args.iter().map(AsRef::as_ref).filter(|a| !a.starts_with("--parent-window=")).collect();
        if let Some(rest) = args.first().and_then(|a| a.strip_prefix("chrome-extension://")) {
            return Caller::Chrome(rest.trim_end_matches('/').to_string());
        }
        if args.len() >= 2 && args[0].ends_with(".json") {
            return Caller::Firefox(args[1].to_string());
        }
        Caller::Unknown
    }

    /// The extension id, if any.
    pub fn extension_id(&self) -> Option<&str> {
        match self {
            Caller::Chrome(id) | Caller::Firefox(id) => Some(id),
            Caller::Unknown => None,
        }
    }

    /// Whether the caller may use the host. An unknown caller is allowed
    /// (the browsers always pass their arguments; a manual start has no
    /// browser behind it).
    pub fn is_allowed(&self, allowed: &[String]) -> bool {
        match self.extension_id() {
            Some(id) => allowed.iter().any(|a| a == id),
            None => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_browser_arguments() {
        assert_eq!(Caller::from_args(&["chrome-extension://abc/"]), Caller::Chrome("abc".into()));
        assert_eq!(Caller::from_args(&["chrome-extension://abc/", "--parent-window=12"]), Caller::Chrome("abc".into()));
        assert_eq!(
            Caller::from_args(&["/usr/lib/mozilla/native-messaging-hosts/ru.podpis.host.json", "podpis@podpis.dev"]),
            Caller::Firefox("podpis@podpis.dev".into())
        );
        assert_eq!(Caller::from_args::<&str>(&[]), Caller::Unknown);
        let allowed = vec!["abc".to_string()];
        assert!(Caller::Chrome("abc".into()).is_allowed(&allowed));
        assert!(!Caller::Chrome("evil".into()).is_allowed(&allowed));
    }
}
