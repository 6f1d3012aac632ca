//! slots (in progress).
