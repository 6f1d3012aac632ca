/** Helpers shared by the extension's pages: i18n, DOM building, messaging. */
import { format, loadCatalog, type Messages, type UiLang } from "../shared/i18n";
import type { Reply, UiMessage } from "../shared/messages";
import type { PodpisError } from "../shared/errors";

let catalog: Messages = {};
let lang: UiLang = "ru";

/** Loads the user's language (stored setting, ru by default). */
export async function initI18n(): Promise<UiLang> {
  const s = (await chrome.storage.local.get("lang")) as { lang?: string };
  lang = s.lang === "en" ? "en" : "ru";
  catalog = await loadCatalog(lang);
  document.documentElement.lang = lang;
  return lang;
}

/** Translated string `key` with `$1…` substitutions. */
export function t(key: string, ...subs: Array<string | number>): string {
  return format(catalog, key, ...subs);
}

/** The current UI language. */
export function uiLang(): UiLang {
  return lang;
}

type Child = Node | string | null | undefined | false;

/** Creates an element; text children are text nodes (never HTML). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | ((e: Event) => void)> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === "function") el.addEventListener(k.replace(/^on/, ""), v);
    else if (v === true) el.setAttribute(k, "");
    else if (v !== false) el.setAttribute(k, v);
  }
  for (const c of children) if (c) el.append(c);
  return el;
}

/** Sends a message to the background and unwraps the reply. */
export async function ask<T>(m: UiMessage): Promise<T> {
  const r = (await chrome.runtime.sendMessage(m)) as Reply<T>;
  if (!r || !r.ok) throw (r?.error ?? { message: "no reply" }) as PodpisError;
  return r.result;
}

/** Human-readable size. */
export function formatSize(n: number): string {
  if (n < 1024) return t("sizeBytes", n);
  if (n < 1024 * 1024) return t("sizeKB", (n / 1024).toFixed(1).replace(".", lang === "ru" ? "," : "."));
  return t("sizeMB", (n / 1024 / 1024).toFixed(1).replace(".", lang === "ru" ? "," : "."));
}

/** Date only, in the UI language. */
export function formatDate(rfc3339: string): string {
  const d = new Date(rfc3339);
  return Number.isNaN(d.getTime()) ? rfc3339 : d.toLocaleDateString(lang === "ru" ? "ru-RU" : "en-GB", { year: "numeric", month: "long", day: "numeric" });
}

/** The error text in the UI language. */
export function errorText(e: unknown): string {
  const o = e as Partial<PodpisError>;
  return (lang === "en" ? o.messageEn : o.messageRu) ?? o.message ?? String(e);
}

/** Replaces the page content. */
export function render(...children: Child[]): void {
  const app = document.getElementById("app")!;
  app.replaceChildren(...children.filter((c): c is Node | string => !!c));
}
