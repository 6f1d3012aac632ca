//! certificates (in progress).
