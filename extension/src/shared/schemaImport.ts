/**
 * The podpis_schema_import module: the XSD compiler, a WASM module of its
 * own so that the main module (shared/wasm.ts: digests, check, render) that
 * every context loads stays small. Only the options page imports this file,
 * so only its bundle carries this glue; the `.wasm` ships as
 * `wasm/podpis_schema_import_bg.wasm`, instantiated on the first import of
 * schemas under the same CSP as the main module.
 */
import init, * as glue from "../../wasm/podpis_schema_import.js";
import { webModuleLoader } from "./wasmModule";

/** Where the module lives inside the package. */
export const SCHEMA_IMPORT_WASM_PATH = "wasm/podpis_schema_import_bg.wasm";

/** What the loaded module offers. */
export interface SchemaImport {
  /**
   * Compiles official XSD files (relative `schemaLocation`s resolve against
   * the names) into a pack blob for `Validator.fromPack` of the main module.
   * Throws the module's error (`SCHEMA_*` naming the `file`,
   * `invalid-argument`).
   */
  compileSchemas(files: Array<{ name: string; bytes: Uint8Array }>): Uint8Array;
}

/**
 * Instantiates the module once per context. `source` defaults to the
 * packaged file; tests pass the bytes. Fails with `NOT_AVAILABLE` when the
 * module cannot be loaded (it is then retried on the next call).
 */
export const loadSchemaImport: (source?: BufferSource) => Promise<SchemaImport> = webModuleLoader(
  { init, initSync: glue.initSync },
  SCHEMA_IMPORT_WASM_PATH,
  glue as unknown as SchemaImport,
  "the schema import module",
);
