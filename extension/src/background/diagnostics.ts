/** Status and diagnostics for the popup (extension pages only). */
import type { CertificateInfo, HelloResult, StatusResult } from "../protocol/generated";
import type { Wire } from "../shared/wire";
import { PodpisFailure, toPodpisError, type PodpisError } from "../shared/errors";
import { loadCatalogs } from "../shared/i18n";
import type { NativeHost } from "./host";
import { getSettings } from "./settings";
import { listPacks } from "../shared/packs";

/** What the popup shows. */
export interface Diagnostics {
  extensionVersion: string;
  hello: Omit<Wire<HelloResult>, "consentKey"> | null;
  status: Wire<StatusResult> | null;
  certificates: Array<Wire<CertificateInfo>>;
  error: PodpisError | null;
  certificatesError: PodpisError | null;
  lastDisconnect: string | null;
  /** Installed report forms (null when the form store cannot be read); `outdated`: packs made by an older Podpis and not rebuilt (not counted in `packs`, `forms`). */
  forms: { packs: number; forms: number; outdated: number } | null;
}

/** Collects everything the popup shows; never throws. */
export async function diagnostics(host: NativeHost, selfOrigin: string): Promise<Diagnostics> {
  const { lang } = await getSettings();
  const catalogs = await loadCatalogs();
  const out: Diagnostics = {
    extensionVersion: chrome.runtime.getManifest().version,
    hello: null, status: null, certificates: [], error: null, certificatesError: null, lastDisconnect: null, forms: null,
  };
  try {
    const all = await listPacks();
    const packs = all.filter((p) => !p.outdated);
    out.forms = { packs: packs.length, forms: packs.reduce((n, p) => n + p.forms.length, 0), outdated: all.length - packs.length };
  } catch { /* shown as unknown */ }
  try {
    const { consentKey: _key, ...hello } = await host.handshake();
    out.hello = hello;
    out.status = await host.request<Wire<StatusResult>>(selfOrigin, "status", {});
    try {
      const r = await host.request<unknown>(selfOrigin, "list-certificates", {});
      const list = Array.isArray(r) ? r : (r as { certificates?: unknown })?.certificates;
      out.certificates = Array.isArray(list) ? (list as Array<Wire<CertificateInfo>>) : [];
    } catch (e) {
      out.certificatesError = toPodpisError(e, catalogs, lang);
    }
  } catch (e) {
    out.error = toPodpisError(e instanceof PodpisFailure ? e : new PodpisFailure("INTERNAL", String(e)), catalogs, lang);
  }
  out.lastDisconnect = host.lastDisconnect;
  return out;
}
