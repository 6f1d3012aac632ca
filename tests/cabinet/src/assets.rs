//! The page, its script and stylesheet, compiled into the binary (no
//! remote code: the page loads nothing from elsewhere).

/// The single page of the cabinet.
pub const INDEX_HTML: &str = include_str!("assets/index.html");
/// Its script (uses `window.podpis`).
pub const APP_JS: &str = include_str!("assets/app.js");
/// Its stylesheet.
pub const STYLE_CSS: &str = include_str!("assets/style.css");
