//! Interoperability with OpenSC's `pkcs11-tool` (installed by
//! `scripts/setup.sh`): it must recognise the mechanisms by their TC26 values
//! and produce signatures that `openssl` verifies.

mod common;

use std::process::Command;

use common::*;

fn pkcs11_tool(dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new("pkcs11-tool")
        .env("PODPIS_GOST_TOKEN_DIR", dir)
        .arg("--module")
        .arg(module_path())
        .args(args)
        .output()
        .expect("pkcs11-tool (apt-get install opensc; scripts/setup.sh does)");
    assert!(out.status.success(), "pkcs11-tool {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn opensc_pkcs11_tool_lists_and_signs() {
    let fx = fixture();
    let tok = token_dir(10, false);
    let mechs = pkcs11_tool(tok.path(), &["-M"]);
    for name in ["GOSTR3410,", "GOSTR3410_512", "GOSTR3410-WITH-GOSTR3411-12-256", "GOSTR3410-WITH-GOSTR3411-12-512", "GOSTR3411-12-256", "GOSTR3411-12-512"] {
        assert!(mechs.contains(name), "pkcs11-tool does not name {name}:\n{mechs}");
    }
    let objects = pkcs11_tool(tok.path(), &["-O", "--login", "--pin", PIN]);
    assert!(objects.contains("Private Key Object; GOSTR3410-2012-512"), "{objects}");

    let work = tempfile::tempdir().unwrap();
    let msg = work.path().join("msg");
    let sig = work.path().join("sig");
    std::fs::write(&msg, b"signed by pkcs11-tool").unwrap();
    for (id, keys, mech) in [("01", &fx.k256, "GOSTR3410-WITH-GOSTR3411-12-256"), ("02", &fx.k512, "GOSTR3410-WITH-GOSTR3411-12-512")] {
        pkcs11_tool(tok.path(), &["--login", "--pin", PIN, "--sign", "-m", mech, "--id", id, "-i", msg.to_str().unwrap(), "-o", sig.to_str().unwrap()]);
        let md = format!("-md_gost12_{}", keys.bits);
        let out = openssl(&fx.openssl_conf, &["dgst", &md, "-verify", keys.pubkey.to_str().unwrap(), "-signature", sig.to_str().unwrap(), msg.to_str().unwrap()]);
        assert!(out.status.success(), "openssl rejected the {mech} signature: {}", String::from_utf8_lossy(&out.stderr));
    }
}
