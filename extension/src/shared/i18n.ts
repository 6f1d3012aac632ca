/**
 * Locale catalogs. The browser's `i18n.getMessage` follows the browser's
 * language; Podpis lets the user pick ru (default) or en in the options,
 * so the catalogs are loaded from `_locales/<lang>/messages.json`.
 */

/** A `_locales` catalog. */
export type Messages = Record<string, { message: string }>;

/** Supported UI languages. */
export type UiLang = "ru" | "en";

const cache: Partial<Record<UiLang, Promise<Messages>>> = {};

/** Loads one catalog from the extension package. */
export function loadCatalog(lang: UiLang): Promise<Messages> {
  cache[lang] ??= fetch(chrome.runtime.getURL(`_locales/${lang}/messages.json`)).then((r) => r.json() as Promise<Messages>);
  return cache[lang]!;
}

/** Loads both catalogs. */
export async function loadCatalogs(): Promise<{ ru: Messages; en: Messages }> {
  const [ru, en] = await Promise.all([loadCatalog("ru"), loadCatalog("en")]);
  return { ru, en };
}

/** Looks `key` up and substitutes `$1`, `$2`, … with `subs`. */
export function format(m: Messages, key: string, ...subs: Array<string | number>): string {
  const text = m[key]?.message ?? key;
  return text.replace(/\$(\d)/g, (_, d: string) => String(subs[Number(d) - 1] ?? ""));
}
