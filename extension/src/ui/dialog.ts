/**
 * The trusted dialog window: site permission, certificate picker, signing
 * preview and login confirmation. It shows what the background holds for
 * this dialog id and answers with the user's choice; the page that asked
 * has no access to this window.
 */
import type { CertificateInfo } from "../protocol/generated";
import type { Wire } from "../shared/wire";
import type { DialogData } from "../background/dialogs";
import type { DialogResult } from "../shared/messages";
import { isDevOrigin } from "../shared/origin";
import { ask, formatSize, h, initI18n, render, t } from "./common";
import { reportParts } from "./reportPreview";
import { certCard, certDetails, certWarnings, ownerName, unusable } from "./cert";

const dialog = new URLSearchParams(location.search).get("d") ?? "";

/** Sends the answer; the background closes this window. */
function answer(result: DialogResult): void {
  for (const b of document.querySelectorAll("button")) b.disabled = true;
  ask({ type: "dialog-result", dialog, result }).catch(() => window.close());
}

const cancel = () => h("button", { id: "cancel", onclick: () => answer({ action: "cancel" }) }, t("btnCancel"));

function permission(d: Extract<DialogData, { kind: "permission" }>): void {
  document.title = t("dlgPermissionTitle");
  render(
    h("h1", {}, t("dlgPermissionTitle")),
    h("p", { class: "origin", id: "origin" }, t("dlgPermissionText", d.origin)),
    isDevOrigin(d.origin) && h("div", { class: "notice" }, t("dlgDevSite")),
    h("p", { class: "hint" }, t("dlgPermissionHint")),
    h("div", { class: "buttons" },
      h("button", { id: "deny", class: "danger", onclick: () => answer({ action: "deny" }) }, t("btnDeny")),
      h("button", { id: "allow-once", onclick: () => answer({ action: "allow-once" }) }, t("btnAllowOnce")),
      h("button", { id: "allow-always", class: "primary", onclick: () => answer({ action: "allow-always" }) }, t("btnAllowAlways")),
    ),
  );
}

function picker(d: Extract<DialogData, { kind: "picker" }>): void {
  document.title = t("dlgPickerTitle");
  let chosen: string | null = null;
  const go = h("button", { id: "choose", class: "primary", disabled: true, onclick: () => chosen && answer({ action: "choose", certificate: chosen }) },
    t(d.purpose === "authenticate" ? "btnLogin" : "btnNext"));
  const cards = d.certificates.map((c: Wire<CertificateInfo>) => {
    const off = unusable(c);
    const radio = h("input", { type: "radio", name: "cert", value: c.thumbprint, disabled: off });
    const card = h("label", { class: `box cert${off ? " disabled" : ""}`, "data-thumbprint": c.thumbprint },
      h("div", { class: "name" }, radio, ownerName(c)), certDetails(c), certWarnings(c));
    radio.addEventListener("change", () => {
      chosen = c.thumbprint;
      go.disabled = false;
      for (const el of document.querySelectorAll(".cert")) el.classList.toggle("selected", el === card);
    });
    return card;
  });
  const text = d.purpose === "authenticate" ? "dlgPickerTextAuth" : d.purpose === "sign" ? "dlgPickerTextSign" : "dlgPickerTextList";
  render(h("h1", {}, t("dlgPickerTitle")), h("p", {}, t(text, d.origin)), ...cards, h("div", { class: "buttons" }, cancel(), go));
}

function preview(d: Extract<DialogData, { kind: "preview" }>): void {
  document.title = t("dlgPreviewTitle");
  const doc = d.document;
  const alg = doc.digestAlgorithm.toUpperCase().replace(/^SHA/, "SHA-").replace(/^STREEBOG/, "Стрибог-");
  const rows = h("dl", {},
    h("dt", {}, t("docName")), h("dd", { id: "doc-name" }, doc.name ?? t("docUnnamed")),
    doc.size !== null && h("dt", {}, t("docSize")), doc.size !== null && h("dd", { id: "doc-size" }, formatSize(doc.size)),
    h("dt", {}, t("docFormat")), h("dd", {}, t(`format_${doc.format.replace(/-/g, "_")}`)),
  );
  const digestLine = (label: string, value: string, id: string) => h("div", {}, h("div", { class: "label" }, label), h("div", { class: "mono", id }, value));
  const digests = h("div", { class: "digests" },
    digestLine(t("docDigest", alg), doc.digest, "doc-digest"),
    doc.sha256 !== undefined && digestLine(t("docSha256"), doc.sha256, "doc-sha256"),
    doc.streebog256 !== undefined && digestLine(t("docStreebog256"), doc.streebog256, "doc-streebog256"));
  const blocked = unusable(d.certificate);
  let override = false;
  const confirm = h("button", { id: "confirm", class: "primary", disabled: blocked || !!d.report?.hasErrors,
    onclick: () => answer({ action: "confirm", override }) }, t("btnSign"));
  const report = d.report ? reportParts(d.report, (on) => { override = on; confirm.disabled = blocked || !on; }) : null;
  if (d.report) document.body.classList.add("with-report");
  render(
    h("h1", {}, t("dlgPreviewTitle")),
    h("p", { class: "origin" }, t("dlgPreviewText", d.origin)),
    h("div", { class: "box" }, rows, digests),
    doc.digestOnly && h("div", { class: "notice" }, t("docDigestOnly")),
    h("h2", {}, t("docSigner")),
    certCard(d.certificate),
    report?.head,
    report?.body,
    d.outdatedPack && h("div", { class: "notice", id: "report-outdated" }, t("previewPackOutdated", d.outdatedPack)),
    h("p", { class: "hint" }, t("previewPinHint")),
    h("div", { class: "buttons" }, cancel(), confirm),
  );
}

function login(d: Extract<DialogData, { kind: "login" }>): void {
  document.title = t("dlgLoginTitle");
  render(
    h("h1", {}, t("dlgLoginTitle")),
    h("p", { class: "origin" }, t("dlgLoginText", d.origin)),
    certCard(d.certificate),
    h("p", { class: "hint" }, t("loginPinHint")),
    h("div", { class: "buttons" }, cancel(),
      h("button", { id: "confirm", class: "primary", disabled: unusable(d.certificate), onclick: () => answer({ action: "confirm" }) }, t("btnLogin"))),
  );
}

/**
 * Chrome stops an idle service worker after 30 s; calls without a host
 * connection (checkReport's permission question) would lose their answer.
 * An open dialog pings the background so it stays up while the user reads.
 */
const KEEPALIVE_MS = 20_000;

async function main(): Promise<void> {
  setInterval(() => { ask({ type: "ui-ping" }).catch(() => undefined); }, KEEPALIVE_MS);
  await initI18n();
  const d = await ask<DialogData | null>({ type: "dialog-get", dialog }).catch(() => null);
  if (!d) return render(h("p", {}, t("dlgGone")));
  document.body.dataset.kind = d.kind;
  switch (d.kind) {
    case "permission": return permission(d);
    case "picker": return picker(d);
    case "preview": return preview(d);
    case "login": return login(d);
  }
}

void main();
