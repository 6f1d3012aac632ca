//! pin (in progress).
