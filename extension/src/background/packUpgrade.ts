/**
 * Packs after an upgrade of the WASM module. A pack is the module's own
 * binary format; when a new Podpis changes it, `Validator.fromPack` refuses
 * the stored packs with `PACK_VERSION`. Then:
 * - a pack imported from XSD files is compiled again from the schema files
 *   kept with it, once, here in the background (the service worker in
 *   Chrome, the background page in Firefox), and the new blob is stored, so
 *   checks go on without the user noticing;
 * - a pack without schema files (a ready `.pack`, or imported before Podpis
 *   kept them), or whose schemas no longer compile, is marked outdated: the
 *   options page shows it with its forms and the way to import them again,
 *   and `checkReport` of such a form answers `FORM_PACK_OUTDATED`.
 * Other load failures (a damaged blob) are not about versions: the pack is
 * skipped as before.
 */
import { markOutdated, packSources, replacePackBytes, type PackInfo, type PackOutdated } from "../shared/packs";
import { compileSchemas } from "../shared/schemaCompiler";
import { isWasmError, type Validator } from "../shared/wasm";

/** What to do with a stored pack the module refused to load. */
export type LoadFailureAction = "rebuild" | "outdated" | "skip";

/** The decision for a pack that failed to load with error `code`. */
export function onLoadFailure(code: string | undefined, pack: Pick<PackInfo, "hasSources">): LoadFailureAction {
  if (code !== "PACK_VERSION") return "skip";
  return pack.hasSources ? "rebuild" : "outdated";
}

/**
 * True when loading pack `p` is worth trying: it is not marked outdated,
 * or it was marked by another version of the extension (whose module may
 * read or compile it).
 */
export function worthLoading(p: Pick<PackInfo, "outdated">, extensionVersion: string): boolean {
  return !p.outdated || p.outdated.extensionVersion !== extensionVersion;
}

/** The version of the running extension. */
export function extensionVersion(): string {
  return chrome.runtime.getManifest().version;
}

/** The module's error as stored with an outdated pack. */
function rebuildError(e: unknown): NonNullable<PackOutdated["rebuildError"]> {
  if (isWasmError(e)) return e.messageEn ? { code: e.code, message: e.message, messageEn: e.messageEn } : { code: e.code, message: e.message };
  return { code: "INTERNAL", message: e instanceof Error ? e.message : String(e) };
}

/**
 * Handles pack `p` that failed to load with `error`: rebuilds it from its
 * schema files and stores the new blob (resolves the validator), or marks
 * it outdated (resolves null). Damaged packs are left alone (null).
 */
export async function recoverPack(p: PackInfo, error: unknown, version = extensionVersion()): Promise<Validator | null> {
  const code = isWasmError(error) ? error.code : undefined;
  const action = onLoadFailure(code, p);
  const why = isWasmError(error) ? `${error.code}: ${error.message}` : String(error);
  if (action === "skip") {
    console.warn(`podpis: pack ${p.label} does not load: ${why}`);
    return null;
  }
  const outdated: PackOutdated = { extensionVersion: version, since: p.outdated?.since ?? Date.now() };
  if (action === "rebuild") {
    const files = await packSources(p.id);
    if (files && files.length > 0) {
      let v: Validator | null = null;
      try {
        const compiled = await compileSchemas(files);
        v = compiled.validator;
        await replacePackBytes(p.id, compiled.pack, v.forms());
        console.info(`podpis: pack ${p.label} was made by an older Podpis; rebuilt from its ${files.length} schema files`);
        return v;
      } catch (e) {
        v?.free?.();
        outdated.rebuildError = rebuildError(e);
        console.warn(`podpis: pack ${p.label} could not be rebuilt: ${outdated.rebuildError.code}: ${outdated.rebuildError.message}`);
      }
    }
  }
  await markOutdated(p.id, outdated);
  return null;
}
