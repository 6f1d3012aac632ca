//! Fuzzes the frame reader and the request parser together: arbitrary
//! bytes are read as a stream of frames (small limit so oversized paths
//! are reached), every frame is parsed as a request, and error replies
//! are built and chunked as the host would.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    podpis_host::framing::fuzz_one(data);
});
