//! The `extern "C"` PKCS#11 entry points. Every entry point goes through
//! [`guard`], which turns a panic into `CKR_GENERAL_ERROR` so that no unwind
//! ever crosses the FFI boundary.

mod crypto;
mod general;
mod list;
mod object;
mod session;
mod unsupported;

use std::panic::{catch_unwind, AssertUnwindSafe};

use cryptoki_sys::*;

/// Runs an entry point body, mapping `Err(rv)` to `rv` and panics to
/// `CKR_GENERAL_ERROR`.
pub(crate) fn guard(f: impl FnOnce() -> Result<(), CK_RV>) -> CK_RV {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => CKR_OK,
        Ok(Err(rv)) => rv,
        Err(_) => CKR_GENERAL_ERROR,
    }
}

/// A blank-padded fixed-size PKCS#11 string field.
pub(crate) fn pad<const N: usize>(s: &str) -> [u8; N] {
    let mut out = [b' '; N];
    let bytes = s.as_bytes();
    let mut n = bytes.len().min(N);
    while n > 0 && !s.is_char_boundary(n) {
        n -= 1;
    }
    out[..n].copy_from_slice(&bytes[..n]);
    out
}

/// Fails with `CKR_ARGUMENTS_BAD` on a null pointer.
pub(crate) fn non_null<T>(p: *mut T) -> Result<*mut T, CK_RV> {
    if p.is_null() { Err(CKR_ARGUMENTS_BAD) } else { Ok(p) }
}

/// Writes a list with the PKCS#11 two-call protocol: null `out` → count only;
/// too small → count + `CKR_BUFFER_TOO_SMALL`.
///
/// # Safety
/// `count` must be valid; `out`, if non-null, must hold `*count` elements.
pub(crate) unsafe fn write_list<T: Copy>(items: &[T], out: *mut T, count: *mut CK_ULONG) -> Result<(), CK_RV> {
    let count = non_null(count)?;
    let capacity = *count as usize;
    *count = items.len() as CK_ULONG;
    if out.is_null() {
        return Ok(());
    }
    if capacity < items.len() {
        return Err(CKR_BUFFER_TOO_SMALL);
    }
    std::ptr::copy_nonoverlapping(items.as_ptr(), out, items.len());
    Ok(())
}

/// Writes bytes with the two-call protocol (used by `C_Sign`, `C_Digest`).
/// Returns `true` when the data was actually written.
///
/// # Safety
/// `len` must be valid; `out`, if non-null, must hold `*len` bytes.
pub(crate) unsafe fn write_bytes(data: &[u8], out: *mut CK_BYTE, len: *mut CK_ULONG) -> Result<bool, CK_RV> {
    let len = non_null(len)?;
    let capacity = *len as usize;
    *len = data.len() as CK_ULONG;
    if out.is_null() {
        return Ok(false);
    }
    if capacity < data.len() {
        return Err(CKR_BUFFER_TOO_SMALL);
    }
    std::ptr::copy_nonoverlapping(data.as_ptr(), out, data.len());
    Ok(true)
}

/// Borrows caller input bytes (null with length 0 is an empty slice).
///
/// # Safety
/// `p` must be valid for `len` bytes when non-null.
pub(crate) unsafe fn input<'a>(p: *const CK_BYTE, len: CK_ULONG) -> Result<&'a [u8], CK_RV> {
    if p.is_null() {
        return if len == 0 { Ok(&[]) } else { Err(CKR_ARGUMENTS_BAD) };
    }
    Ok(std::slice::from_raw_parts(p, len as usize))
}
