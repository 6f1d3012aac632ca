//! algorithms (in progress).
