/**
 * Options: sites allowed or denied (revocable), report form packs
 * ("Формы отчётности", see forms.ts), language, development sites toggle.
 */
import type { Settings } from "../background/settings";
import { ask, h, initI18n, render, t, uiLang } from "./common";
import { formsSection } from "./forms";

async function show(): Promise<void> {
  document.title = t("optTitle");
  const sites = await ask<Settings["sites"]>({ type: "ui-permissions" });
  const { devSites } = (await chrome.storage.local.get("devSites")) as { devSites?: boolean };
  const entries = Object.entries(sites).sort(([a], [b]) => a.localeCompare(b));
  const list = entries.length === 0 ? h("p", { class: "hint" }, t("optNoSites")) :
    h("ul", { class: "plain", id: "sites" }, ...entries.map(([origin, v]) => h("li", { "data-origin": origin },
      h("span", {}, h("span", { class: "origin" }, origin), " — ", h("span", { class: v.decision === "allow" ? "ok" : "bad" }, t(v.decision === "allow" ? "optAllowed" : "optDenied"))),
      h("button", { class: "revoke", onclick: async () => { await ask({ type: "ui-revoke", origin }); await show(); } }, t(v.decision === "allow" ? "btnRevoke" : "btnForget")))));
  const dev = h("input", { type: "checkbox", id: "dev-sites", checked: devSites === true });
  dev.addEventListener("change", () => void chrome.storage.local.set({ devSites: (dev as HTMLInputElement).checked }));
  const lang = h("select", { id: "lang" },
    h("option", { value: "ru", selected: uiLang() === "ru" }, t("langRu")),
    h("option", { value: "en", selected: uiLang() === "en" }, t("langEn")));
  lang.addEventListener("change", async () => {
    await chrome.storage.local.set({ lang: (lang as HTMLSelectElement).value });
    await initI18n();
    await show();
  });
  const forms = await formsSection(show);
  render(
    h("h1", {}, t("optTitle")),
    h("h2", {}, t("optSites")), h("p", { class: "hint" }, t("optSitesHelp")), list,
    forms,
    h("h2", {}, t("optLang")), lang,
    h("h2", {}, t("optDev")),
    h("label", { class: "row" }, dev, h("span", {}, t("optDevLabel"), h("div", { class: "hint" }, t("optDevHelp")))),
  );
}

void initI18n().then(show);
