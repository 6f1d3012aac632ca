/** Certificate card: who, which organisation, INN/OGRN, kind, issuer, validity, token. */
import type { CertificateInfo } from "../protocol/generated";
import type { Wire } from "../shared/wire";
import { formatDate, h, t } from "./common";

/** The owner's display name: surname + given names, else CN. */
export function ownerName(c: Wire<CertificateInfo>): string {
  const s = c.subject;
  const full = [s.surname, s.givenName].filter(Boolean).join(" ");
  return full || s.commonName || c.thumbprint;
}

/** Whether the certificate cannot be used to sign now. */
export function unusable(c: Wire<CertificateInfo>): boolean {
  return c.warnings.includes("expired") || c.warnings.includes("not-yet-valid");
}

/** The key in words: "ГОСТ Р 34.10-2012, 256 бит (CryptoPro-A)", "RSA, 2048 бит", "ECDSA, 256 бит (P-256)". */
export function keyText(c: Wire<CertificateInfo>): string | null {
  const k = c.key;
  const name = { rsa: "RSA", ec: "ECDSA", "gost2012-256": t("keyGost"), "gost2012-512": t("keyGost") }[k.algorithm];
  if (!name) return null;
  const text = t("keyBits", name, String(k.bits));
  return k.parameters ? `${text} (${k.parameters})` : text;
}

/** The `<dl>` describing a certificate. */
export function certDetails(c: Wire<CertificateInfo>): HTMLElement {
  const s = c.subject;
  const rows: Array<[string, string | null]> = [
    [t("certPosition"), s.title],
    [t("certOrg"), s.organization],
    [t("certInnLe"), s.innLe],
    [t("certInn"), s.inn],
    [t("certOgrn"), s.ogrn],
    [t("certOgrnip"), s.ogrnip],
    [t("certKind"), t(`kind_${c.kind.replace(/-/g, "_")}`)],
    [t("certIssuer"), c.issuer.organization ?? c.issuer.commonName],
    [t("certKey"), keyText(c)],
    [t("certValidity"), t("certValidityRange", formatDate(c.notBefore), formatDate(c.notAfter))],
    [t("certToken"), c.tokenLabel],
  ];
  const dl = h("dl");
  for (const [k, v] of rows) if (v) dl.append(h("dt", {}, k), h("dd", {}, v));
  return dl;
}

/** Warnings that leave the certificate usable (shown as cautions, not errors). */
const CAUTIONS: ReadonlySet<string> = new Set(["expires-soon", "untrusted-issuer"]);

/** Warning lines of a certificate. */
export function certWarnings(c: Wire<CertificateInfo>): HTMLElement | null {
  if (c.warnings.length === 0) return null;
  return h("div", {}, ...c.warnings.map((w) => h("div", { class: CAUTIONS.has(w) ? "warn" : "bad", "data-warning": w }, "⚠ ", t(`warn_${w.replace(/-/g, "_")}`))));
}

/** A full card: name, details, warnings. */
export function certCard(c: Wire<CertificateInfo>, extra: Node | null = null): HTMLElement {
  return h("div", { class: "box" }, extra, h("div", { class: "name" }, ownerName(c)), certDetails(c), certWarnings(c));
}
