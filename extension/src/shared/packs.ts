/**
 * Installed form packs, in the extension's IndexedDB (database
 * `podpis-forms`). A pack is the compiled form of a set of official XSD
 * files (`compileSchemas` of the schema-import module), several MB for the larger forms.
 *
 * Why IndexedDB and not `storage.local`: packs are binary and large.
 * IndexedDB stores `Uint8Array`s as they are, while `storage.local` holds
 * JSON (base64 would add a third) and is capped at 10 MB in Chrome unless
 * the extension asks for `unlimitedStorage`, a permission the user would
 * be shown for no other reason. Every context of the extension (service
 * worker / background script, options, dialog, render frame) opens the
 * same database of the extension's origin.
 *
 * Three stores: `packs` (what the options page lists: label, forms, size,
 * state), `packBytes` (the compiled blobs) and `packSources` (the XSD files
 * a pack was compiled from, kept so that a pack whose format an upgraded
 * WASM module no longer reads is rebuilt without the user — see
 * background/packUpgrade.ts), so listing never loads megabytes.
 *
 * Database versions: 1 had `packs` and `packBytes`; 2 adds `packSources`
 * and the fields `hasSources`, `rebuiltAt`, `outdated` (version-1 packs get
 * `hasSources: false`: their schema files were not kept).
 */
import type { FormInfo } from "./wasm";

/** A schema file of a pack, as `compileSchemas` (shared/schemaCompiler.ts) takes it. */
export interface SourceFile {
  /** Path relative to the imported folder, or the file name. */
  name: string;
  bytes: Uint8Array;
}

/** Why a pack cannot be used by this version of Podpis. */
export interface PackOutdated {
  /** The extension version that found it outdated: a later version tries again. */
  extensionVersion: string;
  /** Milliseconds since the epoch. */
  since: number;
  /** Set when the kept schema files were compiled again and that failed: the module's error. */
  rebuildError?: { code: string; message: string; messageEn?: string };
}

/** A pack as listed. */
export interface PackInfo {
  id: string;
  /** What the user imported: the folder name, the schema file names, or the `.pack` file name. */
  label: string;
  source: "xsd" | "pack";
  /** Imported files (names only). */
  files: string[];
  /** Size of the compiled pack in bytes. */
  size: number;
  /** Milliseconds since the epoch. */
  importedAt: number;
  forms: FormInfo[];
  /** True when the schema files are kept (`packSources`), so the pack can be rebuilt after an upgrade. */
  hasSources: boolean;
  /** When the pack was last rebuilt from its schema files after an upgrade (ms since the epoch). */
  rebuiltAt?: number;
  /** Set while the pack was made by an older Podpis and could not be rebuilt. */
  outdated?: PackOutdated;
}

/** The database's name. */
export const DB_NAME = "podpis-forms";
/** The database's schema version (see the module comment). */
export const DB_VERSION = 2;

let db: Promise<IDBDatabase> | null = null;

/**
 * Creates the stores a database of version `oldVersion` lacks and migrates
 * its records, inside the upgrade transaction `t`.
 */
function upgrade(d: IDBDatabase, t: IDBTransaction, oldVersion: number): void {
  if (oldVersion < 1) {
    d.createObjectStore("packs", { keyPath: "id" });
    d.createObjectStore("packBytes", { keyPath: "id" });
  }
  if (oldVersion < 2) {
    d.createObjectStore("packSources", { keyPath: "id" });
    // Version-1 packs: their schema files were not kept.
    const cursor = t.objectStore("packs").openCursor();
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c) return;
      const p = c.value as PackInfo;
      if (typeof p.hasSources !== "boolean") c.update({ ...p, hasSources: false });
      c.continue();
    };
  }
}

/** Opens (and on first use creates or upgrades) the database. */
function open(): Promise<IDBDatabase> {
  db ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = (e) => upgrade(req.result, req.transaction!, e.oldVersion);
    req.onsuccess = () => {
      req.result.onversionchange = () => { req.result.close(); db = null; };
      resolve(req.result);
    };
    req.onerror = () => { db = null; reject(req.error ?? new Error("indexedDB.open failed")); };
  });
  return db;
}

/** Closes this context's connection (the next call opens it again). */
export async function closeDatabase(): Promise<void> {
  const d = db;
  db = null;
  if (d) (await d.catch(() => null))?.close();
}

/** Runs `fn` in one transaction and resolves when it commits. */
async function tx<T>(stores: string[], mode: IDBTransactionMode, fn: (t: IDBTransaction) => IDBRequest<T> | void): Promise<T | undefined> {
  const d = await open();
  return new Promise<T | undefined>((resolve, reject) => {
    const t = d.transaction(stores, mode);
    const req = fn(t);
    t.oncomplete = () => resolve(req ? req.result : undefined);
    t.onerror = () => reject(t.error ?? new Error("transaction failed"));
    t.onabort = () => reject(t.error ?? new Error("transaction aborted"));
  });
}

/** All installed packs, oldest first. */
export async function listPacks(): Promise<PackInfo[]> {
  const all = (await tx<PackInfo[]>(["packs"], "readonly", (t) => t.objectStore("packs").getAll())) ?? [];
  return all.sort((a, b) => a.importedAt - b.importedAt);
}

/** The compiled bytes of pack `id`, or null when it was deleted. */
export async function packBytes(id: string): Promise<Uint8Array | null> {
  const r = await tx<{ id: string; bytes: Uint8Array } | undefined>(["packBytes"], "readonly", (t) => t.objectStore("packBytes").get(id));
  return r ? new Uint8Array(r.bytes) : null;
}

/** The schema files pack `id` was compiled from, or null when they were not kept. */
export async function packSources(id: string): Promise<SourceFile[] | null> {
  const r = await tx<{ id: string; files: SourceFile[] } | undefined>(["packSources"], "readonly", (t) => t.objectStore("packSources").get(id));
  return r ? r.files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })) : null;
}

/**
 * Stores a new pack; returns its listing. `sources`: the schema files it
 * was compiled from (kept for rebuilds), none for a ready `.pack`.
 */
export async function addPack(p: Omit<PackInfo, "id" | "importedAt" | "size" | "hasSources">, bytes: Uint8Array, sources?: SourceFile[]): Promise<PackInfo> {
  const hasSources = (sources?.length ?? 0) > 0;
  const info: PackInfo = { ...p, id: crypto.randomUUID(), importedAt: Date.now(), size: bytes.length, hasSources };
  await tx(["packs", "packBytes", "packSources"], "readwrite", (t) => {
    t.objectStore("packs").put(info);
    t.objectStore("packBytes").put({ id: info.id, bytes });
    if (hasSources) t.objectStore("packSources").put({ id: info.id, files: sources });
  });
  return info;
}

/**
 * Changes the listing of pack `id` in one transaction (nothing when the
 * pack was deleted meanwhile); `bytes` replaces its compiled blob too.
 * Resolves the new listing, or null.
 */
async function updatePack(id: string, change: (p: PackInfo) => PackInfo, bytes?: Uint8Array): Promise<PackInfo | null> {
  let updated: PackInfo | null = null;
  await tx(["packs", "packBytes"], "readwrite", (t) => {
    const get = t.objectStore("packs").get(id);
    get.onsuccess = () => {
      const p = get.result as PackInfo | undefined;
      if (!p) return;
      updated = change(p);
      t.objectStore("packs").put(updated);
      if (bytes) t.objectStore("packBytes").put({ id, bytes });
    };
  });
  return updated;
}

/** Stores the rebuilt blob of pack `id` and its forms; clears its outdated state. */
export function replacePackBytes(id: string, bytes: Uint8Array, forms: FormInfo[], now = Date.now()): Promise<PackInfo | null> {
  return updatePack(id, ({ outdated: _old, ...p }) => ({ ...p, forms, size: bytes.length, rebuiltAt: now }), bytes);
}

/** Records that pack `id` does not load with this version of Podpis and could not be rebuilt. */
export function markOutdated(id: string, outdated: PackOutdated): Promise<PackInfo | null> {
  return updatePack(id, (p) => ({ ...p, outdated }));
}

/** Clears the outdated mark of pack `id` (it loads again). */
export function clearOutdated(id: string): Promise<PackInfo | null> {
  return updatePack(id, ({ outdated: _old, ...p }) => p);
}

/** Removes pack `id` with its blob and schema files. */
export async function deletePack(id: string): Promise<void> {
  await tx(["packs", "packBytes", "packSources"], "readwrite", (t) => {
    t.objectStore("packs").delete(id);
    t.objectStore("packBytes").delete(id);
    t.objectStore("packSources").delete(id);
  });
}
