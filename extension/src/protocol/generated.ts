// Generated from native-host/protocol (podpis-protocol). Do not edit by hand:
// run `PODPIS_UPDATE_TYPINGS=1 cargo test -p podpis-protocol` after changing the Rust types.

export const PROTOCOL_VERSION = "1.0";
export const MAX_REPLY_FRAME = 1048576;
export const MAX_REQUEST_FRAME = 67108864;
export const CONSENT_MAX_AGE_MS = 300000;
export const AUTH_TOKEN_FORMAT = "podpis-auth:1";
export const COMMANDS = ["hello", "status", "list-tokens", "list-certificates", "stream-begin", "stream-chunk", "sign", "authenticate", "cancel"] as const;
/** Default messages of every host error code. */
export const ERROR_MESSAGES: Record<ErrorCode, { ru: string; en: string }> = {
  "BAD_FRAME": { ru: "Повреждённое сообщение от браузера: это не JSON-объект в UTF-8.", en: "Malformed message from the browser: not a UTF-8 JSON object." },
  "TOO_LARGE": { ru: "Сообщение слишком большое.", en: "The message is too large." },
  "BAD_REQUEST": { ru: "Неверный запрос: не хватает параметров, лишние параметры или неверные типы.", en: "Bad request: missing, extra or mistyped arguments." },
  "UNKNOWN_COMMAND": { ru: "Неизвестная команда.", en: "Unknown command." },
  "PROTOCOL_MISMATCH": { ru: "Версии расширения и программы Podpis несовместимы. Обновите обе до последней версии.", en: "The extension and the Podpis host are incompatible versions. Update both." },
  "DUPLICATE_ID": { ru: "Запрос с таким номером уже выполняется.", en: "A request with this id is already running." },
  "ORIGIN_NOT_ALLOWED": { ru: "Этот сайт не может пользоваться сертификатами: нужен адрес https://.", en: "This site may not use certificates: an https:// address is required." },
  "CONSENT_REQUIRED": { ru: "Подпись возможна только после подтверждения в окне Podpis.", en: "Signing requires confirmation in the Podpis window." },
  "CONSENT_INVALID": { ru: "Подтверждение не относится к этой операции или устарело. Повторите подписание.", en: "The confirmation does not match this operation or has expired. Sign again." },
  "USER_CANCELLED": { ru: "Операция отменена пользователем.", en: "The operation was cancelled by the user." },
  "USER_TIMEOUT": { ru: "Время ожидания ответа пользователя истекло.", en: "Timed out waiting for the user." },
  "CANCELLED": { ru: "Операция прервана.", en: "The operation was aborted." },
  "NO_TOKEN": { ru: "Ключевой носитель (токен) не подключён. Вставьте Рутокен, JaCarta или другой токен.", en: "No token is connected. Insert your Rutoken, JaCarta or other token." },
  "TOKEN_REMOVED": { ru: "Токен извлечён во время операции. Вставьте его и повторите.", en: "The token was removed during the operation. Insert it and try again." },
  "CERTIFICATE_NOT_FOUND": { ru: "Сертификат не найден на подключённых токенах.", en: "The certificate was not found on the connected tokens." },
  "KEY_NOT_FOUND": { ru: "Для сертификата нет закрытого ключа на токене.", en: "The token holds no private key for this certificate." },
  "PIN_INCORRECT": { ru: "Неверный PIN-код.", en: "Wrong PIN." },
  "PIN_LOCKED": { ru: "PIN-код заблокирован после неверных попыток. Разблокируйте токен PIN-кодом администратора (PUK).", en: "The PIN is locked after wrong attempts. Unblock the token with the administrator PIN (PUK)." },
  "PINENTRY_UNAVAILABLE": { ru: "Не найдена программа ввода PIN-кода (pinentry). Установите пакет pinentry-gnome3 или pinentry-qt.", en: "No PIN entry program (pinentry) was found. Install pinentry-gnome3 or pinentry-qt." },
  "UNSUPPORTED_ALGORITHM": { ru: "Алгоритм не поддерживается этим ключом или токеном.", en: "The algorithm is not supported by this key or token." },
  "UNSUPPORTED_FORMAT": { ru: "Формат подписи не поддерживается.", en: "The signature format is not supported." },
  "STREAM_NOT_FOUND": { ru: "Поток данных для подписи не найден или уже завершён.", en: "The data stream to sign was not found or is already finished." },
  "TOKEN_ERROR": { ru: "Ошибка токена или его драйвера (PKCS#11).", en: "The token or its PKCS#11 driver reported an error." },
  "INTERNAL": { ru: "Внутренняя ошибка программы Podpis.", en: "Internal error of the Podpis host." },
};

export type Lang = "ru" | "en";
export type ErrorCode = "BAD_FRAME" | "TOO_LARGE" | "BAD_REQUEST" | "UNKNOWN_COMMAND" | "PROTOCOL_MISMATCH" | "DUPLICATE_ID" | "ORIGIN_NOT_ALLOWED" | "CONSENT_REQUIRED" | "CONSENT_INVALID" | "USER_CANCELLED" | "USER_TIMEOUT" | "CANCELLED" | "NO_TOKEN" | "TOKEN_REMOVED" | "CERTIFICATE_NOT_FOUND" | "KEY_NOT_FOUND" | "PIN_INCORRECT" | "PIN_LOCKED" | "PINENTRY_UNAVAILABLE" | "UNSUPPORTED_ALGORITHM" | "UNSUPPORTED_FORMAT" | "STREAM_NOT_FOUND" | "TOKEN_ERROR" | "INTERNAL";
export type CommandName = "hello" | "status" | "list-tokens" | "list-certificates" | "stream-begin" | "stream-chunk" | "sign" | "authenticate" | "cancel";
export type Origin = string;
export type TokenRef = { 
/**
 * File path of the PKCS#11 module.
 */
module: string, 
/**
 * The token's serial number as reported by `C_GetTokenInfo`.
 */
serial: string, };
export type TokenFlags = { 
/**
 * `CKF_LOGIN_REQUIRED`.
 */
loginRequired: boolean, 
/**
 * `CKF_PROTECTED_AUTHENTICATION_PATH`: the PIN is entered on a PIN pad.
 */
pinPad: boolean, 
/**
 * `CKF_TOKEN_INITIALIZED`.
 */
initialized: boolean, 
/**
 * `CKF_USER_PIN_INITIALIZED`.
 */
userPinInitialized: boolean, 
/**
 * `CKF_USER_PIN_COUNT_LOW`: a wrong PIN was entered since the last success.
 */
pinCountLow: boolean, 
/**
 * `CKF_USER_PIN_FINAL_TRY`: one attempt left.
 */
pinFinalTry: boolean, 
/**
 * `CKF_USER_PIN_LOCKED`.
 */
pinLocked: boolean, };
export type TokenInfo = { 
/**
 * Stable reference for later requests.
 */
token: TokenRef, 
/**
 * PKCS#11 slot id at the time of listing.
 */
slot: bigint, 
/**
 * Token label.
 */
label: string, 
/**
 * Manufacturer id.
 */
manufacturer: string, 
/**
 * Model.
 */
model: string, 
/**
 * Serial number.
 */
serial: string, 
/**
 * Flags.
 */
flags: TokenFlags, };
export type ModuleStatus = { 
/**
 * File path of the module.
 */
path: string, 
/**
 * Whether it loaded and initialized.
 */
loaded: boolean, 
/**
 * `C_GetInfo` manufacturer and description, when loaded.
 */
description: string | null, 
/**
 * Library version, when loaded.
 */
libraryVersion: string | null, 
/**
 * Why it failed to load, when it did.
 */
error: string | null, };
export type SubjectInfo = { 
/**
 * Common name (CN).
 */
commonName: string | null, 
/**
 * Surname (SN).
 */
surname: string | null, 
/**
 * Given name(s) (GN): name and patronymic in Russian certificates.
 */
givenName: string | null, 
/**
 * Title (T): the position, e.g. "Генеральный директор".
 */
title: string | null, 
/**
 * Organisation (O).
 */
organization: string | null, 
/**
 * INN of an individual (1.2.643.3.131.1.1).
 */
inn: string | null, 
/**
 * INN of a legal entity (1.2.643.100.4).
 */
innLe: string | null, 
/**
 * OGRN (1.2.643.100.1).
 */
ogrn: string | null, 
/**
 * OGRNIP (1.2.643.100.5).
 */
ogrnip: string | null, 
/**
 * SNILS (1.2.643.100.3).
 */
snils: string | null, 
/**
 * E-mail address, when present.
 */
email: string | null, };
export type CertificateKind = "legal-entity" | "sole-proprietor" | "individual";
export type CertificateWarning = "expired" | "not-yet-valid" | "expires-soon" | "no-digital-signature" | "untrusted-issuer";
export type KeyInfo = { 
/**
 * `rsa`, `ec`, `gost2012-256`, `gost2012-512`, or `unknown`.
 */
algorithm: string, 
/**
 * Key size in bits (modulus for RSA, field size for EC/GOST).
 */
bits: number, 
/**
 * Curve or parameter set name (`P-256`, `CryptoPro-A`, `tc26-512-A` …).
 */
parameters: string | null, 
/**
 * The parameter OID, when the key has one.
 */
parametersOid: string | null, };
export type CertificateInfo = { 
/**
 * SHA-1 of the DER, lower-case hex: the identifier Russian cabinets use.
 */
thumbprint: string, 
/**
 * SHA-256 of the DER, lower-case hex.
 */
thumbprintSha256: string, 
/**
 * The token holding the certificate and key.
 */
token: TokenRef, 
/**
 * Token label, for display.
 */
tokenLabel: string, 
/**
 * PKCS#11 `CKA_ID` of the certificate and key, hex.
 */
keyId: string, 
/**
 * Subject.
 */
subject: SubjectInfo, 
/**
 * Issuer's subject (CN and organisation are what users look at).
 */
issuer: SubjectInfo, 
/**
 * Serial number, hex.
 */
serialNumber: string, 
/**
 * Start of validity, RFC 3339.
 */
notBefore: string, 
/**
 * End of validity, RFC 3339.
 */
notAfter: string, 
/**
 * Key usage names (`digitalSignature`, `nonRepudiation`, …).
 */
keyUsage: Array<string>, 
/**
 * Extended key usage OIDs.
 */
extendedKeyUsage: Array<string>, 
/**
 * Public key.
 */
key: KeyInfo, 
/**
 * Classification for display.
 */
kind: CertificateKind, 
/**
 * Warnings for display.
 */
warnings: Array<CertificateWarning>, 
/**
 * The certificate, DER in base64.
 */
der: string, };
export type CertificateFilter = { 
/**
 * SHA-1 thumbprint (hex, any case, spaces ignored).
 */
thumbprint?: string, 
/**
 * INN of the subject (individual or legal entity).
 */
inn?: string, 
/**
 * Only certificates valid now.
 */
validOnly?: boolean, 
/**
 * Key usage that must be present, e.g. `digitalSignature`.
 */
keyUsage?: string, };
export type ListCertificatesArgs = { 
/**
 * Optional filter.
 */
filter?: CertificateFilter, };
export type NoArgs = Record<symbol, never>;
export type DigestAlgorithm = "sha256" | "sha384" | "sha512" | "streebog256" | "streebog512";
export type SignFormat = "raw" | "cms-detached" | "cms-attached";
export type SignatureScheme = "pkcs1" | "pss";
export type EcdsaEncoding = "raw" | "der";
export type SignInput = { "type": "data", 
/**
 * Base64 of the data.
 */
data: string, } | { "type": "digest", 
/**
 * Base64 of the digest; its length must match the digest algorithm.
 */
digest: string, } | { "type": "stream", 
/**
 * The stream id returned by `stream-begin`.
 */
stream: string, };
export type ConsentOperation = "sign" | "authenticate";
export type Consent = { 
/**
 * The operation confirmed.
 */
operation: ConsentOperation, 
/**
 * The site, as the browser reported it.
 */
origin: string, 
/**
 * SHA-1 thumbprint (lower-case hex) of the certificate chosen.
 */
certificate: string, 
/**
 * Digest algorithm of `digest` (absent for `authenticate`).
 */
digestAlgorithm?: DigestAlgorithm, 
/**
 * Base64 of the digest of the document shown (for `sign`), or the
 * base64 challenge (for `authenticate`).
 */
digest: string, 
/**
 * When the user confirmed, milliseconds since the Unix epoch.
 */
issuedAt: bigint, 
/**
 * Random, base64, at least 16 bytes; single use.
 */
nonce: string, 
/**
 * Base64 HMAC-SHA256 over [`Consent::canonical`] with the
 * connection's consent key.
 */
mac: string, };
export type SignArgs = { 
/**
 * SHA-1 thumbprint of the signing certificate (hex).
 */
certificate: string, 
/**
 * What to sign.
 */
input: SignInput, 
/**
 * Output format.
 */
format: SignFormat, 
/**
 * Digest algorithm; defaults to the key's natural one (SHA-256 for
 * RSA/P-256, SHA-384 for P-384, Streebog matching GOST key size).
 */
digestAlgorithm?: DigestAlgorithm, 
/**
 * RSA scheme for `raw` (ignored for other keys).
 */
signatureScheme?: SignatureScheme, 
/**
 * ECDSA encoding for `raw` (ignored for other keys).
 */
ecdsaEncoding?: EcdsaEncoding, 
/**
 * Name of the document, shown in the PIN prompt.
 */
documentName?: string, 
/**
 * The user's confirmation from the extension's trusted UI.
 */
consent: Consent | null, };
export type SignResult = { 
/**
 * The format produced.
 */
format: SignFormat, 
/**
 * Base64 of the signature (raw bytes or DER CMS).
 */
signature: string, 
/**
 * Signature algorithm name, e.g. `rsa-pkcs1-sha256`, `ecdsa-sha256`,
 * `gost2012-256`.
 */
algorithm: string, 
/**
 * Digest algorithm used.
 */
digestAlgorithm: DigestAlgorithm, 
/**
 * Base64 of the digest of the signed data.
 */
digest: string, 
/**
 * The signer's certificate, DER in base64.
 */
certificate: string, };
export type StreamBeginArgs = { 
/**
 * The digest to compute incrementally over the stream.
 */
digestAlgorithm: DigestAlgorithm, 
/**
 * Total size in bytes, when known (for progress and checks).
 */
totalSize?: bigint, };
export type StreamBeginResult = { 
/**
 * Stream id to pass to `stream-chunk` and `sign`.
 */
stream: string, };
export type StreamChunkArgs = { 
/**
 * Stream id.
 */
stream: string, 
/**
 * Base64 of the next piece of data.
 */
data: string, };
export type StreamChunkResult = { 
/**
 * Bytes received so far.
 */
received: bigint, };
export type AuthenticateArgs = { 
/**
 * SHA-1 thumbprint of the certificate chosen by the user.
 */
certificate: string, 
/**
 * The server's challenge nonce, base64, 32–96 bytes decoded.
 */
challenge: string, 
/**
 * The user's confirmation from the extension's trusted UI.
 */
consent: Consent | null, };
export type AuthToken = { 
/**
 * Always [`AUTH_TOKEN_FORMAT`].
 */
format: string, 
/**
 * The certificate, DER in base64.
 */
certificate: string, 
/**
 * Signature algorithm, e.g. `rsa-pkcs1-sha256`, `ecdsa-sha384`,
 * `gost2012-256`.
 */
algorithm: string, 
/**
 * Base64 signature (r‖s for ECDSA, s‖r for GOST, as in CMS).
 */
signature: string, 
/**
 * `podpis-host/<version>`.
 */
appVersion: string, };
export type HelloArgs = { 
/**
 * Protocol version the extension speaks, `major.minor`.
 */
protocol: string, 
/**
 * Extension version, for logs and diagnostics.
 */
extensionVersion?: string, };
export type HelloResult = { 
/**
 * Host version.
 */
hostVersion: string, 
/**
 * Protocol version, `major.minor`.
 */
protocol: string, 
/**
 * Commands this host implements.
 */
commands: Array<string>, 
/**
 * Signature algorithms this host can produce (`rsa-pkcs1`, `rsa-pss`,
 * `ecdsa`, `gost2012-256`, `gost2012-512`).
 */
algorithms: Array<string>, 
/**
 * Digest algorithms.
 */
digests: Array<string>, 
/**
 * Signature formats.
 */
formats: Array<string>, 
/**
 * Base64 32-byte key for [`crate::Consent`] MACs, fresh for this
 * connection.
 */
consentKey: string, };
export type StatusResult = { 
/**
 * Host version.
 */
hostVersion: string, 
/**
 * Protocol version.
 */
protocol: string, 
/**
 * Every configured or discovered PKCS#11 module and its state.
 */
modules: Array<ModuleStatus>, 
/**
 * Tokens present now.
 */
tokens: Array<TokenInfo>, 
/**
 * The pinentry program that will be used, if one was found.
 */
pinentry: string | null, 
/**
 * Configuration files that were read.
 */
configFiles: Array<string>, };
export type CancelArgs = { 
/**
 * Id of the request to abort.
 */
target: bigint, };
export type CancelResult = { 
/**
 * True when the target was still running and is now being aborted.
 */
cancelled: boolean, };
export type ErrorBody = { 
/**
 * Stable code.
 */
code: ErrorCode, 
/**
 * Message for users, Russian.
 */
messageRu: string, 
/**
 * Message for users, English.
 */
messageEn: string, 
/**
 * Technical detail (English), for logs and developers.
 */
detail?: string, 
/**
 * PIN attempts left, when the token reports it (`PIN_INCORRECT`).
 */
attemptsLeft?: number, };
export type ChunkPart = { 
/**
 * Zero-based index.
 */
index: number, 
/**
 * Number of chunks.
 */
total: number, 
/**
 * A slice of the reply's JSON text.
 */
data: string, };
export type ChunkFrame = { 
/**
 * Request id.
 */
id: bigint, 
/**
 * The piece.
 */
chunk: ChunkPart, };
export type TokenRemovedData = { 
/**
 * The token that was removed.
 */
token: TokenRef, 
/**
 * Its label, for display.
 */
label: string, };
export type Event = { "event": "token-inserted", "data": TokenInfo } | { "event": "token-removed", "data": TokenRemovedData };
