//! `stream-begin {digestAlgorithm, totalSize?}`: opens a data stream.

use podpis_protocol::{StreamBeginArgs, StreamBeginResult};

use super::{fail, Failure};
use crate::streams::StreamTable;

/// Opens a stream owned by `origin`.
pub fn run(streams: &mut StreamTable, origin: &str, args: &StreamBeginArgs) -> Result<StreamBeginResult, Failure> {
    streams
        .begin(origin, args.digest_algorithm, args.total_size)
        .map(|stream| StreamBeginResult { stream })
        .map_err(|e| fail(e.code(), e.to_string()))
}
