/**
 * The report part of the signing preview: the check result (errors and
 * warnings with their codes), the document rendered by the WASM renderer
 * from exactly the bytes whose digest the preview shows, and — when the
 * check found errors — the explicit override the user must tick before
 * "Подписать" is enabled.
 */
import type { RenderJob } from "../background/renders";
import { fromBase64 } from "../shared/base64";
import { packBytes } from "../shared/packs";
import { isWasmError, loadWasm, type Finding } from "../shared/wasm";
import { h, t, uiLang } from "./common";

/** Findings listed above the rendered document (the renderer marks all of them inline). */
const LISTED = 50;

function findingRow(f: Finding): HTMLElement {
  return h("li", { class: f.severity === "error" ? "bad" : "warn", "data-code": f.fns_code ?? f.code },
    h("span", { class: "mono" }, f.fns_code ?? f.code), " ", f.message,
    h("div", { class: "hint" }, t("reportAt", f.path, f.line)));
}

/** Renders the document into `target` (asynchronously); errors shown in place. */
async function renderInto(target: HTMLElement, job: RenderJob): Promise<void> {
  try {
    const wasm = await loadWasm();
    const pack = await packBytes(job.packId);
    if (!pack) throw new Error(t("renderPackGone"));
    const handle = wasm.Validator.fromPack(pack).render(target, fromBase64(job.data), job.fileName, job.report, uiLang());
    await handle.done();
    target.dataset.rendered = "true";
  } catch (e) {
    target.replaceChildren(h("div", { class: "error" }, isWasmError(e) ? `${e.code}: ${e.message}` : String(e instanceof Error ? e.message : e)));
    target.dataset.rendered = "error";
  }
}

/**
 * The section: summary, findings, rendered document, override. `onOverride`
 * gets the state of the override checkbox.
 */
export function reportSection(job: RenderJob & { hasErrors: boolean }, onOverride: (on: boolean) => void): HTMLElement {
  const r = job.report;
  const errors = r.findings.filter((f) => f.severity === "error");
  const others = r.findings.filter((f) => f.severity !== "error");
  const form = [r.form, r.knd ? t("reportKnd", r.knd) : null].filter(Boolean).join(", ");
  const summary = errors.length > 0
    ? h("div", { class: "error findings-summary", id: "report-summary", "data-errors": String(errors.length) }, t("reportErrors", errors.length, others.length))
    : h("div", { class: "ok findings-summary", id: "report-summary", "data-errors": "0" }, others.length > 0 ? t("reportOkWarnings", others.length) : t("reportOk"));
  const listed = [...errors, ...others].slice(0, LISTED);
  const target = h("div", { class: "report-frame", id: "report" }, h("p", { class: "hint" }, t("reportRendering")));
  void renderInto(target, job);
  let override: HTMLElement | null = null;
  if (job.hasErrors) {
    const box = h("input", { type: "checkbox", id: "override" }) as HTMLInputElement;
    box.addEventListener("change", () => onOverride(box.checked));
    override = h("label", { class: "override" }, box, h("span", {}, t("reportOverride"), h("div", { class: "hint" }, t("reportOverrideHint"))));
  }
  return h("section", { id: "report-check" },
    h("h2", {}, t("reportTitle", form || t("reportFormUnknown"))),
    summary,
    listed.length > 0 && h("ul", { class: "plain findings", id: "findings" }, ...listed.map(findingRow)),
    r.findings.length > LISTED && h("p", { class: "hint" }, t("reportMore", r.findings.length - LISTED)),
    target,
    override,
  );
}
