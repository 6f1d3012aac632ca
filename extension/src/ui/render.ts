/**
 * The render frame (`render.html#<token>`): an extension page a cabinet
 * embeds through `podpis.renderReport(file, element)`. It takes the
 * document, the form pack and the report from the background by the
 * one-time token (nothing from the embedding page; no storage of its own,
 * which browsers may block in a third-party frame), renders with the WASM
 * renderer, and tells the page only its height and when it is done. Being
 * an extension origin, the page cannot script or restyle it.
 */
import { TAG, type FrameToPage } from "../content/protocol";
import type { RenderDelivery } from "../background/renders";
import { fromBase64 } from "../shared/base64";
import { loadWasm, isWasmError } from "../shared/wasm";
import { ask, errorText, h, initI18n, render, uiLang } from "./common";

const token = location.hash.slice(1);

/** Tells the embedding page something (only size and state). */
type WithoutTag<M> = M extends unknown ? Omit<M, "tag" | "dir"> : never;
type FrameMessage = WithoutTag<FrameToPage>;
function tell(m: FrameMessage): void {
  window.parent.postMessage({ tag: TAG, dir: "render", ...m }, "*");
}

const height = () => Math.ceil(document.documentElement.getBoundingClientRect().height);

async function main(): Promise<void> {
  await initI18n();
  new ResizeObserver(() => tell({ state: "size", height: height() })).observe(document.body);
  let job: RenderDelivery;
  try {
    job = await ask<RenderDelivery>({ type: "render-get", token });
  } catch (e) {
    render(h("div", { class: "error" }, errorText(e)));
    return tell({ state: "error", error: e as never });
  }
  try {
    const wasm = await loadWasm();
    const validator = wasm.Validator.fromPack(fromBase64(job.pack));
    const root = h("div", { id: "report" });
    render(root);
    const handle = validator.render(root, fromBase64(job.data), job.fileName, job.report, uiLang());
    tell({ state: "size", height: height() });
    await handle.done();
    tell({ state: "rendered", height: height() });
  } catch (e) {
    const err = isWasmError(e) ? e : { code: "INTERNAL", message: String(e) };
    const ru = (err as { messageRu?: string }).messageRu ?? err.message;
    const en = (err as { messageEn?: string }).messageEn ?? err.message;
    // Pages only ever see documented codes.
    const code = err.code === "FORM_UNKNOWN" ? "FORM_UNKNOWN" : "INTERNAL";
    render(h("div", { class: "error", "data-code": err.code }, uiLang() === "en" ? en : ru));
    tell({ state: "error", error: { code, message: uiLang() === "en" ? en : ru, messageRu: ru, messageEn: en } });
  }
}

void main();
