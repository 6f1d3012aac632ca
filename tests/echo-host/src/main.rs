//! `podpis-echo-host`: the baseline for the browser round-trip benchmark
//! (docs/benchmarks.md, "Browser round trip"). It speaks native-messaging
//! framing (4-byte native-endian length + JSON) and answers `hello` with a
//! fixed hello result and every other request with a fixed, empty `status`
//! result, doing no other work: no JSON parser, no origin checks, no
//! tokens. Registered under the real host's name (`ru.podpis.host`), it
//! lets the extension run its real code path against a host that costs
//! almost nothing. Not part of `podpis-host` and never shipped.

use std::io::{Read, Write};

/// The reply to `hello`: a protocol the extension accepts and a fixed consent key.
const HELLO: &str = r#""ok":true,"result":{"hostVersion":"0.0.0-echo","protocol":"1.0","commands":["hello","status"],"algorithms":[],"digests":[],"formats":[],"consentKey":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}}"#;
/// The reply to anything else: a `status` result with no modules and no tokens.
const STATUS: &str = r#""ok":true,"result":{"hostVersion":"0.0.0-echo","protocol":"1.0","modules":[],"tokens":[],"pinentry":null,"configFiles":[]}}"#;

/// The value of the top-level `"id":` field as written by the extension (digits), or `null`.
fn request_id(frame: &[u8]) -> &[u8] {
    let key = b"\"id\":";
    let Some(at) = frame.windows(key.len()).position(|w| w == key) else { return b"null" };
    let rest = &frame[at + key.len()..];
    let end = rest.iter().position(|b| !b.is_ascii_digit()).unwrap_or(rest.len());
    if end == 0 {
        b"null"
    } else {
        &rest[..end]
    }
}

fn main() {
    let mut input = std::io::stdin().lock();
    let mut output = std::io::stdout().lock();
    let mut len = [0u8; 4];
    let mut frame = Vec::new();
    let mut reply = Vec::new();
    while input.read_exact(&mut len).is_ok() {
        frame.resize(u32::from_ne_bytes(len) as usize, 0);
        if input.read_exact(&mut frame).is_err() {
            break;
        }
        let is_hello = frame.windows(17).any(|w| w == b"\"command\":\"hello\"");
        reply.clear();
        reply.extend_from_slice(b"{\"id\":");
        reply.extend_from_slice(request_id(&frame));
        reply.push(b',');
        reply.extend_from_slice(if is_hello { HELLO } else { STATUS }.as_bytes());
        let n = (reply.len() as u32).to_ne_bytes();
        if output.write_all(&n).and_then(|_| output.write_all(&reply)).and_then(|_| output.flush()).is_err() {
            break;
        }
    }
}
