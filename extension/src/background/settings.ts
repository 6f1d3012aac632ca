/**
 * Persistent settings in `storage.local`: site permissions, the
 * development-sites toggle and the UI language.
 */

/** A stored site decision. */
export type SiteDecision = "allow" | "deny";

/** Settings as stored. */
export interface Settings {
  /** origin → decision. Only "always"/"deny" answers are stored; "allow once" covers one operation. */
  sites: Record<string, { decision: SiteDecision; at: number }>;
  /** Accept http://localhost and http://127.0.0.1. */
  devSites: boolean;
  /** UI language. */
  lang: "ru" | "en";
}

const DEFAULTS: Settings = { sites: {}, devSites: false, lang: "ru" };

/** Reads all settings with defaults. */
export async function getSettings(): Promise<Settings> {
  const s = (await chrome.storage.local.get(["sites", "devSites", "lang"])) as Partial<Settings>;
  return {
    sites: s.sites && typeof s.sites === "object" ? s.sites : {},
    devSites: s.devSites === true,
    lang: s.lang === "en" ? "en" : DEFAULTS.lang,
  };
}

/** Stores a permanent decision for `origin`. */
export async function setSiteDecision(origin: string, decision: SiteDecision): Promise<void> {
  const { sites } = await getSettings();
  sites[origin] = { decision, at: Date.now() };
  await chrome.storage.local.set({ sites });
}

/** Forgets the decision for `origin`. */
export async function revokeSite(origin: string): Promise<void> {
  const { sites } = await getSettings();
  delete sites[origin];
  await chrome.storage.local.set({ sites });
}

