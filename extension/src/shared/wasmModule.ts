/**
 * Loading a wasm-bindgen (`--target web`) module once per extension
 * context: the main module (shared/wasm.ts) and the schema-import module
 * (shared/schemaImport.ts) load the same way.
 */
import { PodpisFailure } from "./errors";

/** The two entry points every `--target web` glue exports. */
export interface WebGlue {
  /** Async instantiation from a URL (the packaged `.wasm`). */
  init(options: { module_or_path: string }): Promise<unknown>;
  /** Sync instantiation from bytes (tests). */
  initSync(options: { module: BufferSource }): unknown;
}

/**
 * A loader that instantiates the module at `path` inside the package once
 * and then resolves to `api`. `source` (tests) gives the bytes instead.
 * A failure is `NOT_AVAILABLE` naming `what`; the next call retries.
 */
export function webModuleLoader<T>(glue: WebGlue, path: string, api: T, what: string): (source?: BufferSource) => Promise<T> {
  let ready: Promise<T> | null = null;
  return (source?: BufferSource) => {
    ready ??= (async () => {
      if (source) glue.initSync({ module: source });
      else await glue.init({ module_or_path: chrome.runtime.getURL(path) });
      return api;
    })().catch((e: unknown) => {
      ready = null;
      throw new PodpisFailure("NOT_AVAILABLE", `${what} did not load: ${e instanceof Error ? e.message : String(e)}`);
    });
    return ready;
  };
}
