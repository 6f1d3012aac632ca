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
 * Two stores: `packs` (what the options page lists: label, forms, size)
 * and `packBytes` (the blobs), so listing never loads megabytes.
 */
import type { FormInfo } from "./wasm";

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
}

const DB_NAME = "podpis-forms";
const DB_VERSION = 1;

let db: Promise<IDBDatabase> | null = null;

/** Opens (and on first use creates) the database. */
function open(): Promise<IDBDatabase> {
  db ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const d = req.result;
      if (!d.objectStoreNames.contains("packs")) d.createObjectStore("packs", { keyPath: "id" });
      if (!d.objectStoreNames.contains("packBytes")) d.createObjectStore("packBytes", { keyPath: "id" });
    };
    req.onsuccess = () => {
      req.result.onversionchange = () => { req.result.close(); db = null; };
      resolve(req.result);
    };
    req.onerror = () => { db = null; reject(req.error ?? new Error("indexedDB.open failed")); };
  });
  return db;
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

/** Stores a new pack; returns its listing. */
export async function addPack(p: Omit<PackInfo, "id" | "importedAt" | "size">, bytes: Uint8Array): Promise<PackInfo> {
  const info: PackInfo = { ...p, id: crypto.randomUUID(), importedAt: Date.now(), size: bytes.length };
  await tx(["packs", "packBytes"], "readwrite", (t) => {
    t.objectStore("packs").put(info);
    t.objectStore("packBytes").put({ id: info.id, bytes });
  });
  return info;
}

/** Removes pack `id`. */
export async function deletePack(id: string): Promise<void> {
  await tx(["packs", "packBytes"], "readwrite", (t) => {
    t.objectStore("packs").delete(id);
    t.objectStore("packBytes").delete(id);
  });
}
