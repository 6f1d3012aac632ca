//! `podpis-check`: check reports against official schemas, compile schema packs,
//! and generate valid instances.
//!
//! ```text
//! podpis-check FILE…|DIR [--pack P | --schemas DIR] [--json] [--lang en] [--no-schematron]
//! podpis-check compile --schemas DIR… -o pack.bin
//! podpis-check generate (--pack P | --schemas DIR) --form NAME --size N [--repeat ELEM] [-o FILE|DIR]
//! ```
//! Exit status: 0 no errors, 1 errors found, 2 usage or I/O errors.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use podpis_validator::generator::{encode_for_form, file_id, generate, GenOptions};
use podpis_validator::{compile_files, fs_load, CheckOptions, Lang, Pack, Severity, Validator};

#[derive(Parser)]
#[command(name = "podpis-check", about = "Check Russian e-reports against official XSD + Schematron")]
struct CheckArgs {
    /// Report files or directories (all *.xml inside).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Compiled pack.
    #[arg(long)]
    pack: Option<PathBuf>,
    /// Schema directory or files (compiled on the fly).
    #[arg(long)]
    schemas: Vec<PathBuf>,
    /// JSON output.
    #[arg(long)]
    json: bool,
    /// Message language: ru or en.
    #[arg(long, default_value = "ru")]
    lang: String,
    /// Skip embedded Schematron rules.
    #[arg(long)]
    no_schematron: bool,
}

#[derive(Parser)]
#[command(name = "podpis-check compile")]
struct CompileArgs {
    /// Schema directory or files.
    #[arg(long, required = true)]
    schemas: Vec<PathBuf>,
    /// Output pack file.
    #[arg(short, long)]
    output: PathBuf,
}

#[derive(Parser)]
#[command(name = "podpis-check generate")]
struct GenerateArgs {
    /// Compiled pack.
    #[arg(long)]
    pack: Option<PathBuf>,
    /// Schema directory or files.
    #[arg(long)]
    schemas: Vec<PathBuf>,
    /// Form name (schema file stem) or a substring of it.
    #[arg(long)]
    form: String,
    /// Number of repeated elements (persons, lines…).
    #[arg(long, default_value_t = 1)]
    size: usize,
    /// Element to repeat (default chosen per form).
    #[arg(long)]
    repeat: Option<String>,
    /// Output file, or an existing directory: the file is then written there as
    /// `ИдФайл.xml` (the FNS file name), or `FORM.xml` for forms without ИдФайл.
    /// Default: stdout (the file name to use is printed on stderr).
    #[arg(short, long)]
    output: Option<PathBuf>,
}

fn load_pack(pack: &Option<PathBuf>, schemas: &[PathBuf]) -> Result<Pack, String> {
    if let Some(p) = pack {
        let bytes = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
        return Pack::from_bytes(&bytes).map_err(|e| format!("{}: {e}", p.display()));
    }
    if schemas.is_empty() {
        return Err("either --pack or --schemas is required".into());
    }
    let files = fs_load::load_schemas(schemas).map_err(|e| e.to_string())?;
    compile_files(&files).map_err(|e| e.to_string())
}

fn collect_inputs(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for i in inputs {
        if i.is_dir() {
            if let Ok(rd) = std::fs::read_dir(i) {
                let mut v: Vec<PathBuf> = rd
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xml")))
                    .collect();
                v.sort();
                out.extend(v);
            }
        } else {
            out.push(i.clone());
        }
    }
    out
}

fn run_check(args: CheckArgs) -> Result<bool, String> {
    let pack = load_pack(&args.pack, &args.schemas)?;
    let v = Validator::new(pack).map_err(|e| e.to_string())?;
    let lang = if args.lang == "en" { Lang::En } else { Lang::Ru };
    let mut any_errors = false;
    let mut json_out = Vec::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for path in collect_inputs(&args.inputs) {
        let file = std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let opts = CheckOptions {
            file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()),
            lang,
            schematron: !args.no_schematron,
            ..Default::default()
        };
        let report = v.check_reader(std::io::BufReader::with_capacity(1 << 16, file), &opts);
        any_errors |= report.has_errors();
        if args.json {
            json_out.push(serde_json::json!({ "file": path.display().to_string(), "report": report }));
        } else {
            print_report(&mut out, &path, &report).map_err(|e| e.to_string())?;
        }
    }
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&json_out).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())?;
    Ok(any_errors)
}

fn print_report(out: &mut impl Write, path: &Path, r: &podpis_validator::Report) -> std::io::Result<()> {
    let form = r.form.as_deref().unwrap_or("?");
    for f in &r.findings {
        let sev = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        let fns = f.fns_code.as_deref().map(|c| format!(" [{c}]")).unwrap_or_default();
        writeln!(out, "{}:{}:{}: {sev} {}{fns}: {} ({})", path.display(), f.line, f.column, f.code, f.message, f.path)?;
    }
    let status = if r.has_errors() { "FAILED" } else { "OK" };
    writeln!(out, "{}: {status} (form {form}, {} elements, {} errors)", path.display(), r.elements, r.error_count())
}

fn run_compile(args: CompileArgs) -> Result<(), String> {
    let files = fs_load::load_schemas(&args.schemas).map_err(|e| e.to_string())?;
    let pack = compile_files(&files).map_err(|e| e.to_string())?;
    let bytes = pack.to_bytes();
    std::fs::write(&args.output, &bytes).map_err(|e| format!("{}: {e}", args.output.display()))?;
    eprintln!("{} forms, {} bytes → {}", pack.forms.len(), bytes.len(), args.output.display());
    for f in &pack.forms {
        eprintln!("  {} root={} КНД={:?} версия={:?} правил={}", f.name, f.root_local, f.knd, f.version, f.rules.len());
    }
    Ok(())
}

fn run_generate(args: GenerateArgs) -> Result<(), String> {
    let pack = load_pack(&args.pack, &args.schemas)?;
    let idx = pack
        .forms
        .iter()
        .position(|f| f.name == args.form)
        .or_else(|| pack.forms.iter().position(|f| f.name.contains(&args.form)))
        .ok_or_else(|| format!("form {} not found", args.form))?;
    let enc = if pack.forms[idx].fns { "windows-1251" } else { "UTF-8" };
    let opts = GenOptions { form: idx, size: args.size, repeat: args.repeat, optional_attributes: true };
    let text = generate(&pack, &opts, enc).map_err(|e| e.to_string())?;
    let bytes = encode_for_form(&pack, idx, &text);
    let file_name = format!("{}.xml", file_id(&pack, &opts).unwrap_or_else(|| pack.forms[idx].name.clone()));
    match args.output {
        Some(dir) if dir.is_dir() => {
            let p = dir.join(&file_name);
            std::fs::write(&p, &bytes).map_err(|e| format!("{}: {e}", p.display()))?;
            eprintln!("{}", p.display());
        }
        Some(p) => std::fs::write(&p, &bytes).map_err(|e| format!("{}: {e}", p.display()))?,
        None => {
            std::io::stdout().write_all(&bytes).map_err(|e| e.to_string())?;
            eprintln!("file name: {file_name}");
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let sub = args.get(1).map(String::as_str);
    let result = match sub {
        Some("compile") => CompileArgs::try_parse_from(args.iter().skip(1)).map_err(|e| e.to_string()).and_then(|a| run_compile(a).map(|_| false)),
        Some("generate") => GenerateArgs::try_parse_from(args.iter().skip(1)).map_err(|e| e.to_string()).and_then(|a| run_generate(a).map(|_| false)),
        _ => match CheckArgs::try_parse_from(&args) {
            Ok(a) => run_check(a),
            Err(e) if matches!(e.kind(), clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion) => {
                print!("{e}");
                return ExitCode::SUCCESS;
            }
            Err(e) => Err(e.to_string()),
        },
    };
    match result {
        Ok(false) => ExitCode::SUCCESS,
        Ok(true) => ExitCode::from(1),
        Err(e) => {
            eprintln!("podpis-check: {e}");
            ExitCode::from(2)
        }
    }
}
