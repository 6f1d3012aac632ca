//! PIN flows on the GOST test token (TEST DOUBLE, 3 tries): a wrong PIN
//! re-prompts and the prompt says how many attempts are left (from
//! CKF_USER_PIN_COUNT_LOW / CKF_USER_PIN_FINAL_TRY); the last wrong PIN
//! locks the token → PIN_LOCKED, and a locked token is refused without a prompt.

#[path = "../../../tests/pki/gost/fixture.rs"]
mod gost_fixture;

use gost_fixture::{serial, GostPki, Options, Pinentry, ORIGIN, PIN};
use podpis_protocol::{DigestAlgorithm, ErrorCode, SignFormat};
use podpis_token::{AuthJob, CancelToken, Payload, SignJob, TokenError};

const LOW: &str = "SETERROR Неверный PIN-код. Осталось мало попыток.";
const FINAL: &str = "SETERROR Неверный PIN-код. Осталась 1 попытка: при следующей ошибке PIN-код будет заблокирован.";

fn sign_job(p: &GostPki) -> SignJob {
    let payload = Payload::Data { alg: DigestAlgorithm::Streebog512, data: b"PIN test".to_vec() };
    SignJob::new(ORIGIN, p.thumb("03"), payload, SignFormat::CmsDetached).with_document_name("Декларация.xml")
}

/// `SETERROR` lines of the log, in order.
fn errors(log: &str) -> Vec<&str> {
    log.lines().filter(|l| l.starts_with("SETERROR")).collect()
}

#[test]
fn wrong_pin_reprompts_with_attempts_left_then_locks() {
    let _s = serial();
    let p = GostPki::setup(Options { label: "GOST PIN", pinpad: false, max_tries: 3 });

    // Two wrong PINs, then the right one: the prompts count down.
    let pe = Pinentry::new(&p, &["0000", "1111", PIN], None);
    let svc = pe.service(&p, 30);
    let r = svc.sign(&sign_job(&p), &CancelToken::new()).expect("third PIN is right");
    let sig = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &r.signature).expect("base64");
    p.openssl_cms_verify(&sig, Some(b"PIN test")).expect("openssl");
    let log = pe.log();
    assert_eq!(log.matches("GETPIN").count(), 3, "{log}");
    assert_eq!(errors(&log), vec![LOW, FINAL], "{log}");
    assert!(log.contains("SETDESC Сайт https://lk.nalog.example запрашивает подпись документа «Декларация.xml»."), "{log}");
    assert!(log.contains("Сидорова Анна Сергеевна"), "{log}");
    assert!(log.contains("«GOST PIN»"), "{log}");
    let flags = svc.list_tokens().expect("tokens")[0].flags.clone();
    assert!(!flags.pin_count_low && !flags.pin_final_try && !flags.pin_locked, "right PIN resets the counter: {flags:?}");

    // Three wrong PINs: the third locks the token.
    let pe = Pinentry::new(&p, &["0000", "1111", "2222", PIN], None);
    let svc = pe.service(&p, 30);
    let e = svc.sign(&sign_job(&p), &CancelToken::new()).expect_err("locked");
    assert!(matches!(e, TokenError::PinLocked), "{e:?}");
    assert_eq!(e.code(), ErrorCode::PinLocked);
    assert_eq!(e.attempts_left(), Some(0));
    let log = pe.log();
    assert_eq!(log.matches("GETPIN").count(), 3, "{log}");
    assert_eq!(errors(&log), vec![LOW, FINAL], "{log}");
    assert!(svc.list_tokens().expect("tokens")[0].flags.pin_locked);

    // A locked token is refused up front, for signing and for login.
    let pe = Pinentry::new(&p, &[PIN], None);
    let svc = pe.service(&p, 30);
    assert_eq!(svc.sign(&sign_job(&p), &CancelToken::new()).expect_err("locked").code(), ErrorCode::PinLocked);
    let auth = AuthJob { origin: ORIGIN.into(), certificate: p.thumb("01"), challenge: vec![9; 32] };
    assert_eq!(svc.authenticate(&auth, &CancelToken::new()).expect_err("locked").code(), ErrorCode::PinLocked);
    assert!(!pe.log().contains("GETPIN"), "no prompt for a locked token: {}", pe.log());
}
