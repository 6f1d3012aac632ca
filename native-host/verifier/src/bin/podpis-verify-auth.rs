//! `podpis-verify-auth`: verify a Podpis auth token from the command line.
//!
//! usage: podpis-verify-auth --roots ROOTS.pem --origin https://site --nonce-b64 NONCE TOKEN.json
//! Prints the identity as JSON and exits 0, or prints `CODE: message` and exits 1.

use base64::Engine;

fn usage() -> ! {
    eprintln!("usage: podpis-verify-auth --roots ROOTS.pem --origin ORIGIN --nonce-b64 NONCE TOKEN.json");
    std::process::exit(2)
}

fn main() {
    let mut roots = None;
    let mut origin = None;
    let mut nonce = None;
    let mut token = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--roots" => roots = args.next(),
            "--origin" => origin = args.next(),
            "--nonce-b64" => nonce = args.next(),
            _ if token.is_none() => token = Some(a),
            _ => usage(),
        }
    }
    let (Some(roots), Some(origin), Some(nonce), Some(token)) = (roots, origin, nonce, token) else { usage() };
    let fail = |code: &str, msg: String| -> ! {
        println!("{code}: {msg}");
        std::process::exit(1)
    };
    let mut store = podpis_verifier::TrustedRoots::new();
    let pem = std::fs::read_to_string(&roots).unwrap_or_else(|e| fail("IO", format!("{roots}: {e}")));
    if let Err(e) = store.add_pem(&pem) {
        fail(e.code(), e.to_string());
    }
    let nonce = base64::engine::general_purpose::STANDARD.decode(nonce.trim()).unwrap_or_else(|_| fail("MALFORMED", "nonce base64".into()));
    let json = std::fs::read_to_string(&token).unwrap_or_else(|e| fail("IO", format!("{token}: {e}")));
    match podpis_verifier::verify_auth_token_json(&json, &origin, &nonce, &store, podpis_verifier::now_unix()) {
        Ok(id) => println!(
            "{}",
            serde_json::json!({
                "subject": id.subject,
                "kind": id.kind,
                "thumbprint": id.thumbprint,
                "issuer": id.issuer,
                "serialNumber": id.serial_number,
            })
        ),
        Err(e) => fail(e.code(), e.to_string()),
    }
}
