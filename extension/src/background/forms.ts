/**
 * The installed forms as the background uses them: validators loaded from
 * the packs in IndexedDB (cached per pack, dropped when a pack is deleted;
 * packs made by an older Podpis are rebuilt or marked outdated on first
 * load, see packUpgrade.ts), the form of a document (`detect`, cheap) and
 * its check.
 */
import { PodpisFailure } from "../shared/errors";
import { clearOutdated, listPacks, packBytes, type PackInfo } from "../shared/packs";
import { isWasmError, loadWasm, type DocumentIdentity, type FormInfo, type Report, type Validator } from "../shared/wasm";
import { extensionVersion, recoverPack, worthLoading } from "./packUpgrade";

const cache = new Map<string, Validator>();
/** Packs being loaded (or rebuilt): concurrent checks wait for the same load. */
const loading = new Map<string, Promise<Validator | null>>();

/** Loads pack `p`; a pack made by an older module is rebuilt or marked outdated (packUpgrade.ts). */
async function load(p: PackInfo): Promise<Validator | null> {
  if (!worthLoading(p, extensionVersion())) return null;
  const bytes = await packBytes(p.id);
  if (!bytes) return null;
  const wasm = await loadWasm();
  let v: Validator;
  try {
    v = wasm.Validator.fromPack(bytes);
  } catch (e) {
    return recoverPack(p, e);
  }
  if (p.outdated) await clearOutdated(p.id);
  return v;
}

/** The validator of pack `p` (cached), or null when it cannot be used. */
function validatorOf(p: PackInfo): Promise<Validator | null> {
  const hit = cache.get(p.id);
  if (hit) return Promise.resolve(hit);
  let pending = loading.get(p.id);
  if (!pending) {
    pending = load(p).then((v) => { if (v) cache.set(p.id, v); return v; }).finally(() => loading.delete(p.id));
    loading.set(p.id, pending);
  }
  return pending;
}

/** The validators of the installed packs that load, in import order. */
async function validators(): Promise<Array<{ packId: string; validator: Validator }>> {
  const packs = await listPacks();
  const ids = new Set(packs.map((p) => p.id));
  for (const [id, v] of cache) if (!ids.has(id)) { cache.delete(id); v.free?.(); }
  const loaded: Array<{ packId: string; validator: Validator }> = [];
  for (const p of packs) {
    const v = await validatorOf(p);
    if (v) loaded.push({ packId: p.id, validator: v });
  }
  return loaded;
}

/**
 * Loads every installed pack once, so that packs made by an older Podpis
 * are rebuilt or marked outdated now (the options page asks this when it
 * opens). Resolves the packs as they are stored afterwards.
 */
export async function refreshPacks(): Promise<PackInfo[]> {
  await validators();
  return listPacks();
}

/** `FORM_PACK_OUTDATED`, with the pack and form it is about. */
export class FormPackOutdated extends PodpisFailure {
  constructor(readonly pack: PackInfo, readonly form: FormInfo) {
    super("FORM_PACK_OUTDATED", `form ${form.name} is in pack "${pack.label}", made by an older Podpis: import its schemas again`);
  }
}

/** A document's form among the installed packs. */
export interface Recognized {
  packId: string;
  validator: Validator;
  form: FormInfo;
}

/** The first installed pack that recognizes the document, or null. */
export async function recognize(bytes: Uint8Array, fileName: string): Promise<Recognized | null> {
  for (const { packId, validator } of await validators()) {
    let form: FormInfo | undefined;
    try { form = validator.detect(bytes, fileName); } catch { form = undefined; }
    if (form) return { packId, validator, form };
  }
  return null;
}

/**
 * The form among `forms` (of a pack the module cannot load) a document of
 * identity `id` belongs to: same root and namespace, КНД not contradicting;
 * a matching КНД and version preferred — the validator's `select_form`
 * (wasm-validator/core/src/form_identity.rs), stricter on КНД. Null when
 * none fits.
 */
export function formFor(forms: FormInfo[], id: DocumentIdentity): FormInfo | null {
  let best: { score: number; form: FormInfo } | null = null;
  for (const f of forms) {
    if (f.root !== id.root || (f.namespace ?? "") !== (id.namespace ?? "")) continue;
    if (f.knd && id.knd && f.knd !== id.knd) continue;
    const score = (f.knd && f.knd === id.knd ? 4 : 0) + (f.version && id.version ? (f.version === id.version ? 2 : -2) : 0);
    if (!best || score > best.score) best = { score, form: f };
  }
  return best?.form ?? null;
}

/**
 * The outdated pack (made by an older Podpis, not rebuilt) that has the
 * document's form, or null. The document is identified by the module's
 * `identifyDocument` (no pack needed), the forms by the pack's stored list.
 */
export async function outdatedPackFor(bytes: Uint8Array, packs: PackInfo[]): Promise<{ pack: PackInfo; form: FormInfo } | null> {
  const outdated = packs.filter((p) => p.outdated);
  if (outdated.length === 0) return null;
  const id = (await loadWasm()).identifyDocument(bytes);
  if (!id) return null;
  for (const pack of outdated) {
    const form = formFor(pack.forms, id);
    if (form) return { pack, form };
  }
  return null;
}

/**
 * Checks a document with the pack that recognizes it. Fails with
 * `FORM_PACK_OUTDATED` when the document's form is in a pack made by an
 * older Podpis that could not be rebuilt (the user imports its schemas
 * again), and `FORM_UNKNOWN` when no installed form matches (the message
 * tells the user how to add forms).
 */
export async function checkDocument(bytes: Uint8Array, fileName: string, lang: "ru" | "en"): Promise<{ recognized: Recognized; report: Report }> {
  const recognized = await recognize(bytes, fileName);
  if (!recognized) {
    // Read again: loading may just have marked packs outdated.
    const packs = await listPacks();
    const old = await outdatedPackFor(bytes, packs);
    if (old) throw new FormPackOutdated(old.pack, old.form);
    const n = packs.length;
    throw new PodpisFailure("FORM_UNKNOWN", n === 0 ? "no form packs are installed" : `none of the ${n} installed packs recognizes ${fileName}`);
  }
  try {
    return { recognized, report: recognized.validator.check(bytes, fileName, lang) };
  } catch (e) {
    throw new PodpisFailure("INTERNAL", `check failed: ${isWasmError(e) ? `${e.code}: ${e.message}` : String(e)}`);
  }
}

/** True when the report has at least one finding of severity "Error" (not "Warning" or "Info"). */
export function hasErrors(report: Report): boolean {
  return report.findings.some((f) => f.severity === "Error");
}
