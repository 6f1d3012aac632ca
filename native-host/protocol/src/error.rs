//! Stable error codes with Russian and English messages.
//!
//! Codes are part of the public contract: web cabinets switch on them.
//! Never rename one; add new ones at the end of a group.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Language of a human-readable message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Russian, the default for our users.
    #[default]
    Ru,
    /// English.
    En,
}

macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, ru: $ru:literal, en: $en:literal; )*) => {
        /// A stable machine-readable error code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        pub enum ErrorCode {
            $( $(#[$doc])* #[serde(rename = $code)] $variant, )*
        }

        impl ErrorCode {
            /// Every code, in declaration order (used by docs and typings tests).
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The wire form, e.g. `"BAD_REQUEST"`.
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code,)* }
            }

            /// The default human message in the given language.
            pub fn message(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $( (ErrorCode::$variant, Lang::Ru) => $ru,
                       (ErrorCode::$variant, Lang::En) => $en, )*
                }
            }

            /// Parses the wire form.
            pub fn from_code(s: &str) -> Option<ErrorCode> {
                match s { $($code => Some(ErrorCode::$variant),)* _ => None }
            }
        }
    };
}

error_codes! {
    // --- transport and request shape ---
    /// A frame that could not be read as a UTF-8 JSON object.
    BadFrame = "BAD_FRAME",
        ru: "Повреждённое сообщение от браузера: это не JSON-объект в UTF-8.",
        en: "Malformed message from the browser: not a UTF-8 JSON object.";
    /// The frame is larger than the protocol allows.
    TooLarge = "TOO_LARGE",
        ru: "Сообщение слишком большое.",
        en: "The message is too large.";
    /// The request is well-formed JSON but its fields are wrong.
    BadRequest = "BAD_REQUEST",
        ru: "Неверный запрос: не хватает параметров, лишние параметры или неверные типы.",
        en: "Bad request: missing, extra or mistyped arguments.";
    /// The command name is not known to this host.
    UnknownCommand = "UNKNOWN_COMMAND",
        ru: "Неизвестная команда.",
        en: "Unknown command.";
    /// The extension speaks an incompatible major protocol version.
    ProtocolMismatch = "PROTOCOL_MISMATCH",
        ru: "Версии расширения и программы Podpis несовместимы. Обновите обе до последней версии.",
        en: "The extension and the Podpis host are incompatible versions. Update both.";
    /// A request id is already in flight.
    DuplicateId = "DUPLICATE_ID",
        ru: "Запрос с таким номером уже выполняется.",
        en: "A request with this id is already running.";
    // --- site and user consent ---
    /// The origin is not an allowed web origin.
    OriginNotAllowed = "ORIGIN_NOT_ALLOWED",
        ru: "Этот сайт не может пользоваться сертификатами: нужен адрес https://.",
        en: "This site may not use certificates: an https:// address is required.";
    /// The operation needs the user's confirmation and none was given.
    ConsentRequired = "CONSENT_REQUIRED",
        ru: "Подпись возможна только после подтверждения в окне Podpis.",
        en: "Signing requires confirmation in the Podpis window.";
    /// The confirmation does not match this operation, expired or was reused.
    ConsentInvalid = "CONSENT_INVALID",
        ru: "Подтверждение не относится к этой операции или устарело. Повторите подписание.",
        en: "The confirmation does not match this operation or has expired. Sign again.";
    /// The user cancelled (closed the dialog or the PIN window).
    UserCancelled = "USER_CANCELLED",
        ru: "Операция отменена пользователем.",
        en: "The operation was cancelled by the user.";
    /// The user did not answer in time.
    UserTimeout = "USER_TIMEOUT",
        ru: "Время ожидания ответа пользователя истекло.",
        en: "Timed out waiting for the user.";
    /// The operation was cancelled by a `cancel` request.
    Cancelled = "CANCELLED",
        ru: "Операция прервана.",
        en: "The operation was aborted.";
    // --- tokens, keys, PIN ---
    /// No token is connected.
    NoToken = "NO_TOKEN",
        ru: "Ключевой носитель (токен) не подключён. Вставьте Рутокен, JaCarta или другой токен.",
        en: "No token is connected. Insert your Rutoken, JaCarta or other token.";
    /// The token was removed during the operation.
    TokenRemoved = "TOKEN_REMOVED",
        ru: "Токен извлечён во время операции. Вставьте его и повторите.",
        en: "The token was removed during the operation. Insert it and try again.";
    /// No certificate with the requested thumbprint.
    CertificateNotFound = "CERTIFICATE_NOT_FOUND",
        ru: "Сертификат не найден на подключённых токенах.",
        en: "The certificate was not found on the connected tokens.";
    /// The certificate has no private key on the token.
    KeyNotFound = "KEY_NOT_FOUND",
        ru: "Для сертификата нет закрытого ключа на токене.",
        en: "The token holds no private key for this certificate.";
    /// The PIN was wrong (after all re-prompts the user gave up).
    PinIncorrect = "PIN_INCORRECT",
        ru: "Неверный PIN-код.",
        en: "Wrong PIN.";
    /// The PIN is locked on the token.
    PinLocked = "PIN_LOCKED",
        ru: "PIN-код заблокирован после неверных попыток. Разблокируйте токен PIN-кодом администратора (PUK).",
        en: "The PIN is locked after wrong attempts. Unblock the token with the administrator PIN (PUK).";
    /// No PIN entry program could be started.
    PinentryUnavailable = "PINENTRY_UNAVAILABLE",
        ru: "Не найдена программа ввода PIN-кода (pinentry). Установите пакет pinentry-gnome3 или pinentry-qt.",
        en: "No PIN entry program (pinentry) was found. Install pinentry-gnome3 or pinentry-qt.";
    // --- signing ---
    /// The key or token does not support the requested algorithm.
    UnsupportedAlgorithm = "UNSUPPORTED_ALGORITHM",
        ru: "Алгоритм не поддерживается этим ключом или токеном.",
        en: "The algorithm is not supported by this key or token.";
    /// The requested signature format is not supported.
    UnsupportedFormat = "UNSUPPORTED_FORMAT",
        ru: "Формат подписи не поддерживается.",
        en: "The signature format is not supported.";
    /// A data stream id is unknown, finished or belongs to another origin.
    StreamNotFound = "STREAM_NOT_FOUND",
        ru: "Поток данных для подписи не найден или уже завершён.",
        en: "The data stream to sign was not found or is already finished.";
    /// The token or its PKCS#11 module reported an error.
    TokenError = "TOKEN_ERROR",
        ru: "Ошибка токена или его драйвера (PKCS#11).",
        en: "The token or its PKCS#11 driver reported an error.";
    /// An internal error of the host.
    Internal = "INTERNAL",
        ru: "Внутренняя ошибка программы Podpis.",
        en: "Internal error of the Podpis host.";
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_have_both_languages() {
        for &code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(ErrorCode::from_code(code.as_str()), Some(code));
            assert!(!code.message(Lang::Ru).is_empty());
            assert!(!code.message(Lang::En).is_empty());
            assert_ne!(code.message(Lang::Ru), code.message(Lang::En));
        }
    }
}
