//! `stream-chunk {stream, data}`: hashes the next piece of a stream.

use podpis_protocol::{StreamChunkArgs, StreamChunkResult};

use super::{decode_b64, fail, Failure};
use crate::streams::StreamTable;

/// Appends to a stream owned by `origin`.
pub fn run(streams: &mut StreamTable, origin: &str, args: &StreamChunkArgs) -> Result<StreamChunkResult, Failure> {
    let data = decode_b64("data", &args.data)?;
    streams
        .append(origin, &args.stream, &data)
        .map(|received| StreamChunkResult { received })
        .map_err(|e| fail(e.code(), e.to_string()))
}
