//! Object search and attribute entry points.
#![allow(non_snake_case)]

use cryptoki_sys::*;

use super::{guard, non_null};
use crate::objects::AttrValue;
use crate::state::{with_module, FindState};

pub(crate) unsafe extern "C" fn C_FindObjectsInit(hSession: CK_SESSION_HANDLE, pTemplate: *mut CK_ATTRIBUTE, ulCount: CK_ULONG) -> CK_RV {
    guard(|| {
        if pTemplate.is_null() && ulCount != 0 {
            return Err(CKR_ARGUMENTS_BAD);
        }
        let attrs: &[CK_ATTRIBUTE] = if ulCount == 0 { &[] } else { std::slice::from_raw_parts(pTemplate, ulCount as usize) };
        let mut template = Vec::with_capacity(attrs.len());
        for a in attrs {
            let value = if a.ulValueLen == 0 {
                Vec::new()
            } else if a.pValue.is_null() {
                return Err(CKR_ARGUMENTS_BAD);
            } else {
                std::slice::from_raw_parts(a.pValue as *const u8, a.ulValueLen as usize).to_vec()
            };
            template.push((a.type_, value));
        }
        with_module(|m| {
            let session = m.session(hSession)?;
            if session.find.is_some() {
                return Err(CKR_OPERATION_ACTIVE);
            }
            let logged_in = m.logged_in;
            let results = m
                .objects
                .iter()
                .enumerate()
                .filter(|(_, o)| logged_in || !o.is_private())
                .filter(|(_, o)| o.matches(&template))
                .map(|(i, _)| (i + 1) as CK_OBJECT_HANDLE)
                .collect();
            m.session(hSession)?.find = Some(FindState { results, pos: 0 });
            Ok(())
        })
    })
}

pub(crate) unsafe extern "C" fn C_FindObjects(hSession: CK_SESSION_HANDLE, phObject: *mut CK_OBJECT_HANDLE, ulMaxObjectCount: CK_ULONG, pulObjectCount: *mut CK_ULONG) -> CK_RV {
    guard(|| {
        let count = non_null(pulObjectCount)?;
        if phObject.is_null() && ulMaxObjectCount != 0 {
            return Err(CKR_ARGUMENTS_BAD);
        }
        with_module(|m| {
            let find = m.session(hSession)?.find.as_mut().ok_or(CKR_OPERATION_NOT_INITIALIZED)?;
            let n = (find.results.len() - find.pos).min(ulMaxObjectCount as usize);
            for (i, h) in find.results[find.pos..find.pos + n].iter().enumerate() {
                *phObject.add(i) = *h;
            }
            find.pos += n;
            *count = n as CK_ULONG;
            Ok(())
        })
    })
}

pub(crate) unsafe extern "C" fn C_FindObjectsFinal(hSession: CK_SESSION_HANDLE) -> CK_RV {
    guard(|| {
        with_module(|m| {
            let s = m.session(hSession)?;
            s.find.take().ok_or(CKR_OPERATION_NOT_INITIALIZED)?;
            Ok(())
        })
    })
}

/// `C_GetAttributeValue` with the full v2.40 protocol: every attribute is
/// processed; unknown → `CK_UNAVAILABLE_INFORMATION` + `CKR_ATTRIBUTE_TYPE_INVALID`;
/// sensitive → `CK_UNAVAILABLE_INFORMATION` + `CKR_ATTRIBUTE_SENSITIVE`;
/// null `pValue` → length only; too small → `CK_UNAVAILABLE_INFORMATION` +
/// `CKR_BUFFER_TOO_SMALL`.
pub(crate) unsafe extern "C" fn C_GetAttributeValue(hSession: CK_SESSION_HANDLE, hObject: CK_OBJECT_HANDLE, pTemplate: *mut CK_ATTRIBUTE, ulCount: CK_ULONG) -> CK_RV {
    guard(|| {
        if pTemplate.is_null() && ulCount != 0 {
            return Err(CKR_ARGUMENTS_BAD);
        }
        let template: &mut [CK_ATTRIBUTE] = if ulCount == 0 { &mut [] } else { std::slice::from_raw_parts_mut(pTemplate, ulCount as usize) };
        with_module(|m| {
            m.session(hSession)?;
            let obj = m.object(hObject)?;
            let mut rv = CKR_OK;
            for a in template.iter_mut() {
                match obj.attribute(a.type_).map_err(|e| e.rv())? {
                    None => {
                        a.ulValueLen = CK_UNAVAILABLE_INFORMATION;
                        rv = CKR_ATTRIBUTE_TYPE_INVALID;
                    }
                    Some(AttrValue::Sensitive) => {
                        a.ulValueLen = CK_UNAVAILABLE_INFORMATION;
                        if rv == CKR_OK {
                            rv = CKR_ATTRIBUTE_SENSITIVE;
                        }
                    }
                    Some(AttrValue::Bytes(v)) => {
                        if a.pValue.is_null() {
                            a.ulValueLen = v.len() as CK_ULONG;
                        } else if (a.ulValueLen as usize) < v.len() {
                            a.ulValueLen = CK_UNAVAILABLE_INFORMATION;
                            if rv == CKR_OK {
                                rv = CKR_BUFFER_TOO_SMALL;
                            }
                        } else {
                            std::ptr::copy_nonoverlapping(v.as_ptr(), a.pValue as *mut u8, v.len());
                            a.ulValueLen = v.len() as CK_ULONG;
                        }
                    }
                }
            }
            if rv == CKR_OK { Ok(()) } else { Err(rv) }
        })
    })
}
