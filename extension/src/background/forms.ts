/**
 * The installed forms as the background uses them: validators loaded from
 * the packs in IndexedDB (cached per pack, dropped when a pack is deleted),
 * the form of a document (`detect`, cheap) and its check.
 */
import { PodpisFailure } from "../shared/errors";
import { listPacks, packBytes } from "../shared/packs";
import { isWasmError, loadWasm, type FormInfo, type Report, type Validator } from "../shared/wasm";

const cache = new Map<string, Validator>();

/** The validators of all installed packs, in import order. */
async function validators(): Promise<Array<{ packId: string; validator: Validator }>> {
  const packs = await listPacks();
  const ids = new Set(packs.map((p) => p.id));
  for (const [id, v] of cache) if (!ids.has(id)) { cache.delete(id); v.free?.(); }
  if (packs.length === 0) return [];
  const wasm = await loadWasm();
  const out: Array<{ packId: string; validator: Validator }> = [];
  for (const p of packs) {
    let v = cache.get(p.id);
    if (!v) {
      const bytes = await packBytes(p.id);
      if (!bytes) continue;
      try {
        v = wasm.Validator.fromPack(bytes);
      } catch (e) {
        // A pack from an older module version: skip it, the options page shows it.
        console.warn(`podpis: pack ${p.label} does not load: ${isWasmError(e) ? `${e.code}: ${e.message}` : String(e)}`);
        continue;
      }
      cache.set(p.id, v);
    }
    out.push({ packId: p.id, validator: v });
  }
  return out;
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
 * Checks a document with the pack that recognizes it. Fails with
 * `FORM_UNKNOWN` when no installed form matches (the message tells the
 * user how to add forms).
 */
export async function checkDocument(bytes: Uint8Array, fileName: string, lang: "ru" | "en"): Promise<{ recognized: Recognized; report: Report }> {
  const recognized = await recognize(bytes, fileName);
  if (!recognized) {
    const n = (await listPacks()).length;
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
