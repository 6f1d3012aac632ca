/**
 * Options section "Формы отчётности": import official XSD files (several
 * files, or a folder) and compile them here with the schema-import WASM
 * module (loaded only here), or import a ready `.pack`; list the installed forms per pack; delete a pack.
 * Packs go to IndexedDB (see shared/packs.ts); the background picks them
 * up on the next check.
 */
import { addPack, deletePack, listPacks, type PackInfo } from "../shared/packs";
import { isWasmError, loadWasm, type Validator } from "../shared/wasm";
import { loadSchemaImport } from "../shared/schemaImport";
import { formatDate, formatSize, h, t, uiLang } from "./common";

/** A failed import, shown with the file it is about. */
class ImportError extends Error {
  constructor(readonly code: string, message: string) { super(message); }
}

/** The module's error in the UI language (its texts name the bad file). */
function wasmErrorText(e: unknown): ImportError {
  if (e instanceof ImportError) return e;
  if (isWasmError(e)) return new ImportError(e.code, uiLang() === "en" ? e.messageEn ?? e.message : e.message);
  const o = e as { code?: string; messageRu?: string; messageEn?: string; message?: string };
  if (typeof o?.code === "string") return new ImportError(o.code, (uiLang() === "en" ? o.messageEn : o.messageRu) ?? o.message ?? o.code);
  return new ImportError("INTERNAL", String(e instanceof Error ? e.message : e));
}

/** Schema files of a folder import: `.xsd` only, paths relative to the chosen folder. */
function schemaFiles(files: File[], fromFolder: boolean): Array<{ file: File; name: string }> {
  return files
    .filter((f) => /\.xsd$/i.test(f.name))
    .map((f) => {
      const rel = (f as File & { webkitRelativePath?: string }).webkitRelativePath;
      return { file: f, name: fromFolder && rel ? rel.split("/").slice(1).join("/") : f.name };
    });
}

/** Refuses a pack whose forms are installed already (the older pack would shadow the new one). */
async function refuseDuplicates(v: Validator): Promise<void> {
  const installed = new Map<string, PackInfo>();
  for (const p of await listPacks()) for (const f of p.forms) installed.set(`${f.name}|${f.version ?? ""}`, p);
  for (const f of v.forms()) {
    const p = installed.get(`${f.name}|${f.version ?? ""}`);
    if (p) throw new ImportError("FORM_INSTALLED", t("formsDuplicate", f.name, p.label));
  }
}

/** Compiles XSD files (schema-import module) and stores the pack, loaded once by the main module for its forms. */
async function importSchemas(files: File[], fromFolder: boolean): Promise<PackInfo> {
  const picked = schemaFiles(files, fromFolder);
  if (picked.length === 0) throw new ImportError("NO_SCHEMAS", t("formsNoXsd"));
  const [compiler, wasm] = await Promise.all([loadSchemaImport(), loadWasm()]);
  const inputs = await Promise.all(picked.map(async ({ file, name }) => ({ name, bytes: new Uint8Array(await file.arrayBuffer()) })));
  const pack = compiler.compileSchemas(inputs);
  const v = wasm.Validator.fromPack(pack);
  try {
    await refuseDuplicates(v);
    const folder = fromFolder ? ((files[0] as File & { webkitRelativePath?: string }).webkitRelativePath ?? "").split("/")[0] : "";
    const label = folder || (picked.length === 1 ? picked[0]!.name : t("formsLabelFiles", picked.length, picked[0]!.name));
    return await addPack({ label, source: "xsd", files: picked.map((p) => p.name), forms: v.forms() }, pack);
  } finally {
    v.free?.();
  }
}

/** Checks and stores a ready `.pack`. */
async function importPack(file: File): Promise<PackInfo> {
  const wasm = await loadWasm();
  const bytes = new Uint8Array(await file.arrayBuffer());
  let v: Validator;
  try {
    v = wasm.Validator.fromPack(bytes);
  } catch (e) {
    const err = wasmErrorText(e);
    throw new ImportError(err.code, t("formsBadPack", file.name, err.message));
  }
  try {
    await refuseDuplicates(v);
    return await addPack({ label: file.name, source: "pack", files: [file.name], forms: v.forms() }, bytes);
  } finally {
    v.free?.();
  }
}

function packCard(p: PackInfo, refresh: () => Promise<void>): HTMLElement {
  // Two clicks: "Удалить", then "Удалить пакет «…»?" (no modal browser dialog).
  const del: HTMLButtonElement = h("button", { class: "delete-pack danger", onclick: async () => {
    if (del.dataset.confirming !== "true") {
      del.dataset.confirming = "true";
      del.textContent = t("formsDeleteConfirm", p.label);
      return;
    }
    del.disabled = true;
    await deletePack(p.id);
    await refresh();
  } }, t("btnDelete"));
  return h("div", { class: "forms-pack", "data-pack-id": p.id },
    h("div", { class: "forms-head" },
      h("span", {}, h("span", { class: "name pack-label" }, p.label), " ",
        h("span", { class: "hint" }, t(p.source === "xsd" ? "formsFromXsd" : "formsFromPack", formatSize(p.size), formatDate(new Date(p.importedAt).toISOString())))),
      del),
    h("table", {},
      h("thead", {}, h("tr", {}, h("th", {}, t("formsColName")), h("th", {}, t("formsColKnd")), h("th", {}, t("formsColVersion")), h("th", {}, t("formsColTitle")))),
      h("tbody", {}, ...p.forms.map((f) => h("tr", { class: "form", "data-form": f.name, "data-knd": f.knd ?? "" },
        h("td", { class: "mono" }, f.name), h("td", {}, f.knd ?? "—"), h("td", {}, f.version ?? "—"), h("td", {}, f.title ?? "—"))))));
}

/** The section; `refresh` re-renders the whole options page. */
export async function formsSection(refresh: () => Promise<void>): Promise<HTMLElement> {
  const packs = await listPacks();
  const status = h("div", { id: "forms-status", "aria-live": "polite" });
  const run = async (what: () => Promise<PackInfo>) => {
    status.replaceChildren(h("p", { class: "hint" }, t("formsCompiling")));
    try {
      const p = await what();
      await refresh();
      document.getElementById("forms-status")?.replaceChildren(h("div", { class: "ok", id: "forms-imported", "data-pack-id": p.id }, t("formsImported", p.forms.length, p.label)));
    } catch (e) {
      const err = wasmErrorText(e);
      status.replaceChildren(h("div", { class: "error", id: "forms-error", "data-code": err.code }, err.message));
    }
  };
  const filesInput = h("input", { type: "file", id: "import-xsd", multiple: true, accept: ".xsd" }) as HTMLInputElement;
  filesInput.addEventListener("change", () => { const f = [...(filesInput.files ?? [])]; filesInput.value = ""; if (f.length) void run(() => importSchemas(f, false)); });
  const folderInput = h("input", { type: "file", id: "import-folder", webkitdirectory: true, multiple: true }) as HTMLInputElement;
  folderInput.addEventListener("change", () => { const f = [...(folderInput.files ?? [])]; folderInput.value = ""; if (f.length) void run(() => importSchemas(f, true)); });
  const packInput = h("input", { type: "file", id: "import-pack", accept: ".pack" }) as HTMLInputElement;
  packInput.addEventListener("change", () => { const f = packInput.files?.[0]; packInput.value = ""; if (f) void run(() => importPack(f)); });
  const count = packs.reduce((n, p) => n + p.forms.length, 0);
  return h("section", { id: "forms" },
    h("h2", {}, t("optForms")),
    h("p", { class: "hint" }, t("optFormsHelp")),
    h("div", { class: "import-row" },
      h("label", { class: "button" }, filesInput, t("formsImportXsd")),
      h("label", { class: "button" }, folderInput, t("formsImportFolder")),
      h("label", { class: "button" }, packInput, t("formsImportPack"))),
    status,
    packs.length === 0 ? h("p", { class: "hint", id: "no-forms" }, t("formsNone"))
      : h("p", { class: "hint", id: "forms-count", "data-count": String(count) }, t("formsCount", count, packs.length)),
    ...packs.map((p) => packCard(p, refresh)),
  );
}
