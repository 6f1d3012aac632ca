/**
 * Compiling official XSD files into a validator: the one entry point for
 * schema compilation, used by the options page (importing schemas) and by
 * the background (rebuilding a pack from its kept schema files after an
 * upgrade of the WASM module, see background/packUpgrade.ts). How the
 * compiler is loaded is decided here only: it is the separate
 * schema-import module (shared/schemaImport.ts), so the main module every
 * context loads carries no compiler; the pack it makes is then loaded by
 * the main module.
 */
import type { SourceFile } from "./packs";
import { loadSchemaImport } from "./schemaImport";
import { loadWasm, type Validator } from "./wasm";

/** A compiled pack: the blob to store and the validator loaded from it. */
export interface CompiledPack {
  pack: Uint8Array;
  validator: Validator;
}

/** Compiles `files` (throws the module's `SCHEMA_*` error naming the bad file). */
export async function compileSchemas(files: SourceFile[]): Promise<CompiledPack> {
  const [compiler, wasm] = await Promise.all([loadSchemaImport(), loadWasm()]);
  const pack = compiler.compileSchemas(files);
  return { pack, validator: wasm.Validator.fromPack(pack) };
}
