//! Multiplexing, cancel, streams and consent, against the real binary
//! with the scripted token backend (PODPIS_TEST_BACKEND=scripted).

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

const CERT: &str = "00112233445566778899aabbccddeeff00112233";

fn sign_args(key: &[u8], data: &[u8], nonce: u8) -> Value {
    let c = consent(key, "sign", ORIGIN, CERT, Some("sha256"), &sha256(data), &[nonce; 16]);
    json!({"certificate": CERT, "input": {"type": "data", "data": b64(data)}, "format": "cms-detached",
           "digestAlgorithm": "sha256", "consent": c})
}

#[test]
fn slow_sign_does_not_block_status_and_can_be_cancelled() {
    let mut h = Host::start(&[("PODPIS_TEST_SIGN_MS", "30000")]);
    let key = h.hello();
    let sign = h.request("sign", Some(sign_args(&key, b"document", 1)));
    // Same id again while running.
    h.request_with_id(sign, "status", None);
    let dup = h.recv_id(sign);
    assert_eq!(code(&dup), "DUPLICATE_ID", "{dup}");
    let t = Instant::now();
    let st = h.call("status", None);
    assert_eq!(st["ok"], true, "{st}");
    assert!(t.elapsed() < Duration::from_secs(5));
    let c = h.call("cancel", Some(json!({"target": sign})));
    assert_eq!(c["result"]["cancelled"], true, "{c}");
    let r = h.recv_id(sign);
    assert_eq!(code(&r), "CANCELLED", "{r}");
    assert!(t.elapsed() < Duration::from_secs(10));
    let c = h.call("cancel", Some(json!({"target": sign})));
    assert_eq!(c["result"]["cancelled"], false, "{c}");
    let (status, _) = h.finish();
    assert!(status.success());
}

#[test]
fn eof_with_a_pending_sign_exits_promptly() {
    let mut h = Host::start(&[("PODPIS_TEST_SIGN_MS", "60000")]);
    let key = h.hello();
    h.request("sign", Some(sign_args(&key, b"doc", 2)));
    std::thread::sleep(Duration::from_millis(200));
    let t = Instant::now();
    let (status, rest) = h.finish();
    assert!(status.success());
    assert!(t.elapsed() < Duration::from_secs(10));
    assert!(rest.iter().all(|r| code(r) == "CANCELLED"), "{rest:?}");
}

#[test]
fn sign_with_valid_consent_succeeds_once() {
    let mut h = Host::start(&[]);
    let key = h.hello();
    let args = sign_args(&key, b"hello world", 3);
    let r = h.call("sign", Some(args.clone()));
    assert_eq!(r["ok"], true, "{r}");
    assert_eq!(r["result"]["digest"], b64(&sha256(b"hello world")));
    let again = h.call("sign", Some(args));
    assert_eq!(code(&again), "CONSENT_INVALID", "{again}");
}

#[test]
fn consent_rejections() {
    let mut h = Host::start(&[]);
    let key = h.hello();
    let data = b"invoice";
    let base = sign_args(&key, data, 9);
    let mut cases: Vec<(Value, &str)> = Vec::new();
    let mut a = base.clone();
    a["consent"] = Value::Null;
    cases.push((a, "CONSENT_REQUIRED"));
    let mut a = base.clone();
    a["input"]["data"] = json!(b64(b"another document"));
    cases.push((a, "CONSENT_INVALID"));
    let mut a = base.clone();
    a["consent"]["origin"] = json!("https://evil.example.ru");
    mac(&key, &mut a["consent"]);
    cases.push((a, "CONSENT_INVALID"));
    let mut a = base.clone();
    a["certificate"] = json!("ffffffffffffffffffffffffffffffffffffffff");
    cases.push((a, "CONSENT_INVALID"));
    let mut a = base.clone();
    a["consent"]["issuedAt"] = json!(now_ms() - 6 * 60 * 1000);
    mac(&key, &mut a["consent"]);
    cases.push((a, "CONSENT_INVALID"));
    let mut a = base.clone();
    a["consent"]["issuedAt"] = json!(now_ms() + 5 * 60 * 1000);
    mac(&key, &mut a["consent"]);
    cases.push((a, "CONSENT_INVALID"));
    let mut a = base.clone();
    a["consent"]["mac"] = json!(b64(&[0u8; 32]));
    cases.push((a, "CONSENT_INVALID"));
    let mut a = base.clone();
    a["consent"] = consent(&[1u8; 32], "sign", ORIGIN, CERT, Some("sha256"), &sha256(data), &[4; 16]);
    cases.push((a, "CONSENT_INVALID"));
    let mut a = base.clone();
    a["consent"]["operation"] = json!("authenticate");
    mac(&key, &mut a["consent"]);
    cases.push((a, "CONSENT_INVALID"));
    let mut a = base.clone();
    a["consent"]["nonce"] = json!(b64(&[5; 8]));
    mac(&key, &mut a["consent"]);
    cases.push((a, "CONSENT_INVALID"));
    for (args, expected) in cases {
        let r = h.call("sign", Some(args.clone()));
        assert_eq!(code(&r), expected, "{r} for {args}");
    }
    // The untouched consent still works (nothing above consumed its nonce).
    let r = h.call("sign", Some(base));
    assert_eq!(r["ok"], true, "{r}");
}

#[test]
fn extension_origins_cannot_sign_or_authenticate() {
    let mut h = Host::start(&[]);
    let key = h.hello();
    let ext = "chrome-extension://elffcmjaaalfdpcckdlcdocbopccabja";
    let c = consent(&key, "sign", ext, CERT, Some("sha256"), &sha256(b"x"), &[1; 16]);
    let args = json!({"certificate": CERT, "input": {"type": "data", "data": b64(b"x")}, "format": "raw",
                      "digestAlgorithm": "sha256", "consent": c});
    h.send(&json!({"id": 1, "origin": ext, "command": "sign", "args": args}));
    assert_eq!(code(&h.recv_id(1)), "ORIGIN_NOT_ALLOWED");
    h.send(&json!({"id": 2, "origin": ext, "command": "status"}));
    assert_eq!(h.recv_id(2)["ok"], true);
}

#[test]
fn authenticate_checks_challenge_and_consent() {
    let mut h = Host::start(&[]);
    let key = h.hello();
    let challenge = [7u8; 32];
    let c = consent(&key, "authenticate", ORIGIN, CERT, None, &challenge, &[1; 16]);
    let r = h.call("authenticate", Some(json!({"certificate": CERT, "challenge": b64(&challenge), "consent": c})));
    assert_eq!(r["ok"], true, "{r}");
    assert_eq!(r["result"]["format"], "podpis-auth:1");
    let r = h.call("authenticate", Some(json!({"certificate": CERT, "challenge": b64(&[1u8; 8]), "consent": null})));
    assert_eq!(code(&r), "BAD_REQUEST", "{r}");
    let other = [8u8; 32];
    let c = consent(&key, "authenticate", ORIGIN, CERT, None, &challenge, &[2; 16]);
    let r = h.call("authenticate", Some(json!({"certificate": CERT, "challenge": b64(&other), "consent": c})));
    assert_eq!(code(&r), "CONSENT_INVALID", "{r}");
}

#[test]
fn streams_hash_incrementally_and_are_bound_to_their_origin() {
    let mut h = Host::start(&[]);
    let key = h.hello();
    let r = h.call("stream-begin", Some(json!({"digestAlgorithm": "sha256", "totalSize": 6})));
    let stream = r["result"]["stream"].as_str().unwrap().to_string();
    let r = h.call("stream-chunk", Some(json!({"stream": stream, "data": b64(b"abc")})));
    assert_eq!(r["result"]["received"], 3, "{r}");
    // Another origin cannot touch it.
    h.send(&json!({"id": 77, "origin": "https://other.example.ru", "command": "stream-chunk",
                   "args": {"stream": stream, "data": b64(b"x")}}));
    assert_eq!(code(&h.recv_id(77)), "STREAM_NOT_FOUND");
    let r = h.call("stream-chunk", Some(json!({"stream": stream, "data": b64(b"def")})));
    assert_eq!(r["result"]["received"], 6);
    let r = h.call("stream-chunk", Some(json!({"stream": stream, "data": "***"})));
    assert_eq!(code(&r), "BAD_REQUEST");
    let digest = sha256(b"abcdef");
    let c = consent(&key, "sign", ORIGIN, CERT, Some("sha256"), &digest, &[3; 16]);
    let args = json!({"certificate": CERT, "input": {"type": "stream", "stream": stream}, "format": "cms-detached", "consent": c});
    let r = h.call("sign", Some(args.clone()));
    assert_eq!(r["ok"], true, "{r}");
    assert_eq!(r["result"]["digest"], b64(&digest));
    // Consumed.
    let r = h.call("sign", Some(args));
    assert_eq!(code(&r), "STREAM_NOT_FOUND", "{r}");
    let r = h.call("stream-chunk", Some(json!({"stream": "nope", "data": ""})));
    assert_eq!(code(&r), "STREAM_NOT_FOUND");
}

#[test]
fn digest_input_and_format_rules() {
    let mut h = Host::start(&[]);
    let key = h.hello();
    let d = sha256(b"z");
    let c = consent(&key, "sign", ORIGIN, CERT, Some("sha256"), &d, &[6; 16]);
    let ok = json!({"certificate": CERT, "input": {"type": "digest", "digest": b64(&d)}, "format": "raw", "consent": c});
    let mut attached = ok.clone();
    attached["format"] = json!("cms-attached");
    assert_eq!(code(&h.call("sign", Some(attached))), "UNSUPPORTED_FORMAT");
    let mut short = ok.clone();
    short["input"]["digest"] = json!(b64(&d[..16]));
    assert_eq!(code(&h.call("sign", Some(short))), "BAD_REQUEST");
    let r = h.call("sign", Some(ok));
    assert_eq!(r["ok"], true, "{r}");
}

#[test]
fn caller_not_in_allowed_extensions_is_refused() {
    let mut h = Host::start_with(&[], &["chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"], true);
    let status = wait_timeout(&mut h.child, Duration::from_secs(10));
    assert_eq!(status.code(), Some(3));
    let mut h = Host::start_with(&[], &["chrome-extension://elffcmjaaalfdpcckdlcdocbopccabja/", "--parent-window=0"], true);
    assert_eq!(h.call("status", None)["ok"], true);
    let mut h = Host::start_with(&[], &["/usr/lib/mozilla/native-messaging-hosts/ru.podpis.host.json", "podpis@podpis.dev"], true);
    assert_eq!(h.call("status", None)["ok"], true);
}

#[test]
fn dev_origins_only_when_configured() {
    let mut h = Host::start(&[("PODPIS_DEV_ORIGINS", "http://cabinet.test:8000")]);
    h.send(&json!({"id": 1, "origin": "http://cabinet.test:8000", "command": "status"}));
    assert_eq!(h.recv_id(1)["ok"], true);
    h.send(&json!({"id": 2, "origin": "http://other.test:8000", "command": "status"}));
    assert_eq!(code(&h.recv_id(2)), "ORIGIN_NOT_ALLOWED");
}
