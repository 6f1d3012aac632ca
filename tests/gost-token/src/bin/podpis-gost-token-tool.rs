//! `podpis-gost-token-tool` — prepares and drives the GOST **test double**
//! token directory used by `libpodpis_gost_token.so`.
//!
//! ```text
//! podpis-gost-token-tool init   --dir D --label L --pin P [--serial S] [--max-tries N] [--pinpad]
//! podpis-gost-token-tool import --dir D --id HEX --label L [--cert cert.pem|der] [--key key.pem|der]
//! podpis-gost-token-tool remove --dir D          # simulate pulling the token out
//! podpis-gost-token-tool insert --dir D          # simulate plugging it back in
//! podpis-gost-token-tool pinpad-enter --dir D (--pin P | --cancel)
//! podpis-gost-token-tool status --dir D
//! ```
//! TEST DOUBLE: keys are stored unencrypted. Never import real keys.

use std::collections::HashMap;
use std::process::ExitCode;

use podpis_gost_token::der;
use podpis_gost_token::gost::{self, param_set};
use podpis_gost_token::pin::token_flags;
use podpis_gost_token::storage::{StoredKey, TokenConfig, TokenDir};

const USAGE: &str = "usage: podpis-gost-token-tool <init|import|insert|remove|pinpad-enter|status> --dir DIR [options]
  init         --label L --pin P [--serial S] [--max-tries N] [--pinpad]
  import       --id HEX --label L [--cert FILE] [--key FILE]   (PEM or DER; key = OpenSSL gost PKCS#8)
  insert | remove                                              (simulated hot-plug)
  pinpad-enter --pin P | --cancel                              (simulated PIN pad)
  status";

/// Parsed `--name value` / `--flag` options.
struct Args {
    values: HashMap<String, String>,
    flags: Vec<String>,
}

impl Args {
    fn parse(raw: &[String]) -> Result<Self, String> {
        const FLAGS: [&str; 2] = ["pinpad", "cancel"];
        let mut values = HashMap::new();
        let mut flags = Vec::new();
        let mut it = raw.iter();
        while let Some(a) = it.next() {
            let name = a.strip_prefix("--").ok_or_else(|| format!("unexpected argument {a}"))?;
            if FLAGS.contains(&name) {
                flags.push(name.to_string());
            } else {
                let v = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
                values.insert(name.to_string(), v.clone());
            }
        }
        Ok(Args { values, flags })
    }
    fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }
    fn req(&self, name: &str) -> Result<&str, String> {
        self.get(name).ok_or_else(|| format!("missing --{name}"))
    }
    fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }
}

fn read_file(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{path}: {e}"))
}

fn run(cmd: &str, args: &Args) -> Result<(), String> {
    let dir = TokenDir::new(args.req("dir")?);
    let e = |e: podpis_gost_token::TokenError| e.to_string();
    match cmd {
        "init" => {
            let max: u32 = args.get("max-tries").unwrap_or("10").parse().map_err(|_| "bad --max-tries".to_string())?;
            if max == 0 {
                return Err("--max-tries must be ≥ 1".into());
            }
            let serial = args.get("serial").unwrap_or("0000000000000001");
            let cfg = TokenConfig::new(args.req("label")?, serial, args.req("pin")?, max, args.flag("pinpad"));
            dir.init(&cfg).map_err(e)?;
            println!("initialised test token in {}", dir.path().display());
        }
        "import" => {
            let id = hex::decode(args.req("id")?).map_err(|_| "--id must be hex".to_string())?;
            let label = args.req("label")?;
            let cert = args.get("cert").map(|p| read_file(p).and_then(|d| der::pem_or_der(&d, "CERTIFICATE").map_err(|x| x.to_string()))).transpose()?;
            let key = args.get("key").map(|p| read_file(p).and_then(|d| der::pem_or_der(&d, "PRIVATE KEY").map_err(|x| x.to_string()))).transpose()?;
            if cert.is_none() && key.is_none() {
                return Err("import needs --cert and/or --key".into());
            }
            let fields = cert.as_deref().map(der::parse_certificate).transpose().map_err(e)?;
            let stored = match &key {
                Some(k) => {
                    let parsed = der::parse_pkcs8_gost(k).map_err(e)?;
                    let params = param_set(&parsed.param_oid).map_err(e)?;
                    let mut private_le = parsed.private_le.clone();
                    private_le.resize(gost::key_len(params), 0);
                    if parsed.private_le.len() > gost::key_len(params) {
                        return Err(format!("private key longer than {} bytes", gost::key_len(params)));
                    }
                    let public = gost::public_key(params, &private_le).map_err(e)?;
                    if let Some(f) = &fields {
                        if f.public_key != public {
                            return Err("private key does not match the certificate's public key".into());
                        }
                    }
                    Some(StoredKey { param_oid: params.oid().to_string(), private_key_le_hex: hex::encode(&private_le) })
                }
                None => None,
            };
            dir.store_object(&id, label, cert.as_deref(), stored.as_ref()).map_err(e)?;
            println!("imported id {} ({}{})", hex::encode(&id), if cert.is_some() { "cert " } else { "" }, if stored.is_some() { "key" } else { "" });
        }
        "insert" => dir.set_removed(false).map_err(e)?,
        "remove" => dir.set_removed(true).map_err(e)?,
        "pinpad-enter" => {
            if args.flag("cancel") {
                dir.pinpad_cancel().map_err(e)?;
            } else {
                dir.pinpad_enter(args.req("pin")?).map_err(e)?;
            }
        }
        "status" => {
            let cfg = dir.load_config().map_err(e)?;
            println!("dir:        {}", dir.path().display());
            println!("present:    {}", dir.is_present());
            println!("generation: {}", dir.generation());
            println!("label:      {}", cfg.label);
            println!("serial:     {}", cfg.serial);
            println!("pinpad:     {}", cfg.pinpad);
            println!("tries:      {}/{}", cfg.remaining_tries, cfg.max_tries);
            println!("flags:      0x{:08x}", token_flags(&cfg));
            for g in dir.load_objects().map_err(e)? {
                let key = g.key.as_ref().map(|k| k.param_oid.as_str()).unwrap_or("-");
                println!("object:     id={} label={:?} cert={} key={}", hex::encode(&g.id), g.label, g.cert_der.is_some(), key);
            }
        }
        other => return Err(format!("unknown command {other}\n{USAGE}")),
    }
    Ok(())
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = argv.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = Args::parse(rest).and_then(|a| run(cmd, &a));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("podpis-gost-token-tool: {msg}");
            ExitCode::FAILURE
        }
    }
}
