//! Native-messaging framing: a 4-byte native-endian length followed by
//! that many bytes of UTF-8 JSON.
//!
//! Reading is synchronous over any [`std::io::Read`] (the host reads stdin
//! on a dedicated thread), which also makes the reader easy to fuzz.
//!
//! Oversized requests: a declared length above
//! [`podpis_protocol::limits::MAX_REQUEST_FRAME`] is answered with
//! `TOO_LARGE` (id null). When the declared length is at most
//! [`DISCARD_LIMIT`] the body is read and thrown away so the next frame
//! is read correctly; a larger declared length can only be garbage (the
//! browsers never send it), so the host stops reading requests, drains
//! stdin until EOF and exits cleanly.

use std::io::{self, Read};

use podpis_protocol::{limits, ChunkFrame, ChunkPart, RequestId};

/// Largest oversized body the reader discards to stay in sync.
pub const DISCARD_LIMIT: u64 = 256 * 1024 * 1024;

/// One step of reading the request stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Incoming {
    /// A complete frame payload.
    Frame(Vec<u8>),
    /// The declared length exceeds the request limit; `resynced` tells
    /// whether the body was discarded and reading may go on.
    TooLarge {
        /// Declared length.
        declared: u64,
        /// True when the body was skipped and the next frame can be read.
        resynced: bool,
    },
    /// The input ended inside a frame (header or body).
    Truncated,
    /// The input ended cleanly between frames.
    Eof,
}

/// Reads frames from `R`.
pub struct FrameReader<R> {
    inner: R,
    max: usize,
}

impl<R: Read> FrameReader<R> {
    /// A reader accepting frames up to the protocol's request limit.
    pub fn new(inner: R) -> Self {
        Self::with_limit(inner, limits::MAX_REQUEST_FRAME)
    }

    /// A reader with a custom frame limit (tests, fuzzing).
    pub fn with_limit(inner: R, max: usize) -> Self {
        FrameReader { inner, max }
    }

    /// Reads the next frame.
    pub fn next_frame(&mut self) -> io::Result<Incoming> {
        let mut header = [0u8; 4];
        let got = read_full(&mut self.inner, &mut header)?;
        if got == 0 {
            return Ok(Incoming::Eof);
        }
        if got < header.len() {
            return Ok(Incoming::Truncated);
        }
        let declared = u64::from(u32::from_ne_bytes(header));
        if declared > self.max as u64 {
            let resynced = declared <= DISCARD_LIMIT && discard(&mut self.inner, declared)?;
            return Ok(Incoming::TooLarge { declared, resynced });
        }
        let mut body = Vec::with_capacity((declared as usize).min(64 * 1024));
        let read = (&mut self.inner).take(declared).read_to_end(&mut body)?;
        if (read as u64) < declared {
            return Ok(Incoming::Truncated);
        }
        Ok(Incoming::Frame(body))
    }

    /// Reads and drops everything until EOF.
    pub fn drain(&mut self) -> io::Result<()> {
        io::copy(&mut self.inner, &mut io::sink()).map(|_| ())
    }
}

fn read_full<R: Read>(r: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Skips `n` bytes; false when the input ended first.
fn discard<R: Read>(r: &mut R, n: u64) -> io::Result<bool> {
    let skipped = io::copy(&mut r.take(n), &mut io::sink())?;
    Ok(skipped == n)
}

/// Encodes one frame: native-endian length + payload.
pub fn encode_frame(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 4);
    // Payloads are bounded by MAX_REPLY_FRAME, far below u32::MAX.
    out.extend_from_slice(&(payload.len() as u32).to_ne_bytes());
    out.extend_from_slice(payload);
    out
}

/// Turns a serialized reply into the frame payloads to write: the reply
/// itself when it fits in [`limits::MAX_REPLY_FRAME`], otherwise
/// [`ChunkFrame`]s of at most [`limits::CHUNK_PAYLOAD`] bytes of reply text
/// each, split on UTF-8 character boundaries.
pub fn split_reply(id: RequestId, json: String) -> Vec<Vec<u8>> {
    if json.len() + 4 <= limits::MAX_REPLY_FRAME {
        return vec![json.into_bytes()];
    }
    let mut pieces = Vec::new();
    let mut rest = json.as_str();
    while !rest.is_empty() {
        let mut end = rest.len().min(limits::CHUNK_PAYLOAD);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (head, tail) = rest.split_at(end);
        pieces.push(head);
        rest = tail;
    }
    let total = pieces.len() as u32;
    pieces
        .into_iter()
        .enumerate()
        .map(|(i, data)| {
            let frame = ChunkFrame { id, chunk: ChunkPart { index: i as u32, total, data: data.to_string() } };
            serde_json::to_vec(&frame).unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(bytes: &[u8], max: usize) -> Vec<Incoming> {
        let mut r = FrameReader::with_limit(bytes, max);
        let mut out = Vec::new();
        loop {
            let f = r.next_frame().unwrap();
            let stop = matches!(f, Incoming::Eof | Incoming::Truncated | Incoming::TooLarge { resynced: false, .. });
            out.push(f);
            if stop {
                return out;
            }
        }
    }

    #[test]
    fn reads_frames_and_eof() {
        let mut input = encode_frame(b"{}");
        input.extend(encode_frame(b"[1]"));
        assert_eq!(frames(&input, 100), vec![Incoming::Frame(b"{}".to_vec()), Incoming::Frame(b"[1]".to_vec()), Incoming::Eof]);
    }

    #[test]
    fn truncated_header_and_body() {
        assert_eq!(frames(&[1, 0], 100), vec![Incoming::Truncated]);
        let mut input = 10u32.to_ne_bytes().to_vec();
        input.extend_from_slice(b"abc");
        assert_eq!(frames(&input, 100), vec![Incoming::Truncated]);
    }

    #[test]
    fn too_large_resyncs_when_body_present() {
        let mut input = encode_frame(&[b'x'; 20]);
        input.extend(encode_frame(b"{}"));
        assert_eq!(
            frames(&input, 10),
            vec![Incoming::TooLarge { declared: 20, resynced: true }, Incoming::Frame(b"{}".to_vec()), Incoming::Eof]
        );
        let huge = u32::MAX.to_ne_bytes();
        assert_eq!(frames(&huge, 10), vec![Incoming::TooLarge { declared: u64::from(u32::MAX), resynced: false }]);
    }

    #[test]
    fn large_reply_is_chunked_and_reassembles() {
        let big = format!("{{\"id\":3,\"ok\":true,\"result\":\"{}\"}}", "я".repeat(700_000));
        let parts = split_reply(3, big.clone());
        assert!(parts.len() > 1);
        let mut text = String::new();
        for (i, p) in parts.iter().enumerate() {
            assert!(p.len() + 4 <= limits::MAX_REPLY_FRAME);
            let f: ChunkFrame = serde_json::from_slice(p).unwrap();
            assert_eq!((f.id, f.chunk.index as usize, f.chunk.total as usize), (3, i, parts.len()));
            text.push_str(&f.chunk.data);
        }
        assert_eq!(text, big);
        assert_eq!(split_reply(1, "{}".into()), vec![b"{}".to_vec()]);
    }
}

/// One fuzzing iteration (shared by the cargo-fuzz target and the stable
/// randomized test): reads `data` as frames with a small limit, parses
/// each as a request and serializes the reply the host would send.
/// Must never panic.
pub fn fuzz_one(data: &[u8]) {
    use podpis_protocol::{ErrorBody, Reply, Request};
    let mut r = FrameReader::with_limit(data, 4096);
    for _ in 0..64 {
        match r.next_frame() {
            Ok(Incoming::Frame(payload)) => {
                let reply = match Request::from_slice(&payload) {
                    Ok(req) => Reply::ok(req.id, serde_json::json!({ "command": req.command.name().as_str() })),
                    Err(e) => Reply::err(e.id, ErrorBody::new(e.code, Some(e.detail))),
                };
                let json = serde_json::to_string(&reply).unwrap_or_default();
                for part in split_reply(7, json) {
                    assert!(part.len() + 4 <= limits::MAX_REPLY_FRAME);
                }
            }
            Ok(Incoming::TooLarge { resynced: true, .. }) => {}
            _ => return,
        }
    }
}
