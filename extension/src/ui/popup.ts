/**
 * Toolbar popup: status and diagnostics in plain Russian — host version,
 * token drivers, tokens, certificates with expiry, PIN entry, site access —
 * with what to do when something is missing.
 */
import type { Diagnostics } from "../background/diagnostics";
import type { Settings } from "../background/settings";
import { ask, errorText, formatDate, h, initI18n, render, t } from "./common";
import { certWarnings, ownerName } from "./cert";

/** Certificates in a stable order: owner, then token, then expiry. */
function byOwner<C extends Diagnostics["certificates"][number]>(certs: C[]): C[] {
  return [...certs].sort((a, b) => ownerName(a).localeCompare(ownerName(b), "ru") || a.tokenLabel.localeCompare(b.tokenLabel) || a.notAfter.localeCompare(b.notAfter));
}

function section(title: string, ...body: Array<Node | null | false>): HTMLElement {
  return h("section", {}, h("h2", {}, title), ...body.filter((b): b is Node => !!b));
}

async function show(): Promise<void> {
  render(h("p", { class: "hint" }, t("popupLoading")));
  const [d, sites] = await Promise.all([ask<Diagnostics>({ type: "ui-status" }), ask<Settings["sites"]>({ type: "ui-permissions" })]);
  const parts: Array<Node> = [h("h1", {}, t("popupExtension", d.extensionVersion))];
  if (d.error) {
    parts.push(h("div", { class: "error", id: "host-error", "data-code": d.error.code }, h("strong", {}, t("popupError"), ": "), errorText(d.error)));
  } else if (d.status) {
    const s = d.status;
    parts.push(section(t("popupHost"), h("p", { class: "ok", id: "host-version" }, t("popupHostVersion", s.hostVersion))));
    const loaded = s.modules.filter((m) => m.loaded);
    parts.push(section(t("popupModules"),
      s.modules.length === 0 || loaded.length === 0 ? h("div", { class: "notice" }, t("popupNoModules")) : null,
      h("ul", { class: "plain" }, ...s.modules.map((m) => h("li", {},
        h("span", { class: "mono" }, m.path),
        m.loaded ? h("span", { class: "ok" }, m.libraryVersion ?? "✓") : h("span", { class: "bad" }, t("popupModuleFailed", m.error ?? "?")))))));
    parts.push(section(t("popupTokens"),
      s.tokens.length === 0 ? h("div", { class: "notice", id: "no-tokens" }, t("popupNoTokens")) : null,
      h("ul", { class: "plain" }, ...s.tokens.map((tk) => h("li", {},
        h("span", {}, tk.label, " ", h("span", { class: "hint" }, `${tk.manufacturer} ${tk.model}`.trim()),
          tk.flags.pinLocked ? h("div", { class: "hint", id: "pin-locked-fix" }, t("popupPinLockedFix")) : null),
        tk.flags.pinLocked ? h("span", { class: "bad" }, t("popupPinLocked")) : tk.flags.pinFinalTry ? h("span", { class: "warn" }, t("popupPinFinalTry")) : null)))));
    if (s.tokens.length > 0) {
      parts.push(section(t("popupCerts"),
        d.certificatesError ? h("div", { class: "error" }, errorText(d.certificatesError)) : null,
        !d.certificatesError && d.certificates.length === 0 ? h("div", { class: "notice" }, t("popupNoCerts")) : null,
        h("ul", { class: "plain", id: "certs" }, ...byOwner(d.certificates).map((c) => h("li", { "data-thumbprint": c.thumbprint },
          h("span", {}, ownerName(c), h("div", { class: "hint" }, [c.subject.organization, c.tokenLabel].filter(Boolean).join(" · ")), certWarnings(c)),
          h("span", { class: "hint" }, t("popupValidUntil", formatDate(c.notAfter))))))));
    }
    parts.push(section(t("popupPinentry"), s.pinentry ? h("p", { class: "mono" }, s.pinentry) : h("div", { class: "notice" }, t("popupNoPinentry"))));
  }
  const forms = d.forms;
  parts.push(section(t("popupForms"),
    forms && forms.forms > 0 ? h("p", { class: "ok", id: "forms-installed", "data-count": String(forms.forms) }, t("popupFormsCount", forms.forms, forms.packs)) : null,
    forms && forms.outdated > 0 ? h("div", { class: "notice", id: "forms-outdated", "data-count": String(forms.outdated) }, t("popupFormsOutdated", forms.outdated)) : null,
    !forms || (forms.forms === 0 && forms.outdated === 0) ? h("div", { class: "notice", id: "no-forms" }, t("popupNoForms")) : null));
  const allowed = Object.entries(sites).filter(([, v]) => v.decision === "allow");
  parts.push(section(t("popupSites"), allowed.length === 0 ? h("p", { class: "hint" }, t("popupNoSites")) :
    h("ul", { class: "plain" }, ...allowed.map(([o]) => h("li", {}, h("span", {}, o))))));
  parts.push(h("div", { class: "buttons" },
    h("button", { onclick: () => void show() }, t("popupRefresh")),
    h("button", { onclick: () => chrome.runtime.openOptionsPage() }, t("popupSettings"))));
  render(...parts);
}

void initI18n().then(show);
