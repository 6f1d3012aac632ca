/**
 * Trusted dialogs: extension windows (`windows.create({type:'popup'})`)
 * that never touch the page's DOM. At most one dialog is open per tab;
 * a second request from the same tab fails with `DIALOG_BUSY`. Closing
 * the window counts as "cancel"; an unanswered dialog times out.
 */
import type { CertificateInfo, DigestAlgorithm, SignFormat } from "../protocol/generated";
import type { Wire } from "../shared/wire";
import type { DialogResult } from "../shared/messages";
import type { RenderJob } from "./renders";
import { PodpisFailure } from "../shared/errors";

/** How long a dialog waits for the user. */
export const DIALOG_TIMEOUT_MS = 5 * 60_000;

/** What a dialog shows. */
export type DialogData =
  | { kind: "permission"; origin: string }
  | { kind: "picker"; origin: string; purpose: "list" | "sign" | "authenticate"; certificates: Array<Wire<CertificateInfo>> }
  | {
      kind: "preview";
      origin: string;
      certificate: Wire<CertificateInfo>;
      document: {
        name: string | null; size: number | null; digest: string; digestAlgorithm: DigestAlgorithm; digestOnly: boolean; format: SignFormat;
        /** Fingerprints of the data (hex, as sha256sum / openssl dgst print them); absent for digest-only signing. */
        sha256?: string; streebog256?: string;
      };
      /** The document is a report an installed pack recognizes: render it and show the check. */
      report?: RenderJob & { hasErrors: boolean };
      /** The document is a report of a form whose pack was made by an older Podpis (not checked): the pack's label. */
      outdatedPack?: string;
    }
  | { kind: "login"; origin: string; certificate: Wire<CertificateInfo> };

interface Open {
  id: string;
  tabId: number;
  windowId: number | null;
  data: DialogData;
  resolve: (r: DialogResult) => void;
  timer: ReturnType<typeof setTimeout>;
}

const open = new Map<string, Open>();
const byTab = new Map<number, string>();

/** Sizes of the dialog window: wider when it shows a rendered report. */
const SIZE = { width: 540, height: 720 };
const REPORT_SIZE = { width: 960, height: 860 };

/**
 * Shows a dialog for `tabId` and resolves with the user's answer
 * (`cancel` when the window is closed). Rejects with `DIALOG_BUSY` when the
 * tab already has one open and `USER_TIMEOUT` when nobody answers.
 */
export async function showDialog(tabId: number, data: DialogData): Promise<DialogResult> {
  const busy = byTab.get(tabId);
  if (busy !== undefined) {
    const w = open.get(busy)?.windowId;
    if (w != null) chrome.windows.update(w, { focused: true }).catch(() => undefined);
    throw new PodpisFailure("DIALOG_BUSY");
  }
  const id = crypto.randomUUID();
  byTab.set(tabId, id);
  const result = new Promise<DialogResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      close(id);
      reject(new PodpisFailure("USER_TIMEOUT"));
    }, DIALOG_TIMEOUT_MS);
    open.set(id, { id, tabId, windowId: null, data, resolve, timer });
  });
  try {
    const w = await chrome.windows.create({ url: chrome.runtime.getURL(`dialog.html?d=${id}`), type: "popup", focused: true,
      ...(data.kind === "preview" && data.report ? REPORT_SIZE : SIZE) });
    const o = open.get(id);
    if (o) o.windowId = w?.id ?? null;
  } catch (e) {
    close(id);
    throw new PodpisFailure("INTERNAL", `cannot open dialog: ${String(e)}`);
  }
  return result;
}

/** The data of an open dialog, for the dialog page. */
export function dialogData(id: string): DialogData | null {
  return open.get(id)?.data ?? null;
}

/** Delivers the dialog page's answer and closes its window. */
export function answerDialog(id: string, result: DialogResult): boolean {
  const o = open.get(id);
  if (!o) return false;
  o.resolve(result);
  close(id);
  return true;
}

/** Closes a dialog (window included) without answering. */
function close(id: string): void {
  const o = open.get(id);
  if (!o) return;
  clearTimeout(o.timer);
  open.delete(id);
  if (byTab.get(o.tabId) === id) byTab.delete(o.tabId);
  if (o.windowId != null) chrome.windows.remove(o.windowId).catch(() => undefined);
}

/** Registers the listeners that turn closed windows and tabs into "cancel". */
export function installDialogListeners(): void {
  chrome.windows.onRemoved.addListener((windowId) => {
    for (const o of open.values()) {
      if (o.windowId === windowId) {
        o.windowId = null;
        o.resolve({ action: "cancel" });
        close(o.id);
      }
    }
  });
  chrome.tabs.onRemoved.addListener((tabId) => {
    const id = byTab.get(tabId);
    if (id) {
      open.get(id)?.resolve({ action: "cancel" });
      close(id);
    }
  });
}
