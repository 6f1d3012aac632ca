//! End-to-end tests of the GOST test-double PKCS#11 module through real FFI:
//! the cdylib is loaded with `cryptoki::Pkcs11::new`, keys come from the
//! OpenSSL gost engine, and every signature is verified by `openssl`.

mod common;

use std::time::Duration;

use common::*;
use cryptoki::error::{Error, RvError};
use cryptoki::mechanism::vendor_defined::VendorDefinedMechanism;
use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::{Attribute, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::types::AuthPin;
use cryptoki_sys::*;
use digest::Digest;

const CKM_WITH_12_256: CK_ULONG = 0xD432_1008;
const CKM_WITH_12_512: CK_ULONG = 0xD432_1009;
const CKM_RAW_512: CK_ULONG = 0xD432_1006;
const CKM_DIGEST_256: CK_ULONG = 0xD432_1012;
const CKM_DIGEST_512: CK_ULONG = 0xD432_1013;

fn vendor(m: CK_ULONG) -> Mechanism<'static> {
    Mechanism::VendorDefined(VendorDefinedMechanism::new::<()>(MechanismType::new_vendor_defined(m).unwrap(), None))
}

fn rv(e: Error) -> RvError {
    match e {
        Error::Pkcs11(rv, _) => rv,
        other => panic!("expected a PKCS#11 error, got {other}"),
    }
}

fn pin() -> AuthPin {
    AuthPin::new(PIN.into())
}

fn find(session: &Session, class: ObjectClass, id: u8) -> ObjectHandle {
    let found = session.find_objects(&[Attribute::Class(class), Attribute::Id(vec![id])]).unwrap();
    assert_eq!(found.len(), 1, "exactly one {class:?} with id {id}");
    found[0]
}

fn flags(p: &cryptoki::context::Pkcs11) -> (bool, bool, bool) {
    let slot = p.get_all_slots().unwrap()[0];
    let t = p.get_token_info(slot).unwrap();
    (t.user_pin_count_low(), t.user_pin_final_try(), t.user_pin_locked())
}

/// `openssl dgst -verify` of a message signature, or `pkeyutl -verify` of a digest signature.
fn openssl_verify(keys: &KeyFiles, data: &[u8], sig: &[u8], raw_digest: bool) -> bool {
    let fx = fixture();
    let dir = tempfile::tempdir().unwrap();
    let data_path = dir.path().join("data.bin");
    let sig_path = dir.path().join("sig.bin");
    std::fs::write(&data_path, data).unwrap();
    std::fs::write(&sig_path, sig).unwrap();
    let (d, s, k) = (data_path.to_str().unwrap(), sig_path.to_str().unwrap(), keys.pubkey.to_str().unwrap());
    let md = format!("-md_gost12_{}", keys.bits);
    let out = if raw_digest {
        openssl(&fx.openssl_conf, &["pkeyutl", "-verify", "-pubin", "-inkey", k, "-in", d, "-sigfile", s])
    } else {
        openssl(&fx.openssl_conf, &["dgst", &md, "-verify", k, "-signature", s, d])
    };
    let text = String::from_utf8_lossy(&out.stdout);
    out.status.success() && text.contains("Verif")
}

#[test]
fn slots_token_info_and_mechanisms() {
    let _g = serial();
    let tok = token_dir(10, false);
    let p = load(tok.path());
    let slots = p.get_slots_with_token().unwrap();
    assert_eq!(slots.len(), 1);
    let si = p.get_slot_info(slots[0]).unwrap();
    assert!(si.token_present() && si.removable_device());
    let ti = p.get_token_info(slots[0]).unwrap();
    assert_eq!(ti.label(), "Podpis test");
    assert_eq!(ti.manufacturer_id(), "Podpis test double");
    assert_eq!(ti.model(), "GOST test token");
    assert_eq!(ti.serial_number(), "0A0B0C0D");
    assert!(ti.login_required() && ti.user_pin_initialized() && ti.token_initialized() && ti.rng());
    assert!(!ti.protected_authentication_path() && !ti.user_pin_count_low() && !ti.user_pin_locked());

    // cryptoki's get_mechanism_list drops vendor values it does not know, so
    // the list is read through the raw function list.
    let raw = raw();
    let mut n: CK_ULONG = 0;
    assert_eq!(unsafe { raw.f.C_GetMechanismList.unwrap()(slots[0].id(), std::ptr::null_mut(), &mut n) }, CKR_OK);
    let mut mechs = vec![0 as CK_ULONG; n as usize];
    let mut small: CK_ULONG = 1;
    assert_eq!(unsafe { raw.f.C_GetMechanismList.unwrap()(slots[0].id(), mechs.as_mut_ptr(), &mut small) }, CKR_BUFFER_TOO_SMALL);
    assert_eq!(small, n);
    assert_eq!(unsafe { raw.f.C_GetMechanismList.unwrap()(slots[0].id(), mechs.as_mut_ptr(), &mut n) }, CKR_OK);
    assert!(p.get_mechanism_list(slots[0]).unwrap().contains(&MechanismType::GOSTR3410));
    for m in [CKM_GOSTR3410, CKM_RAW_512, CKM_WITH_12_256, CKM_WITH_12_512, CKM_DIGEST_256, CKM_DIGEST_512] {
        assert!(mechs.contains(&m), "mechanism 0x{m:x} missing from {mechs:x?}");
    }
    let info = p.get_mechanism_info(slots[0], MechanismType::new_vendor_defined(CKM_WITH_12_512).unwrap()).unwrap();
    assert!(info.sign() && info.min_key_size() == 512);
    let info = p.get_mechanism_info(slots[0], MechanismType::GOSTR3410).unwrap();
    assert!(info.sign() && info.min_key_size() == 256 && info.max_key_size() == 512);

    // A second C_Initialize is refused; a C_Finalize makes calls fail.
    assert_eq!(unsafe { raw.f.C_Initialize.unwrap()(std::ptr::null_mut()) }, CKR_CRYPTOKI_ALREADY_INITIALIZED);
    p.finalize().unwrap();
    let mut n: CK_ULONG = 0;
    assert_eq!(unsafe { raw.f.C_GetSlotList.unwrap()(CK_TRUE, std::ptr::null_mut(), &mut n) }, CKR_CRYPTOKI_NOT_INITIALIZED);
    // Unsupported functions answer CKR_FUNCTION_NOT_SUPPORTED.
    assert_eq!(unsafe { raw.f.C_DestroyObject.unwrap()(1, 1) }, CKR_FUNCTION_NOT_SUPPORTED);
}

#[test]
fn objects_visibility_and_attribute_protocol() {
    let _g = serial();
    let tok = token_dir(10, false);
    let p = load(tok.path());
    let slot = p.get_slots_with_token().unwrap()[0];
    let session = p.open_ro_session(slot).unwrap();
    // Before login: 2 certificates + 2 public keys, no private keys.
    assert_eq!(session.find_objects(&[]).unwrap().len(), 4);
    assert!(session.find_objects(&[Attribute::Class(ObjectClass::PRIVATE_KEY)]).unwrap().is_empty());
    assert_eq!(session.find_objects(&[Attribute::Class(ObjectClass::CERTIFICATE)]).unwrap().len(), 2);
    assert_eq!(session.find_objects(&[Attribute::Label(b"GOST 512".to_vec())]).unwrap().len(), 2);
    session.login(UserType::User, Some(&pin())).unwrap();
    assert_eq!(session.find_objects(&[]).unwrap().len(), 6);
    let key512 = find(&session, ObjectClass::PRIVATE_KEY, 2);
    let pub512 = find(&session, ObjectClass::PUBLIC_KEY, 2);
    let cert512 = find(&session, ObjectClass::CERTIFICATE, 2);
    let key_type = session.find_objects(&[Attribute::KeyType(cryptoki::object::KeyType::new_vendor_defined(0xD432_1003).unwrap())]).unwrap();
    assert!(key_type.contains(&key512) && key_type.contains(&pub512) && key_type.len() == 2);

    let raw = raw();
    let h = session.handle();
    let get = |obj: ObjectHandle, attrs: &mut [CK_ATTRIBUTE]| unsafe { raw.f.C_GetAttributeValue.unwrap()(h, obj.handle(), attrs.as_mut_ptr(), attrs.len() as CK_ULONG) };
    let attr = |t: CK_ATTRIBUTE_TYPE| CK_ATTRIBUTE { type_: t, pValue: std::ptr::null_mut(), ulValueLen: 0 };

    // Length query, then fetch.
    let mut q = [attr(CKA_VALUE), attr(CKA_GOSTR3410_PARAMS), attr(CKA_KEY_TYPE)];
    assert_eq!(get(pub512, &mut q), CKR_OK);
    assert_eq!(q[0].ulValueLen, 128);
    let mut value = vec![0u8; 128];
    let mut params = vec![0u8; q[1].ulValueLen as usize];
    let mut kt: CK_ULONG = 0;
    q[0].pValue = value.as_mut_ptr().cast();
    q[1].pValue = params.as_mut_ptr().cast();
    q[2].pValue = (&mut kt as *mut CK_ULONG).cast();
    q[2].ulValueLen = std::mem::size_of::<CK_ULONG>() as CK_ULONG;
    assert_eq!(get(pub512, &mut q), CKR_OK);
    assert_eq!(params, [0x06, 0x09, 0x2a, 0x85, 0x03, 0x07, 0x01, 0x02, 0x01, 0x02, 0x01]);
    assert_eq!(kt, 0xD432_1003);
    // CKA_VALUE of the public key equals the certificate's subjectPublicKey.
    let mut cv = [attr(CKA_VALUE)];
    assert_eq!(get(cert512, &mut cv), CKR_OK);
    let mut cert_der = vec![0u8; cv[0].ulValueLen as usize];
    cv[0].pValue = cert_der.as_mut_ptr().cast();
    assert_eq!(get(cert512, &mut cv), CKR_OK);
    assert_eq!(podpis_gost_token::der::parse_certificate(&cert_der).unwrap().public_key, value);

    // Too small buffer.
    let mut small = [0u8; 4];
    let mut t = [CK_ATTRIBUTE { type_: CKA_VALUE, pValue: small.as_mut_ptr().cast(), ulValueLen: 4 }];
    assert_eq!(get(pub512, &mut t), CKR_BUFFER_TOO_SMALL);
    assert_eq!(t[0].ulValueLen, CK_UNAVAILABLE_INFORMATION);
    // Unknown attribute: reported, the others still filled.
    let mut t = [attr(CKA_MODULUS), attr(CKA_ID)];
    assert_eq!(get(key512, &mut t), CKR_ATTRIBUTE_TYPE_INVALID);
    assert_eq!(t[0].ulValueLen, CK_UNAVAILABLE_INFORMATION);
    assert_eq!(t[1].ulValueLen, 1);
    // Private value is sensitive; flags as on a real token.
    let mut t = [attr(CKA_VALUE)];
    assert_eq!(get(key512, &mut t), CKR_ATTRIBUTE_SENSITIVE);
    assert_eq!(t[0].ulValueLen, CK_UNAVAILABLE_INFORMATION);
    for (a, want) in [(CKA_SENSITIVE, CK_TRUE), (CKA_EXTRACTABLE, CK_FALSE), (CKA_SIGN, CK_TRUE), (CKA_PRIVATE, CK_TRUE)] {
        let mut b: CK_BBOOL = 9;
        let mut t = [CK_ATTRIBUTE { type_: a, pValue: (&mut b as *mut u8).cast(), ulValueLen: 1 }];
        assert_eq!(get(key512, &mut t), CKR_OK);
        assert_eq!(b, want, "attribute 0x{a:x}");
    }
    // After logout the private key handle is invalid again.
    session.logout().unwrap();
    assert_eq!(get(key512, &mut [attr(CKA_ID)]), CKR_OBJECT_HANDLE_INVALID);
    drop(session);
    p.finalize().unwrap();
}

#[test]
fn wrong_pins_count_down_and_lock_persistently() {
    let _g = serial();
    let tok = token_dir(3, false);
    let p = load(tok.path());
    let slot = p.get_slots_with_token().unwrap()[0];
    let session = p.open_ro_session(slot).unwrap();
    let bad = AuthPin::new("00000000".into());
    // A wrong PIN followed by the right one resets the counter.
    assert_eq!(rv(session.login(UserType::User, Some(&bad)).unwrap_err()), RvError::PinIncorrect);
    assert_eq!(flags(&p), (true, false, false));
    session.login(UserType::User, Some(&pin())).unwrap();
    assert_eq!(flags(&p), (false, false, false));
    session.logout().unwrap();
    // Count down to the lock.
    assert_eq!(rv(session.login(UserType::User, Some(&bad)).unwrap_err()), RvError::PinIncorrect);
    assert_eq!(flags(&p), (true, false, false));
    assert_eq!(rv(session.login(UserType::User, Some(&bad)).unwrap_err()), RvError::PinIncorrect);
    assert_eq!(flags(&p), (true, true, false));
    assert_eq!(rv(session.login(UserType::User, Some(&bad)).unwrap_err()), RvError::PinLocked);
    assert_eq!(flags(&p), (false, false, true));
    assert_eq!(rv(session.login(UserType::User, Some(&pin())).unwrap_err()), RvError::PinLocked);
    drop(session);
    p.finalize().unwrap();
    // The lock survives a module restart, like a card.
    let p = load(tok.path());
    assert_eq!(flags(&p), (false, false, true));
    let session = p.open_ro_session(p.get_slots_with_token().unwrap()[0]).unwrap();
    assert_eq!(rv(session.login(UserType::User, Some(&pin())).unwrap_err()), RvError::PinLocked);
    drop(session);
    p.finalize().unwrap();
}

#[test]
fn every_mechanism_signs_what_openssl_verifies() {
    let _g = serial();
    let fx = fixture();
    let tok = token_dir(10, false);
    let p = load(tok.path());
    let slot = p.get_slots_with_token().unwrap()[0];
    let session = p.open_ro_session(slot).unwrap();
    // Signing needs a login.
    let pubkey = find(&session, ObjectClass::PUBLIC_KEY, 1);
    assert!(session.sign(&vendor(CKM_WITH_12_256), pubkey, b"x").is_err());
    session.login(UserType::User, Some(&pin())).unwrap();
    let message = "<Файл ИдФайл=\"test\">Podpis test message</Файл>".repeat(3).into_bytes();

    for (id, keys) in [(1u8, &fx.k256), (2u8, &fx.k512)] {
        let key = find(&session, ObjectClass::PRIVATE_KEY, id);
        let len = keys.bits / 8;
        let with = vendor(if keys.bits == 256 { CKM_WITH_12_256 } else { CKM_WITH_12_512 });

        // Hash-and-sign, single part.
        let sig = session.sign(&with, key, &message).unwrap();
        assert_eq!(sig.len(), 2 * len);
        assert!(openssl_verify(keys, &message, &sig, false), "{}-bit WITH_GOSTR3411_12 single-part signature rejected by openssl", keys.bits);

        // Hash-and-sign, multi-part.
        session.sign_init(&with, key).unwrap();
        for chunk in message.chunks(7) {
            session.sign_update(chunk).unwrap();
        }
        let sig = session.sign_final().unwrap();
        assert!(openssl_verify(keys, &message, &sig, false), "{}-bit multi-part signature rejected by openssl", keys.bits);

        // Raw CKM_GOSTR3410 over the Streebog digest (bytes as output by the hash).
        let digest = if len == 32 { streebog::Streebog256::digest(&message).to_vec() } else { streebog::Streebog512::digest(&message).to_vec() };
        let sig = session.sign(&Mechanism::GostR3410, key, &digest).unwrap();
        assert!(openssl_verify(keys, &digest, &sig, true), "{}-bit CKM_GOSTR3410 signature rejected by openssl pkeyutl", keys.bits);
        // ... which is the same thing openssl dgst checks for the message.
        assert!(openssl_verify(keys, &message, &sig, false));
        // A wrong-length digest is refused.
        assert_eq!(rv(session.sign(&Mechanism::GostR3410, key, &digest[1..]).unwrap_err()), RvError::DataLenRange);

        // And podpis-gost agrees with openssl about the public key.
        let params = podpis_gost_token::gost::param_set(if len == 32 { "1.2.643.2.2.35.1" } else { "1.2.643.7.1.2.1.2.1" }).unwrap();
        let cert = podpis_gost_token::der::pem_or_der(&std::fs::read(&keys.cert).unwrap(), "CERTIFICATE").unwrap();
        let public = podpis_gost_token::der::parse_certificate(&cert).unwrap().public_key;
        assert!(podpis_gost_token::gost::verify_digest(params, &public, &digest, &sig));
    }
    // TC26 raw 512 mechanism; mechanism/key-size mismatches are refused.
    let key512 = find(&session, ObjectClass::PRIVATE_KEY, 2);
    let key256 = find(&session, ObjectClass::PRIVATE_KEY, 1);
    let digest = streebog::Streebog512::digest(&message).to_vec();
    let sig = session.sign(&vendor(CKM_RAW_512), key512, &digest).unwrap();
    assert!(openssl_verify(&fx.k512, &digest, &sig, true));
    assert_eq!(rv(session.sign(&vendor(CKM_WITH_12_512), key256, &message).unwrap_err()), RvError::KeyTypeInconsistent);
    assert_eq!(rv(session.sign(&vendor(CKM_RAW_512), key256, &digest).unwrap_err()), RvError::KeyTypeInconsistent);

    // Digest mechanisms and the RNG.
    let d = session.digest(&vendor(CKM_DIGEST_256), &message).unwrap();
    assert_eq!(d, streebog::Streebog256::digest(&message).to_vec());
    let d = session.digest(&vendor(CKM_DIGEST_512), &message).unwrap();
    assert_eq!(d, streebog::Streebog512::digest(&message).to_vec());
    let r = session.generate_random_vec(64).unwrap();
    assert_eq!(r.len(), 64);
    assert_ne!(r, vec![0u8; 64]);
    drop(session);
    p.finalize().unwrap();
}

#[test]
fn hot_plug_is_seen_by_slots_sessions_and_events() {
    let _g = serial();
    let tok = token_dir(10, false);
    let d = tok.path().to_str().unwrap().to_string();
    let p = load(tok.path());
    let slot = p.get_all_slots().unwrap()[0];
    assert_eq!(p.get_slot_event().unwrap(), None);
    let session = p.open_ro_session(slot).unwrap();

    tool(&["remove", "--dir", &d]);
    assert!(p.get_slots_with_token().unwrap().is_empty());
    assert_eq!(p.get_all_slots().unwrap(), vec![slot]);
    assert!(!p.get_slot_info(slot).unwrap().token_present());
    assert_eq!(p.get_slot_event().unwrap(), Some(slot));
    assert_eq!(p.get_slot_event().unwrap(), None);
    assert_eq!(rv(session.get_session_info().unwrap_err()), RvError::DeviceRemoved);
    assert_eq!(rv(p.open_ro_session(slot).unwrap_err()), RvError::TokenNotPresent);
    assert_eq!(rv(p.get_token_info(slot).unwrap_err()), RvError::TokenNotPresent);

    tool(&["insert", "--dir", &d]);
    assert_eq!(p.get_slots_with_token().unwrap(), vec![slot]);
    assert_eq!(p.get_slot_event().unwrap(), Some(slot));
    // The session from before the removal is gone for good.
    assert_eq!(rv(session.get_session_info().unwrap_err()), RvError::SessionHandleInvalid);
    let fresh = p.open_ro_session(slot).unwrap();
    fresh.login(UserType::User, Some(&pin())).unwrap();

    // Blocking wait wakes up on removal.
    let waiter = {
        let p = p.clone();
        std::thread::spawn(move || p.wait_for_slot_event())
    };
    std::thread::sleep(Duration::from_millis(300));
    assert!(!waiter.is_finished(), "blocking C_WaitForSlotEvent returned without an event");
    tool(&["remove", "--dir", &d]);
    assert_eq!(waiter.join().unwrap().unwrap(), slot);
    tool(&["insert", "--dir", &d]);
    drop(fresh);
    drop(session);
    p.finalize().unwrap();
}

#[test]
fn pinpad_login_reads_the_simulated_pin_pad() {
    let _g = serial();
    let tok = token_dir(10, true);
    let d = tok.path().to_str().unwrap().to_string();
    std::env::set_var("PODPIS_GOST_TOKEN_PINPAD_TIMEOUT_MS", "5000");
    let p = load(tok.path());
    let slot = p.get_slots_with_token().unwrap()[0];
    assert!(p.get_token_info(slot).unwrap().protected_authentication_path());
    let session = p.open_ro_session(slot).unwrap();

    // The "user" types the PIN while C_Login(NULL) waits.
    let typer = {
        let d = d.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            tool(&["pinpad-enter", "--dir", &d, "--pin", PIN]);
        })
    };
    session.login(UserType::User, None).unwrap();
    typer.join().unwrap();
    assert!(!session.find_objects(&[Attribute::Class(ObjectClass::PRIVATE_KEY)]).unwrap().is_empty());
    session.logout().unwrap();

    // A wrong PIN on the pad counts like any wrong PIN.
    tool(&["pinpad-enter", "--dir", &d, "--pin", "99999999"]);
    assert_eq!(rv(session.login(UserType::User, None).unwrap_err()), RvError::PinIncorrect);
    assert_eq!(flags(&p), (true, false, false));
    // Cancel on the pad, and a timeout, both give CKR_FUNCTION_CANCELED.
    tool(&["pinpad-enter", "--dir", &d, "--cancel"]);
    assert_eq!(rv(session.login(UserType::User, None).unwrap_err()), RvError::FunctionCanceled);
    std::env::set_var("PODPIS_GOST_TOKEN_PINPAD_TIMEOUT_MS", "100");
    assert_eq!(rv(session.login(UserType::User, None).unwrap_err()), RvError::FunctionCanceled);
    std::env::remove_var("PODPIS_GOST_TOKEN_PINPAD_TIMEOUT_MS");
    // A PIN passed directly still works on a PIN-pad token.
    session.login(UserType::User, Some(&pin())).unwrap();
    drop(session);
    p.finalize().unwrap();
}

#[test]
fn concurrent_callers_are_safe() {
    let _g = serial();
    let tok = token_dir(10, false);
    let p = load(tok.path());
    let slot = p.get_slots_with_token().unwrap()[0];
    let s = p.open_ro_session(slot).unwrap();
    s.login(UserType::User, Some(&pin())).unwrap();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let p = p.clone();
            std::thread::spawn(move || {
                let s = p.open_ro_session(slot).unwrap();
                let key = find(&s, ObjectClass::PRIVATE_KEY, 1);
                for _ in 0..3 {
                    assert_eq!(s.sign(&vendor(CKM_WITH_12_256), key, b"data").unwrap().len(), 64);
                    p.get_token_info(slot).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    drop(s);
    p.finalize().unwrap();
}

#[test]
fn initialize_arguments_and_finalize_during_a_blocked_wait() {
    let _g = serial();
    let tok = token_dir(10, false);
    std::env::set_var("PODPIS_GOST_TOKEN_DIR", tok.path());
    let raw = raw();
    unsafe extern "C" fn create(_: *mut *mut std::os::raw::c_void) -> CK_RV {
        CKR_OK
    }
    unsafe extern "C" fn other(_: *mut std::os::raw::c_void) -> CK_RV {
        CKR_OK
    }
    let mut args = CK_C_INITIALIZE_ARGS {
        CreateMutex: Some(create),
        DestroyMutex: Some(other),
        LockMutex: Some(other),
        UnlockMutex: Some(other),
        flags: 0,
        pReserved: std::ptr::null_mut(),
    };
    let init = raw.f.C_Initialize.unwrap();
    // Application-supplied mutexes without CKF_OS_LOCKING_OK cannot be honoured.
    assert_eq!(unsafe { init((&mut args as *mut CK_C_INITIALIZE_ARGS).cast()) }, CKR_CANT_LOCK);
    args.flags = CKF_OS_LOCKING_OK;
    assert_eq!(unsafe { init((&mut args as *mut CK_C_INITIALIZE_ARGS).cast()) }, CKR_OK);

    // C_Login(NULL) without a PIN pad is a caller error.
    let mut h: CK_SESSION_HANDLE = 0;
    assert_eq!(unsafe { raw.f.C_OpenSession.unwrap()(0, CKF_SERIAL_SESSION, std::ptr::null_mut(), None, &mut h) }, CKR_OK);
    assert_eq!(unsafe { raw.f.C_Login.unwrap()(h, CKU_USER, std::ptr::null_mut(), 0) }, CKR_ARGUMENTS_BAD);
    // Sessions must be serial.
    let mut h2: CK_SESSION_HANDLE = 0;
    assert_eq!(unsafe { raw.f.C_OpenSession.unwrap()(0, 0, std::ptr::null_mut(), None, &mut h2) }, CKR_SESSION_PARALLEL_NOT_SUPPORTED);

    // A blocked C_WaitForSlotEvent returns when the module is finalised.
    let wait = raw.f.C_WaitForSlotEvent.unwrap();
    let waiter = std::thread::spawn(move || {
        let mut slot: CK_SLOT_ID = 99;
        unsafe { wait(0, &mut slot, std::ptr::null_mut()) }
    });
    std::thread::sleep(Duration::from_millis(200));
    assert!(!waiter.is_finished());
    assert_eq!(unsafe { raw.f.C_Finalize.unwrap()(std::ptr::null_mut()) }, CKR_OK);
    assert_eq!(waiter.join().unwrap(), CKR_CRYPTOKI_NOT_INITIALIZED);
}
