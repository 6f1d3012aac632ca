//! Framing and bad input: the host answers every frame with a stable
//! code, keeps going, writes nothing but frames and exits 0 at EOF.

mod common;

use common::*;
use serde_json::json;

#[test]
fn bad_inputs_are_answered_and_the_host_keeps_going() {
    let mut h = Host::start(&[]);
    let cases: Vec<(Vec<u8>, serde_json::Value, &str)> = vec![
        (b"\xff\xfe\xfd".to_vec(), json!(null), "BAD_FRAME"),
        (b"{not json".to_vec(), json!(null), "BAD_FRAME"),
        (b"[1,2,3]".to_vec(), json!(null), "BAD_FRAME"),
        (b"".to_vec(), json!(null), "BAD_FRAME"),
        (br#"{"id":1,"origin":"https://lk.example.ru","command":"frobnicate"}"#.to_vec(), json!(1), "UNKNOWN_COMMAND"),
        (br#"{"id":"x","origin":"https://lk.example.ru","command":"status"}"#.to_vec(), json!(null), "BAD_REQUEST"),
        (br#"{"id":2,"origin":5,"command":"status"}"#.to_vec(), json!(2), "BAD_REQUEST"),
        (br#"{"id":3,"origin":"https://lk.example.ru","command":"status","args":{"x":1}}"#.to_vec(), json!(3), "BAD_REQUEST"),
        (br#"{"id":4,"origin":"https://lk.example.ru","command":"hello"}"#.to_vec(), json!(4), "BAD_REQUEST"),
        (br#"{"id":5,"origin":"https://lk.example.ru","command":"hello","args":{"protocol":1}}"#.to_vec(), json!(5), "BAD_REQUEST"),
        (br#"{"id":6,"origin":"https://lk.example.ru","command":"status","extra":true}"#.to_vec(), json!(6), "BAD_REQUEST"),
        (br#"{"id":7,"origin":"http://evil.example","command":"status"}"#.to_vec(), json!(7), "ORIGIN_NOT_ALLOWED"),
        (br#"{"id":8,"origin":"https://a.ru/path","command":"status"}"#.to_vec(), json!(8), "ORIGIN_NOT_ALLOWED"),
        (br#"{"id":9,"origin":"https://lk.example.ru","command":"list-tokens"}"#.to_vec(), json!(9), "BAD_REQUEST"),
    ];
    for (payload, id, expected) in &cases {
        h.send_frame(payload);
        let r = h.recv();
        assert_eq!(r["ok"], false, "{r}");
        assert_eq!(&r["id"], id, "{r}");
        assert_eq!(code(&r), *expected, "{}: {r}", String::from_utf8_lossy(payload));
        assert!(!r["error"]["messageRu"].as_str().unwrap().is_empty());
        assert!(!r["error"]["messageEn"].as_str().unwrap().is_empty());
    }
    // Still alive: status works.
    let r = h.call("status", None);
    assert_eq!(r["ok"], true, "{r}");
    assert_eq!(r["result"]["protocol"], "1.0");
    let (status, rest) = h.finish();
    assert!(status.success(), "{status:?}");
    assert!(rest.is_empty(), "{rest:?}");
}

#[test]
fn oversized_frame_is_refused_and_skipped() {
    let mut h = Host::start(&[]);
    let n = 64 * 1024 * 1024 + 1;
    let mut frame = (n as u32).to_ne_bytes().to_vec();
    frame.resize(4 + n, b' ');
    h.send_raw(&frame);
    let r = h.recv();
    assert_eq!((code(&r), &r["id"]), ("TOO_LARGE", &json!(null)), "{r}");
    let r = h.call("status", None);
    assert_eq!(r["ok"], true, "{r}");
    let (status, _) = h.finish();
    assert!(status.success());
}

#[test]
fn absurd_length_answers_too_large_and_exits_cleanly_at_eof() {
    let mut h = Host::start(&[]);
    h.send_raw(&u32::MAX.to_ne_bytes());
    h.send_raw(b"some garbage that is never framed");
    let r = h.recv();
    assert_eq!(code(&r), "TOO_LARGE");
    let (status, rest) = h.finish();
    assert!(status.success(), "{status:?}");
    assert!(rest.is_empty());
}

#[test]
fn truncated_frame_answers_bad_frame_and_exits_cleanly() {
    let mut h = Host::start(&[]);
    let mut f = 100u32.to_ne_bytes().to_vec();
    f.extend_from_slice(b"{\"id\":1");
    h.send_raw(&f);
    let (status, rest) = h.finish();
    assert!(status.success());
    assert_eq!(rest.len(), 1, "{rest:?}");
    assert_eq!(code(&rest[0]), "BAD_FRAME");

    let mut h = Host::start(&[]);
    h.send_raw(&[7, 0]);
    let (status, rest) = h.finish();
    assert!(status.success());
    assert_eq!(code(&rest[0]), "BAD_FRAME");
}

#[test]
fn immediate_eof_exits_zero_with_no_output() {
    let h = Host::start(&[]);
    let (status, rest) = h.finish();
    assert!(status.success());
    assert!(rest.is_empty());
}

#[test]
fn hello_handshake_and_version_mismatch() {
    let mut h = Host::start(&[]);
    let r = h.call("hello", Some(json!({"protocol": "2.0"})));
    assert_eq!(code(&r), "PROTOCOL_MISMATCH", "{r}");
    let r = h.call("hello", Some(json!({"protocol": "1.3", "extensionVersion": "0.1.0"})));
    assert_eq!(r["ok"], true, "{r}");
    let res = &r["result"];
    assert_eq!(res["protocol"], "1.0");
    assert_eq!(res["hostVersion"], env!("CARGO_PKG_VERSION"));
    assert!(res["commands"].as_array().unwrap().contains(&json!("sign")));
    assert!(res["digests"].as_array().unwrap().contains(&json!("streebog256")));
    assert!(res["formats"].as_array().unwrap().contains(&json!("cms-detached")));
    let key = base64_len(res["consentKey"].as_str().unwrap());
    assert_eq!(key, 32);
    // A second connection gets a different key.
    let mut h2 = Host::start(&[]);
    let k2 = h2.call("hello", Some(json!({"protocol": "1.0"})));
    assert_ne!(k2["result"]["consentKey"], res["consentKey"]);
    let r = h.call("list-tokens", None);
    assert_eq!(r["ok"], true, "{r}");
    assert_eq!(r["result"][0]["label"], "scripted");
}

fn base64_len(s: &str) -> usize {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(s).unwrap().len()
}

#[test]
fn chunked_reply_reassembles() {
    let mut h = Host::start(&[("PODPIS_TEST_CERTS", "400")]);
    h.hello();
    let id = h.request("list-certificates", Some(json!({})));
    let mut text = String::new();
    let mut expected_index = 0;
    loop {
        let f = h.recv();
        assert_eq!(f["id"], json!(id), "{f}");
        let chunk = &f["chunk"];
        assert!(chunk.is_object(), "expected chunks, got a plain reply");
        assert_eq!(chunk["index"], json!(expected_index));
        text.push_str(chunk["data"].as_str().unwrap());
        expected_index += 1;
        if chunk["index"].as_u64().unwrap() + 1 == chunk["total"].as_u64().unwrap() {
            break;
        }
    }
    assert!(expected_index > 1);
    let reply: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(reply["ok"], true);
    assert_eq!(reply["id"], json!(id));
    assert_eq!(reply["result"].as_array().unwrap().len(), 400);
}

#[test]
fn stray_stdout_writes_cannot_corrupt_the_channel() {
    // The scripted backend println!s on every list-tokens, as a chatty
    // PKCS#11 module might; fd 1 points to stderr, frames stay clean.
    let mut h = Host::start(&[]);
    h.hello();
    for _ in 0..3 {
        let r = h.call("list-tokens", None);
        assert_eq!(r["ok"], true, "{r}");
    }
    let (status, rest) = h.finish();
    assert!(status.success());
    assert!(rest.is_empty());
}
