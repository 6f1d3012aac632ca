//! module (in progress).
