//! The server's verification of an uploaded detached signature, with the
//! Russian wording shown in the list of sent reports.

use podpis_verifier::{verify_cms_detached_details, TrustedRoots, VerifyError};
use serde::{Deserialize, Serialize};

use crate::person::Person;

/// The outcome of verifying a report's signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// Whether the signature is valid.
    pub ok: bool,
    /// `OK` or the verifier's stable error code.
    pub code: String,
    /// What it means, in Russian.
    pub message: String,
    /// The signer, when the signature is valid.
    pub signer: Option<Person>,
    /// Digest algorithm of the signature (`sha256`, `streebog256` …).
    pub digest_algorithm: Option<String>,
    /// `signingTime`, unix seconds.
    pub signing_time: Option<i64>,
    /// Whether `signingCertificateV2` binds the signer's certificate (CAdES-BES).
    pub cades_bes: bool,
}

/// Verifies `signature` (DER CMS, detached) over `content` at `now`.
pub fn verify(content: &[u8], signature: &[u8], roots: &TrustedRoots, now: i64) -> Verdict {
    match verify_cms_detached_details(content, signature, roots, now) {
        Ok(s) => Verdict {
            ok: true,
            code: "OK".into(),
            message: if s.signing_certificate {
                "Подпись верна (CAdES-BES): отчёт не изменён, сертификат действителен и выдан доверенным УЦ.".into()
            } else {
                "Подпись верна: отчёт не изменён, сертификат действителен и выдан доверенным УЦ (без атрибута signingCertificateV2).".into()
            },
            signer: Some(Person::from(&s.signer)),
            digest_algorithm: Some(s.digest_algorithm.as_str().to_string()),
            signing_time: s.signing_time,
            cades_bes: s.signing_certificate,
        },
        Err(e) => Verdict {
            ok: false,
            code: e.code().into(),
            message: message_ru(&e),
            signer: None,
            digest_algorithm: None,
            signing_time: None,
            cades_bes: false,
        },
    }
}

/// Russian text for a verification failure (also used for logins).
pub fn message_ru(e: &VerifyError) -> String {
    let text = match e {
        VerifyError::WrongFormat(_) => "Неизвестный формат ответа расширения.",
        VerifyError::Malformed(_) => "Данные подписи повреждены.",
        VerifyError::BadCertificate(_) => "Сертификат подписанта не читается.",
        VerifyError::UnsupportedAlgorithm(_) => "Алгоритм подписи не поддерживается кабинетом.",
        VerifyError::AlgorithmMismatch { .. } => "Заявленный алгоритм не соответствует ключу сертификата.",
        VerifyError::SignatureInvalid => {
            "Подпись неверна: она сделана не для этого сайта, не для этого запроса или повреждена."
        }
        VerifyError::CertificateExpired => "Срок действия сертификата истёк.",
        VerifyError::CertificateNotYetValid => "Сертификат ещё не начал действовать.",
        VerifyError::UntrustedIssuer(_) => "Сертификат выдан удостоверяющим центром, которому кабинет не доверяет.",
        VerifyError::ChainSignatureInvalid(_) => "Цепочка сертификатов не сходится: сертификат не подписан удостоверяющим центром.",
        VerifyError::IssuerNotValid(_) => "Сертификат удостоверяющего центра недействителен.",
        VerifyError::BadCms(_) => "Файл подписи повреждён или имеет неподдерживаемый формат.",
        VerifyError::ContentDigestMismatch => "Отчёт не совпадает с подписанным: файл изменён после подписания.",
        VerifyError::SignerCertificateMissing => "В подписи нет сертификата подписанта.",
        VerifyError::SigningCertificateMismatch => "Атрибут signingCertificateV2 указывает на другой сертификат.",
    };
    format!("{text} ({})", e.code())
}
