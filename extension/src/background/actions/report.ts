/**
 * `podpis.checkReport(file)` and `podpis.renderReport(file, element)`:
 * the report validator (WASM) runs here, in the background, with the form
 * packs the user installed; no host is involved. Both need the same site
 * permission as the certificate calls: they run the user's installed
 * forms on the site's data, and a site must not probe which forms a user
 * has without being allowed.
 */
import type { ApiInput } from "../../shared/messages";
import { PodpisFailure } from "../../shared/errors";
import { fromBase64, toBase64 } from "../../shared/base64";
import type { Report } from "../../shared/wasm";
import type { ActionContext } from "../context";
import { takeUpload } from "../uploads";
import { checkDocument } from "../forms";
import { holdRender } from "../renders";
import { ensurePermission } from "./permission";

/** The page's document: bytes and name. */
function documentOf(ctx: ActionContext, input: ApiInput): { bytes: Uint8Array; name: string } {
  switch (input.kind) {
    case "data": return { bytes: fromBase64(input.data), name: input.name ?? "" };
    case "upload": return { bytes: takeUpload(ctx.tabId, input.upload, input.size), name: input.name ?? "" };
    default: throw new PodpisFailure("INVALID_ARGUMENT", "a report is a file, not a digest");
  }
}

/** Runs `checkReport`: resolves the Report (`podpis-check --json` shape). */
export async function checkReport(ctx: ActionContext, input: ApiInput): Promise<Report> {
  const doc = documentOf(ctx, input);
  await ensurePermission(ctx);
  return (await checkDocument(doc.bytes, doc.name, ctx.settings.lang)).report;
}

/** What the page's `renderReport` gets to build the frame. */
export interface RenderTicket {
  report: Report;
  /** The frame's address: `render.html#<token>` of this extension. */
  frame: string;
}

/**
 * Runs `renderReport`: checks the document and holds it for the render
 * frame the page script embeds (see `renders.ts`).
 */
export async function renderReport(ctx: ActionContext, input: ApiInput): Promise<RenderTicket> {
  const doc = documentOf(ctx, input);
  await ensurePermission(ctx);
  const { recognized, report } = await checkDocument(doc.bytes, doc.name, ctx.settings.lang);
  const data = input.kind === "data" ? input.data : toBase64(doc.bytes);
  const token = holdRender(ctx.tabId, { packId: recognized.packId, fileName: doc.name, data, report });
  return { report, frame: `${chrome.runtime.getURL("render.html")}#${token}` };
}
