//! Entry points the test token does not implement: each returns
//! `CKR_FUNCTION_NOT_SUPPORTED` (generated from the `cryptoki-sys` 0.4
//! `CK_FUNCTION_LIST` signatures).
#![allow(non_snake_case, unused_variables)]

use cryptoki_sys::*;
#[allow(unused_imports)]
use std::os::raw::c_void;

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_InitToken(arg1: CK_SLOT_ID, arg2: *mut CK_UTF8CHAR, arg3: CK_ULONG, arg4: *mut CK_UTF8CHAR) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_InitPIN(arg1: CK_SESSION_HANDLE, arg2: *mut CK_UTF8CHAR, arg3: CK_ULONG) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_SetPIN(arg1: CK_SESSION_HANDLE, arg2: *mut CK_UTF8CHAR, arg3: CK_ULONG, arg4: *mut CK_UTF8CHAR, arg5: CK_ULONG) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_GetOperationState(arg1: CK_SESSION_HANDLE, arg2: *mut CK_BYTE, arg3: *mut CK_ULONG) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_SetOperationState(arg1: CK_SESSION_HANDLE, arg2: *mut CK_BYTE, arg3: CK_ULONG, arg4: CK_OBJECT_HANDLE, arg5: CK_OBJECT_HANDLE) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_CreateObject(arg1: CK_SESSION_HANDLE, arg2: *mut CK_ATTRIBUTE, arg3: CK_ULONG, arg4: *mut CK_OBJECT_HANDLE) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_CopyObject(arg1: CK_SESSION_HANDLE, arg2: CK_OBJECT_HANDLE, arg3: *mut CK_ATTRIBUTE, arg4: CK_ULONG, arg5: *mut CK_OBJECT_HANDLE) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_DestroyObject(arg1: CK_SESSION_HANDLE, arg2: CK_OBJECT_HANDLE) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_GetObjectSize(arg1: CK_SESSION_HANDLE, arg2: CK_OBJECT_HANDLE, arg3: *mut CK_ULONG) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_SetAttributeValue(arg1: CK_SESSION_HANDLE, arg2: CK_OBJECT_HANDLE, arg3: *mut CK_ATTRIBUTE, arg4: CK_ULONG) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_EncryptInit(arg1: CK_SESSION_HANDLE, arg2: *mut CK_MECHANISM, arg3: CK_OBJECT_HANDLE) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_Encrypt(arg1: CK_SESSION_HANDLE, arg2: *mut CK_BYTE, arg3: CK_ULONG, arg4: *mut CK_BYTE, arg5: *mut CK_ULONG) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_EncryptUpdate(arg1: CK_SESSION_HANDLE, arg2: *mut CK_BYTE, arg3: CK_ULONG, arg4: *mut CK_BYTE, arg5: *mut CK_ULONG) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_EncryptFinal(arg1: CK_SESSION_HANDLE, arg2: *mut CK_BYTE, arg3: *mut CK_ULONG) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_DecryptInit(arg1: CK_SESSION_HANDLE, arg2: *mut CK_MECHANISM, arg3: CK_OBJECT_HANDLE) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_Decrypt(arg1: CK_SESSION_HANDLE, arg2: *mut CK_BYTE, arg3: CK_ULONG, arg4: *mut CK_BYTE, arg5: *mut CK_ULONG) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_DecryptUpdate(arg1: CK_SESSION_HANDLE, arg2: *mut CK_BYTE, arg3: CK_ULONG, arg4: *mut CK_BYTE, arg5: *mut CK_ULONG) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_DecryptFinal(arg1: CK_SESSION_HANDLE, arg2: *mut CK_BYTE, arg3: *mut CK_ULONG) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_DigestKey(arg1: CK_SESSION_HANDLE, arg2: CK_OBJECT_HANDLE) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_SignRecoverInit(arg1: CK_SESSION_HANDLE, arg2: *mut CK_MECHANISM, arg3: CK_OBJECT_HANDLE) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_SignRecover(arg1: CK_SESSION_HANDLE, arg2: *mut CK_BYTE, arg3: CK_ULONG, arg4: *mut CK_BYTE, arg5: *mut CK_ULONG) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_VerifyInit(arg1: CK_SESSION_HANDLE, arg2: *mut CK_MECHANISM, arg3: CK_OBJECT_HANDLE) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_Verify(arg1: CK_SESSION_HANDLE, arg2: *mut CK_BYTE, arg3: CK_ULONG, arg4: *mut CK_BYTE, arg5: CK_ULONG) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_VerifyUpdate(arg1: CK_SESSION_HANDLE, arg2: *mut CK_BYTE, arg3: CK_ULONG) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_VerifyFinal(arg1: CK_SESSION_HANDLE, arg2: *mut CK_BYTE, arg3: CK_ULONG) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_VerifyRecoverInit(arg1: CK_SESSION_HANDLE, arg2: *mut CK_MECHANISM, arg3: CK_OBJECT_HANDLE) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_VerifyRecover(arg1: CK_SESSION_HANDLE, arg2: *mut CK_BYTE, arg3: CK_ULONG, arg4: *mut CK_BYTE, arg5: *mut CK_ULONG) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_DigestEncryptUpdate(arg1: CK_SESSION_HANDLE, arg2: *mut CK_BYTE, arg3: CK_ULONG, arg4: *mut CK_BYTE, arg5: *mut CK_ULONG) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_DecryptDigestUpdate(arg1: CK_SESSION_HANDLE, arg2: *mut CK_BYTE, arg3: CK_ULONG, arg4: *mut CK_BYTE, arg5: *mut CK_ULONG) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_SignEncryptUpdate(arg1: CK_SESSION_HANDLE, arg2: *mut CK_BYTE, arg3: CK_ULONG, arg4: *mut CK_BYTE, arg5: *mut CK_ULONG) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_DecryptVerifyUpdate(arg1: CK_SESSION_HANDLE, arg2: *mut CK_BYTE, arg3: CK_ULONG, arg4: *mut CK_BYTE, arg5: *mut CK_ULONG) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_GenerateKey(arg1: CK_SESSION_HANDLE, arg2: *mut CK_MECHANISM, arg3: *mut CK_ATTRIBUTE, arg4: CK_ULONG, arg5: *mut CK_OBJECT_HANDLE) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_GenerateKeyPair(arg1: CK_SESSION_HANDLE, arg2: *mut CK_MECHANISM, arg3: *mut CK_ATTRIBUTE, arg4: CK_ULONG, arg5: *mut CK_ATTRIBUTE, arg6: CK_ULONG, arg7: *mut CK_OBJECT_HANDLE, arg8: *mut CK_OBJECT_HANDLE) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_WrapKey(arg1: CK_SESSION_HANDLE, arg2: *mut CK_MECHANISM, arg3: CK_OBJECT_HANDLE, arg4: CK_OBJECT_HANDLE, arg5: *mut CK_BYTE, arg6: *mut CK_ULONG) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_UnwrapKey(arg1: CK_SESSION_HANDLE, arg2: *mut CK_MECHANISM, arg3: CK_OBJECT_HANDLE, arg4: *mut CK_BYTE, arg5: CK_ULONG, arg6: *mut CK_ATTRIBUTE, arg7: CK_ULONG, arg8: *mut CK_OBJECT_HANDLE) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}

/// Not supported by the test token.
pub(crate) unsafe extern "C" fn C_DeriveKey(arg1: CK_SESSION_HANDLE, arg2: *mut CK_MECHANISM, arg3: CK_OBJECT_HANDLE, arg4: *mut CK_ATTRIBUTE, arg5: CK_ULONG, arg6: *mut CK_OBJECT_HANDLE) -> CK_RV {
    CKR_FUNCTION_NOT_SUPPORTED
}
