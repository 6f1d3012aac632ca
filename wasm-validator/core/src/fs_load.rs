//! File-system loading of schema files (behind the `cli` feature; not for WASM).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Errors reading schema files.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// An I/O error on a path.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

fn collect(dir: &Path, base: &Path, out: &mut BTreeMap<String, Vec<u8>>, depth: usize) -> Result<(), LoadError> {
    let rd = std::fs::read_dir(dir).map_err(|e| LoadError::Io { path: dir.into(), source: e })?;
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() && depth < 8 {
            collect(&p, base, out, depth + 1)?;
        } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xsd")) {
            let bytes = std::fs::read(&p).map_err(|e| LoadError::Io { path: p.clone(), source: e })?;
            let rel = p.strip_prefix(base).unwrap_or(&p);
            let name = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/");
            out.insert(name, bytes);
        }
    }
    Ok(())
}

/// Loads schema files: a directory (recursively, names relative to it) or single
/// `.xsd` files (named by their file name; siblings they include must be listed too
/// or loaded via their directory).
pub fn load_schemas(paths: &[PathBuf]) -> Result<BTreeMap<String, Vec<u8>>, LoadError> {
    let mut out = BTreeMap::new();
    for p in paths {
        if p.is_dir() {
            collect(p, p, &mut out, 0)?;
        } else {
            let bytes = std::fs::read(p).map_err(|e| LoadError::Io { path: p.clone(), source: e })?;
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            out.insert(name, bytes);
        }
    }
    Ok(out)
}
