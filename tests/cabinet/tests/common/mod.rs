//! Shared by the cabinet's HTTP tests: the cabinet running in-process on
//! 127.0.0.1 (a real HTTP server on a real socket) and a small client.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use podpis_cabinet::Config;

/// A running cabinet.
pub struct Cabinet {
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    /// Its data directory.
    pub data: PathBuf,
    agent: ureq::Agent,
}

/// One HTTP answer.
pub struct Reply {
    pub status: u16,
    pub set_cookie: Option<String>,
    pub body: Vec<u8>,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

impl Cabinet {
    /// Starts a cabinet trusting `roots` (PEM files) with challenges valid `ttl` seconds.
    pub fn start(roots: &[PathBuf], ttl: i64) -> Cabinet {
        let data = tempfile::Builder::new().prefix("podpis-cabinet-").tempdir().expect("tempdir").keep();
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        std_listener.set_nonblocking(true).expect("nonblocking");
        let origin = format!("http://127.0.0.1:{}", std_listener.local_addr().expect("addr").port());
        let mut config = Config::new(roots, &data, origin.clone()).expect("config");
        config.challenge_ttl = ttl;
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(std_listener).expect("listener");
                podpis_cabinet::serve(config, listener).await.expect("serve");
            });
        });
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        Cabinet { origin, data, agent }
    }

    fn finish(&self, r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
        let mut r = r.expect("HTTP request");
        let set_cookie = r.headers().get("set-cookie").and_then(|v| v.to_str().ok()).map(str::to_string);
        let status = r.status().as_u16();
        let body = r.body_mut().with_config().limit(64 << 20).read_to_vec().expect("body");
        Reply { status, set_cookie, body }
    }

    /// GET with an optional session cookie.
    pub fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut req = self.agent.get(format!("{}{path}", self.origin));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        self.finish(req.call())
    }

    /// POST of JSON, sent from the cabinet's own page (its Origin header).
    pub fn post(&self, path: &str, cookie: Option<&str>, body: &serde_json::Value) -> Reply {
        self.post_from(&self.origin.clone(), path, cookie, body)
    }

    /// POST of JSON with the given Origin header.
    pub fn post_from(&self, origin: &str, path: &str, cookie: Option<&str>, body: &serde_json::Value) -> Reply {
        let mut req = self.agent.post(format!("{}{path}", self.origin)).header("content-type", "application/json").header("origin", origin);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        self.finish(req.send(body.to_string()))
    }
}

/// The `name=value` part of a Set-Cookie header.
pub fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().expect("cookie").to_string()
}

fn find(name: &str) -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let deps = exe.parent()?;
    [deps.join(name), deps.parent()?.join(name)].into_iter().find(|p| p.is_file())
}

/// The scripted pinentry (`$PODPIS_TEST_PINENTRY`, else built next to the tests).
pub fn test_pinentry() -> PathBuf {
    if let Some(p) = std::env::var_os("PODPIS_TEST_PINENTRY") {
        return PathBuf::from(p);
    }
    if let Some(p) = find("podpis-test-pinentry") {
        return p;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let ok = Command::new(cargo).args(["build", "-p", "podpis-token", "--bins"]).current_dir(env!("CARGO_MANIFEST_DIR")).status().expect("cargo build");
    assert!(ok.success(), "cargo build -p podpis-token --bins failed");
    find("podpis-test-pinentry").expect("podpis-test-pinentry after build")
}

/// `openssl cms -sign` of `content` (detached, DER, CAdES signingCertificateV2).
pub fn openssl_sign(dir: &Path, content: &[u8], cert: &Path, key: &Path) -> Vec<u8> {
    let input = dir.join("openssl-content");
    let out = dir.join("openssl.sig");
    std::fs::write(&input, content).expect("write content");
    let o = Command::new("openssl")
        .args(["cms", "-sign", "-binary", "-cades", "-md", "sha256", "-outform", "DER", "-in"])
        .arg(&input)
        .arg("-signer")
        .arg(cert)
        .arg("-inkey")
        .arg(key)
        .arg("-out")
        .arg(&out)
        .output()
        .expect("run openssl");
    assert!(o.status.success(), "openssl cms -sign: {}", String::from_utf8_lossy(&o.stderr));
    std::fs::read(out).expect("signature")
}

/// A small NDS report (windows-1251, as ФНС files are).
pub fn sample_report() -> Vec<u8> {
    let xml = "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<Файл ИдФайл=\"NO_NDS_7707_7707_7707083893770701001_20260420_1\" ВерсПрог=\"demo\" ВерсФорм=\"5.08\">\n<Документ КНД=\"1151001\" ДатаДок=\"20.04.2026\" Период=\"21\" ОтчетГод=\"2026\" КодНО=\"7707\" НомКорр=\"0\" ПоМесту=\"214\"/>\n</Файл>\n";
    encoding_rs::WINDOWS_1251.encode(xml).0.into_owned()
}
