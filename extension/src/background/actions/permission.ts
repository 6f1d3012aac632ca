/**
 * Site permission: "https://site хочет использовать ваши сертификаты" —
 * allow once, allow always (stored), deny (stored; revocable in options).
 */
import { PodpisFailure } from "../../shared/errors";
import type { ActionContext } from "../context";
import { showDialog } from "../dialogs";
import { setSiteDecision } from "../settings";

/** Resolves when the site may use certificates; asks the user if needed. */
export async function ensurePermission(ctx: ActionContext): Promise<void> {
  const stored = ctx.settings.sites[ctx.origin]?.decision;
  if (stored === "allow") return;
  if (stored === "deny") throw new PodpisFailure("PERMISSION_DENIED", "the user denied this site");
  const r = await showDialog(ctx.tabId, { kind: "permission", origin: ctx.origin });
  switch (r.action) {
    case "allow-always":
      await setSiteDecision(ctx.origin, "allow");
      return;
    case "allow-once":
      return;
    case "deny":
      await setSiteDecision(ctx.origin, "deny");
      throw new PodpisFailure("PERMISSION_DENIED", "the user denied this site");
    default:
      throw new PodpisFailure("PERMISSION_DENIED", "the permission dialog was closed");
  }
}
