// Types of the Podpis page API (`window.podpis` and podpis.mjs).

/** Stable error codes: the host's and the extension's. */
export type PodpisErrorCode =
  | "BAD_FRAME" | "TOO_LARGE" | "BAD_REQUEST" | "UNKNOWN_COMMAND" | "PROTOCOL_MISMATCH" | "DUPLICATE_ID"
  | "ORIGIN_NOT_ALLOWED" | "CONSENT_REQUIRED" | "CONSENT_INVALID" | "USER_CANCELLED" | "USER_TIMEOUT" | "CANCELLED"
  | "NO_TOKEN" | "TOKEN_REMOVED" | "CERTIFICATE_NOT_FOUND" | "KEY_NOT_FOUND" | "PIN_INCORRECT" | "PIN_LOCKED"
  | "PINENTRY_UNAVAILABLE" | "UNSUPPORTED_ALGORITHM" | "UNSUPPORTED_FORMAT" | "STREAM_NOT_FOUND" | "TOKEN_ERROR" | "INTERNAL"
  | "EXTENSION_UNAVAILABLE" | "HOST_NOT_INSTALLED" | "HOST_DISCONNECTED" | "HOST_TIMEOUT" | "PERMISSION_DENIED"
  | "DIALOG_BUSY" | "INVALID_ARGUMENT" | "NOT_AVAILABLE" | "DATA_TOO_LARGE" | "FORM_UNKNOWN"
  | "FORM_PACK_OUTDATED";

/** Every rejection is an `Error` with these fields. */
export interface PodpisError extends Error {
  name: "PodpisError";
  code: PodpisErrorCode;
  /** In the user's language (Russian by default). */
  message: string;
  messageRu: string;
  messageEn: string;
  /** Technical detail (English), for developers. */
  detail?: string;
  /** PIN attempts left (`PIN_INCORRECT`). */
  attemptsLeft?: number;
}

export interface PodpisStatus {
  extensionVersion: string;
  hostVersion: string;
  protocol: string;
  tokensConnected: number;
  /** This site's stored permission. */
  permission: "allow" | "deny" | "ask";
}

export interface SubjectInfo {
  commonName: string | null; surname: string | null; givenName: string | null; title: string | null;
  organization: string | null; inn: string | null; innLe: string | null; ogrn: string | null;
  ogrnip: string | null; snils: string | null; email: string | null;
}

export interface TokenRef { module: string; serial: string }

export interface Certificate {
  /** SHA-1 of the DER, lower-case hex. */
  thumbprint: string;
  thumbprintSha256: string;
  token: TokenRef;
  tokenLabel: string;
  keyId: string;
  subject: SubjectInfo;
  issuer: SubjectInfo;
  serialNumber: string;
  /** RFC 3339. */
  notBefore: string;
  notAfter: string;
  keyUsage: string[];
  extendedKeyUsage: string[];
  key: { algorithm: string; bits: number; parameters: string | null; parametersOid: string | null };
  kind: "legal-entity" | "sole-proprietor" | "individual";
  warnings: Array<"expired" | "not-yet-valid" | "expires-soon" | "no-digital-signature" | "untrusted-issuer">;
  /** DER, base64. */
  der: string;
}

export interface CertificateFilter {
  thumbprint?: string;
  inn?: string;
  validOnly?: boolean;
  keyUsage?: string;
}

export type DigestAlgorithm = "sha256" | "sha384" | "sha512" | "streebog256" | "streebog512";
export type SignFormat = "raw" | "cms-detached" | "cms-attached";

interface SignCommon {
  format: SignFormat;
  /** SHA-1 thumbprint; when absent the user picks the certificate. */
  certificate?: string;
  /** Defaults to the key's natural digest. */
  digestAlgorithm?: DigestAlgorithm;
  /** Shown to the user in the signing preview and the PIN prompt. */
  documentName?: string;
}

/** Exactly one of `data`, `file`, `digest`. */
export type SignOptions = SignCommon & (
  | { data: string | ArrayBuffer | ArrayBufferView; file?: never; digest?: never }
  | { file: Blob; data?: never; digest?: never }
  | { digest: string | ArrayBuffer | ArrayBufferView; digestAlgorithm: DigestAlgorithm; data?: never; file?: never }
);

export interface SignResult {
  format: SignFormat;
  /** Base64 signature (raw bytes or DER CMS). */
  signature: string;
  algorithm: string;
  digestAlgorithm: DigestAlgorithm;
  /** Base64 digest of the signed data. */
  digest: string;
  /** Signer's certificate, DER base64. */
  certificate: string;
}

export interface AuthToken {
  format: "podpis-auth:1";
  certificate: string;
  algorithm: string;
  signature: string;
  appVersion: string;
}

/** One finding of a report check (a `podpis-check --json` finding). */
export interface ReportFinding {
  /** "Error": the tax office will reject the report; "Warning": suspicious but accepted; "Info": e.g. a rule that could not be checked. */
  severity: "Error" | "Warning" | "Info";
  /** Podpis's stable code of the check (e.g. FILE_NAME_MISMATCH, PATTERN, SCHEMATRON). */
  code: string;
  /** The FNS error code (e.g. "0400400007") when the form's rules give one. */
  fns_code?: string | null;
  /** Where: element path, e.g. "Файл/Документ/СвНП/@ОКТМО". */
  path: string;
  line: number;
  column: number;
  /** In the user's language (Russian by default). */
  message: string;
}

/** The result of checking one report: exactly one report of `podpis-check --json`. */
export interface Report {
  /** The form (schema name) it was checked against. */
  form?: string | null;
  /** КНД of that form. */
  knd?: string | null;
  /** Elements read. */
  elements: number;
  /** All findings in document order (Schematron findings after XSD ones). */
  findings: ReportFinding[];
  /** True when the list was cut at the maximum number of findings. */
  truncated: boolean;
}

export interface TokenInsertedEvent { token: TokenRef; slot: number; label: string; manufacturer: string; model: string; serial: string; flags: Record<string, boolean> }
export interface TokenRemovedEvent { token: TokenRef; label: string }

export interface PodpisApi {
  readonly version: string;
  /** Host and token status; needs no site permission. */
  status(): Promise<PodpisStatus>;
  /** Certificates with private keys; asks the user for site permission first. */
  listCertificates(filter?: CertificateFilter): Promise<Certificate[]>;
  /** Signs after the user reviewed the document in the Podpis window. */
  sign(options: SignOptions): Promise<SignResult>;
  /** Certificate login: signs the server's 32–96 byte challenge (base64). */
  authenticate(options: { challenge: string; certificate?: string }): Promise<AuthToken>;
  /**
   * Checks a report (XML of an FNS/SFR form) with the forms the user
   * installed in the extension. Needs site permission (same as
   * certificates), no Podpis program. Rejects with FORM_UNKNOWN when no
   * installed form matches, FORM_PACK_OUTDATED when the form's pack was
   * made by an older Podpis and its schemas must be imported again. Pass a
   * `File` so its name is checked too.
   */
  checkReport(file: Blob): Promise<Report>;
  /**
   * Checks the report and shows it inside `element` (its content is
   * replaced by a Podpis frame the page cannot modify; the frame sizes
   * itself to the document). Resolves the same Report as checkReport once
   * the document is rendered.
   */
  renderReport(file: Blob, element: Element): Promise<Report>;
  on(event: "token-inserted", cb: (data: TokenInsertedEvent) => void): void;
  on(event: "token-removed", cb: (data: TokenRemovedEvent) => void): void;
  off(event: "token-inserted" | "token-removed", cb: (data: never) => void): void;
}

export declare const podpis: PodpisApi;
export default podpis;
export declare function getPodpis(timeoutMs?: number): Promise<PodpisApi>;
export declare function isAvailable(timeoutMs?: number): Promise<boolean>;
export declare function isPodpisError(e: unknown): e is PodpisError;

declare global {
  interface Window { readonly podpis?: PodpisApi }
}
