//! PIN-pad readers with the GOST test token (TEST DOUBLE, `init --pinpad`):
//! the service logs in with a NULL PIN (`CKF_PROTECTED_AUTHENTICATION_PATH`)
//! while the test "types" the PIN on the simulated reader out of band
//! (`podpis-gost-token-tool pinpad-enter`); the pinentry only shows a
//! message telling the user to use the reader. A wrong PIN on the reader
//! → PIN_INCORRECT, Cancel on the reader → USER_CANCELLED.

#[path = "../../../tests/pki/gost/fixture.rs"]
mod gost_fixture;

use std::time::{Duration, Instant};

use base64::Engine;
use gost_fixture::{serial, GostPki, Options, Pinentry, ORIGIN, PIN};
use podpis_protocol::{DigestAlgorithm, ErrorCode, SignFormat};
use podpis_token::{CancelToken, Payload, SignJob};

fn sign_job(p: &GostPki, data: &[u8]) -> SignJob {
    let payload = Payload::Data { alg: DigestAlgorithm::Streebog256, data: data.to_vec() };
    SignJob::new(ORIGIN, p.thumb("01"), payload, SignFormat::CmsAttached)
}

/// Waits until the pinentry has shown its message, then acts on the reader.
fn on_reader(p: &'static GostPki, pe_log: std::path::PathBuf, args: &'static [&'static str]) -> std::thread::JoinHandle<bool> {
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if std::fs::read_to_string(&pe_log).unwrap_or_default().contains("MESSAGE") {
                std::thread::sleep(Duration::from_millis(200));
                p.tool(args);
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    })
}

#[test]
fn pin_pad_login_with_pin_typed_on_the_reader() {
    let _s = serial();
    let p: &'static GostPki = Box::leak(Box::new(GostPki::setup(Options { label: "GOST PinPad", pinpad: true, max_tries: 10 })));
    let pe = Pinentry::new(p, &[], None);
    let svc = pe.service(p, 30);
    let t = &svc.list_tokens().expect("tokens")[0];
    assert!(t.flags.pin_pad, "{t:?}");

    let typed = on_reader(p, pe.dir.join("log"), &["pinpad-enter", "--pin", PIN]);
    let r = svc.sign(&sign_job(p, b"pin pad"), &CancelToken::new()).expect("signed after PIN on the reader");
    assert!(typed.join().expect("thread"), "the pinentry message was shown before the PIN was typed");
    let sig = base64::engine::general_purpose::STANDARD.decode(&r.signature).expect("base64");
    assert_eq!(p.openssl_cms_verify(&sig, None).expect("openssl"), b"pin pad");
    p.python_cms_verify(&sig, None).expect("python");
    let log = pe.log();
    assert!(!log.contains("GETPIN"), "no PIN asked in the pinentry: {log}");
    assert!(log.contains("Введите PIN-код на клавиатуре считывателя токена «GOST PinPad»."), "{log}");
    assert!(log.contains(ORIGIN), "{log}");

    // A wrong PIN typed on the reader → PIN_INCORRECT (no re-prompt loop).
    let pe = Pinentry::new(p, &[], None);
    let svc = pe.service(p, 30);
    let typed = on_reader(p, pe.dir.join("log"), &["pinpad-enter", "--pin", "0000"]);
    let e = svc.sign(&sign_job(p, b"x"), &CancelToken::new()).expect_err("wrong PIN on the reader");
    assert!(typed.join().expect("thread"));
    assert_eq!(e.code(), ErrorCode::PinIncorrect, "{e:?}");

    // Cancel pressed on the reader → USER_CANCELLED.
    let pe = Pinentry::new(p, &[], None);
    let svc = pe.service(p, 30);
    let pressed = on_reader(p, pe.dir.join("log"), &["pinpad-enter", "--cancel"]);
    let e = svc.sign(&sign_job(p, b"x"), &CancelToken::new()).expect_err("cancelled on the reader");
    assert!(pressed.join().expect("thread"));
    assert_eq!(e.code(), ErrorCode::UserCancelled, "{e:?}");
}
