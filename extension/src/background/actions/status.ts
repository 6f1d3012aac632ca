/**
 * `podpis.status()`: is the host there, which version, are tokens
 * connected. Needs no site permission and reveals no certificates.
 */
import type { StatusResult } from "../../protocol/generated";
import type { Wire } from "../../shared/wire";
import type { ActionContext } from "../context";

/** What a page learns from `status()`. */
export interface PageStatus {
  extensionVersion: string;
  hostVersion: string;
  protocol: string;
  tokensConnected: number;
  /** This site's stored permission. */
  permission: "allow" | "deny" | "ask";
}

/** Runs `status`. */
export async function status(ctx: ActionContext): Promise<PageStatus> {
  const s = await ctx.host.request<Wire<StatusResult>>(ctx.origin, "status", {});
  return {
    extensionVersion: chrome.runtime.getManifest().version,
    hostVersion: s.hostVersion,
    protocol: s.protocol,
    tokensConnected: s.tokens.length,
    permission: ctx.settings.sites[ctx.origin]?.decision ?? "ask",
  };
}
