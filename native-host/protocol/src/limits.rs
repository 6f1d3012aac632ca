//! Size limits of the native-messaging channel.

/// Largest frame the host writes (Chrome and Firefox refuse larger
/// messages from a native host). Larger replies are split into
/// [`crate::ChunkFrame`]s that the extension reassembles.
pub const MAX_REPLY_FRAME: usize = 1024 * 1024;

/// Largest request frame the host accepts (the browsers' own limit for
/// messages sent to a native host is 64 MiB).
pub const MAX_REQUEST_FRAME: usize = 64 * 1024 * 1024;

/// Size of the JSON text carried by one chunk frame. Leaves room for the
/// envelope and JSON escaping so that a chunk frame stays under
/// [`MAX_REPLY_FRAME`] even when every character needs escaping.
pub const CHUNK_PAYLOAD: usize = 128 * 1024;

/// Longest origin string accepted.
pub const MAX_ORIGIN_LEN: usize = 255;

/// Decoded size bounds of an `authenticate` challenge nonce.
pub const CHALLENGE_MIN_BYTES: usize = 32;
/// See [`CHALLENGE_MIN_BYTES`].
pub const CHALLENGE_MAX_BYTES: usize = 96;
