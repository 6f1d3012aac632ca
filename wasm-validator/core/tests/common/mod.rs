//! Shared helpers for integration tests: locating the reference formats folder,
//! compiling packs, and running xmllint.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use podpis_validator::{compile_files, fs_load, CheckOptions, Pack, Report, Validator};

/// The shared reference formats folder (`../shared/formats` relative to the repo).
pub fn formats() -> PathBuf {
    if let Ok(p) = std::env::var("PODPIS_FORMATS") {
        return PathBuf::from(p);
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [manifest.join("../../../shared/formats"), PathBuf::from("/work/shared/formats")];
    for c in candidates {
        if c.join("README.md").exists() {
            return c;
        }
    }
    panic!("reference formats folder not found (set PODPIS_FORMATS)");
}

/// Compiles every schema of a formats sub-folder.
pub fn pack_for(sub: &str) -> Pack {
    let files = fs_load::load_schemas(&[formats().join(sub)]).expect("read schemas");
    compile_files(&files).unwrap_or_else(|e| panic!("compile {sub}: {e}"))
}

/// Checks bytes with XSD-only options.
pub fn check_xsd(v: &Validator, bytes: &[u8]) -> Report {
    v.check(bytes, &CheckOptions { schematron: false, ..Default::default() })
}

/// Is this finding an XSD / XML-level one (what xmllint would also report)?
pub fn is_xsd_code(code: &str) -> bool {
    code.starts_with("XSD_") || code.starts_with("XML_") || code == "FORM_UNKNOWN"
}

/// Result of running xmllint: valid?, lines of its errors.
pub struct Xmllint {
    pub valid: bool,
    pub lines: Vec<u32>,
    pub output: String,
}

/// Runs `xmllint --noout --schema XSD FILE`. Panics if xmllint is missing (CI installs libxml2-utils).
pub fn xmllint(xsd: &Path, file: &Path) -> Xmllint {
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(xsd)
        .arg(file)
        .output()
        .expect("xmllint is required for these tests (apt-get install libxml2-utils)");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let fname = file.display().to_string();
    let mut lines = Vec::new();
    for l in stderr.lines() {
        if let Some(rest) = l.strip_prefix(&format!("{fname}:")) {
            if let Some(n) = rest.split(':').next().and_then(|n| n.parse().ok()) {
                lines.push(n);
            }
        }
    }
    Xmllint { valid: out.status.success(), lines, output: stderr }
}

/// Compares our XSD verdict with xmllint's on one file; returns a description of a mismatch.
pub fn compare_with_xmllint(v: &Validator, xsd: &Path, file: &Path, label: &str) -> Option<String> {
    let bytes = std::fs::read(file).unwrap();
    let report = check_xsd(v, &bytes);
    let ours: Vec<_> = report.findings.iter().filter(|f| is_xsd_code(&f.code)).collect();
    let theirs = xmllint(xsd, file);
    if ours.is_empty() != theirs.valid {
        return Some(format!(
            "{label}: verdict differs: ours {} errors {:?}; xmllint valid={} {}",
            ours.len(),
            ours.iter().map(|f| format!("{}@{}:{}", f.code, f.line, f.message)).collect::<Vec<_>>(),
            theirs.valid,
            theirs.output
        ));
    }
    if let Some(first) = theirs.lines.first() {
        // libxml2 keeps 16-bit line numbers in its nodes; beyond 65535 it takes the
        // line from a neighbouring text node, which can be one line later.
        let same_line = |l: u32| l == *first || (*first > 65_535 && l + 1 == *first);
        if !ours.iter().any(|f| same_line(f.line)) {
            return Some(format!(
                "{label}: xmllint's first error is on line {first} but ours are on {:?}\n{}",
                ours.iter().map(|f| (f.line, f.code.clone())).collect::<Vec<_>>(),
                theirs.output
            ));
        }
    }
    None
}

