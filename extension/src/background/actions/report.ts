/**
 * `podpis.checkReport(file)` and `podpis.renderReport(file, element)`.
 * Both need the WASM report validator, which is not part of this build
 * yet; they fail with `NOT_AVAILABLE` rather than pretend to check.
 */
import type { ApiInput } from "../../shared/messages";
import { PodpisFailure } from "../../shared/errors";
import type { ActionContext } from "../context";
import { takeUpload } from "../uploads";

/** Runs `checkReport` / `renderReport`. */
export async function reportUnavailable(ctx: ActionContext, input: ApiInput): Promise<never> {
  if (input.kind === "upload") takeUpload(ctx.tabId, input.upload, input.size);
  throw new PodpisFailure("NOT_AVAILABLE", "the report validator (WASM) is not included in this version");
}
