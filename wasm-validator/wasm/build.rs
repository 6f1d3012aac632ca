//! Test fixtures from the reference formats (`../shared/formats` beside the
//! clone, or `$PODPIS_SHARED_FORMATS`): the WASM tests cannot read files in
//! the browser, so this writes `$OUT_DIR/fixtures.rs` with
//!
//! * `SCHEMAS`: the XSD files of `fns/`, `fns-old/` and `upd/` (`include_bytes!`),
//! * `PACK`: the pack the native validator compiles from them,
//! * `SAMPLES`: `(path, bytes, report_ru_json, report_en_json)` for every
//!   sample, the reports being what the native validator (the code of
//!   `podpis-check --json`) gives for them.
//!
//! Only the tests include the file; the library never embeds any of it. When
//! the formats are missing the lists are empty (the tests then fail, naming
//! the variable to set).
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use podpis_validator::{compile_files, CheckOptions, Lang, Validator};

/// Schema folders compiled into the reference pack.
const SCHEMA_DIRS: [&str; 3] = ["fns", "fns-old", "upd"];

fn main() {
    println!("cargo::rerun-if-env-changed=PODPIS_SHARED_FORMATS");
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let formats = std::env::var_os("PODPIS_SHARED_FORMATS")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../../shared/formats"));
    let code = if formats.join("fns").is_dir() {
        println!("cargo::rerun-if-changed={}", formats.display());
        fixtures(&formats, &out)
    } else {
        empty()
    };
    if let Err(e) = std::fs::write(out.join("fixtures.rs"), code) {
        println!("cargo::warning=cannot write fixtures.rs: {e}");
    }
}

fn empty() -> String {
    "/// Not found.\npub const FORMATS_DIR: &str = \"\";\n\
     /// None.\npub const SCHEMAS: &[(&str, &[u8])] = &[];\n\
     /// None.\npub const PACK: &[u8] = &[];\n\
     /// None.\npub const SAMPLES: &[(&str, &[u8], &str, &str)] = &[];\n"
        .to_string()
}

fn files_with_ext(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            files_with_ext(&p, ext, out);
        } else if p.extension().is_some_and(|e| e == ext) {
            out.push(p);
        }
    }
}

fn fixtures(formats: &Path, out: &Path) -> String {
    let formats = formats.canonicalize().unwrap_or_else(|_| formats.to_path_buf());
    let rel = |p: &Path| p.strip_prefix(&formats).unwrap_or(p).to_string_lossy().replace('\\', "/");
    let mut code = format!("/// The reference formats folder.\npub const FORMATS_DIR: &str = {:?};\n", formats.display().to_string());

    let mut schemas = Vec::new();
    for d in SCHEMA_DIRS {
        files_with_ext(&formats.join(d), "xsd", &mut schemas);
    }
    let mut map = BTreeMap::new();
    code.push_str("/// `(name, bytes)` of every schema.\npub const SCHEMAS: &[(&str, &[u8])] = &[\n");
    for p in &schemas {
        let _ = writeln!(code, "    ({:?}, include_bytes!({:?})),", rel(p), p.display().to_string());
        map.insert(rel(p), std::fs::read(p).unwrap_or_default());
    }
    code.push_str("];\n");

    // Never fail the build: without fixtures the tests fail and say why.
    let validator = match compile_files(&map).map(Validator::new) {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => {
            println!("cargo::warning=reference pack does not load: {e}");
            return empty();
        }
        Err(e) => {
            println!("cargo::warning=reference schemas do not compile: {e}");
            return empty();
        }
    };
    let pack_path = out.join("reference.pack");
    std::fs::write(&pack_path, validator.pack().to_bytes()).unwrap_or_default();
    let _ = writeln!(code, "/// The natively compiled pack.\npub const PACK: &[u8] = include_bytes!({:?});", pack_path.display().to_string());

    let mut samples = Vec::new();
    files_with_ext(&formats.join("samples"), "xml", &mut samples);
    code.push_str("/// `(path, bytes, native report JSON (ru), native report JSON (en))`.\npub const SAMPLES: &[(&str, &[u8], &str, &str)] = &[\n");
    for p in &samples {
        let bytes = std::fs::read(p).unwrap_or_default();
        let file_name = p.file_name().map(|n| n.to_string_lossy().into_owned());
        let report = |lang| {
            let opts = CheckOptions { file_name: file_name.clone(), lang, ..Default::default() };
            serde_json::to_string(&validator.check(&bytes, &opts)).unwrap_or_default()
        };
        let _ = writeln!(
            code,
            "    ({:?}, include_bytes!({:?}), {:?}, {:?}),",
            rel(p),
            p.display().to_string(),
            report(Lang::Ru),
            report(Lang::En)
        );
    }
    code.push_str("];\n");
    code
}
