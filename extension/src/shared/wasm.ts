/**
 * The podpis-wasm module inside the extension: digests (SHA-2, Streebog)
 * and the report validator (load packs, check, render). Compiling XSD
 * files is the separate schema-import module (shared/schemaImport.ts). The JS glue is
 * bundled into each script that imports this file; the `.wasm` ships in
 * the package as `wasm/podpis_wasm_bg.wasm` and is instantiated once per
 * context (service worker, background page, extension page), under the
 * CSP `script-src 'self' 'wasm-unsafe-eval'` — never code from elsewhere.
 */
import init, * as glue from "../../wasm/podpis_wasm.js";
import { webModuleLoader } from "./wasmModule";

/** Where the module lives inside the package. */
export const WASM_PATH = "wasm/podpis_wasm_bg.wasm";

/** A form a pack can check (`Validator.forms()`): the module's own declaration. */
export type { FormInfo } from "../../wasm/podpis_wasm.js";
import type { FormInfo } from "../../wasm/podpis_wasm.js";
/** What a document's head says about its form (`identifyDocument`): the module's own declaration. */
export type { DocumentIdentity } from "../../wasm/podpis_wasm.js";
import type { DocumentIdentity } from "../../wasm/podpis_wasm.js";

/** One finding / one checked document, exactly as `podpis-check --json`
 * prints them — the page API's own types (page-api/podpis.d.ts). */
import type { ReportFinding, Report } from "../../page-api/podpis";
export type { ReportFinding as Finding, Report };

/** Progressive rendering of a report into an element. */
export interface RenderHandle {
  readonly firstScreen: boolean;
  done(): Promise<void>;
  cancel(): void;
}

/** A compiled set of forms (one pack). */
export interface Validator {
  forms(): FormInfo[];
  detect(bytes: Uint8Array, fileName: string): FormInfo | undefined;
  check(bytes: Uint8Array, fileName: string, lang: "ru" | "en"): Report;
  render(element: Element, bytes: Uint8Array, fileName: string, report: Report | undefined, lang: "ru" | "en"): RenderHandle;
  free?(): void;
}

/** The static side of {@link Validator}. */
export interface ValidatorClass {
  fromPack(pack: Uint8Array): Validator;
}

/** The streaming digest of the module. */
export interface Digest {
  update(chunk: Uint8Array): void;
  finalize(): Uint8Array;
  free(): void;
}

/** What the loaded module offers. */
export interface PodpisWasm {
  Digest: new (alg: string) => Digest;
  Validator: ValidatorClass;
  /**
   * Root, namespace, `ВерсФорм`, КНД, `ИдФайл` and encoding of a document
   * from its first 64 KiB, without a pack (undefined when it is not XML);
   * the rule `Validator.detect` chooses forms by.
   */
  identifyDocument(bytes: Uint8Array): DocumentIdentity | undefined;
}

/** An error thrown by the module: a stable code and both texts. */
export interface WasmError {
  code: string;
  message: string;
  messageEn?: string;
}

/**
 * Instantiates the module once per context. `source` defaults to the
 * packaged file; tests pass the bytes. Fails with `NOT_AVAILABLE` when the
 * module cannot be loaded (it is then retried on the next call).
 */
export const loadWasm: (source?: BufferSource) => Promise<PodpisWasm> = webModuleLoader(
  { init, initSync: glue.initSync },
  WASM_PATH,
  glue as unknown as PodpisWasm,
  "the WASM module",
);

/** True for errors thrown by the module (they carry a string `code`). */
export function isWasmError(e: unknown): e is WasmError {
  return typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "string" && typeof (e as { message?: unknown }).message === "string";
}
