/**
 * Options section "Формы отчётности": import official XSD files (several
 * files, or a folder) and compile them here with the WASM validator, or
 * import a ready `.pack`; list the installed forms per pack; delete a pack.
 * Packs go to IndexedDB with their schema files (see shared/packs.ts); the
 * background picks them up on the next check. A pack made by an older
 * Podpis that the background could not rebuild (background/packUpgrade.ts)
 * is shown as outdated, with its forms and a re-import that replaces it.
 */
import { addPack, deletePack, listPacks, type PackInfo, type SourceFile } from "../shared/packs";
import { compileSchemas } from "../shared/schemaCompiler";
import { isWasmError, loadWasm, type FormInfo, type Validator } from "../shared/wasm";
import { ask, formatDate, formatSize, h, t, uiLang } from "./common";

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

/** A form's identity across packs. */
const formKey = (f: FormInfo) => `${f.name}|${f.version ?? ""}`;

/**
 * Refuses a pack whose forms are installed already (the older pack would
 * shadow the new one). Outdated packs do not count: the new pack replaces them.
 */
async function refuseDuplicates(v: Validator): Promise<void> {
  const installed = new Map<string, PackInfo>();
  for (const p of await listPacks()) if (!p.outdated) for (const f of p.forms) installed.set(formKey(f), p);
  for (const f of v.forms()) {
    const p = installed.get(formKey(f));
    if (p) throw new ImportError("FORM_INSTALLED", t("formsDuplicate", f.name, p.label));
  }
}

/** An import's outcome: the new pack and the outdated packs it replaced. */
interface Imported {
  pack: PackInfo;
  replaced: PackInfo[];
}

/**
 * Removes the outdated packs the new pack replaces: `replacing` (the pack
 * whose re-import this is) and every outdated pack all of whose forms the
 * new pack provides.
 */
async function dropReplaced(pack: PackInfo, replacing: PackInfo | undefined): Promise<PackInfo[]> {
  const provided = new Set(pack.forms.map(formKey));
  const replaced = (await listPacks()).filter((p) => p.id !== pack.id && p.outdated &&
    (p.id === replacing?.id || p.forms.every((f) => provided.has(formKey(f)))));
  for (const p of replaced) await deletePack(p.id);
  return replaced;
}

/** Compiles XSD files and stores the pack with them (so it can be rebuilt after an upgrade). */
async function importSchemas(files: File[], fromFolder: boolean, replacing?: PackInfo): Promise<Imported> {
  const picked = schemaFiles(files, fromFolder);
  if (picked.length === 0) throw new ImportError("NO_SCHEMAS", t("formsNoXsd"));
  const inputs: SourceFile[] = await Promise.all(picked.map(async ({ file, name }) => ({ name, bytes: new Uint8Array(await file.arrayBuffer()) })));
  const { pack: blob, validator: v } = await compileSchemas(inputs);
  try {
    await refuseDuplicates(v);
    const folder = fromFolder ? ((files[0] as File & { webkitRelativePath?: string }).webkitRelativePath ?? "").split("/")[0] : "";
    const label = folder || (picked.length === 1 ? picked[0]!.name : t("formsLabelFiles", picked.length, picked[0]!.name));
    const pack = await addPack({ label, source: "xsd", files: picked.map((p) => p.name), forms: v.forms() }, blob, inputs);
    return { pack, replaced: await dropReplaced(pack, replacing) };
  } finally {
    v.free?.();
  }
}

/** Checks and stores a ready `.pack`. */
async function importPack(file: File): Promise<Imported> {
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
    const pack = await addPack({ label: file.name, source: "pack", files: [file.name], forms: v.forms() }, bytes);
    return { pack, replaced: await dropReplaced(pack, undefined) };
  } finally {
    v.free?.();
  }
}

/** A file input dressed as a button (the label is what the user clicks). */
function fileButton(input: HTMLInputElement, text: string, cls = "button"): HTMLElement {
  return h("label", { class: cls }, input, text);
}

/** Files chosen in `input` (the input is cleared, so the same files can be chosen again). */
function onFiles(input: HTMLInputElement, then: (files: File[]) => void): HTMLInputElement {
  input.addEventListener("change", () => { const f = [...(input.files ?? [])]; input.value = ""; if (f.length) then(f); });
  return input;
}

/** An import started from the page: XSD files, a folder, or a `.pack`. */
type RunImport = (what: () => Promise<Imported>) => void;

/** What an outdated pack card says: the state, why Podpis cannot rebuild it, and the re-import. */
function outdatedNotice(p: PackInfo, run: RunImport): HTMLElement {
  const err = p.outdated?.rebuildError;
  const why = err ? t("formsOutdatedRebuildFailed", (uiLang() === "en" ? err.messageEn : undefined) ?? err.message) : t("formsOutdatedNoSources");
  const files = onFiles(h("input", { type: "file", class: "reimport-xsd", multiple: true, accept: ".xsd" }) as HTMLInputElement, (f) => run(() => importSchemas(f, false, p)));
  const folder = onFiles(h("input", { type: "file", class: "reimport-folder", webkitdirectory: true, multiple: true }) as HTMLInputElement, (f) => run(() => importSchemas(f, true, p)));
  return h("div", { class: "notice pack-outdated", "data-rebuild-error": err?.code ?? "" },
    h("strong", {}, t("formsOutdated")), " ", h("span", { class: "hint" }, why),
    h("div", { class: "import-row" }, fileButton(files, t("formsReimportXsd")), fileButton(folder, t("formsReimportFolder"))));
}

function packCard(p: PackInfo, refresh: () => Promise<void>, run: RunImport): HTMLElement {
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
  const imported = t(p.source === "xsd" ? "formsFromXsd" : "formsFromPack", formatSize(p.size), formatDate(new Date(p.importedAt).toISOString()));
  const rebuilt = p.rebuiltAt ? `; ${t("formsRebuilt", formatDate(new Date(p.rebuiltAt).toISOString()))}` : "";
  return h("div", { class: p.outdated ? "forms-pack outdated" : "forms-pack", "data-pack-id": p.id, "data-outdated": String(!!p.outdated), "data-rebuilt": String(!!p.rebuiltAt) },
    h("div", { class: "forms-head" },
      h("span", {}, h("span", { class: "name pack-label" }, p.label), " ", h("span", { class: "hint" }, imported + rebuilt)),
      del),
    p.outdated && outdatedNotice(p, run),
    h("table", {},
      h("thead", {}, h("tr", {}, h("th", {}, t("formsColName")), h("th", {}, t("formsColKnd")), h("th", {}, t("formsColVersion")), h("th", {}, t("formsColTitle")))),
      h("tbody", {}, ...p.forms.map((f) => h("tr", { class: "form", "data-form": f.name, "data-knd": f.knd ?? "" },
        h("td", { class: "mono" }, f.name), h("td", {}, f.knd ?? "—"), h("td", {}, f.version ?? "—"), h("td", {}, f.title ?? "—"))))));
}

/** What of a listing the page shows: ids, outdated and rebuilt states. */
function listingState(packs: PackInfo[]): string {
  return packs.map((p) => `${p.id}:${p.outdated ? `outdated:${p.outdated.rebuildError?.code ?? ""}` : "ok"}:${p.rebuiltAt ?? 0}`).join(",");
}

/**
 * Asks the background to load every pack (packs made by an older Podpis
 * are rebuilt or marked outdated there) and re-renders when that changed
 * what the page shows.
 */
function refreshInBackground(shown: PackInfo[], refresh: () => Promise<void>): void {
  void ask<PackInfo[]>({ type: "ui-forms-refresh" }).then(
    (now) => { if (listingState(now) !== listingState(shown)) void refresh(); },
    (e: unknown) => console.warn("podpis: refreshing the form packs failed", e),
  );
}

/** The section; `refresh` re-renders the whole options page. */
export async function formsSection(refresh: () => Promise<void>): Promise<HTMLElement> {
  const packs = await listPacks();
  const status = h("div", { id: "forms-status", "aria-live": "polite" });
  const run: RunImport = (what) => void (async () => {
    status.replaceChildren(h("p", { class: "hint" }, t("formsCompiling")));
    try {
      const { pack: p, replaced } = await what();
      await refresh();
      const text = replaced.length > 0 ? t("formsReplaced", p.forms.length, p.label, replaced.map((r) => r.label).join("», «")) : t("formsImported", p.forms.length, p.label);
      document.getElementById("forms-status")?.replaceChildren(h("div", { class: "ok", id: "forms-imported", "data-pack-id": p.id, "data-replaced": replaced.map((r) => r.id).join(" ") }, text));
    } catch (e) {
      const err = wasmErrorText(e);
      document.getElementById("forms-status")?.replaceChildren(h("div", { class: "error", id: "forms-error", "data-code": err.code }, err.message));
    }
  })();
  const filesInput = onFiles(h("input", { type: "file", id: "import-xsd", multiple: true, accept: ".xsd" }) as HTMLInputElement, (f) => run(() => importSchemas(f, false)));
  const folderInput = onFiles(h("input", { type: "file", id: "import-folder", webkitdirectory: true, multiple: true }) as HTMLInputElement, (f) => run(() => importSchemas(f, true)));
  const packInput = onFiles(h("input", { type: "file", id: "import-pack", accept: ".pack" }) as HTMLInputElement, (f) => run(() => importPack(f[0]!)));
  const usable = packs.filter((p) => !p.outdated);
  const outdated = packs.length - usable.length;
  const count = usable.reduce((n, p) => n + p.forms.length, 0);
  refreshInBackground(packs, refresh);
  return h("section", { id: "forms" },
    h("h2", {}, t("optForms")),
    h("p", { class: "hint" }, t("optFormsHelp")),
    h("div", { class: "import-row" },
      fileButton(filesInput, t("formsImportXsd")),
      fileButton(folderInput, t("formsImportFolder")),
      fileButton(packInput, t("formsImportPack"))),
    status,
    packs.length === 0 && h("p", { class: "hint", id: "no-forms" }, t("formsNone")),
    usable.length > 0 && h("p", { class: "hint", id: "forms-count", "data-count": String(count) }, t("formsCount", count, usable.length)),
    outdated > 0 && h("p", { class: "notice", id: "forms-outdated", "data-count": String(outdated) }, t("formsOutdatedCount", outdated)),
    ...packs.map((p) => packCard(p, refresh, run)),
  );
}
