/**
 * Compiling official XSD files into a validator: the one entry point for
 * schema compilation, used by the options page (importing schemas) and by
 * the background (rebuilding a pack from its kept schema files after an
 * upgrade of the WASM module, see background/packUpgrade.ts). How the
 * compiler is loaded is decided here only.
 */
import type { SourceFile } from "./packs";
import { loadWasm, type Validator } from "./wasm";

/** Compiles `files` (throws the module's `SCHEMA_*` error naming the bad file). */
export async function compileSchemas(files: SourceFile[]): Promise<Validator> {
  const wasm = await loadWasm();
  return wasm.Validator.compile(files);
}
