//! Data streams: `stream-begin` / `stream-chunk` feed a hasher so that a
//! large document can be signed without holding it in memory. Only the
//! running digest is kept. A stream belongs to the origin that began it.

use std::collections::HashMap;

use podpis_digest::Hasher;
use podpis_protocol::{DigestAlgorithm, ErrorCode};
use rand::RngCore;

/// Most streams one connection may have open at once.
pub const MAX_OPEN_STREAMS: usize = 8;

/// Why a stream operation failed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StreamError {
    /// Unknown id, finished, or owned by another origin.
    #[error("stream not found")]
    NotFound,
    /// Too many open streams.
    #[error("too many open streams (limit {MAX_OPEN_STREAMS})")]
    TooMany,
    /// More data than the declared total size.
    #[error("stream exceeds its declared size")]
    Overflow,
    /// Fewer bytes than the declared total size when finishing.
    #[error("stream is shorter than its declared size")]
    Short,
}

impl StreamError {
    /// Protocol code for the error.
    pub fn code(&self) -> ErrorCode {
        match self {
            StreamError::NotFound => ErrorCode::StreamNotFound,
            StreamError::TooMany => ErrorCode::TooLarge,
            StreamError::Overflow | StreamError::Short => ErrorCode::BadRequest,
        }
    }
}

struct OpenStream {
    origin: String,
    hasher: Hasher,
    received: u64,
    total: Option<u64>,
}

/// A finished stream: what `sign` needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinishedStream {
    /// Digest algorithm.
    pub algorithm: DigestAlgorithm,
    /// The digest of all chunks.
    pub digest: Vec<u8>,
    /// Bytes hashed.
    pub size: u64,
}

/// The open streams of one connection.
#[derive(Default)]
pub struct StreamTable {
    open: HashMap<String, OpenStream>,
}

impl StreamTable {
    /// Begins a stream for `origin`; returns its id.
    pub fn begin(&mut self, origin: &str, alg: DigestAlgorithm, total: Option<u64>) -> Result<String, StreamError> {
        if self.open.len() >= MAX_OPEN_STREAMS {
            return Err(StreamError::TooMany);
        }
        let mut id = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut id);
        let id = hex::encode(id);
        self.open.insert(id.clone(), OpenStream { origin: origin.to_string(), hasher: Hasher::new(alg), received: 0, total });
        Ok(id)
    }

    /// Appends data; returns the bytes received so far.
    pub fn append(&mut self, origin: &str, id: &str, data: &[u8]) -> Result<u64, StreamError> {
        let s = self.open.get_mut(id).filter(|s| s.origin == origin).ok_or(StreamError::NotFound)?;
        let received = s.received + data.len() as u64;
        if s.total.is_some_and(|t| received > t) {
            return Err(StreamError::Overflow);
        }
        s.hasher.update(data);
        s.received = received;
        Ok(received)
    }

    /// The digest so far, without consuming the stream.
    pub fn peek(&self, origin: &str, id: &str) -> Result<FinishedStream, StreamError> {
        let s = self.open.get(id).filter(|s| s.origin == origin).ok_or(StreamError::NotFound)?;
        if s.total.is_some_and(|t| s.received != t) {
            return Err(StreamError::Short);
        }
        Ok(FinishedStream { algorithm: s.hasher.algorithm(), digest: s.hasher.clone().finalize(), size: s.received })
    }

    /// Removes the stream and returns its digest (consumed by `sign`).
    pub fn finish(&mut self, origin: &str, id: &str) -> Result<FinishedStream, StreamError> {
        match self.open.get(id) {
            Some(s) if s.origin == origin => {}
            _ => return Err(StreamError::NotFound),
        }
        let s = self.open.remove(id).ok_or(StreamError::NotFound)?;
        if s.total.is_some_and(|t| s.received != t) {
            return Err(StreamError::Short);
        }
        let algorithm = s.hasher.algorithm();
        Ok(FinishedStream { algorithm, digest: s.hasher.finalize(), size: s.received })
    }

    /// Number of open streams.
    pub fn len(&self) -> usize {
        self.open.len()
    }

    /// True when no stream is open.
    pub fn is_empty(&self) -> bool {
        self.open.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_incrementally_and_binds_origin() {
        let mut t = StreamTable::default();
        let id = t.begin("https://a.ru", DigestAlgorithm::Sha256, Some(6)).unwrap();
        assert_eq!(t.append("https://b.ru", &id, b"abc"), Err(StreamError::NotFound));
        assert_eq!(t.append("https://a.ru", &id, b"abc"), Ok(3));
        assert_eq!(t.append("https://a.ru", &id, b"defg"), Err(StreamError::Overflow));
        assert_eq!(t.append("https://a.ru", &id, b"def"), Ok(6));
        assert_eq!(t.finish("https://b.ru", &id), Err(StreamError::NotFound));
        let f = t.finish("https://a.ru", &id).unwrap();
        assert_eq!(f.digest, podpis_digest::digest(DigestAlgorithm::Sha256, b"abcdef"));
        assert_eq!(t.finish("https://a.ru", &id), Err(StreamError::NotFound));
    }

    #[test]
    fn limits_open_streams() {
        let mut t = StreamTable::default();
        for _ in 0..MAX_OPEN_STREAMS {
            t.begin("https://a.ru", DigestAlgorithm::Sha256, None).unwrap();
        }
        assert_eq!(t.begin("https://a.ru", DigestAlgorithm::Sha256, None), Err(StreamError::TooMany));
    }
}
