/**
 * The report part of the signing preview: the check result (counts, and
 * in the rendered document a linked list of the findings with each marked
 * inline), the document rendered by the WASM renderer from exactly the
 * bytes whose digest the preview shows, and — when the check found errors —
 * the explicit override the user must tick before "Подписать" is enabled.
 */
import type { RenderJob } from "../background/renders";
import { fromBase64 } from "../shared/base64";
import { packBytes } from "../shared/packs";
import { isWasmError, loadWasm, type Finding } from "../shared/wasm";
import { h, t, uiLang } from "./common";

/** Findings listed when the document cannot be rendered (the renderer lists and marks all of them). */
const LISTED = 50;

function findingRow(f: Finding): HTMLElement {
  return h("li", { class: f.severity === "Error" ? "bad" : "warn", "data-code": f.fns_code ?? f.code },
    h("span", { class: "mono" }, f.fns_code ?? f.code), " ", f.message,
    h("div", { class: "hint" }, t("reportAt", f.path, f.line)));
}

/** The check's findings as a plain list (fallback when rendering fails). */
function findingsList(findings: Finding[]): HTMLElement {
  return h("div", {},
    h("ul", { class: "findings", id: "findings" }, ...findings.slice(0, LISTED).map(findingRow)),
    findings.length > LISTED && h("p", { class: "hint" }, t("reportMore", findings.length - LISTED)));
}

/**
 * Renders the document into `target` (asynchronously). The rendered
 * document starts with the renderer's summary of the findings, linked to
 * the marked elements; if rendering fails, the error and the plain list of
 * findings are shown instead.
 */
async function renderInto(target: HTMLElement, job: RenderJob): Promise<void> {
  try {
    const wasm = await loadWasm();
    const pack = await packBytes(job.packId);
    if (!pack) throw new Error(t("renderPackGone"));
    const handle = wasm.Validator.fromPack(pack).render(target, fromBase64(job.data), job.fileName, job.report, uiLang());
    await handle.done();
    target.dataset.rendered = "true";
  } catch (e) {
    target.replaceChildren(h("div", { class: "error" }, isWasmError(e) ? `${e.code}: ${e.message}` : String(e instanceof Error ? e.message : e)),
      findingsList(job.report.findings));
    target.dataset.rendered = "error";
  }
}

/** The report parts of the preview. */
export interface ReportParts {
  /** Form, check summary and (with errors) the override checkbox. */
  head: HTMLElement;
  /** The rendered document (fills in asynchronously). */
  body: HTMLElement;
}

/**
 * The report parts of the preview. `onOverride` gets the state of the
 * override checkbox ("Подписать, несмотря на ошибки").
 */
export function reportParts(job: RenderJob & { hasErrors: boolean }, onOverride: (on: boolean) => void): ReportParts {
  const r = job.report;
  const errors = r.findings.filter((f) => f.severity === "Error").length;
  const others = r.findings.length - errors;
  const form = [r.form, r.knd ? t("reportKnd", r.knd) : null].filter(Boolean).join(", ");
  const summary = errors > 0
    ? h("div", { class: "error findings-summary", id: "report-summary", "data-errors": String(errors) }, t("reportErrors", errors, others))
    : h("div", { class: "ok findings-summary", id: "report-summary", "data-errors": "0" }, others > 0 ? t("reportOkWarnings", others) : t("reportOk"));
  let override: HTMLElement | null = null;
  if (job.hasErrors) {
    const box = h("input", { type: "checkbox", id: "override" }) as HTMLInputElement;
    box.addEventListener("change", () => onOverride(box.checked));
    override = h("label", { class: "override" }, box, h("span", {}, t("reportOverride"), h("div", { class: "hint" }, t("reportOverrideHint"))));
  }
  const body = h("div", { class: "report-doc", id: "report" }, h("p", { class: "hint" }, t("reportRendering")));
  void renderInto(body, job);
  return {
    head: h("section", { id: "report-check" }, h("h2", {}, t("reportTitle", form || t("reportFormUnknown"))), summary, override),
    body,
  };
}
